/*
 * What a container process should be, parsed from the run and exec argv.
 * Every value is validated here; later code trusts the struct.
 */
#ifndef TSCONTAIN_SPEC_H
#define TSCONTAIN_SPEC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "net.h"
#include "runopts.h"
#include "util.h"

#define SPEC_MAX_LAYERS 128
#define SPEC_MAX_ENV 4096
#define SPEC_MAX_CAPS 64
#define SPEC_MAX_GROUPS 64
#define SPEC_MAX_RLIMITS 16
#define SPEC_MAX_CGROUPS 16
#define SPEC_MAX_MASKS 32
#define SPEC_MAX_MOUNTS 64

enum spec_network
{
  NETWORK_NONE, /* new netns with only loopback (the default) */
  NETWORK_NEW,  /* new netns; the engine configures it */
  NETWORK_HOST, /* the host's netns */
};

enum spec_mount_kind
{
  MOUNT_BIND,
  MOUNT_TMPFS,
};

/* --bind / --tmpfs, validated by mounts.c; mounted in the order given. */
struct spec_mount
{
  enum spec_mount_kind kind;
  const char *source; /* bind: absolute host path */
  const char *target; /* absolute container path, resolved inside the root */
  bool read_only;
  unsigned long flags; /* tmpfs: MS_NOSUID | MS_NODEV | MS_NOEXEC by default */
  char data[96];       /* tmpfs: size=, mode=, uid=, gid= */
};

struct spec_rlimit
{
  int resource;
  struct rlimit limit;
};

struct spec
{
  const char *verb; /* "run" or "exec", for messages */
  const char *store;
  const char *id;
  const char *pid; /* exec only */
  const char *layers[SPEC_MAX_LAYERS];
  size_t n_layers;
  const char *hostname;
  const char *cwd;
  bool has_user;
  uid_t uid;
  gid_t gid;
  gid_t groups[SPEC_MAX_GROUPS];
  size_t n_groups;
  char *env[SPEC_MAX_ENV + 2]; /* NULL-terminated for execve; room for a default PATH */
  size_t n_env;
  const char *env_file; /* more entries, read by envfile_load() once the container dir is open */
  const char *cap_add[SPEC_MAX_CAPS];
  size_t n_cap_add;
  const char *cap_drop[SPEC_MAX_CAPS];
  size_t n_cap_drop;
  uint64_t caps; /* computed from the defaults, --cap-add/--cap-drop, --privileged */
  bool privileged, read_only, tty, open_stdin, init;
  bool wait_attach; /* run: hold the program before execve until the first attach client */
  bool auto_remove; /* run: the monitor removes the cgroups and the container directory at the end */
  struct spec_rlimit rlimits[SPEC_MAX_RLIMITS];
  size_t n_rlimits;
  const char *cgroups[SPEC_MAX_CGROUPS];
  size_t n_cgroups;
  enum spec_network network;
  struct net_veth veths[NET_MAX_VETHS]; /* --veth: with --network new */
  size_t n_veths;
  const char *masks[SPEC_MAX_MASKS];
  size_t n_masks;
  struct spec_mount mounts[SPEC_MAX_MOUNTS];
  size_t n_mounts;
  struct spec_runopts opts; /* --shm-size, --device, --sysctl, --no-new-privs (runopts.c) */
  char *const *argv; /* after "--", NULL-terminated */
};

/* ALLOW_RUN / ALLOW_EXEC select which flags the verb takes. */
enum
{
  SPEC_FOR_RUN = 1,
  SPEC_FOR_EXEC = 2,
};

int spec_parse(struct spec *s, int which, int argc, char **argv, herr_t *err);
/* The value of NAME in the spec's environment, or NULL. */
const char *spec_getenv(const struct spec *s, const char *name);
bool spec_valid_id(const char *id);

#endif
