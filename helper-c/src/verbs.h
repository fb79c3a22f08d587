/* The closed set of privileged operations and their argument parsing. */
#ifndef TSCONTAIN_VERBS_H
#define TSCONTAIN_VERBS_H

#include <stddef.h>

#include "util.h"

struct verb_flag
{
  const char *name;   /* "--store" */
  const char **value; /* set from the argument after it */
};

/* Every flag takes a value, appears exactly once and is required. */
int parse_verb_flags(const char *verb, int argc, char **argv, struct verb_flag *flags, size_t n,
                     herr_t *err);

/* main()'s argv, for run and exec to re-execute themselves from a sealed copy. */
extern char **helper_argv;

int verb_apply_layer(int argc, char **argv, herr_t *err);
int verb_run(int argc, char **argv, herr_t *err);
int verb_exec(int argc, char **argv, herr_t *err);
int verb_kill(int argc, char **argv, herr_t *err);
int verb_cleanup(int argc, char **argv, herr_t *err);
int verb_net(int argc, char **argv, herr_t *err);

#endif
