/* overlayfs lower-layer markers: whiteouts and opaque directories. */
#ifndef TSCONTAIN_OVERLAY_H
#define TSCONTAIN_OVERLAY_H

#include <stdbool.h>
#include <sys/stat.h>

#include "util.h"

#define OVERLAY_OPAQUE_XATTR "trusted.overlay.opaque"

bool overlay_is_whiteout(const struct stat *st);
int overlay_mark_opaque(int dir_fd, herr_t *err);
/* Directories an apply-layer run made opaque (clean paths), for its report. */
struct opaque_log
{
  char **paths;
  size_t n;
  size_t cap;
};

/* Marks DIR_FD opaque and, with a LOG, notes PATH (LEN bytes) in it. */
int overlay_mark_opaque_logged(int dir_fd, struct opaque_log *log, const char *path, size_t len,
                               herr_t *err);
void opaque_log_free(struct opaque_log *log);
int overlay_whiteout(int parent_fd, const char *name, uid_t uid, gid_t gid, herr_t *err);

#endif
