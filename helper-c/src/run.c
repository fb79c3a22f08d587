/*
 * run --store S --id ID --layer DIR... [options] -- ARGV...
 *
 * The starter: validates everything while it is still talking to the
 * caller, opens every path it will need as an fd, then forks the monitor
 * (double fork + setsid, so it outlives us) and waits for the monitor's
 * report: the container's pid once its program was exec'd, or the error.
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devices.h"
#include "envfile.h"
#include "path.h"
#include "policy.h"
#include "run.h"
#include "sealed.h"
#include "state.h"
#include "sync.h"
#include "verbs.h"

/* Exactly STORE/layers/<64 hex>/diff, opened without symlinks and root-owned. */
static int open_layer(int store_fd, const char *store, const char *layer, int *out_fd, herr_t *err)
{
  size_t n = strlen(store);
  const char *rel = layer + n + 1;
  char hex[65];
  if (strncmp(layer, store, n) != 0 || layer[n] != '/' || strncmp(rel, "layers/", 7) != 0
      || strlen(rel) != 7 + 64 + 5 || strcmp(rel + 7 + 64, "/diff") != 0)
    return herr_fail(err, HERR_DENIED, "layer %.256s is not %s/layers/<id>/diff", layer, store);
  memcpy(hex, rel + 7, 64);
  hex[64] = '\0';
  if (!spec_valid_id(hex))
    return herr_fail(err, HERR_DENIED, "layer %.256s is not %s/layers/<id>/diff", layer, store);
  cleanup_close int fd = path_openat2(store_fd, rel, O_PATH | O_DIRECTORY,
                                      RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) < 0)
    {
      herr_sys(err, "opening layer %.256s", layer);
      err->code = HERR_DENIED;
      return -1;
    }
  if (st.st_uid != 0)
    return herr_fail(err, HERR_DENIED, "layer %.256s is not owned by root", layer);
  *out_fd = steal_fd(&fd);
  return 0;
}

static int prepare(struct run_ctx *ctx, herr_t *err)
{
  struct spec *s = ctx->spec;
  cleanup_close int store_fd = -1;
  if (store_open(s->store, &store_fd, err) < 0
      || mounts_open_sources(s, store_fd, ctx->rootfs.mounts, err) < 0
      || container_dir_open(store_fd, s->id, &ctx->cdir_fd, err) < 0
      || envfile_load(s, SPEC_FOR_RUN, ctx->cdir_fd, err) < 0)
    return -1;
  for (size_t i = 0; i < s->n_layers; i++)
    if (open_layer(store_fd, s->store, s->layers[i], &ctx->rootfs.layer_fds[i], err) < 0)
      return -1;
  ctx->rootfs.n_layers = s->n_layers;
  for (size_t i = 0; i < s->n_cgroups; i++)
    if (cgroups_add(&ctx->cgroups, s->cgroups[i], err) < 0)
      return -1;
  if (s->auto_remove)
    {
      ctx->containers_fd = openat(store_fd, "containers", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (ctx->containers_fd < 0)
        return herr_sys(err, "opening %s/containers", s->store);
    }
  if (state_monitor_alive(ctx->cdir_fd))
    return herr_fail(err, HERR_DENIED, "container %.12s is already running", s->id);
  if (devices_confine(&ctx->cgroups, s->privileged, &s->opts, err) < 0)
    return -1;
  /* The overlay's root directory takes the upper dir's owner and mode. */
  if (container_subdir(ctx->cdir_fd, "upper", 0755, &ctx->rootfs.upper_fd, err) < 0
      || container_subdir(ctx->cdir_fd, "work", 0700, &ctx->rootfs.work_fd, err) < 0
      || container_subdir(ctx->cdir_fd, "rootfs", 0755, &ctx->rootfs.mnt_fd, err) < 0)
    return -1;
  ctx->rootfs.cdir_fd = ctx->cdir_fd;
  ctx->caller_uid = getuid();
  ctx->caller_gid = getgid();
  return 0;
}

/* The middle process of the double fork: a new session, then gone. */
_Noreturn static void start_monitor(struct run_ctx *ctx, int report_r)
{
  close(report_r);
  if (setsid() < 0)
    _exit(HERR_IO);
  pid_t pid = fork();
  if (pid < 0)
    _exit(HERR_IO);
  if (pid > 0)
    _exit(0);
  monitor_main(ctx);
}

int verb_run(int argc, char **argv, herr_t *err)
{
  if (sealed_reexec(helper_argv, err) < 0)
    return -1;
  static struct spec s;
  static struct run_ctx ctx;
  ctx.spec = &s;
  ctx.cdir_fd = ctx.report_fd = ctx.containers_fd = -1;
  cgroups_init(&ctx.cgroups);
  if (spec_parse(&s, SPEC_FOR_RUN, argc, argv, err) < 0)
    return -1;
  /* Left unreaped on an early error: it ends at once and init reaps it. */
  pid_t prewarm = s.n_cgroups > 0 ? cgroups_prewarm() : -1;
  if (prepare(&ctx, err) < 0)
    return -1;

  int report[2];
  if (pipe2(report, O_CLOEXEC) < 0)
    return herr_sys(err, "pipe");
  ctx.report_fd = report[1];
  fflush(stdout);
  pid_t mid = fork();
  if (mid < 0)
    return herr_sys(err, "fork");
  if (mid == 0)
    start_monitor(&ctx, report[0]);
  close(report[1]);
  int status;
  waitpid(mid, &status, 0);
  if (prewarm > 0)
    waitpid(prewarm, &status, 0);

  struct start_report r;
  ssize_t got = read_full(report[0], &r, sizeof r);
  close(report[0]);
  if (got != (ssize_t) sizeof r)
    return herr_fail(err, HERR_IO, "the monitor exited before the container started");
  if (!r.ok)
    {
      *err = r.err;
      err->msg[sizeof err->msg - 1] = '\0';
      return -1;
    }
  printf("{\"pid\":%d,\"monitorPid\":%d}\n", (int) r.pid, (int) r.monitor_pid);
  if (fflush(stdout) != 0)
    return herr_sys(err, "writing to stdout");
  return 0;
}
