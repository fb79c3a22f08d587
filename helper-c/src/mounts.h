/*
 * The user's mounts of `run`: bind mounts (--bind) and tmpfs (--tmpfs).
 * Parsed with the spec, sources opened and checked by the starter, and
 * mounted by the container child on targets resolved inside its root.
 */
#ifndef TSCONTAIN_MOUNTS_H
#define TSCONTAIN_MOUNTS_H

#include <stdbool.h>
#include <sys/types.h>

#include "spec.h"
#include "util.h"

/* What the starter checked about a bind source; the child reopens PATH and compares. */
struct mount_source
{
  char *path; /* canonical, absolute; NULL for tmpfs */
  int fd;     /* O_PATH, held so the inode cannot be recycled meanwhile */
  dev_t dev;
  ino_t ino;
  bool is_dir;
};

/* --bind SRC DST ro|rw and --tmpfs DST OPTS: VALUES has 3 or 2 entries. */
int mounts_take(struct spec *s, const char *flag, char *const *values, herr_t *err);
/*
 * Starter, host mount namespace: applies the source policy (a caller other
 * than root may bind only STORE/volumes/NAME/_data) and opens each source.
 */
int mounts_open_sources(const struct spec *s, int store_fd, struct mount_source *out, herr_t *err);
/* Child, after /proc, /dev and /sys and before pivot_root: every mount in order. */
int mounts_apply(int root_fd, const struct spec *s, const struct mount_source *src, herr_t *err);

#endif
