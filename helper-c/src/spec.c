/*
 * run/exec argument parsing, bubblewrap style: a fixed table of flags, each
 * validated on its own; anything unknown is a USAGE error. Values are kept
 * as pointers into argv, which lives as long as the process.
 */
#include "spec.h"

#include <ctype.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "caps.h"
#include "mounts.h"

enum flag_kind
{
  F_ONE,   /* a value, at most once */
  F_MANY,  /* a value, repeatable */
  F_BOOL,  /* no value */
  F_MULTI, /* several values (offset = how many), repeatable */
};

struct flag
{
  const char *name;
  enum flag_kind kind;
  int which;
  ptrdiff_t offset; /* F_ONE: const char *; F_BOOL: bool; F_MULTI: value count */
};

#define OFF(field) offsetof(struct spec, field)
#define BOTH (SPEC_FOR_RUN | SPEC_FOR_EXEC)

static const struct flag flags[] = {
  { "--store", F_ONE, BOTH, OFF(store) },
  { "--id", F_ONE, BOTH, OFF(id) },
  { "--pid", F_ONE, SPEC_FOR_EXEC, OFF(pid) },
  { "--layer", F_MANY, SPEC_FOR_RUN, 0 },
  { "--hostname", F_ONE, SPEC_FOR_RUN, OFF(hostname) },
  { "--cwd", F_ONE, BOTH, OFF(cwd) },
  { "--user", F_MANY, BOTH, 0 },
  { "--groups", F_MANY, BOTH, 0 },
  { "--env", F_MANY, BOTH, 0 },
  { "--env-file", F_ONE, BOTH, OFF(env_file) },
  { "--cap-add", F_MANY, BOTH, 0 },
  { "--cap-drop", F_MANY, BOTH, 0 },
  { "--privileged", F_BOOL, BOTH, OFF(privileged) },
  { "--read-only", F_BOOL, SPEC_FOR_RUN, OFF(read_only) },
  { "--tty", F_BOOL, BOTH, OFF(tty) },
  { "--stdin", F_BOOL, SPEC_FOR_RUN, OFF(open_stdin) },
  { "--init", F_BOOL, SPEC_FOR_RUN, OFF(init) },
  { "--wait-attach", F_BOOL, SPEC_FOR_RUN, OFF(wait_attach) },
  { "--auto-remove", F_BOOL, SPEC_FOR_RUN, OFF(auto_remove) },
  { "--rlimit", F_MANY, SPEC_FOR_RUN, 0 },
  { "--cgroup", F_MANY, BOTH, 0 },
  { "--network", F_MANY, SPEC_FOR_RUN, 0 },
  { "--mask", F_MANY, SPEC_FOR_RUN, 0 },
  { "--veth", F_MANY, SPEC_FOR_RUN, 0 },
  { "--bind", F_MULTI, SPEC_FOR_RUN, 3 },
  { "--tmpfs", F_MULTI, SPEC_FOR_RUN, 2 },
  { "--shm-size", F_MANY, SPEC_FOR_RUN, 0 },
  { "--device", F_MANY, SPEC_FOR_RUN, 0 },
  { "--sysctl", F_MANY, SPEC_FOR_RUN, 0 },
  { "--no-new-privs", F_BOOL, SPEC_FOR_RUN, OFF(opts.no_new_privs) },
};

static int parse_u32(const char *what, const char *s, size_t len, uint32_t *out, herr_t *err)
{
  uint64_t v = 0;
  if (len == 0 || len > 10)
    return herr_fail(err, HERR_USAGE, "%s: bad number \"%.32s\"", what, s);
  for (size_t i = 0; i < len; i++)
    {
      if (!isdigit((unsigned char) s[i]))
        return herr_fail(err, HERR_USAGE, "%s: bad number \"%.32s\"", what, s);
      v = v * 10 + (uint64_t) (s[i] - '0');
    }
  /* (uid_t) -1 means "unchanged" to the kernel: never a real id. */
  if (v >= UINT32_MAX)
    return herr_fail(err, HERR_USAGE, "%s: %.32s is out of range", what, s);
  *out = (uint32_t) v;
  return 0;
}

static int parse_user(struct spec *s, const char *v, herr_t *err)
{
  if (s->has_user)
    return herr_fail(err, HERR_USAGE, "--user given twice");
  const char *colon = strchr(v, ':');
  uint32_t uid, gid = 0;
  if (parse_u32("--user", v, colon ? (size_t) (colon - v) : strlen(v), &uid, err) < 0)
    return -1;
  if (colon && parse_u32("--user", colon + 1, strlen(colon + 1), &gid, err) < 0)
    return -1;
  s->has_user = true;
  s->uid = uid;
  s->gid = gid;
  return 0;
}

static int parse_groups(struct spec *s, const char *v, herr_t *err)
{
  if (s->n_groups > 0)
    return herr_fail(err, HERR_USAGE, "--groups given twice");
  while (*v)
    {
      size_t len = strcspn(v, ",");
      uint32_t g;
      if (s->n_groups == SPEC_MAX_GROUPS)
        return herr_fail(err, HERR_USAGE, "--groups: more than %d groups", SPEC_MAX_GROUPS);
      if (parse_u32("--groups", v, len, &g, err) < 0)
        return -1;
      s->groups[s->n_groups++] = g;
      v += len;
      if (*v == ',' && *++v == '\0')
        return herr_fail(err, HERR_USAGE, "--groups: trailing comma");
    }
  return 0;
}

static int parse_env(struct spec *s, char *v, herr_t *err)
{
  const char *eq = strchr(v, '=');
  if (eq == NULL || eq == v)
    return herr_fail(err, HERR_USAGE, "--env %.64s is not KEY=VALUE", v);
  if (s->n_env == SPEC_MAX_ENV)
    return herr_fail(err, HERR_USAGE, "--env: more than %d variables", SPEC_MAX_ENV);
  s->env[s->n_env++] = v;
  return 0;
}

static const struct
{
  const char *name;
  int resource;
} rlimit_names[] = {
  { "as", RLIMIT_AS },           { "core", RLIMIT_CORE },         { "cpu", RLIMIT_CPU },
  { "data", RLIMIT_DATA },       { "fsize", RLIMIT_FSIZE },       { "locks", RLIMIT_LOCKS },
  { "memlock", RLIMIT_MEMLOCK }, { "msgqueue", RLIMIT_MSGQUEUE }, { "nice", RLIMIT_NICE },
  { "nofile", RLIMIT_NOFILE },   { "nproc", RLIMIT_NPROC },       { "rss", RLIMIT_RSS },
  { "rtprio", RLIMIT_RTPRIO },   { "rttime", RLIMIT_RTTIME },     { "sigpending", RLIMIT_SIGPENDING },
  { "stack", RLIMIT_STACK },
};

static int parse_limit_value(const char *s, size_t len, rlim_t *out, herr_t *err)
{
  if ((len == 9 && strncmp(s, "unlimited", 9) == 0) || (len == 2 && strncmp(s, "-1", 2) == 0))
    {
      *out = RLIM_INFINITY;
      return 0;
    }
  rlim_t v = 0;
  if (len == 0 || len > 19)
    return herr_fail(err, HERR_USAGE, "--rlimit: bad value \"%.32s\"", s);
  for (size_t i = 0; i < len; i++)
    {
      if (!isdigit((unsigned char) s[i]))
        return herr_fail(err, HERR_USAGE, "--rlimit: bad value \"%.32s\"", s);
      v = v * 10 + (rlim_t) (s[i] - '0');
    }
  *out = v;
  return 0;
}

/* NAME=SOFT:HARD, names as Docker's --ulimit (without RLIMIT_). */
static int parse_rlimit(struct spec *s, const char *v, herr_t *err)
{
  const char *eq = strchr(v, '=');
  const char *colon = eq ? strchr(eq, ':') : NULL;
  if (eq == NULL || colon == NULL)
    return herr_fail(err, HERR_USAGE, "--rlimit %.64s is not NAME=SOFT:HARD", v);
  size_t i = 0, n = sizeof rlimit_names / sizeof rlimit_names[0];
  while (i < n && !(strlen(rlimit_names[i].name) == (size_t) (eq - v)
                    && strncmp(rlimit_names[i].name, v, (size_t) (eq - v)) == 0))
    i++;
  if (i == n)
    return herr_fail(err, HERR_USAGE, "--rlimit: unknown limit \"%.*s\"", (int) (eq - v), v);
  if (s->n_rlimits == SPEC_MAX_RLIMITS)
    return herr_fail(err, HERR_USAGE, "--rlimit given too often");
  struct spec_rlimit *r = &s->rlimits[s->n_rlimits];
  if (parse_limit_value(eq + 1, (size_t) (colon - eq - 1), &r->limit.rlim_cur, err) < 0
      || parse_limit_value(colon + 1, strlen(colon + 1), &r->limit.rlim_max, err) < 0)
    return -1;
  if (r->limit.rlim_cur > r->limit.rlim_max)
    return herr_fail(err, HERR_USAGE, "--rlimit %.64s: soft limit above hard limit", v);
  r->resource = rlimit_names[i].resource;
  s->n_rlimits++;
  return 0;
}

/* Container paths: absolute, no "..", no empty name; resolved later inside the root. */
static int check_container_path(const char *what, const char *v, herr_t *err)
{
  if (v[0] != '/' || strlen(v) >= PATH_MAX)
    return herr_fail(err, HERR_USAGE, "%s %.256s is not an absolute path", what, v);
  for (const char *p = v; *p;)
    {
      size_t c = strcspn(p, "/");
      if (c == 2 && p[0] == '.' && p[1] == '.')
        return herr_fail(err, HERR_DENIED, "%s %.256s contains \"..\"", what, v);
      p += c;
      while (*p == '/')
        p++;
    }
  return 0;
}

static int check_hostname(const char *v, herr_t *err)
{
  size_t n = strlen(v);
  if (n > 64)
    return herr_fail(err, HERR_USAGE, "--hostname is longer than 64 bytes");
  for (size_t i = 0; i < n; i++)
    if (!isalnum((unsigned char) v[i]) && v[i] != '-' && v[i] != '.' && v[i] != '_')
      return herr_fail(err, HERR_USAGE, "--hostname %.64s has a character outside [A-Za-z0-9._-]", v);
  return 0;
}

#define ADD(arr, n, max, v, name)                                                              \
  do                                                                                           \
    {                                                                                          \
      if ((n) == (max))                                                                        \
        return herr_fail(err, HERR_USAGE, "%s given more than %d times", name, (int) (max));   \
      (arr)[(n)++] = (v);                                                                      \
    }                                                                                          \
  while (0)

static int take_many(struct spec *s, const char *name, char *v, herr_t *err)
{
  if (runopts_owns(name))
    return runopts_take(&s->opts, name, v, err);
  if (strcmp(name, "--layer") == 0)
    ADD(s->layers, s->n_layers, SPEC_MAX_LAYERS, v, name);
  else if (strcmp(name, "--user") == 0)
    return parse_user(s, v, err);
  else if (strcmp(name, "--groups") == 0)
    return parse_groups(s, v, err);
  else if (strcmp(name, "--env") == 0)
    return parse_env(s, v, err);
  else if (strcmp(name, "--cap-add") == 0)
    ADD(s->cap_add, s->n_cap_add, SPEC_MAX_CAPS, v, name);
  else if (strcmp(name, "--cap-drop") == 0)
    ADD(s->cap_drop, s->n_cap_drop, SPEC_MAX_CAPS, v, name);
  else if (strcmp(name, "--rlimit") == 0)
    return parse_rlimit(s, v, err);
  else if (strcmp(name, "--cgroup") == 0)
    ADD(s->cgroups, s->n_cgroups, SPEC_MAX_CGROUPS, v, name);
  else if (strcmp(name, "--mask") == 0)
    {
      if (check_container_path("--mask", v, err) < 0)
        return -1;
      ADD(s->masks, s->n_masks, SPEC_MAX_MASKS, v, name);
    }
  else if (strcmp(name, "--veth") == 0)
    {
      if (s->n_veths == NET_MAX_VETHS)
        return herr_fail(err, HERR_USAGE, "too many --veth");
      return net_parse_veth(v, &s->veths[s->n_veths++], err);
    }
  else if (strcmp(name, "--network") == 0)
    {
      if (strcmp(v, "none") == 0)
        s->network = NETWORK_NONE;
      else if (strcmp(v, "new") == 0)
        s->network = NETWORK_NEW;
      else if (strcmp(v, "host") == 0)
        s->network = NETWORK_HOST;
      else
        return herr_fail(err, HERR_USAGE, "--network must be none, host or new, not %.32s", v);
    }
  return 0;
}

static int take_flag(struct spec *s, const struct flag *f, char *v, herr_t *err)
{
  if (f->kind == F_BOOL)
    {
      bool *b = (bool *) ((char *) s + f->offset);
      if (*b)
        return herr_fail(err, HERR_USAGE, "%s: %s given twice", s->verb, f->name);
      *b = true;
      return 0;
    }
  if (v == NULL || *v == '\0')
    return herr_fail(err, HERR_USAGE, "%s: %s needs a value", s->verb, f->name);
  if (f->kind == F_MANY)
    return take_many(s, f->name, v, err);
  const char **slot = (const char **) ((char *) s + f->offset);
  if (*slot != NULL)
    return herr_fail(err, HERR_USAGE, "%s: %s given twice", s->verb, f->name);
  *slot = v;
  return 0;
}

bool spec_valid_id(const char *id)
{
  size_t n = 0;
  for (; id[n]; n++)
    if (!((id[n] >= '0' && id[n] <= '9') || (id[n] >= 'a' && id[n] <= 'f')))
      return false;
  return n == 64;
}

static int spec_check(struct spec *s, int which, herr_t *err)
{
  if (s->store == NULL || s->id == NULL)
    return herr_fail(err, HERR_USAGE, "%s: --store and --id are required", s->verb);
  if (!spec_valid_id(s->id))
    return herr_fail(err, HERR_USAGE, "%s: --id must be 64 lowercase hex digits", s->verb);
  if (which == SPEC_FOR_RUN && s->n_layers == 0)
    return herr_fail(err, HERR_USAGE, "run: at least one --layer is required");
  if (s->n_veths > 0 && s->network != NETWORK_NEW)
    return herr_fail(err, HERR_USAGE, "run: --veth needs --network new");
  for (size_t i = 0; i < s->n_veths; i++)
    for (size_t j = 0; j < i; j++)
      if (s->veths[i].index == s->veths[j].index)
        return herr_fail(err, HERR_USAGE, "run: two --veth with index %d", s->veths[i].index);
  if (which == SPEC_FOR_EXEC && s->pid == NULL)
    return herr_fail(err, HERR_USAGE, "exec: --pid is required");
  if (s->hostname && check_hostname(s->hostname, err) < 0)
    return -1;
  if (runopts_check(&s->opts, s->network == NETWORK_HOST, err) < 0)
    return -1;
  if (s->cwd && check_container_path("--cwd", s->cwd, err) < 0)
    return -1;
  if (s->argv == NULL || s->argv[0] == NULL || s->argv[0][0] == '\0')
    return herr_fail(err, HERR_USAGE, "%s: a program is required after --", s->verb);
  s->env[s->n_env] = NULL;
  return caps_compute(s, err);
}

int spec_parse(struct spec *s, int which, int argc, char **argv, herr_t *err)
{
  int i = 0;
  s->verb = which == SPEC_FOR_RUN ? "run" : "exec";
  for (; i < argc && strcmp(argv[i], "--") != 0; i++)
    {
      size_t f = 0, n = sizeof flags / sizeof flags[0];
      while (f < n && !((flags[f].which & which) && strcmp(argv[i], flags[f].name) == 0))
        f++;
      if (f == n)
        return herr_fail(err, HERR_USAGE, "%s: unknown argument %.256s", s->verb, argv[i]);
      if (flags[f].kind == F_MULTI)
        {
          int count = (int) flags[f].offset;
          for (int k = 1; k <= count; k++)
            if (i + k >= argc || strcmp(argv[i + k], "--") == 0)
              return herr_fail(err, HERR_USAGE, "%s: %s needs %d values", s->verb, flags[f].name, count);
          if (mounts_take(s, flags[f].name, argv + i + 1, err) < 0)
            return -1;
          i += count;
          continue;
        }
      char *v = NULL;
      if (flags[f].kind != F_BOOL)
        {
          if (i + 1 >= argc || strcmp(argv[i + 1], "--") == 0)
            return herr_fail(err, HERR_USAGE, "%s: %s needs a value", s->verb, flags[f].name);
          v = argv[++i];
        }
      if (take_flag(s, &flags[f], v, err) < 0)
        return -1;
    }
  if (i < argc)
    s->argv = argv + i + 1;
  return spec_check(s, which, err);
}

const char *spec_getenv(const struct spec *s, const char *name)
{
  size_t n = strlen(name);
  const char *found = NULL;
  for (size_t i = 0; i < s->n_env; i++)
    if (strncmp(s->env[i], name, n) == 0 && s->env[i][n] == '=')
      found = s->env[i] + n + 1;
  return found;
}
