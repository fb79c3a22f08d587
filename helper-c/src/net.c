/*
 * net --store S SUBCOMMAND ...: the privileged half of tscontain networks.
 *
 *   bridge-up    --bridge BR --address A.B.C.D/N
 *   bridge-down  --bridge BR
 *   connect      --id ID --pid PID --veth INDEX,BRIDGE,ADDR/N[,GATEWAY]
 *   disconnect   --id ID --pid PID --index INDEX
 *   forward-sync [--bridge BR]
 *   rules        [--masquerade BR,SUBNET/N]... [--publish PROTO,HOSTIP,HOSTPORT,ADDR,PORT]...
 *
 * A bridge is ours only if its alias is "tscontain STORE": bridge-up refuses
 * to adopt any other interface and bridge-down to delete one, so the helper
 * cannot be aimed at the host's own interfaces. Veth host ends are named
 * after the container ID, and a container's namespace is entered only
 * through a pidfd of the init recorded in its root-owned state.
 */
#include "net.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caller.h"
#include "netlink.h"
#include "policy.h"
#include "spec.h"
#include "state.h"
#include "verbs.h"

int net_parse_veth(const char *v, struct net_veth *out, herr_t *err)
{
  char buf[96];
  if (strlen(v) >= sizeof buf)
    return herr_fail(err, HERR_USAGE, "--veth: too long");
  strcpy(buf, v);
  char *fields[5];
  size_t n = 0;
  for (char *save = NULL, *f = strtok_r(buf, ",", &save); f && n < 5; f = strtok_r(NULL, ",", &save))
    fields[n++] = f;
  memset(out, 0, sizeof *out);
  if (n < 3 || n > 4 || strlen(fields[0]) != 1 || fields[0][0] < '0' || fields[0][0] > '9')
    return herr_fail(err, HERR_USAGE, "--veth must be INDEX,BRIDGE,ADDR/PREFIX[,GATEWAY] with INDEX 0-9, not %.96s", v);
  out->index = fields[0][0] - '0';
  if (!valid_ifname(fields[1]))
    return herr_fail(err, HERR_USAGE, "--veth: bad bridge name %.32s", fields[1]);
  strcpy(out->bridge, fields[1]);
  if (!parse_cidr(fields[2], &out->addr, &out->prefix) || out->prefix < 8 || out->prefix > 30)
    return herr_fail(err, HERR_USAGE, "--veth: bad address %.32s (A.B.C.D/8-30)", fields[2]);
  if (n == 4)
    {
      if (!parse_ipv4(fields[3], &out->gateway))
        return herr_fail(err, HERR_USAGE, "--veth: bad gateway %.32s", fields[3]);
      out->has_gateway = true;
    }
  return 0;
}

int net_bridge_alias(const char *store, char *buf, size_t size, herr_t *err)
{
  if ((size_t) snprintf(buf, size, "tscontain %s", store) >= size || strlen(buf) >= NL_ALIAS_MAX)
    return herr_fail(err, HERR_USAGE, "the store path is too long for a bridge alias");
  return 0;
}

/* Host end of a container's veth: "tsv" + the first 10 hex digits of ID + INDEX (14 bytes). */
static void host_ifname(const char *id, int index, char out[16])
{
  snprintf(out, 16, "tsv%.10s%c", id, (char) ('0' + index % 10));
}

/* Looks NAME up: 0 when it is STORE's bridge (*L filled), 1 when there is no such link, else -1. */
static int find_bridge(int nl, const char *store, const char *name, struct nl_link *l, herr_t *err)
{
  int r = nl_link_get(nl, name, l, err);
  if (r != 0)
    return r;
  char alias[NL_ALIAS_MAX + 16];
  if (net_bridge_alias(store, alias, sizeof alias, err) < 0)
    return -1;
  if (strcmp(l->kind, "bridge") != 0 || strcmp(l->alias, alias) != 0)
    return herr_fail(err, HERR_DENIED, "%s is not a bridge of this tscontain store", name);
  return 0;
}

/* The bridge must exist and be STORE's. Returns its ifindex. */
static int our_bridge(int nl, const char *store, const char *name, herr_t *err)
{
  struct nl_link l;
  char alias[NL_ALIAS_MAX + 16];
  /* A store path too long for any alias is a usage error before it is a missing bridge. */
  if (net_bridge_alias(store, alias, sizeof alias, err) < 0)
    return -1;
  int r = find_bridge(nl, store, name, &l, err);
  if (r == 1)
    return herr_fail(err, HERR_NOTRUNNING, "bridge %s does not exist", name);
  return r < 0 ? -1 : l.index;
}

/* Switches into the network namespace of PIDFD, opening a netlink socket and the namespace there. */
static int enter_netns(int pidfd, int *ns_fd, int *nl, herr_t *err)
{
  cleanup_close int host_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (host_ns < 0)
    return herr_sys(err, "opening the host network namespace");
  if (setns(pidfd, CLONE_NEWNET) < 0)
    return herr_sys(err, "entering the container's network namespace");
  int r = 0;
  *ns_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (*ns_fd < 0)
    r = herr_sys(err, "opening the container's network namespace");
  else if (nl_open(nl, err) < 0)
    r = -1;
  if (setns(host_ns, CLONE_NEWNET) < 0)
    die(HERR_IO, errno, "returning to the host network namespace"); /* never run on in the wrong one */
  return r;
}

static int attach_one(const char *store, const char *id, int host_nl, int ns_fd, int cont_nl,
                      const struct net_veth *v, herr_t *err)
{
  int bridge = our_bridge(host_nl, store, v->bridge, err);
  if (bridge < 0)
    return -1;
  char host[16], peer[16];
  host_ifname(id, v->index, host);
  snprintf(peer, sizeof peer, "eth%c", (char) ('0' + v->index % 10));
  struct nl_link l;
  int r = nl_link_get(host_nl, host, &l, err);
  if (r < 0)
    return -1;
  /* A name derived from this container's ID can only be a leftover of it. */
  if (r == 0 && (strcmp(l.kind, "veth") != 0 || nl_link_del(host_nl, l.index, err) < 0))
    return herr_fail(err, HERR_DENIED, "%s exists and is not a veth", host);
  if (nl_veth_add(host_nl, host, peer, ns_fd, err) < 0)
    return herr_context(err, "%s", host);
  if (nl_link_get(host_nl, host, &l, err) != 0 || nl_link_up(host_nl, l.index, bridge, err) < 0)
    goto undo;
  struct nl_link c;
  if (nl_link_get(cont_nl, peer, &c, err) != 0 || nl_addr_add(cont_nl, c.index, v->addr, v->prefix, err) < 0
      || nl_link_up(cont_nl, c.index, 0, err) < 0
      || (v->has_gateway && nl_route_default(cont_nl, c.index, v->gateway, err) < 0))
    goto undo;
  return 0;
undo:
  if (err->code == HERR_OK)
    herr_fail(err, HERR_IO, "link vanished");
  herr_context(err, "%s", peer);
  herr_t ignored;
  if (nl_link_get(host_nl, host, &l, &ignored) == 0)
    nl_link_del(host_nl, l.index, &ignored);
  return -1;
}

int net_attach(const char *store, const char *id, int pidfd, const struct net_veth *v, size_t n, herr_t *err)
{
  cleanup_close int host_nl = -1, ns_fd = -1, cont_nl = -1;
  if (nl_open(&host_nl, err) < 0 || enter_netns(pidfd, &ns_fd, &cont_nl, err) < 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    if (attach_one(store, id, host_nl, ns_fd, cont_nl, &v[i], err) < 0)
      return herr_context(err, "network");
  return 0;
}

/* Writes VALUE to a /proc/sys file; *OLD gets its first byte. */
static int sysctl_set(const char *path, const char *value, char *old, herr_t *err)
{
  cleanup_close int fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  char b[8] = "";
  if (fd < 0 || read(fd, b, sizeof b - 1) < 0)
    return herr_sys(err, "reading %s", path);
  if (old)
    *old = b[0];
  if (b[0] == value[0])
    return 0;
  if (pwrite(fd, value, strlen(value), 0) < 0)
    return herr_sys(err, "writing %s", path);
  return 0;
}

/*
 * The host's iptables FORWARD (fwd.c). A failure there is reported as a
 * warning line, not an error: a host whose iptables cannot even be listed
 * must not lose container networking that needs no rules there.
 */
static int forward(const char *store, int nl, const char *add, const char *remove)
{
  herr_t e = { 0 };
  bool installed = false;
  if (fwd_sync(store, nl, add, remove, &installed, &e) < 0)
    {
      char line[2200];
      herr_format(&e, line, sizeof line);
      fprintf(stderr, "%s: warning: %s", PROGRAM_NAME, line + strlen(PROGRAM_NAME) + 2);
      return 0;
    }
  if (installed)
    printf("{\"forwardRules\":true}\n");
  return 0;
}

static int bridge_up(const char *store, const char *name, const char *cidr, herr_t *err)
{
  struct in_addr addr;
  int prefix;
  if (!valid_ifname(name))
    return herr_fail(err, HERR_USAGE, "net: bad bridge name %.32s", name);
  if (!parse_cidr(cidr, &addr, &prefix) || prefix < 8 || prefix > 30)
    return herr_fail(err, HERR_USAGE, "net: bad bridge address %.32s (A.B.C.D/8-30)", cidr);
  char alias[NL_ALIAS_MAX + 16];
  if (net_bridge_alias(store, alias, sizeof alias, err) < 0)
    return -1;
  cleanup_close int nl = -1;
  struct nl_link l;
  int r = nl_open(&nl, err) < 0 ? -1 : find_bridge(nl, store, name, &l, err);
  if (r < 0)
    return -1;
  if (r == 1)
    {
      if (nl_bridge_add(nl, name, err) < 0 || nl_link_get(nl, name, &l, err) != 0)
        return herr_context(err, "%s", name);
      if (nl_link_set_alias(nl, l.index, alias, err) < 0)
        {
          herr_t ignored;
          nl_link_del(nl, l.index, &ignored);
          return herr_context(err, "%s", name);
        }
    }
  char path[96], old = 0;
  snprintf(path, sizeof path, "/proc/sys/net/ipv4/conf/%s/route_localnet", name);
  /* route_localnet: 127.0.0.1:PORT is DNATed out of this bridge (Docker does the same). */
  if (nl_addr_add(nl, l.index, addr, prefix, err) < 0 || nl_link_up(nl, l.index, 0, err) < 0
      || sysctl_set(path, "1", NULL, err) < 0 || sysctl_set("/proc/sys/net/ipv4/ip_forward", "1", &old, err) < 0)
    return herr_context(err, "%s", name);
  if (old == '0')
    printf("{\"forwardingEnabled\":true}\n");
  return forward(store, nl, name, NULL);
}

static int bridge_down(const char *store, const char *name, herr_t *err)
{
  if (!valid_ifname(name))
    return herr_fail(err, HERR_USAGE, "net: bad bridge name %.32s", name);
  cleanup_close int nl = -1;
  struct nl_link l;
  int r = nl_open(&nl, err) < 0 ? -1 : find_bridge(nl, store, name, &l, err);
  if (r < 0 || (r == 0 && nl_link_del(nl, l.index, err) < 0))
    return -1;
  return forward(store, nl, NULL, name);
}

/* The init of container ID, checked against PID and the root-owned state. */
static int container_init(const char *store, const char *id, const char *pid, int *pidfd, herr_t *err)
{
  cleanup_close int store_fd = -1, cdir_fd = -1;
  struct run_state st;
  if (!spec_valid_id(id))
    return herr_fail(err, HERR_USAGE, "net: --id must be 64 lowercase hex digits");
  if (store_open(store, &store_fd, err) < 0 || container_dir_open(store_fd, id, &cdir_fd, err) < 0
      || state_open_init(cdir_fd, &st, pidfd, err) < 0)
    return -1;
  char want[24];
  snprintf(want, sizeof want, "%d", (int) st.pid);
  if (strcmp(pid, want) != 0)
    return herr_fail(err, HERR_DENIED, "--pid %.24s is not the container's init", pid);
  return 0;
}

static int parse_index(const char *v, herr_t *err)
{
  if (strlen(v) != 1 || v[0] < '0' || v[0] > '9')
    return herr_fail(err, HERR_USAGE, "net: --index must be 0-9");
  return v[0] - '0';
}

int verb_net(int argc, char **argv, herr_t *err)
{
  if (argc < 3 || strcmp(argv[0], "--store") != 0)
    return herr_fail(err, HERR_USAGE, "usage: net --store STORE bridge-up|bridge-down|forward-sync|connect|disconnect|rules ...");
  const char *store = argv[1], *op = argv[2];
  cleanup_close int store_fd = -1;
  if (store_open(store, &store_fd, err) < 0)
    return -1;
  argc -= 3;
  argv += 3;
  if (strcmp(op, "rules") == 0)
    return nft_apply(store, argc, argv, err);
  const char *bridge = NULL, *address = NULL, *id = NULL, *pid = NULL, *veth = NULL, *index = NULL;
  if (strcmp(op, "bridge-up") == 0)
    {
      struct verb_flag f[] = { { "--bridge", &bridge }, { "--address", &address } };
      if (parse_verb_flags("net bridge-up", argc, argv, f, 2, err) < 0)
        return -1;
      return bridge_up(store, bridge, address, err);
    }
  if (strcmp(op, "bridge-down") == 0)
    {
      struct verb_flag f[] = { { "--bridge", &bridge } };
      if (parse_verb_flags("net bridge-down", argc, argv, f, 1, err) < 0)
        return -1;
      return bridge_down(store, bridge, err);
    }
  if (strcmp(op, "forward-sync") == 0)
    {
      struct verb_flag f[] = { { "--bridge", &bridge } };
      cleanup_close int nl = -1;
      if (argc > 0 && parse_verb_flags("net forward-sync", argc, argv, f, 1, err) < 0)
        return -1;
      if (bridge && !valid_ifname(bridge))
        return herr_fail(err, HERR_USAGE, "net: bad bridge name %.32s", bridge);
      if (nl_open(&nl, err) < 0 || (bridge && our_bridge(nl, store, bridge, err) < 0))
        return -1;
      return forward(store, nl, bridge, NULL);
    }
  if (strcmp(op, "connect") == 0)
    {
      struct verb_flag f[] = { { "--id", &id }, { "--pid", &pid }, { "--veth", &veth } };
      struct net_veth v;
      cleanup_close int pidfd = -1;
      if (parse_verb_flags("net connect", argc, argv, f, 3, err) < 0 || net_parse_veth(veth, &v, err) < 0
          || container_init(store, id, pid, &pidfd, err) < 0)
        return -1;
      return net_attach(store, id, pidfd, &v, 1, err);
    }
  if (strcmp(op, "disconnect") == 0)
    {
      struct verb_flag f[] = { { "--id", &id }, { "--pid", &pid }, { "--index", &index } };
      cleanup_close int pidfd = -1, nl = -1;
      int n;
      if (parse_verb_flags("net disconnect", argc, argv, f, 3, err) < 0 || (n = parse_index(index, err)) < 0
          || container_init(store, id, pid, &pidfd, err) < 0 || nl_open(&nl, err) < 0)
        return -1;
      char host[16];
      struct nl_link l;
      host_ifname(id, n, host);
      int r = nl_link_get(nl, host, &l, err);
      if (r != 0)
        return r < 0 ? -1 : 0;
      if (strcmp(l.kind, "veth") != 0)
        return herr_fail(err, HERR_DENIED, "%s is not a veth", host);
      return nl_link_del(nl, l.index, err);
    }
  return herr_fail(err, HERR_USAGE, "net: unknown operation %.32s", op);
}
