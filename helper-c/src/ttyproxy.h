/* exec --tty: a pty of the container's devpts, proxied to the caller's stdio. */
#ifndef TSCONTAIN_TTYPROXY_H
#define TSCONTAIN_TTYPROXY_H

#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

/*
 * In the container's mount namespace: opens its /dev/pts/ptmx (checked to be
 * devpts's own ptmx, no symlinks, no mounts crossed) and the slave through
 * the master; the master gets the caller's terminal size (fd 0, if a tty).
 */
int tty_open_container(int *master, int *slave, herr_t *err);
/*
 * Copies the caller's stdin to MASTER and MASTER to the caller's stdout
 * until CHILD exits (then drains at most 2 s), following SIGWINCH by copying
 * the caller's size; the caller's terminal is raw meanwhile and restored.
 * Takes MASTER. Returns the exit code (128+N when killed) or -1.
 */
int tty_proxy(int master, pid_t child, herr_t *err);

#endif
