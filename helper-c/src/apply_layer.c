/*
 * apply-layer --store STORE --target DIR [--compression none|gzip] [--keep-blob yes]
 *
 * Reads an OCI layer tar on stdin (gunzipping it first with --compression
 * gzip) and writes it into the new directory DIR as an overlayfs lower
 * layer. On success it prints "diff_id sha256:<hex> <bytes>" of the tar (the
 * diff_id the engine checks) as the last line on stderr, after one line
 * "opaque <hex of the path>" per directory it marked opaque and
 * "opaque_dirs <count>" (the engine records them, so that reading the
 * container's /etc needs no xattr reads). On failure DIR is left as it is:
 * the engine only renames it into place after exit status 0. With
 * --keep-blob yes, the bytes read from stdin (the blob as it came) are also
 * written to stdout, which must be a file the caller opened, and flushed
 * before exit: the engine keeps the blob without writing it a second time.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "caller.h"
#include "instream.h"
#include "entry.h"
#include "overlay.h"
#include "path.h"
#include "policy.h"
#include "verbs.h"

#define WHITEOUT_PREFIX ".wh."
#define WHITEOUT_META_PREFIX ".wh..wh."
#define WHITEOUT_OPAQUE ".wh..wh..opq"

/* Entries come grouped by directory: keep the last parent open. */
struct parent_cache
{
  char *dir;
  int fd;
};

static int parent_open(struct layer *l, struct parent_cache *c, const char *dir, herr_t *err)
{
  if (c->dir && strcmp(c->dir, dir) == 0)
    return c->fd;
  free(c->dir);
  c->dir = NULL;
  if (c->fd >= 0)
    close(c->fd);
  c->fd = -1;
  if (layer_open_dir_logged(l->root_fd, dir, &l->opaque, &c->fd, err) < 0)
    return -1;
  c->dir = xstrndup(dir, strlen(dir));
  return c->fd;
}

/* AUFS bookkeeping (".wh..wh.plnk" and the like) has no meaning for overlayfs. */
static bool is_aufs_meta(const char *dir, const char *base)
{
  if (strncmp(base, WHITEOUT_META_PREFIX, strlen(WHITEOUT_META_PREFIX)) == 0
      && strcmp(base, WHITEOUT_OPAQUE) != 0)
    return true;
  for (const char *p = dir; *p;)
    {
      if (strncmp(p, WHITEOUT_META_PREFIX, strlen(WHITEOUT_META_PREFIX)) == 0)
        return true;
      const char *slash = strchr(p, '/');
      if (slash == NULL)
        break;
      p = slash + 1;
    }
  return false;
}

static int whiteout(const struct tar_entry *e, int parent_fd, const char *base, herr_t *err)
{
  const char *name = base + strlen(WHITEOUT_PREFIX);
  if (*name == '\0')
    return herr_fail(err, HERR_BADTAR, "whiteout without a name");
  if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
    return herr_fail(err, HERR_UNSAFE, "whiteout of \"%s\"", name);
  return overlay_whiteout(parent_fd, name, e->uid, e->gid, err);
}

static int apply_entry(struct layer *l, struct parent_cache *cache, const struct tar_entry *e,
                       herr_t *err)
{
  cleanup_free char *clean = NULL;
  if (layer_path_clean(e->path, &clean, err) < 0)
    return -1;
  if (*clean == '\0')
    return entry_root(l, e, err);

  cleanup_free char *full = xstrndup(clean, strlen(clean));
  const char *dir, *base;
  layer_path_split(clean, &dir, &base);
  if (is_aufs_meta(dir, base))
    return 0;

  int parent_fd = parent_open(l, cache, dir, err);
  if (parent_fd < 0)
    return -1;
  if (strcmp(base, WHITEOUT_OPAQUE) == 0)
    return layer_mark_opaque(l, parent_fd, dir, err);
  if (strncmp(base, WHITEOUT_PREFIX, strlen(WHITEOUT_PREFIX)) == 0)
    return whiteout(e, parent_fd, base, err);
  if (e->type == TAR_HARDLINK)
    return entry_hardlink(l, e, parent_fd, base, full, err);
  return entry_write(l, e, parent_fd, base, full, err);
}

static int apply_stream(struct layer *l, herr_t *err)
{
  struct parent_cache cache = { .dir = NULL, .fd = -1 };
  struct tar_entry *e;
  int r;

  while ((r = tar_next(l->tar, &e, err)) == 1)
    {
      if (apply_entry(l, &cache, e, err) < 0)
        {
          r = herr_context(err, "entry \"%.512s\"", e->path);
          break;
        }
    }
  free(cache.dir);
  if (cache.fd >= 0)
    close(cache.fd);
  return r < 0 ? -1 : 0;
}

/* Hex keeps any byte of a hostile name on its one line; stderr is
 * unbuffered, so each line is built first and written once. */
static void report_opaque(const struct layer *l)
{
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < l->opaque.n; i++)
    {
      const char *path = l->opaque.paths[i];
      size_t n = strlen(path);
      cleanup_free char *line = xcalloc(2 * n + 1, 1);
      for (size_t j = 0; j < n; j++)
        {
          line[2 * j] = digits[(unsigned char) path[j] >> 4];
          line[2 * j + 1] = digits[(unsigned char) path[j] & 15];
        }
      fprintf(stderr, "opaque %s\n", line);
    }
  fprintf(stderr, "opaque_dirs %zu\n", l->opaque.n);
}

/* Removes "NAME VALUE" from argv if present (the shared parser wants every
 * flag it is given), so older callers that omit it keep working. */
static int take_optional_flag(int *argc, char **argv, const char *name, const char **value, herr_t *err)
{
  for (int i = 0; i < *argc; i += 2)
    {
      if (strcmp(argv[i], name) != 0)
        continue;
      if (i + 1 >= *argc || argv[i + 1][0] == '\0')
        return herr_fail(err, HERR_USAGE, "apply-layer: %s needs a value", name);
      if (*value != NULL)
        return herr_fail(err, HERR_USAGE, "apply-layer: %s given twice", name);
      *value = argv[i + 1];
      memmove(&argv[i], &argv[i + 2], (size_t) (*argc - i - 2) * sizeof *argv);
      *argc -= 2;
      i -= 2;
    }
  return 0;
}

static int keep_blob(struct instream *in, const char *arg, herr_t *err)
{
  if (strcmp(arg, "yes") != 0 && strcmp(arg, "no") != 0)
    return herr_fail(err, HERR_USAGE, "apply-layer: --keep-blob takes yes or no");
  return strcmp(arg, "yes") == 0 ? instream_copy_to(in, STDOUT_FILENO, err) : 0;
}

int verb_apply_layer(int argc, char **argv, herr_t *err)
{
  const char *store = NULL, *target = NULL, *compression = NULL, *keep = NULL;
  struct verb_flag flags[] = { { "--store", &store }, { "--target", &target } };

  if (take_optional_flag(&argc, argv, "--compression", &compression, err) < 0
      || take_optional_flag(&argc, argv, "--keep-blob", &keep, err) < 0)
    return -1;
  cleanup_close int store_fd = -1;
  cleanup_close int root_fd = -1;

  if (parse_verb_flags("apply-layer", argc, argv, flags, sizeof flags / sizeof flags[0], err) < 0)
    return -1;
  /* Nothing here ever executes a program. */
  if (no_new_privs(err) < 0 || privileges_for_files(err) < 0)
    return -1;
  struct instream in;
  if (instream_open(&in, STDIN_FILENO, compression, err) < 0
      || (keep != NULL && keep_blob(&in, keep, err) < 0))
    {
      instream_close(&in);
      return -1;
    }
  if (store_open(store, &store_fd, err) < 0 || target_create(store_fd, store, target, &root_fd, err) < 0)
    return -1;

  /* A 1 MiB pipe lets the engine write ahead instead of waiting on every
   * 64 KiB; it is only a hint, so failure (stdin not a pipe) is fine. */
  (void) fcntl(STDIN_FILENO, F_SETPIPE_SZ, 1 << 20);
  struct tar_reader tar;
  tar_reader_init(&tar, &in);
  struct layer l = { .root_fd = root_fd, .tar = &tar, .buf = xcalloc(LAYER_COPY_BUFFER, 1) };
  int r = apply_stream(&l, err);
  if (r == 0)
    r = layer_finish_dir_times(&l, err);
  if (r == 0)
    r = tar_drain(&tar, err);
  if (r == 0)
    r = instream_copy_sync(&in, err);
  /* The engine commits the layer right after we exit: it must be on disk. */
  if (r == 0 && syncfs(root_fd) < 0)
    r = herr_sys(err, "syncfs");
  if (r == 0)
    {
      char digest[7 + SHA256_HEX_LEN + 1];
      instream_digest(&in, digest);
      report_opaque(&l);
      fprintf(stderr, "diff_id %s %llu\n", digest, (unsigned long long) in.total);
      if (fflush(stderr) != 0)
        r = herr_sys(err, "reporting the digest");
    }

  for (size_t i = 0; i < l.n_dir_times; i++)
    free(l.dir_times[i].path);
  free(l.dir_times);
  opaque_log_free(&l.opaque);
  free(l.buf);
  tar_reader_free(&tar);
  instream_close(&in);
  if (r < 0)
    return herr_context(err, "apply-layer %.512s", target);
  return 0;
}
