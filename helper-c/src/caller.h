/* The setuid frame every verb runs in: process hygiene and the caller check. */
#ifndef TSCONTAIN_CALLER_H
#define TSCONTAIN_CALLER_H

#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

/* Tests build a variant with other values; installed binaries use these. */
#ifndef HELPER_GROUP
#define HELPER_GROUP "tscontain"
#endif

#define HELPER_PATH "/usr/sbin:/usr/bin:/sbin:/bin"

void frame_enter(void);
int caller_check(herr_t *err);
bool caller_is_root(void);
int privileges_for_files(herr_t *err);
int no_new_privs(herr_t *err);

#endif
