/*
 * The engine creates the container's cgroups (v2: one directory under
 * /sys/fs/cgroup/tscontain/; v1: one per controller under
 * /sys/fs/cgroup/<controller>/tscontain/). The helper only moves processes
 * into them, and only into directories that are plainly tscontain's:
 * canonical, on a cgroup filesystem, below a "tscontain" component.
 */
#include "cgroup.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "path.h"

#define CGROUP_ROOT "/sys/fs/cgroup/"

void cgroups_init(struct cgroups *c)
{
  c->n = 0;
  for (size_t i = 0; i < CGROUP_MAX; i++)
    c->procs_fd[i] = c->parent_fd[i] = -1;
}

void cgroups_close(struct cgroups *c)
{
  for (size_t i = 0; i < c->n; i++)
    {
      if (c->procs_fd[i] >= 0)
        close(c->procs_fd[i]);
      if (c->parent_fd[i] >= 0)
        close(c->parent_fd[i]);
      c->procs_fd[i] = c->parent_fd[i] = -1;
    }
  c->n = 0;
}

void cgroups_remove(struct cgroups *c)
{
  for (size_t i = 0; i < c->n; i++)
    {
      /* The pid namespace's other members are killed with its init, but may take a moment to go. */
      for (int attempt = 0; c->parent_fd[i] >= 0 && attempt < 50; attempt++)
        {
          if (unlinkat(c->parent_fd[i], c->leaf[i], AT_REMOVEDIR) == 0 || errno == ENOENT)
            break;
          if (errno != EBUSY)
            break;
          usleep(2000 * (useconds_t) (attempt < 10 ? 1 : 10));
        }
    }
}

/* A "tscontain" component with at least one more component after it. */
static bool below_tscontain(const char *path)
{
  const char *p = path;
  while ((p = strstr(p, "/tscontain/")) != NULL)
    {
      if (p[11] != '\0' && p[11] != '/')
        return true;
      p += 10;
    }
  return false;
}

int cgroups_add(struct cgroups *c, const char *dir, herr_t *err)
{
  if (c->n == CGROUP_MAX)
    return herr_fail(err, HERR_USAGE, "more than %d cgroups", CGROUP_MAX);
  if (strncmp(dir, CGROUP_ROOT, strlen(CGROUP_ROOT)) != 0 || !below_tscontain(dir))
    return herr_fail(err, HERR_DENIED, "cgroup %.256s is not below " CGROUP_ROOT "[...]/tscontain/",
                     dir);
  cleanup_free char *real = realpath(dir, NULL);
  if (real == NULL)
    {
      herr_sys(err, "cgroup %.256s", dir);
      err->code = HERR_DENIED;
      return -1;
    }
  if (strcmp(real, dir) != 0)
    return herr_fail(err, HERR_DENIED, "cgroup %.256s is not canonical", dir);

  cleanup_close int fd = path_openat2(AT_FDCWD, dir, O_PATH | O_DIRECTORY,
                                      RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  if (fd < 0)
    return herr_sys(err, "opening cgroup %.256s", dir);
  struct statfs fs;
  if (fstatfs(fd, &fs) < 0)
    return herr_sys(err, "statfs cgroup %.256s", dir);
  if (fs.f_type != CGROUP_SUPER_MAGIC && fs.f_type != CGROUP2_SUPER_MAGIC)
    return herr_fail(err, HERR_DENIED, "%.256s is not on a cgroup filesystem", dir);
  /* The parent, opened the same way, so an auto-removed container's cgroup can be rmdir'd by name. */
  const char *slash = strrchr(dir, '/');
  char parent[4096];
  if (slash == NULL || (size_t) (slash - dir) >= sizeof parent || strlen(slash + 1) >= sizeof c->leaf[0])
    return herr_fail(err, HERR_DENIED, "cgroup %.256s: bad name", dir);
  memcpy(parent, dir, (size_t) (slash - dir));
  parent[slash - dir] = '\0';
  int parent_fd = path_openat2(AT_FDCWD, parent, O_PATH | O_DIRECTORY, RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  if (parent_fd < 0)
    return herr_sys(err, "opening cgroup %.256s", parent);
  int procs = openat(fd, "cgroup.procs", O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (procs < 0)
    {
      close(parent_fd);
      return herr_sys(err, "opening %.256s/cgroup.procs", dir);
    }
  strcpy(c->leaf[c->n], slash + 1);
  c->parent_fd[c->n] = parent_fd;
  c->procs_fd[c->n++] = procs;
  return 0;
}

/* "4:memory:/tscontain/ID" -> /sys/fs/cgroup/memory/tscontain/ID; "0::/x" -> unified. */
static int add_proc_line(struct cgroups *c, char *line, herr_t *err)
{
  char *ctl = strchr(line, ':');
  char *path = ctl ? strchr(ctl + 1, ':') : NULL;
  if (path == NULL)
    return 0;
  *path++ = '\0';
  ctl++;
  path[strcspn(path, "\n")] = '\0';
  if (!below_tscontain(path))
    return 0;

  char dir[4096];
  struct statfs fs;
  if (*ctl == '\0')
    {
      bool pure_v2 = statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
      snprintf(dir, sizeof dir, "/sys/fs/cgroup%s%s", pure_v2 ? "" : "/unified", path);
    }
  else
    snprintf(dir, sizeof dir, "/sys/fs/cgroup/%s%s",
             strncmp(ctl, "name=", 5) == 0 ? ctl + 5 : ctl, path);
  return cgroups_add(c, dir, err);
}

int cgroups_add_from_proc(struct cgroups *c, pid_t pid, herr_t *err)
{
  char name[64];
  snprintf(name, sizeof name, "/proc/%d/cgroup", (int) pid);
  FILE *f = fopen(name, "re");
  if (f == NULL)
    return herr_sys(err, "opening %s", name);
  char line[4096];
  int r = 0;
  while (r == 0 && fgets(line, sizeof line, f))
    r = add_proc_line(c, line, err);
  fclose(f);
  return r;
}

/*
 * Moving a process into a cgroup takes the kernel's global
 * cgroup_threadgroup_rwsem for writing, and the first writer after a quiet
 * spell waits a whole RCU grace period for it (10-15 ms here): the largest
 * single cost of a start. Writers within a grace period of the last one pay
 * nothing. So a throwaway child moves itself into the cgroup it is already
 * in (a no-op move, no membership changes anywhere) while the starter goes
 * on preparing; by the time the monitor joins the container's cgroups the
 * grace period has mostly passed. Best effort: any failure only loses the
 * head start.
 */
static void prewarm_child(void)
{
  FILE *f = fopen("/proc/self/cgroup", "re");
  if (f == NULL)
    _exit(0);
  char line[4096];
  struct statfs fs;
  bool pure_v2 = statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
  while (fgets(line, sizeof line, f))
    {
      char *ctl = strchr(line, ':');
      char *path = ctl ? strchr(ctl + 1, ':') : NULL;
      if (path == NULL)
        continue;
      *path++ = '\0';
      ctl++;
      path[strcspn(path, "\n")] = '\0';
      char procs[4096];
      int n;
      if (*ctl == '\0')
        n = snprintf(procs, sizeof procs, "/sys/fs/cgroup%s%s/cgroup.procs", pure_v2 ? "" : "/unified", path);
      else
        n = snprintf(procs, sizeof procs, "/sys/fs/cgroup/%s%s/cgroup.procs",
                     strncmp(ctl, "name=", 5) == 0 ? ctl + 5 : ctl, path);
      if (n < 0 || (size_t) n >= sizeof procs || strstr(path, "/..") != NULL)
        continue;
      int fd = path_openat2(AT_FDCWD, procs, O_WRONLY, RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
      if (fd < 0)
        continue;
      bool done = write(fd, "0\n", 2) == 2;
      close(fd);
      if (done)
        break;
    }
  fclose(f);
  _exit(0);
}

pid_t cgroups_prewarm(void)
{
  pid_t pid = fork();
  if (pid == 0)
    prewarm_child();
  return pid;
}

int cgroups_join(const struct cgroups *c, pid_t pid, herr_t *err)
{
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%d\n", (int) pid);
  for (size_t i = 0; i < c->n; i++)
    if (write(c->procs_fd[i], buf, (size_t) n) != n)
      return herr_sys(err, "joining cgroup %zu", i);
  return 0;
}
