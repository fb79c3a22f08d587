/* Resolving names inside a directory without ever following a symlink. */
#ifndef TSCONTAIN_PATH_H
#define TSCONTAIN_PATH_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

int path_openat2(int dir_fd, const char *path, int flags, uint64_t resolve);
int layer_path_clean(const char *raw, char **out, herr_t *err);
void layer_path_split(char *clean, const char **dir, const char **base);
int layer_open_dir(int root_fd, const char *rel, bool create, int *out_fd, herr_t *err);
/* Creating missing parents, noting in LOG those that replace a whiteout (made opaque). */
struct opaque_log;
int layer_open_dir_logged(int root_fd, const char *rel, struct opaque_log *log, int *out_fd, herr_t *err);

#endif
