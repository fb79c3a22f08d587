/*
 * Minimal rtnetlink client. Messages are built in a fixed buffer with
 * nested attributes; replies are read until the ACK (NLMSG_ERROR) or the
 * end of a dump.
 */
#include "netlink.h"

#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define NL_BUF 8192

struct nl_msg
{
  union
  {
    struct nlmsghdr h;
    char buf[NL_BUF];
  } u;
};

static unsigned nl_seq;

static void *msg_tail(struct nl_msg *m)
{
  return m->u.buf + NLMSG_ALIGN(m->u.h.nlmsg_len);
}

static void msg_init(struct nl_msg *m, int type, int flags, const void *body, size_t len)
{
  memset(m, 0, sizeof *m);
  m->u.h.nlmsg_len = (unsigned) NLMSG_LENGTH(len);
  m->u.h.nlmsg_type = (unsigned short) type;
  m->u.h.nlmsg_flags = (unsigned short) (NLM_F_REQUEST | NLM_F_ACK | flags);
  m->u.h.nlmsg_seq = ++nl_seq;
  memcpy(NLMSG_DATA(&m->u.h), body, len);
}

static struct rtattr *attr_put(struct nl_msg *m, int type, const void *data, size_t len)
{
  struct rtattr *a = msg_tail(m);
  size_t need = NLMSG_ALIGN(m->u.h.nlmsg_len) + RTA_SPACE(len);
  if (need > sizeof m->u.buf)
    abort(); /* only fixed-size requests are built: a programming error */
  a->rta_type = (unsigned short) type;
  a->rta_len = (unsigned short) RTA_LENGTH(len);
  if (len)
    memcpy(RTA_DATA(a), data, len);
  m->u.h.nlmsg_len = (unsigned) (NLMSG_ALIGN(m->u.h.nlmsg_len) + RTA_ALIGN(a->rta_len));
  return a;
}

static struct rtattr *nest_begin(struct nl_msg *m, int type)
{
  return attr_put(m, type, NULL, 0);
}

static void nest_end(struct nl_msg *m, struct rtattr *a)
{
  a->rta_len = (unsigned short) ((char *) msg_tail(m) - (char *) a);
}

int nl_open(int *out_fd, herr_t *err)
{
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0)
    return herr_sys(err, "netlink socket");
  struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
  if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0)
    {
      herr_sys(err, "binding the netlink socket");
      close(fd);
      return -1;
    }
  *out_fd = fd;
  return 0;
}

/*
 * Sends M and reads replies. For a dump, ON_MSG sees each message. Returns
 * 0, or -errno from the kernel's ACK, or -EIO on a transport failure.
 */
static int nl_talk(int fd, struct nl_msg *m, void (*on_msg)(struct nlmsghdr *, void *), void *arg)
{
  struct sockaddr_nl to = { .nl_family = AF_NETLINK };
  unsigned seq = m->u.h.nlmsg_seq;
  if (sendto(fd, m->u.buf, m->u.h.nlmsg_len, 0, (struct sockaddr *) &to, sizeof to) < 0)
    return -errno;
  static char buf[32768];
  for (;;)
    {
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return -errno;
        }
      size_t left = (size_t) n;
      for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left))
        {
          if (h->nlmsg_seq != seq)
            continue;
          if (h->nlmsg_type == NLMSG_DONE)
            return 0;
          if (h->nlmsg_type == NLMSG_ERROR)
            {
              const struct nlmsgerr *e = NLMSG_DATA(h);
              return e->error;
            }
          if (on_msg)
            on_msg(h, arg);
        }
    }
}

static int nl_do(int fd, struct nl_msg *m, herr_t *err, const char *what)
{
  int r = nl_talk(fd, m, NULL, NULL);
  if (r < 0)
    return herr_errno(err, -r, "%s", what);
  return 0;
}

struct link_query
{
  struct nl_link *l;
  bool found;
};

static void parse_linkinfo(struct rtattr *info, struct nl_link *l)
{
  int len = (int) RTA_PAYLOAD(info);
  for (struct rtattr *a = RTA_DATA(info); RTA_OK(a, len); a = RTA_NEXT(a, len))
    if (a->rta_type == IFLA_INFO_KIND)
      snprintf(l->kind, sizeof l->kind, "%.*s", (int) RTA_PAYLOAD(a), (const char *) RTA_DATA(a));
}

static void on_link(struct nlmsghdr *h, void *arg)
{
  struct link_query *q = arg;
  if (h->nlmsg_type != RTM_NEWLINK)
    return;
  const struct ifinfomsg *ifi = NLMSG_DATA(h);
  memset(q->l, 0, sizeof *q->l);
  q->l->index = ifi->ifi_index;
  q->found = true;
  int len = (int) IFLA_PAYLOAD(h);
  for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len))
    {
      if (a->rta_type == IFLA_IFALIAS)
        snprintf(q->l->alias, sizeof q->l->alias, "%.*s", (int) RTA_PAYLOAD(a), (const char *) RTA_DATA(a));
      else if (a->rta_type == IFLA_LINKINFO)
        parse_linkinfo(a, q->l);
    }
  /* IFLA_IFALIAS payload may include its NUL. */
  q->l->alias[strcspn(q->l->alias, "\n")] = '\0';
}

int nl_link_get(int fd, const char *name, struct nl_link *l, herr_t *err)
{
  struct nl_msg m;
  struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
  msg_init(&m, RTM_GETLINK, 0, &ifi, sizeof ifi);
  attr_put(&m, IFLA_IFNAME, name, strlen(name) + 1);
  struct link_query q = { .l = l };
  int r = nl_talk(fd, &m, on_link, &q);
  if (r == -ENODEV || (r == 0 && !q.found))
    return 1;
  if (r < 0)
    return herr_errno(err, -r, "looking up link %s", name);
  return 0;
}

/* A request creating link NAME of KIND; returns the open IFLA_LINKINFO nest. */
static struct rtattr *new_link(struct nl_msg *m, const char *name, const char *kind)
{
  struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
  msg_init(m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof ifi);
  attr_put(m, IFLA_IFNAME, name, strlen(name) + 1);
  struct rtattr *info = nest_begin(m, IFLA_LINKINFO);
  attr_put(m, IFLA_INFO_KIND, kind, strlen(kind));
  return info;
}

int nl_bridge_add(int fd, const char *name, herr_t *err)
{
  struct nl_msg m;
  nest_end(&m, new_link(&m, name, "bridge"));
  return nl_do(fd, &m, err, "creating bridge");
}

int nl_link_set_alias(int fd, int index, const char *alias, herr_t *err)
{
  struct nl_msg m;
  struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = index };
  msg_init(&m, RTM_NEWLINK, 0, &ifi, sizeof ifi);
  attr_put(&m, IFLA_IFALIAS, alias, strlen(alias));
  return nl_do(fd, &m, err, "setting the interface alias");
}

int nl_link_up(int fd, int index, int master, herr_t *err)
{
  struct nl_msg m;
  struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = index, .ifi_flags = IFF_UP, .ifi_change = IFF_UP };
  msg_init(&m, RTM_NEWLINK, 0, &ifi, sizeof ifi);
  if (master > 0)
    attr_put(&m, IFLA_MASTER, &master, sizeof master);
  return nl_do(fd, &m, err, "setting the link up");
}

int nl_link_del(int fd, int index, herr_t *err)
{
  struct nl_msg m;
  struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = index };
  msg_init(&m, RTM_DELLINK, 0, &ifi, sizeof ifi);
  int r = nl_talk(fd, &m, NULL, NULL);
  if (r < 0 && r != -ENODEV)
    return herr_errno(err, -r, "deleting link %d", index);
  return 0;
}

int nl_veth_add(int fd, const char *host, const char *peer, int netns_fd, herr_t *err)
{
  struct nl_msg m;
  struct rtattr *info = new_link(&m, host, "veth");
  struct rtattr *data = nest_begin(&m, IFLA_INFO_DATA);
  struct rtattr *p = nest_begin(&m, VETH_INFO_PEER);
  /* The peer's attributes follow its own ifinfomsg. */
  struct ifinfomsg pifi = { .ifi_family = AF_UNSPEC };
  char *at = msg_tail(&m);
  memcpy(at, &pifi, sizeof pifi);
  m.u.h.nlmsg_len += (unsigned) NLMSG_ALIGN(sizeof pifi);
  attr_put(&m, IFLA_IFNAME, peer, strlen(peer) + 1);
  attr_put(&m, IFLA_NET_NS_FD, &netns_fd, sizeof netns_fd);
  nest_end(&m, p);
  nest_end(&m, data);
  nest_end(&m, info);
  return nl_do(fd, &m, err, "creating veth pair");
}

int nl_addr_add(int fd, int index, struct in_addr addr, int prefix, herr_t *err)
{
  struct nl_msg m;
  struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = (unsigned char) prefix,
                           .ifa_scope = RT_SCOPE_UNIVERSE, .ifa_index = (unsigned) index };
  msg_init(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof ifa);
  attr_put(&m, IFA_LOCAL, &addr, sizeof addr);
  attr_put(&m, IFA_ADDRESS, &addr, sizeof addr);
  if (prefix < 31)
    {
      uint32_t mask = prefix == 0 ? 0 : htonl(~0u << (32 - prefix));
      struct in_addr brd = { .s_addr = addr.s_addr | ~mask };
      attr_put(&m, IFA_BROADCAST, &brd, sizeof brd);
    }
  int r = nl_talk(fd, &m, NULL, NULL);
  if (r < 0 && r != -EEXIST)
    return herr_errno(err, -r, "adding address %s/%d", inet_ntoa(addr), prefix);
  return 0;
}

int nl_route_default(int fd, int index, struct in_addr gateway, herr_t *err)
{
  struct nl_msg m;
  struct rtmsg rt = { .rtm_family = AF_INET, .rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_BOOT,
                      .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST };
  msg_init(&m, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &rt, sizeof rt);
  attr_put(&m, RTA_GATEWAY, &gateway, sizeof gateway);
  attr_put(&m, RTA_OIF, &index, sizeof index);
  return nl_do(fd, &m, err, "adding the default route");
}

bool parse_ipv4(const char *s, struct in_addr *addr)
{
  /* inet_pton accepts only dotted quads, no octal or short forms. */
  return strlen(s) <= 15 && inet_pton(AF_INET, s, addr) == 1;
}

bool parse_cidr(const char *s, struct in_addr *addr, int *prefix)
{
  const char *slash = strchr(s, '/');
  if (slash == NULL || slash - s > 15)
    return false;
  char ip[16];
  memcpy(ip, s, (size_t) (slash - s));
  ip[slash - s] = '\0';
  const char *p = slash + 1;
  if (*p < '0' || *p > '9' || strlen(p) > 2 || (p[1] && (p[1] < '0' || p[1] > '9')) || (p[0] == '0' && p[1]))
    return false;
  int n = atoi(p);
  if (n > 32)
    return false;
  *prefix = n;
  return parse_ipv4(ip, addr);
}

bool valid_ifname(const char *s)
{
  size_t n = strlen(s);
  if (n == 0 || n >= IFNAMSIZ || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
    return false;
  for (size_t i = 0; i < n; i++)
    {
      char c = s[i];
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
        return false;
    }
  return true;
}
