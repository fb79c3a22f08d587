/* Ownership, mode, xattrs and times of entries, in the order that keeps them. */
#ifndef TSCONTAIN_META_H
#define TSCONTAIN_META_H

#include <stdbool.h>

#include "entry.h"

int meta_apply_fd(int fd, const struct tar_entry *e, bool set_time, herr_t *err);
int meta_apply_at(int parent_fd, const char *name, const struct tar_entry *e, herr_t *err);
void meta_defer_dir_time(struct layer *l, const char *clean, const struct tar_entry *e);

#endif
