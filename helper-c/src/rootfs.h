/* The container's root filesystem, built inside its own mount namespace. */
#ifndef TSCONTAIN_ROOTFS_H
#define TSCONTAIN_ROOTFS_H

#include "mounts.h"
#include "spec.h"
#include "util.h"

struct rootfs
{
  int layer_fds[SPEC_MAX_LAYERS]; /* O_PATH, lowest first */
  size_t n_layers;
  int upper_fd, work_fd, mnt_fd; /* upper/, work/, rootfs/ in the container dir */
  int cdir_fd;                   /* the container directory */
  struct mount_source mounts[SPEC_MAX_MOUNTS]; /* bind sources, in spec->mounts order */
};

/*
 * In a fresh mount namespace: overlay, /proc, /dev, /sys, the user's
 * mounts, pivot_root,
 * masks, the working directory, read-only root, hostname. On return "/" is
 * the container's root and the host's mounts are unreachable.
 */
int rootfs_setup(const struct rootfs *r, const struct spec *s, herr_t *err);
/* Opens /dev/ptmx of the container's devpts; returns master and slave. */
int rootfs_open_pty(int *master, int *slave, herr_t *err);

#endif
