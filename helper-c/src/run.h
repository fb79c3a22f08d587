/* What the starter hands to the monitor and the container child of `run`. */
#ifndef TSCONTAIN_RUN_H
#define TSCONTAIN_RUN_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "rootfs.h"
#include "spec.h"
#include "util.h"

struct run_ctx
{
  struct spec *spec;
  struct rootfs rootfs;
  struct cgroups cgroups;
  int cdir_fd;     /* STORE/containers/ID */
  int report_fd;   /* monitor -> starter: struct start_report */
  int containers_fd; /* STORE/containers, with --auto-remove, else -1 */
  uid_t caller_uid; /* owner of attach.sock */
  gid_t caller_gid;
};

/* The container's stdio as the child sees it (-1: none / use the pty). */
struct container_io
{
  int stdin_r, stdout_w, stderr_w;
};

/* Clones the container's init into new namespaces; it waits for SYNC_GO on *SYNC. */
pid_t container_spawn(struct run_ctx *ctx, const struct container_io *io, int *sync, herr_t *err);
/* The monitor: never returns. */
_Noreturn void monitor_main(struct run_ctx *ctx);
/*
 * --init: forks; returns 0 in the child that goes on to exec the program,
 * never returns in the parent, which stays pid 1 and reaps.
 */
int reaper_fork(int sync_fd, bool tty, herr_t *err);

#endif
