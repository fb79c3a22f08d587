/* Which device nodes a container may open: the devices cgroup (v1) or its eBPF program (v2). */
#ifndef TSCONTAIN_DEVICES_H
#define TSCONTAIN_DEVICES_H

#include <stdbool.h>

#include "cgroup.h"
#include "runopts.h"
#include "util.h"

/*
 * Confines every cgroup in C before any process joins it: on a v1 devices
 * hierarchy `devices.deny a` then runc's default allow list (mknod of any
 * node, open only of null, zero, full, random, urandom, tty, console, ptmx,
 * pts, tun); on cgroup v2 the same list as a BPF_CGROUP_DEVICE program.
 * Each --device of O is allowed too (its major:minor, with its access).
 * PRIVILEGED allows every device. Unless PRIVILEGED, fails (DENIED) when no
 * cgroup of C could carry the rules: a container with CAP_MKNOD, or an
 * image's own device node, would otherwise reach the host's disks.
 */
int devices_confine(const struct cgroups *c, bool privileged, const struct spec_runopts *o, herr_t *err);

#endif
