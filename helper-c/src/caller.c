/*
 * Privilege phases of a setuid-root helper (bubblewrap's rules): the process
 * is made safe to be in before anything reads input, then the caller is
 * checked, then each verb asks only for what it needs.
 */
#include "caller.h"

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The caller chose our fds: 0-2 must exist so later opens never land on them
 * (stderr carries the report), and nothing above them may leak in.
 */
static void sanitize_fds(void)
{
  for (int fd = 0; fd <= 2; fd++)
    {
      if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
        continue;
      int null = open("/dev/null", O_RDWR | O_CLOEXEC);
      if (null < 0)
        _exit(HERR_IO);
      if (null != fd)
        _exit(HERR_IO);
      if (fcntl(fd, F_SETFD, 0) < 0)
        _exit(HERR_IO);
    }
  if (close_range(3, ~0U, 0) == 0)
    return;
  /* Kernels before 5.9: close them one by one. */
  long max = sysconf(_SC_OPEN_MAX);
  for (long fd = 3; fd < (max > 0 && max < INT_MAX ? max : 65536); fd++)
    close((int) fd);
}

/*
 * Runs first, before the caller check, so even a refused caller never gets a
 * core dump, a ptrace attach or an inherited environment into a root process.
 */
void frame_enter(void)
{
  sanitize_fds();
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    die(HERR_IO, errno, "prctl(PR_SET_DUMPABLE)");
  if (clearenv() != 0 || setenv("PATH", HELPER_PATH, 1) != 0)
    die(HERR_IO, errno, "scrubbing the environment");
  umask(022);
  /* A caller's RLIMIT_FSIZE must fail a write with EFBIG, not kill us mid-way. */
  signal(SIGXFSZ, SIG_IGN);
  if (chdir("/") < 0)
    die(HERR_IO, errno, "chdir /");
  if (geteuid() != 0)
    die(HERR_DENIED, 0, "not running with root privileges (install it setuid root)");
}

bool caller_is_root(void)
{
  return getuid() == 0;
}

static int in_group(gid_t gid, herr_t *err)
{
  if (getgid() == gid)
    return 1;
  int n = getgroups(0, NULL);
  if (n < 0)
    return herr_sys(err, "getgroups");
  cleanup_free gid_t *groups = xcalloc((size_t) n + 1, sizeof *groups);
  n = getgroups(n, groups);
  if (n < 0)
    return herr_sys(err, "getgroups");
  for (int i = 0; i < n; i++)
    if (groups[i] == gid)
      return 1;
  return 0;
}

/* Who may use the helper: root, or a member of the group (which may not exist). */
int caller_check(herr_t *err)
{
  uid_t uid = getuid();
  if (uid == 0)
    return 0;

  errno = 0;
  struct group *gr = getgrnam(HELPER_GROUP);
  if (gr == NULL)
    return herr_fail(err, HERR_DENIED, "caller uid %u is not root and group %s does not exist",
                     (unsigned) uid, HELPER_GROUP);
  int r = in_group(gr->gr_gid, err);
  if (r < 0)
    return r;
  if (r == 0)
    return herr_fail(err, HERR_DENIED, "caller uid %u is not root and not in group %s",
                     (unsigned) uid, HELPER_GROUP);
  return 0;
}

/*
 * File-writing verbs create as root:root. The real ids stay the caller's, so
 * the engine can still signal (cancel) us; only the effective gid changes,
 * which is what new inodes get.
 */
int privileges_for_files(herr_t *err)
{
  if (setgroups(0, NULL) < 0)
    return herr_sys(err, "setgroups");
  if (setresgid((gid_t) -1, 0, 0) < 0)
    return herr_sys(err, "setresgid");
  gid_t rgid, egid, sgid;
  if (getresgid(&rgid, &egid, &sgid) < 0 || egid != 0 || sgid != 0 || geteuid() != 0)
    return herr_fail(err, HERR_IO, "privilege change did not take effect");
  return 0;
}

/* For verbs that never execute anything: no later exec can gain privileges. */
int no_new_privs(herr_t *err)
{
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return herr_sys(err, "prctl(PR_SET_NO_NEW_PRIVS)");
  return 0;
}
