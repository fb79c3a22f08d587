/*
 * kill --store S --id ID --signal SIG
 * cleanup --store S --id ID
 *
 * kill signals the container's init through a pidfd, after checking it is
 * still the process the monitor recorded. cleanup removes the container
 * directory once the monitor is gone: its upper and work directories hold
 * root-owned files (and overlayfs's work/work is mode 000), which an
 * unprivileged engine cannot delete.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caller.h"
#include "policy.h"
#include "spec.h"
#include "state.h"
#include "verbs.h"

static int parse_signal(const char *v, int *sig, herr_t *err)
{
  char *end;
  long n = strtol(v, &end, 10);
  if (*v && *end == '\0' && n >= 1 && n < NSIG)
    {
      *sig = (int) n;
      return 0;
    }
  if (strncasecmp(v, "SIG", 3) == 0)
    v += 3;
  for (int i = 1; i < NSIG; i++)
    {
      const char *abbrev = sigabbrev_np(i);
      if (abbrev && strcasecmp(abbrev, v) == 0)
        {
          *sig = i;
          return 0;
        }
    }
  return herr_fail(err, HERR_USAGE, "kill: bad signal %.32s", v);
}

static int open_container(const char *verb, const char *store, const char *id, int *store_fd,
                          int *cdir_fd, herr_t *err)
{
  if (!spec_valid_id(id))
    return herr_fail(err, HERR_USAGE, "%s: --id must be 64 lowercase hex digits", verb);
  if (store_open(store, store_fd, err) < 0 || container_dir_open(*store_fd, id, cdir_fd, err) < 0)
    return -1;
  return 0;
}

int verb_kill(int argc, char **argv, herr_t *err)
{
  const char *store = NULL, *id = NULL, *signal_arg = NULL;
  struct verb_flag flags[] = { { "--store", &store }, { "--id", &id }, { "--signal", &signal_arg } };
  cleanup_close int store_fd = -1, cdir_fd = -1, pidfd = -1;
  int sig = 0;
  struct run_state st;

  if (parse_verb_flags("kill", argc, argv, flags, sizeof flags / sizeof flags[0], err) < 0
      || parse_signal(signal_arg, &sig, err) < 0)
    return -1;
  if (no_new_privs(err) < 0 || open_container("kill", store, id, &store_fd, &cdir_fd, err) < 0
      || state_open_init(cdir_fd, &st, &pidfd, err) < 0)
    return -1;
  if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
    {
      if (errno == ESRCH)
        return herr_fail(err, HERR_NOTRUNNING, "the container is not running");
      return herr_sys(err, "signalling %d", (int) st.pid);
    }
  return 0;
}

int remove_tree(int dir_fd, dev_t dev, int depth, herr_t *err)
{
  if (depth > 256)
    return herr_fail(err, HERR_IO, "directory tree too deep");
  cleanup_close int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return herr_sys(err, "opening directory");
  DIR *d = fdopendir(steal_fd(&fd));
  if (d == NULL)
    return herr_sys(err, "fdopendir");
  int r = 0;
  struct dirent *e;
  while (r == 0 && (e = readdir(d)) != NULL)
    {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      struct stat st;
      if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        r = herr_sys(err, "stat %.256s", e->d_name);
      else if (S_ISDIR(st.st_mode))
        {
          if (st.st_dev != dev)
            r = herr_fail(err, HERR_DENIED, "%.256s is a mount point", e->d_name);
          /* overlayfs leaves work/work mode 000; we are root, but be explicit for DAC. */
          cleanup_close int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          if (r == 0 && sub < 0)
            r = herr_sys(err, "opening %.256s", e->d_name);
          if (r == 0 && remove_tree(sub, dev, depth + 1, err) < 0)
            r = herr_context(err, "%.256s", e->d_name);
          if (r == 0 && unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR) < 0)
            r = herr_sys(err, "removing %.256s", e->d_name);
        }
      else if (unlinkat(dirfd(d), e->d_name, 0) < 0)
        r = herr_sys(err, "removing %.256s", e->d_name);
    }
  closedir(d);
  return r;
}

int verb_cleanup(int argc, char **argv, herr_t *err)
{
  const char *store = NULL, *id = NULL;
  struct verb_flag flags[] = { { "--store", &store }, { "--id", &id } };
  cleanup_close int store_fd = -1, cdir_fd = -1;

  if (parse_verb_flags("cleanup", argc, argv, flags, sizeof flags / sizeof flags[0], err) < 0)
    return -1;
  if (no_new_privs(err) < 0 || open_container("cleanup", store, id, &store_fd, &cdir_fd, err) < 0)
    return -1;
  if (state_monitor_alive(cdir_fd))
    return herr_fail(err, HERR_DENIED, "container %.12s is still running", id);
  struct stat st;
  if (fstat(cdir_fd, &st) < 0)
    return herr_sys(err, "stat container directory");
  if (remove_tree(cdir_fd, st.st_dev, 0, err) < 0)
    return herr_context(err, "cleanup %.12s", id);
  char rel[128];
  snprintf(rel, sizeof rel, "containers/%s", id);
  if (unlinkat(store_fd, rel, AT_REMOVEDIR) < 0)
    return herr_sys(err, "removing %s", rel);
  return 0;
}
