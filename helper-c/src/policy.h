/* Which host paths a caller may name: the store and paths strictly under it. */
#ifndef TSCONTAIN_POLICY_H
#define TSCONTAIN_POLICY_H

#include "util.h"

#ifndef HELPER_DEFAULT_STORE
#define HELPER_DEFAULT_STORE "/var/lib/tscontain"
#endif

int store_open(const char *store, int *out_fd, herr_t *err);
int target_create(int store_fd, const char *store, const char *target, int *out_fd, herr_t *err);

#endif
