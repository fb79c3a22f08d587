/*
 * Every path a layer names is resolved below the target directory fd, one
 * component at a time or with openat2(), and never through a symlink: an
 * earlier entry of the same layer must not be able to redirect a later
 * write (CVE-2018-15664, CVE-2019-10152, CVE-2021-32760).
 */
#include "path.h"

#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "overlay.h"

/*
 * Kernels before 5.6 lack openat2(): walk the components with O_NOFOLLOW,
 * which refuses symlinks as RESOLVE_NO_SYMLINKS does. Callers pass canonical
 * paths, so ".." is refused rather than interpreted.
 */
static int walk_nofollow(int dir_fd, const char *path, int flags)
{
  cleanup_free char *copy = xstrndup(path, strlen(path));
  cleanup_close int cur = -1;
  char *save = NULL;

  cur = openat(path[0] == '/' ? AT_FDCWD : dir_fd, path[0] == '/' ? "/" : ".",
               O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (cur < 0)
    return -1;
  char *comp = strtok_r(copy, "/", &save);
  if (comp == NULL)
    return openat(cur, ".", flags | O_CLOEXEC);
  while (comp)
    {
      char *next_comp = strtok_r(NULL, "/", &save);
      if (strcmp(comp, "..") == 0)
        {
          errno = EXDEV;
          return -1;
        }
      int fl = next_comp ? (O_PATH | O_DIRECTORY) : flags;
      int next = openat(cur, comp, fl | O_NOFOLLOW | O_CLOEXEC);
      if (next < 0)
        return -1;
      close(cur);
      cur = next;
      comp = next_comp;
    }
  return steal_fd(&cur);
}

int path_openat2(int dir_fd, const char *path, int flags, uint64_t resolve)
{
  static bool unsupported;
  if (!unsupported)
    {
      struct open_how how = { .flags = (uint64_t) (flags | O_CLOEXEC), .resolve = resolve };
      for (int tries = 0; tries < 16; tries++)
        {
          long fd = syscall(SYS_openat2, dir_fd, path, &how, sizeof how);
          if (fd >= 0)
            return (int) fd;
          if (errno == EAGAIN)
            continue;
          if (errno != ENOSYS)
            return -1;
          unsupported = true;
          break;
        }
      if (!unsupported)
        return -1;
    }
  return walk_nofollow(dir_fd, path, flags);
}

/*
 * Hostile names are refused, never rewritten: a layer that tries to climb
 * out fails the pull. Only harmless spellings are normalised ("./a",
 * "a//b", "a/./b", trailing "/"). The result "" names the layer root.
 */
int layer_path_clean(const char *raw, char **out, herr_t *err)
{
  const char *p = raw;
  if (*raw == '\0')
    return herr_fail(err, HERR_BADTAR, "empty entry name");
  while (p[0] == '.' && p[1] == '/')
    p += 2;
  if (*p == '/')
    return herr_fail(err, HERR_UNSAFE, "absolute name");

  size_t len = strlen(p);
  if (len >= PATH_MAX)
    return herr_errno(err, ENAMETOOLONG, "name");
  char *clean = xcalloc(len + 1, 1);
  size_t n = 0;
  while (*p)
    {
      size_t c = strcspn(p, "/");
      if (c == 2 && p[0] == '.' && p[1] == '.')
        {
          free(clean);
          return herr_fail(err, HERR_UNSAFE, "name contains \"..\"");
        }
      if (c > NAME_MAX)
        {
          free(clean);
          return herr_errno(err, ENAMETOOLONG, "name component");
        }
      if (c > 0 && !(c == 1 && p[0] == '.'))
        {
          if (n > 0)
            clean[n++] = '/';
          memcpy(clean + n, p, c);
          n += c;
        }
      p += c;
      while (*p == '/')
        p++;
    }
  clean[n] = '\0';
  *out = clean;
  return 0;
}

/* Splits a clean path in place into its directory ("" for the root) and last name. */
void layer_path_split(char *clean, const char **dir, const char **base)
{
  char *slash = strrchr(clean, '/');
  if (slash == NULL)
    {
      *dir = "";
      *base = clean;
      return;
    }
  *slash = '\0';
  *dir = clean;
  *base = slash + 1;
}

/* Parents missing from the tar are created root:root 0755 (what docker and containerd do). */
static int make_implicit_dir(int parent_fd, const char *name, int *out_fd, herr_t *err)
{
  if (mkdirat(parent_fd, name, 0755) < 0 && errno != EEXIST)
    return herr_sys(err, "creating directory");
  cleanup_close int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return herr_sys(err, "opening new directory");
  if (fchown(fd, 0, 0) < 0 || fchmod(fd, 0755) < 0)
    return herr_sys(err, "setting owner and mode of new directory");
  *out_fd = steal_fd(&fd);
  return 0;
}

/* Why a component could not be opened as a directory, for an exact report. */
static int step_failed(int cur, const char *comp, bool create, struct opaque_log *log,
                       const char *path, size_t path_len, int *out_fd, herr_t *err)
{
  int saved = errno;
  struct stat st;

  if (saved == ENOENT && create)
    return make_implicit_dir(cur, comp, out_fd, err);
  if (saved != ELOOP && saved != ENOTDIR)
    return herr_errno(err, saved, "opening directory");
  if (fstatat(cur, comp, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return herr_sys(err, "stat");
  if (S_ISLNK(st.st_mode))
    return herr_fail(err, HERR_UNSAFE, "path component is a symlink");
  /* A name this layer whited out and now fills: it becomes a directory that
   * still hides the lower one's children. */
  if (create && overlay_is_whiteout(&st))
    {
      if (unlinkat(cur, comp, 0) < 0)
        return herr_sys(err, "replacing whiteout");
      if (make_implicit_dir(cur, comp, out_fd, err) < 0)
        return -1;
      return overlay_mark_opaque_logged(*out_fd, log, path, path_len, err);
    }
  return herr_errno(err, ENOTDIR, "opening directory");
}

static int walk_layer(int root_fd, const char *rel, bool create, struct opaque_log *log, int *out_fd,
                      herr_t *err)
{
  cleanup_free char *copy = xstrndup(rel, strlen(rel));
  cleanup_close int cur = openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cur < 0)
    return herr_sys(err, "opening layer root");

  for (char *comp = *copy ? copy : NULL, *end; comp; comp = end)
    {
      end = strchr(comp, '/');
      if (end)
        *end++ = '\0';
      int next = openat(cur, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      size_t upto = (size_t) (comp - copy) + strlen(comp);
      if (next < 0 && step_failed(cur, comp, create, log, rel, upto, &next, err) < 0)
        return herr_context(err, "\"%.*s\"", (int) upto, rel);
      close(cur);
      cur = next;
    }
  *out_fd = steal_fd(&cur);
  return 0;
}

/*
 * RESOLVE_BENEATH rather than RESOLVE_IN_ROOT: clean names cannot climb, so
 * an attempt to leave is an error to report, not something to clamp.
 * Any failure falls back to the walk, which creates what is missing and
 * says which component was wrong.
 */
static int open_dir(int root_fd, const char *rel, bool create, struct opaque_log *log, int *out_fd,
                    herr_t *err)
{
  if (*rel != '\0')
    {
      int fd = path_openat2(root_fd, rel, O_RDONLY | O_DIRECTORY,
                            RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS
                                | RESOLVE_NO_XDEV);
      if (fd >= 0)
        {
          *out_fd = fd;
          return 0;
        }
    }
  return walk_layer(root_fd, rel, create, log, out_fd, err);
}

int layer_open_dir(int root_fd, const char *rel, bool create, int *out_fd, herr_t *err)
{
  return open_dir(root_fd, rel, create, NULL, out_fd, err);
}

int layer_open_dir_logged(int root_fd, const char *rel, struct opaque_log *log, int *out_fd, herr_t *err)
{
  return open_dir(root_fd, rel, true, log, out_fd, err);
}
