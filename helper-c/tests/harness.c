/* Test harness: TAP output, scratch stores, running the helper binary. */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

const char *helper_bin;
const char *variant_bin;
static int tap_count, tap_failed;

bool tap_ok(bool cond, const char *fmt, ...)
{
  va_list ap;
  printf("%sok %d - ", cond ? "" : "not ", ++tap_count);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
  fflush(stdout);
  if (!cond)
    tap_failed++;
  return cond;
}

void tap_skip(const char *why, const char *fmt, ...)
{
  va_list ap;
  printf("ok %d - ", ++tap_count);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf(" # SKIP %s\n", why);
}

void tap_diag(const char *fmt, ...)
{
  va_list ap;
  printf("# ");
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
}

_Noreturn void tap_skip_all(const char *why)
{
  printf("1..0 # SKIP %s\n", why);
  exit(0);
}

int tap_done(void)
{
  printf("1..%d\n", tap_count);
  return tap_failed ? 1 : 0;
}

void harness_init(int argc, char **argv)
{
  static char helper[4096], variant[4096];
  const char *build = argc > 1 ? argv[1] : "build";
  snprintf(helper, sizeof helper, "%s/tscontain-helper", build);
  snprintf(variant, sizeof variant, "%s/tscontain-helper-test-variant", build);
  helper_bin = realpath(helper, NULL);
  variant_bin = realpath(variant, NULL);
  signal(SIGPIPE, SIG_IGN);
  setvbuf(stdout, NULL, _IOLBF, 0);
}

char *pathf(const char *fmt, ...)
{
  static char bufs[8][4096];
  static int next;
  char *b = bufs[next++ % 8];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(b, sizeof bufs[0], fmt, ap);
  va_end(ap);
  return b;
}

void must(int rc, const char *what)
{
  if (rc < 0)
    {
      perror(what);
      exit(1);
    }
}

int run_cmd(const char *fmt, ...)
{
  char cmd[8192];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(cmd, sizeof cmd, fmt, ap);
  va_end(ap);
  int st = system(cmd);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void scratch_init(struct scratch *s, const char *under)
{
  snprintf(s->base, sizeof s->base, "%s/tscontain-helper-tests.XXXXXX", under);
  if (mkdtemp(s->base) == NULL || chmod(s->base, 0755) < 0)
    {
      perror("mkdtemp");
      exit(1);
    }
  snprintf(s->store, sizeof s->store, "%s/store", s->base);
  snprintf(s->tmp, sizeof s->tmp, "%s/store/tmp", s->base);
  snprintf(s->outside, sizeof s->outside, "%s/outside", s->base);
  if (mkdir(s->store, 0755) < 0 || mkdir(s->tmp, 0755) < 0 || mkdir(s->outside, 0755) < 0)
    {
      perror("mkdir");
      exit(1);
    }
}

void scratch_cleanup(struct scratch *s)
{
  run_cmd("rm -rf '%s'", s->base);
}

void argv_as(const char **full, size_t cap, const char *const argv[], bool as_nobody)
{
  size_t n = 0;
  if (as_nobody)
    {
      full[n++] = "setpriv";
      full[n++] = "--reuid=65534";
      full[n++] = "--regid=65534";
      full[n++] = "--clear-groups";
    }
  for (size_t i = 0; argv[i] && n < cap - 1; i++)
    full[n++] = argv[i];
  full[n] = NULL;
}

void run_argv(const char *const argv[], const void *input, size_t len, bool as_nobody,
              struct result *r)
{
  int in[2], err[2];
  if (pipe2(in, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
    abort();
  pid_t pid = fork();
  if (pid < 0)
    abort();
  if (pid == 0)
    {
      const char *full[64];
      argv_as(full, 64, argv, as_nobody);
      dup2(in[0], 0);
      dup2(err[1], 2);
      execvp(full[0], (char *const *) full);
      _exit(127);
    }
  close(in[0]);
  close(err[1]);
  const char *p = input;
  while (len > 0)
    {
      ssize_t w = write(in[1], p, len);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        break;
      p += w;
      len -= (size_t) w;
    }
  close(in[1]);
  size_t got = 0;
  ssize_t rd;
  while ((rd = read(err[0], r->err + got, sizeof r->err - 1 - got)) > 0)
    got += (size_t) rd;
  r->err[got] = '\0';
  close(err[0]);
  int st;
  waitpid(pid, &st, 0);
  r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  if (r->status != 0)
    tap_diag("exit %d: %.*s", r->status, (int) strcspn(r->err, "\n"), r->err);
}

void apply(const char *helper, const struct scratch *s, const char *name, const struct tarw *w,
           struct result *r)
{
  const char *target = pathf("%s/%s", s->tmp, name);
  const char *argv[] = { helper, "apply-layer", "--store", s->store, "--target", target, NULL };
  run_argv(argv, w->buf, w->len, false, r);
}

/* The engine parses exactly one line: "tscontain-helper: CODE: message". */
bool one_line(const struct result *r)
{
  size_t n = strlen(r->err);
  return n > 0 && r->err[n - 1] == '\n' && strchr(r->err, '\n') == r->err + n - 1
         && strncmp(r->err, "tscontain-helper: ", 18) == 0;
}

/* apply-layer's success report: "diff_id sha256:<64 hex> <bytes>\n", alone. */
/* The opaque directory lines (checked by test_apply) come before the diff_id line. */
bool is_diff_id_report(const char *err)
{
  while (strncmp(err, "opaque ", 7) == 0 || strncmp(err, "opaque_dirs ", 12) == 0)
    {
      const char *nl = strchr(err, '\n');
      if (nl == NULL)
        return false;
      err = nl + 1;
    }
  unsigned long long n;
  char hex[65], end;
  return sscanf(err, "diff_id sha256:%64[0-9a-f] %llu%c", hex, &n, &end) == 3 && strlen(hex) == 64
         && end == '\n' && strchr(err, '\n')[1] == '\0';
}

bool is_code(const struct result *r, int status, const char *code)
{
  if (status == 0)
    return r->status == 0 && (r->err[0] == '\0' || is_diff_id_report(r->err));
  char prefix[64];
  snprintf(prefix, sizeof prefix, "tscontain-helper: %s: ", code);
  return r->status == status && one_line(r) && strncmp(r->err, prefix, strlen(prefix)) == 0;
}

bool exists(const char *path)
{
  struct stat st;
  return lstat(path, &st) == 0;
}

bool lstat_is(const char *path, struct stat *st)
{
  return lstat(path, st) == 0;
}

bool content_is(const char *path, const void *data, size_t n)
{
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return false;
  char *buf = malloc(n + 1);
  ssize_t got = 0, r;
  while (buf && (size_t) got < n + 1 && (r = read(fd, buf + got, n + 1 - (size_t) got)) > 0)
    got += r;
  close(fd);
  bool same = buf && (size_t) got == n && memcmp(buf, data, n) == 0;
  free(buf);
  return same;
}

bool xattr_is(const char *path, const char *name, const char *value, size_t n)
{
  char buf[256];
  ssize_t got = lgetxattr(path, name, buf, sizeof buf);
  return got >= 0 && (size_t) got == n && memcmp(buf, value, n) == 0;
}

bool xattr_absent(const char *path, const char *name)
{
  char buf[256];
  return lgetxattr(path, name, buf, sizeof buf) < 0 && errno == ENODATA;
}

void write_file(const char *path, const char *content, unsigned mode)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0 || write(fd, content, strlen(content)) < 0 || fchmod(fd, mode) < 0)
    abort();
  close(fd);
}
