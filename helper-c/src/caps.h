/* Capability sets of a container process, applied with raw syscalls (no libcap). */
#ifndef TSCONTAIN_CAPS_H
#define TSCONTAIN_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

struct spec;

/* Docker's default 14: CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID
 * SETUID SETFCAP SETPCAP NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE. */
#define CAPS_DOCKER_DEFAULT UINT64_C(0x00000000a80425fb)

/* Fills spec->caps from the defaults, --privileged, --cap-add and --cap-drop. */
int caps_compute(struct spec *s, herr_t *err);
/* Every capability this kernel knows. */
uint64_t caps_all(void);
/* Drops every capability outside KEEP from the bounding set. */
int caps_bound(uint64_t keep, herr_t *err);
/*
 * Sets effective, permitted and inheritable to CAPS (empty for a non-root
 * uid, like Docker), clears the ambient set, and reads them back.
 */
int caps_apply(uint64_t caps, bool root, herr_t *err);

#endif
