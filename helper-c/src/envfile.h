/*
 * --env-file: the program's environment from a root-only file in the
 * container directory, so secrets never appear on a command line.
 */
#ifndef TSCONTAIN_ENVFILE_H
#define TSCONTAIN_ENVFILE_H

#include "spec.h"

#define ENVFILE_MAX_BYTES (1024 * 1024)

/*
 * Appends the entries of s->env_file (when given) to s->env. The path must
 * be STORE/containers/ID/env for run and STORE/containers/ID/exec-env-NAME
 * for exec; the exec file is unlinked once read.
 */
int envfile_load(struct spec *s, int which, int cdir_fd, herr_t *err);

#endif
