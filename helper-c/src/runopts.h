/*
 * run's Docker options beyond the basics: --shm-size, --device, --sysctl,
 * --no-new-privs. Parsed and checked here (spec.c hands the flags over);
 * applied by rootfs.c (/dev/shm size, device nodes), devices.c (the cgroup
 * rules) and container.c (sysctls inside the container's namespaces).
 */
#ifndef TSCONTAIN_RUNOPTS_H
#define TSCONTAIN_RUNOPTS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

#define SPEC_MAX_DEVICES 32
#define SPEC_MAX_SYSCTLS 32

struct spec_device
{
  char type;             /* 'c' or 'b' */
  unsigned major, minor; /* of the host node, read by the helper itself */
  mode_t mode;           /* the host node's permission bits */
  uid_t uid;
  gid_t gid;
  const char *container; /* /dev/NAME or /dev/DIR/NAME */
  char access[4];        /* subset of "rwm" */
};

struct spec_sysctl
{
  const char *key; /* dotted, checked against the namespaced list */
  const char *value;
};

struct spec_runopts
{
  uint64_t shm_size; /* bytes; 0: the default 64 MiB */
  bool no_new_privs; /* --security-opt no-new-privileges: set even with --privileged */
  struct spec_device devices[SPEC_MAX_DEVICES];
  size_t n_devices;
  struct spec_sysctl sysctls[SPEC_MAX_SYSCTLS];
  size_t n_sysctls;
};

/* Whether NAME is one of the flags below (taken with a value, repeatable). */
bool runopts_owns(const char *name);
/* --shm-size BYTES, --device HOST,CONTAINER,PERMS, --sysctl KEY=VALUE. */
int runopts_take(struct spec_runopts *o, const char *name, char *value, herr_t *err);
/* net.* sysctls need a network namespace of the container's own. */
int runopts_check(const struct spec_runopts *o, bool host_network, herr_t *err);
/* Makes each --device node in DEV_FD (the container's fresh /dev tmpfs). */
int runopts_make_devices(int dev_fd, const struct spec_runopts *o, herr_t *err);
/* Opens /proc/sys while it is still writable (before it is made read-only). */
int runopts_open_sysctl_dir(const struct spec_runopts *o, herr_t *err);
/* Writes the sysctls through that fd, inside the container's namespaces, then closes it. */
int runopts_write_sysctls(const struct spec_runopts *o, herr_t *err);

#endif
