/* Joining the cgroups the engine created for a container. */
#ifndef TSCONTAIN_CGROUP_H
#define TSCONTAIN_CGROUP_H

#include <stddef.h>
#include <sys/types.h>

#include "util.h"

#define CGROUP_MAX 16

struct cgroups
{
  int procs_fd[CGROUP_MAX]; /* cgroup.procs of each accepted directory, opened O_WRONLY */
  int parent_fd[CGROUP_MAX]; /* its parent directory (O_PATH), for cgroups_remove */
  char leaf[CGROUP_MAX][256]; /* its last component */
  size_t n;
};

void cgroups_init(struct cgroups *c);
void cgroups_close(struct cgroups *c);
/* Checks DIR (canonical, below /sys/fs/cgroup, under a "tscontain" component, cgroupfs). */
int cgroups_add(struct cgroups *c, const char *dir, herr_t *err);
/* The tscontain cgroups PID is in, from /proc/PID/cgroup (exec without --cgroup). */
int cgroups_add_from_proc(struct cgroups *c, pid_t pid, herr_t *err);
/* Removes every cgroup (rmdir below its parent fd), retrying while exiting members leave it busy. */
void cgroups_remove(struct cgroups *c);
/* Forks a child that starts the kernel's wait for cgroup moves early (see cgroup.c); reap it. -1 if none. */
pid_t cgroups_prewarm(void);
/* Moves PID (0: the caller) into every cgroup. */
int cgroups_join(const struct cgroups *c, pid_t pid, herr_t *err);

#endif
