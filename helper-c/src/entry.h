/* Writing one tar member into the layer directory, metadata included. */
#ifndef TSCONTAIN_ENTRY_H
#define TSCONTAIN_ENTRY_H

#include "overlay.h"
#include "tar.h"
#include "util.h"

#define LAYER_COPY_BUFFER (128 * 1024)

struct dir_time
{
  char *path;
  struct timespec mtime;
};

/* State of one apply-layer run; every path is resolved below root_fd. */
struct layer
{
  int root_fd;
  struct tar_reader *tar;
  char *buf; /* LAYER_COPY_BUFFER bytes for file data */
  /* Directory mtimes are set last: writing children would change them. */
  struct dir_time *dir_times;
  size_t n_dir_times;
  size_t cap_dir_times;
  /* The directories this layer made opaque, reported on success. */
  struct opaque_log opaque;
};

/* PARENT_FD is the held directory, NAME a single component, CLEAN the entry's clean path. */
int entry_write(struct layer *l, const struct tar_entry *e, int parent_fd, const char *name,
                const char *clean, herr_t *err);
int entry_root(struct layer *l, const struct tar_entry *e, herr_t *err);
int entry_hardlink(struct layer *l, const struct tar_entry *e, int parent_fd, const char *name,
                   const char *clean, herr_t *err);
int layer_finish_dir_times(struct layer *l, herr_t *err);
/* Marks DIR_FD (CLEAN below the root) opaque and remembers CLEAN for the report. */
int layer_mark_opaque(struct layer *l, int dir_fd, const char *clean, herr_t *err);

#endif
