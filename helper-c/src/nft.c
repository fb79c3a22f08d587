/*
 * net rules: the store's whole nftables table, replaced in one transaction
 * by /usr/sbin/nft. The ruleset text is generated here from validated
 * values only (addresses re-printed by inet_ntop, numbers re-printed), and
 * only the store's own table is named, so no other table is ever touched.
 *
 * With no rules the table is deleted: "table ip T {}" then "delete table"
 * works whether it existed or not.
 */
#include "net.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netlink.h"
#include "policy.h"

#define NFT_PATH "/usr/sbin/nft"
#define NFT_MAX_RULES 4096

void nft_table_name(const char *store, char out[32])
{
  if (strcmp(store, HELPER_DEFAULT_STORE) == 0)
    {
      snprintf(out, 32, "tscontain");
      return;
    }
  uint32_t h = 2166136261u; /* FNV-1a: a stable short tag, not a security property */
  for (const unsigned char *p = (const unsigned char *) store; *p; p++)
    h = (h ^ *p) * 16777619u;
  snprintf(out, 32, "tscontain_%08x", h);
}

void text_put(struct text *t, const char *fmt, ...)
{
  va_list ap;
  for (;;)
    {
      va_start(ap, fmt);
      int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
      va_end(ap);
      if (n < 0)
        abort();
      if ((size_t) n < t->cap - t->len)
        {
          t->len += (size_t) n;
          return;
        }
      t->cap = (t->cap + (size_t) n + 1) * 2 + 256;
      char *b = realloc(t->buf, t->cap);
      if (b == NULL)
        die(HERR_IO, ENOMEM, "ruleset");
      t->buf = b;
    }
}

static int split(const char *what, const char *v, char *buf, size_t size, char **f, size_t want, herr_t *err)
{
  if (strlen(v) >= size)
    return herr_fail(err, HERR_USAGE, "%s: too long", what);
  strcpy(buf, v);
  size_t n = 0;
  char *p = buf;
  while (n < want)
    {
      f[n++] = p;
      p = strchr(p, ',');
      if (p == NULL)
        break;
      *p++ = '\0';
    }
  if (n != want || p != NULL)
    return herr_fail(err, HERR_USAGE, "%s: expected %zu comma-separated fields in %.96s", what, want, v);
  return 0;
}

static int port(const char *s, herr_t *err)
{
  char *end;
  long n = strtol(s, &end, 10);
  if (*s < '1' || *s > '9' || *end || n < 1 || n > 65535)
    return herr_fail(err, HERR_USAGE, "bad port %.16s", s);
  return (int) n;
}

/* The store's bridges, from the --masquerade entries: one per network with containers. */
struct bridges
{
  char names[NFT_MAX_RULES][IFNAMSIZ];
  size_t n;
};

/*
 * Docker's isolation between networks: nothing is forwarded from one of the
 * store's bridges to another, except connections a published port DNATed
 * (and their replies), which reach any container through the host as in
 * Docker. A drop in any forward base chain is final, so the host's own
 * forward rules cannot undo it.
 */
static void add_isolation(struct text *t, const struct bridges *b)
{
  if (b->n < 2)
    return;
  text_put(t, "  chain isolate {\n    type filter hook forward priority filter - 1; policy accept;\n");
  for (size_t i = 0; i < b->n; i++)
    {
      text_put(t, "    iifname \"%s\" oifname { ", b->names[i]);
      const char *sep = "";
      for (size_t j = 0; j < b->n; j++)
        if (j != i)
          {
            text_put(t, "%s\"%s\"", sep, b->names[j]);
            sep = ", ";
          }
      text_put(t, " } ct status & dnat == 0 drop\n");
    }
  text_put(t, "  }\n");
}

/* "masquerade BR,A.B.C.D/N": outbound NAT, 127.0.0.1 publishing and hairpin for one bridge. */
static int add_masquerade(struct text *t, struct bridges *b, const char *v, herr_t *err)
{
  char buf[64], *f[2] = { NULL, NULL }, net[INET_ADDRSTRLEN];
  struct in_addr a;
  int prefix;
  if (split("--masquerade", v, buf, sizeof buf, f, 2, err) < 0)
    return -1;
  if (!valid_ifname(f[0]) || !parse_cidr(f[1], &a, &prefix) || prefix < 8)
    return herr_fail(err, HERR_USAGE, "--masquerade: bad BRIDGE,SUBNET %.64s", v);
  a.s_addr &= prefix == 32 ? ~0u : htonl(~0u << (32 - prefix));
  inet_ntop(AF_INET, &a, net, sizeof net);
  size_t k = 0;
  while (k < b->n && strcmp(b->names[k], f[0]) != 0)
    k++;
  if (k == b->n)
    snprintf(b->names[b->n++], IFNAMSIZ, "%s", f[0]);
  text_put(t, "    ip saddr %s/%d oifname != \"%s\" masquerade\n", net, prefix, f[0]);
  text_put(t, "    oifname \"%s\" ip saddr 127.0.0.0/8 masquerade\n", f[0]);
  text_put(t, "    oifname \"%s\" ip saddr %s/%d ct status dnat masquerade\n", f[0], net, prefix);
  return 0;
}

/* "publish PROTO,HOSTIP,HOSTPORT,ADDR,PORT" (HOSTIP 0.0.0.0: every local address). */
static int add_publish(struct text *t, const char *v, herr_t *err)
{
  char buf[96], *f[5] = { NULL }, hip[INET_ADDRSTRLEN], cip[INET_ADDRSTRLEN];
  struct in_addr h, c;
  if (split("--publish", v, buf, sizeof buf, f, 5, err) < 0)
    return -1;
  if (strcmp(f[0], "tcp") != 0 && strcmp(f[0], "udp") != 0)
    return herr_fail(err, HERR_USAGE, "--publish: protocol must be tcp or udp");
  int hp = port(f[2], err), cp = hp < 0 ? -1 : port(f[4], err);
  if (cp < 0)
    return -1;
  if (!parse_ipv4(f[1], &h) || !parse_ipv4(f[3], &c))
    return herr_fail(err, HERR_USAGE, "--publish: bad address in %.96s", v);
  inet_ntop(AF_INET, &h, hip, sizeof hip);
  inet_ntop(AF_INET, &c, cip, sizeof cip);
  text_put(t, "    ");
  if (h.s_addr != INADDR_ANY)
    text_put(t, "ip daddr %s ", hip);
  text_put(t, "%s dport %d dnat to %s:%d\n", f[0], hp, cip, cp);
  return 0;
}

static int run_nft(const char *text, size_t len, herr_t *err)
{
  int in[2], errp[2];
  if (pipe2(in, O_CLOEXEC) < 0)
    return herr_sys(err, "pipe");
  if (pipe2(errp, O_CLOEXEC) < 0)
    {
      close(in[0]);
      close(in[1]);
      return herr_sys(err, "pipe");
    }
  pid_t pid = fork();
  if (pid < 0)
    {
      int saved = errno;
      close(in[0]);
      close(in[1]);
      close(errp[0]);
      close(errp[1]);
      errno = saved;
      return herr_sys(err, "fork");
    }
  if (pid == 0)
    {
      /* execve wants writable strings: copies, not casts of literals. */
      char prog[] = NFT_PATH, from_file[] = "-f", stdin_name[] = "-";
      char path_env[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
      char *const argv[] = { prog, from_file, stdin_name, NULL };
      char *const envp[] = { path_env, NULL };
      if (dup2(in[0], 0) < 0 || dup2(errp[1], 2) < 0 || dup2(errp[1], 1) < 0)
        _exit(127);
      execve(NFT_PATH, argv, envp);
      _exit(127);
    }
  close(in[0]);
  close(errp[1]);
  signal(SIGPIPE, SIG_IGN);
  int wr = write_all(in[1], text, len);
  close(in[1]);
  char msg[512] = "";
  ssize_t n = read_full(errp[0], msg, sizeof msg - 1);
  close(errp[0]);
  msg[n > 0 ? n : 0] = '\0';
  msg[strcspn(msg, "\n")] = '\0';
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return herr_sys(err, "waiting for nft");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
      if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && msg[0] == '\0')
        return herr_fail(err, HERR_IO, "cannot run " NFT_PATH " (install nftables)");
      return herr_fail(err, HERR_IO, "nft failed: %.400s", msg[0] ? msg : "no message");
    }
  if (wr < 0)
    return herr_sys(err, "writing the ruleset to nft");
  return 0;
}

int nft_apply(const char *store, int argc, char **argv, herr_t *err)
{
  char table[32];
  nft_table_name(store, table);
  struct text masq = { 0 }, pub = { 0 }, all = { 0 };
  if (argc > 2 * NFT_MAX_RULES)
    return herr_fail(err, HERR_USAGE, "net rules: too many rules");
  cleanup_free struct bridges *bridges = calloc(1, sizeof *bridges);
  if (bridges == NULL)
    return herr_fail(err, HERR_IO, "net rules: out of memory");
  int r = 0;
  text_put(&masq, "%s", "");
  text_put(&pub, "%s", "");
  for (int i = 0; r == 0 && i < argc; i += 2)
    {
      if (i + 1 >= argc)
        r = herr_fail(err, HERR_USAGE, "net rules: %.32s needs a value", argv[i]);
      else if (strcmp(argv[i], "--masquerade") == 0)
        r = add_masquerade(&masq, bridges, argv[i + 1], err);
      else if (strcmp(argv[i], "--publish") == 0)
        r = add_publish(&pub, argv[i + 1], err);
      else
        r = herr_fail(err, HERR_USAGE, "net rules: unknown argument %.32s", argv[i]);
    }
  if (r == 0)
    {
      text_put(&all, "table ip %s {}\ndelete table ip %s\n", table, table);
      if (argc > 0)
        {
          text_put(&all, "table ip %s {\n", table);
          text_put(&all, "  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n%s  }\n", masq.buf);
          text_put(&all, "  chain publish {\n%s  }\n", pub.buf);
          text_put(&all, "  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n"
                    "    fib daddr type local jump publish\n  }\n");
          text_put(&all, "  chain output {\n    type nat hook output priority -100; policy accept;\n"
                    "    fib daddr type local jump publish\n  }\n");
          add_isolation(&all, bridges);
          text_put(&all, "}\n");
        }
      r = run_nft(all.buf, all.len, err);
    }
  free(masq.buf);
  free(pub.buf);
  free(all.buf);
  return r;
}
