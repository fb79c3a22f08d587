/* overlayfs lower-layer markers: whiteouts and opaque directories. */
#ifndef TSCONTAIN_OVERLAY_H
#define TSCONTAIN_OVERLAY_H

#include <stdbool.h>
#include <sys/stat.h>

#include "util.h"

#define OVERLAY_OPAQUE_XATTR "trusted.overlay.opaque"

bool overlay_is_whiteout(const struct stat *st);
int overlay_mark_opaque(int dir_fd, herr_t *err);
int overlay_whiteout(int parent_fd, const char *name, uid_t uid, gid_t gid, herr_t *err);

#endif
