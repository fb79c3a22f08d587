/* The container's own cgroups at /sys/fs/cgroup (see cgroupfs.c). */
#ifndef TSCONTAIN_CGROUPFS_H
#define TSCONTAIN_CGROUPFS_H

#include "spec.h"
#include "util.h"

/* Before pivot_root, ROOT the container's root with /sys mounted: the v1/hybrid layout (nothing on a cgroup2 host). */
int cgroupfs_bind_v1(int root, const struct spec *s, herr_t *err);
/* After pivot_root and unshare(CLONE_NEWCGROUP): cgroup2 on a cgroup2 host (nothing on v1). */
int cgroupfs_mount_v2(const struct spec *s, herr_t *err);

#endif
