/*
 * tscontain-helper: the setuid-root half of tscontain. It does a closed set
 * of operations (verbs), each with its own validated flags; there is no way
 * to ask it for anything else.
 */
#include <stdio.h>
#include <string.h>

#include "caller.h"
#include "verbs.h"

enum verb
{
  VERB_APPLY_LAYER,
  VERB_RUN,
  VERB_EXEC,
  VERB_KILL,
  VERB_CLEANUP,
  VERB_NET,
  VERB_COUNT,
};

static const struct
{
  const char *name;
  int (*run)(int argc, char **argv, herr_t *err);
} verbs[VERB_COUNT] = {
  [VERB_APPLY_LAYER] = { "apply-layer", verb_apply_layer },
  [VERB_RUN] = { "run", verb_run },
  [VERB_EXEC] = { "exec", verb_exec },
  [VERB_KILL] = { "kill", verb_kill },
  [VERB_CLEANUP] = { "cleanup", verb_cleanup },
  [VERB_NET] = { "net", verb_net },
};

char **helper_argv;

int parse_verb_flags(const char *verb, int argc, char **argv, struct verb_flag *flags, size_t n,
                     herr_t *err)
{
  for (int i = 0; i < argc; i += 2)
    {
      size_t f = 0;
      while (f < n && strcmp(argv[i], flags[f].name) != 0)
        f++;
      if (f == n)
        return herr_fail(err, HERR_USAGE, "%s: unknown argument %.256s", verb, argv[i]);
      if (i + 1 >= argc || argv[i + 1][0] == '\0')
        return herr_fail(err, HERR_USAGE, "%s: %s needs a value", verb, flags[f].name);
      if (*flags[f].value != NULL)
        return herr_fail(err, HERR_USAGE, "%s: %s given twice", verb, flags[f].name);
      *flags[f].value = argv[i + 1];
    }
  for (size_t f = 0; f < n; f++)
    if (*flags[f].value == NULL)
      return herr_fail(err, HERR_USAGE, "%s: %s is required", verb, flags[f].name);
  return 0;
}

int main(int argc, char **argv)
{
  herr_t err = { 0 };

  helper_argv = argv;
  frame_enter();
  if (caller_check(&err) < 0)
    herr_exit(&err);
  if (argc < 2)
    die(HERR_USAGE, 0, "usage: %s VERB FLAGS... (verbs: apply-layer run exec kill cleanup net)", PROGRAM_NAME);
  for (size_t v = 0; v < VERB_COUNT; v++)
    {
      if (strcmp(argv[1], verbs[v].name) != 0)
        continue;
      if (verbs[v].run(argc - 2, argv + 2, &err) < 0)
        herr_exit(&err);
      return 0;
    }
  die(HERR_USAGE, 0, "unknown verb %.256s", argv[1]);
}
