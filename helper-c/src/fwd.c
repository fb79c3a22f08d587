/*
 * The host's iptables FORWARD chain. An accept in the store's own nft table
 * does not override a drop in another table or hook, so on a host where
 * Docker, ufw or an admin made iptables' filter FORWARD drop (policy DROP, or
 * DROP/REJECT rules reachable from it), forwarded container traffic dies
 * there. Like Docker (DOCKER-USER/DOCKER-FORWARD) and netavark
 * (NETAVARK_FORWARD), the helper then keeps a chain of its own, jumped to
 * from the top of FORWARD, accepting for each of the store's bridges:
 *
 *   -o BR -m conntrack --ctstate RELATED,ESTABLISHED,DNAT -j ACCEPT   (replies, published ports)
 *   -i BR -j ACCEPT                                                    (everything out)
 *
 * with the tool that owns that table (iptables-legacy or iptables-nft, both
 * can hold a filter table at once). The chain's content is recomputed from
 * what is there: bridges it names that are no longer the store's are
 * dropped, BR is added or removed; with no bridge left the jump and chain go.
 * Nothing else of the host's rules is ever named. Rules are printed from
 * validated interface names only; the tools run from fixed paths with a
 * fixed environment, input and output through memfds.
 */
#include "net.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netlink.h"

#define FWD_MAX_BRIDGES 64
#define FWD_MAX_CHAINS 512
#define FWD_MAX_OUTPUT (16u << 20)

struct fwd_backend
{
  const char *name, *iptables, *restore;
  bool legacy;
};

static const struct fwd_backend backends[] = {
  { "iptables-legacy", "/usr/sbin/iptables-legacy", "/usr/sbin/iptables-legacy-restore", true },
  { "iptables-nft", "/usr/sbin/iptables-nft", "/usr/sbin/iptables-nft-restore", false },
};

/* "TSCONTAIN-FORWARD" for the default store, else "TSCONTAIN-FWD-" + the nft table's 8 hex digits. */
static void fwd_chain_name(const char *store, char out[32])
{
  char table[32];
  nft_table_name(store, table);
  if (strcmp(table, "tscontain") == 0)
    snprintf(out, 32, "TSCONTAIN-FORWARD");
  else
    snprintf(out, 32, "TSCONTAIN-FWD-%.8s", table + strlen("tscontain_"));
}

/* Runs ARGV (argv[0] an absolute path) with IN as stdin; stdout into *OUT (malloc'd, NUL-ended). */
static int tool_run(const char *const argv[], const char *in, char **out, herr_t *err)
{
  cleanup_close int fin = memfd_create("fwd-in", MFD_CLOEXEC), fout = memfd_create("fwd-out", MFD_CLOEXEC),
                    ferr = memfd_create("fwd-err", MFD_CLOEXEC);
  if (fin < 0 || fout < 0 || ferr < 0)
    return herr_sys(err, "memfd");
  if (in && (write_all(fin, in, strlen(in)) < 0 || lseek(fin, 0, SEEK_SET) < 0))
    return herr_sys(err, "writing the input of %s", argv[0]);
  pid_t pid = fork();
  if (pid < 0)
    return herr_sys(err, "fork");
  if (pid == 0)
    {
      char path_env[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
      char *const envp[] = { path_env, NULL };
      if (dup2(fin, 0) < 0 || dup2(fout, 1) < 0 || dup2(ferr, 2) < 0)
        _exit(127);
      /* execve's prototype predates const; the strings are never written. */
      execve(argv[0], (char *const *) (uintptr_t) argv, envp);
      _exit(127);
    }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return herr_sys(err, "waiting for %s", argv[0]);
  off_t n = lseek(fout, 0, SEEK_END);
  if (n < 0 || (size_t) n > FWD_MAX_OUTPUT)
    return herr_fail(err, HERR_IO, "%s: unreadable or oversized output", argv[0]);
  char *buf = xcalloc((size_t) n + 1, 1);
  if (pread(fout, buf, (size_t) n, 0) != n)
    {
      free(buf);
      return herr_sys(err, "reading the output of %s", argv[0]);
    }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
      char msg[512] = "";
      ssize_t m = pread(ferr, msg, sizeof msg - 1, 0);
      msg[m > 0 ? m : 0] = '\0';
      /* iptables-nft warns about legacy tables first; the error is the last line. */
      char *line = msg, *nl;
      while ((nl = strchr(line, '\n')) && nl[1])
        line = nl + 1;
      line[strcspn(line, "\n")] = '\0';
      free(buf);
      return herr_fail(err, HERR_IO, "%s failed: %.400s", argv[0], line[0] ? line : "no message");
    }
  *out = buf;
  return 0;
}

/* What `iptables -S` of the filter table says about FORWARD and our chain. */
struct fwd_view
{
  bool chain_exists, jump_first, would_drop;
  int jumps;
  size_t nbridges;
  char bridges[FWD_MAX_BRIDGES][16];
};

static void add_bridge(struct fwd_view *v, const char *name)
{
  for (size_t i = 0; i < v->nbridges; i++)
    if (strcmp(v->bridges[i], name) == 0)
      return;
  if (v->nbridges < FWD_MAX_BRIDGES && valid_ifname(name))
    strcpy(v->bridges[v->nbridges++], name);
}

/* The word after FLAG in LINE ("-j X"), into OUT. */
static bool word_after(const char *line, const char *flag, char *out, size_t size)
{
  size_t fl = strlen(flag);
  for (const char *p = strstr(line, flag); p; p = strstr(p + 1, flag))
    if ((p == line || p[-1] == ' ') && p[fl] == ' ')
      {
        const char *w = p + fl + 1;
        size_t n = strcspn(w, " ");
        if (n == 0 || n >= size)
          return false;
        memcpy(out, w, n);
        out[n] = '\0';
        return true;
      }
  return false;
}

/* Whether a packet entering CHAIN may meet DROP or REJECT, following jumps (our own chain excepted). */
static bool chain_may_drop(char *const *lines, size_t n, const char *chain, const char *ours, const char **seen,
                           size_t *nseen)
{
  for (size_t i = 0; i < *nseen; i++)
    if (strcmp(seen[i], chain) == 0)
      return false;
  if (*nseen >= FWD_MAX_CHAINS)
    return true; /* too deep to tell: assume the worst */
  seen[(*nseen)++] = chain;
  size_t cl = strlen(chain);
  for (size_t i = 0; i < n; i++)
    {
      const char *l = lines[i];
      if (strncmp(l, "-A ", 3) != 0 || strncmp(l + 3, chain, cl) != 0 || l[3 + cl] != ' ')
        continue;
      char target[64];
      if (!word_after(l, "-j", target, sizeof target) && !word_after(l, "-g", target, sizeof target))
        continue;
      if (strcmp(target, "DROP") == 0 || strcmp(target, "REJECT") == 0)
        return true;
      if (strcmp(target, ours) == 0)
        continue;
      for (size_t j = 0; j < n; j++) /* a user chain: declared with -N */
        if (strncmp(lines[j], "-N ", 3) == 0 && strcmp(lines[j] + 3, target) == 0)
          {
            if (chain_may_drop(lines, n, lines[j] + 3, ours, seen, nseen))
              return true;
            break;
          }
    }
  return false;
}

static void parse_view(char *text, const char *chain, struct fwd_view *v)
{
  memset(v, 0, sizeof *v);
  size_t n = 0, cap = 1;
  for (const char *p = text; *p; p++)
    cap += *p == '\n';
  char **lines = xcalloc(cap, sizeof *lines);
  for (char *save = NULL, *l = strtok_r(text, "\n", &save); l && n < cap; l = strtok_r(NULL, "\n", &save))
    lines[n++] = l;
  char jump[64], mine[48];
  snprintf(jump, sizeof jump, "-A FORWARD -j %s", chain);
  snprintf(mine, sizeof mine, "-A %s ", chain);
  bool first_forward = true;
  for (size_t i = 0; i < n; i++)
    {
      const char *l = lines[i];
      if (strncmp(l, "-P FORWARD ", 11) == 0 && strcmp(l + 11, "ACCEPT") != 0)
        v->would_drop = true;
      else if (strncmp(l, "-N ", 3) == 0 && strcmp(l + 3, chain) == 0)
        v->chain_exists = true;
      else if (strncmp(l, "-A FORWARD ", 11) == 0)
        {
          if (strcmp(l, jump) == 0)
            {
              v->jumps++;
              v->jump_first = v->jump_first || first_forward;
            }
          first_forward = false;
        }
      else if (strncmp(l, mine, strlen(mine)) == 0)
        {
          char name[32];
          if (word_after(l, "-i", name, sizeof name) || word_after(l, "-o", name, sizeof name))
            add_bridge(v, name);
        }
    }
  const char *seen[FWD_MAX_CHAINS] = { NULL };
  size_t nseen = 0;
  if (!v->would_drop)
    v->would_drop = chain_may_drop(lines, n, "FORWARD", chain, seen, &nseen);
  free(lines);
}

/* Legacy tables exist only once something used them; listing would create them, so look first. */
static bool legacy_filter_present(void)
{
  char buf[512];
  cleanup_close int fd = open("/proc/net/ip_tables_names", O_RDONLY | O_CLOEXEC);
  ssize_t n = fd < 0 ? -1 : read_full(fd, buf, sizeof buf - 1);
  if (n <= 0)
    return false;
  buf[n] = '\0';
  for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
    if (strcmp(l, "filter") == 0)
      return true;
  return false;
}

/* The rules-restore input making CHAIN hold exactly V's bridges (or go, with its jump, when none). */
static char *restore_input(const char *chain, const struct fwd_view *v)
{
  struct text t = { 0 };
  text_put(&t, "*filter\n:%s - [0:0]\n", chain);
  for (size_t i = 0; i < v->nbridges; i++)
    {
      text_put(&t, "-A %s -o %s -m conntrack --ctstate RELATED,ESTABLISHED,DNAT -j ACCEPT\n", chain, v->bridges[i]);
      text_put(&t, "-A %s -i %s -j ACCEPT\n", chain, v->bridges[i]);
    }
  bool keep_jump = v->nbridges > 0 && v->jumps == 1 && v->jump_first;
  if (!keep_jump)
    for (int i = 0; i < v->jumps; i++)
      text_put(&t, "-D FORWARD -j %s\n", chain);
  if (v->nbridges > 0 && !keep_jump)
    text_put(&t, "-I FORWARD 1 -j %s\n", chain);
  if (v->nbridges == 0)
    text_put(&t, "-X %s\n", chain);
  text_put(&t, "COMMIT\n");
  return t.buf;
}

/* Whether NAME is a bridge of STORE now. */
static bool still_ours(int nl, const char *alias, const char *name)
{
  struct nl_link l;
  herr_t ignored;
  return nl_link_get(nl, name, &l, &ignored) == 0 && strcmp(l.kind, "bridge") == 0 && strcmp(l.alias, alias) == 0;
}

static int fwd_one(const struct fwd_backend *b, const char *chain, const char *alias, int nl, const char *add,
                   const char *remove, bool *installed, herr_t *err)
{
  if (access(b->iptables, X_OK) != 0 || access(b->restore, X_OK) != 0 || (b->legacy && !legacy_filter_present()))
    return 0;
  const char *list[] = { b->iptables, "-w", "5", "-t", "filter", "-S", NULL };
  cleanup_free char *text = NULL;
  if (tool_run(list, NULL, &text, err) < 0)
    return -1;
  struct fwd_view v;
  parse_view(text, chain, &v);
  if (!v.chain_exists && !(add && v.would_drop))
    return 0;
  struct fwd_view want = v;
  want.nbridges = 0;
  for (size_t i = 0; i < v.nbridges; i++)
    if (!(remove && strcmp(v.bridges[i], remove) == 0) && still_ours(nl, alias, v.bridges[i]))
      add_bridge(&want, v.bridges[i]);
  if (add)
    add_bridge(&want, add);
  bool same = want.nbridges == 0 ? !v.chain_exists && v.jumps == 0
                                  : want.nbridges == v.nbridges && v.jumps == 1 && v.jump_first;
  for (size_t i = 0; same && i < want.nbridges; i++)
    same = strcmp(want.bridges[i], v.bridges[i]) == 0;
  *installed = *installed || want.nbridges > 0;
  if (same)
    return 0;
  cleanup_free char *input = restore_input(chain, &want);
  cleanup_free char *ignored = NULL;
  const char *restore[] = { b->restore, "-w", "5", "--noflush", NULL };
  return tool_run(restore, input, &ignored, err);
}

int fwd_sync(const char *store, int nl, const char *add, const char *remove, bool *installed, herr_t *err)
{
  char chain[32], alias[NL_ALIAS_MAX + 16];
  fwd_chain_name(store, chain);
  if (net_bridge_alias(store, alias, sizeof alias, err) < 0)
    return -1;
  *installed = false;
  for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
    if (fwd_one(&backends[i], chain, alias, nl, add, remove, installed, err) < 0)
      return herr_context(err, "%s FORWARD", backends[i].name);
  return 0;
}
