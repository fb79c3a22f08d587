/* CVE-2019-5736: run/exec execute from a sealed, read-only memfd copy of ourselves. */
#ifndef TSCONTAIN_SEALED_H
#define TSCONTAIN_SEALED_H

#include "util.h"

/* Returns 0 when already running from the sealed copy; otherwise re-executes (or fails). */
int sealed_reexec(char **argv, herr_t *err);

#endif
