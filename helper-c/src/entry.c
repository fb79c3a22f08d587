/*
 * Creating one member. Nodes are made with *at calls relative to the held
 * parent directory fd and O_NOFOLLOW/O_EXCL: a name that already exists is
 * unlinked first, so a symlink left by an earlier entry is replaced, never
 * written through.
 */
#include "entry.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "meta.h"
#include "overlay.h"
#include "path.h"

enum existing
{
  EXISTING_NONE,
  EXISTING_DIR,
  EXISTING_WHITEOUT,
  EXISTING_OTHER,
};

/*
 * A later entry replaces an earlier non-directory. Directories are never
 * replaced: that keeps every held directory fd valid, and a layer has no
 * reason to turn its own directory into a file.
 */
static int make_room(int parent_fd, const char *name, bool for_dir, enum existing *was,
                     herr_t *err)
{
  struct stat st;
  *was = EXISTING_NONE;
  if (fstatat(parent_fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    {
      if (errno == ENOENT)
        return 0;
      return herr_sys(err, "stat");
    }
  if (S_ISDIR(st.st_mode))
    {
      *was = EXISTING_DIR;
      if (for_dir)
        return 0;
      return herr_fail(err, HERR_BADTAR, "a non-directory would replace a directory");
    }
  *was = overlay_is_whiteout(&st) ? EXISTING_WHITEOUT : EXISTING_OTHER;
  if (unlinkat(parent_fd, name, 0) < 0)
    return herr_sys(err, "removing the earlier entry");
  return 0;
}

static int write_file(struct layer *l, const struct tar_entry *e, int parent_fd, const char *name,
                      herr_t *err)
{
  cleanup_close int fd = openat(parent_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                                0600);
  if (fd < 0)
    return herr_sys(err, "creating file");
  for (;;)
    {
      ssize_t n = tar_read_data(l->tar, l->buf, LAYER_COPY_BUFFER, err);
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      if (write_all(fd, l->buf, (size_t) n) < 0)
        return herr_sys(err, "writing file data");
    }
  if (meta_apply_fd(fd, e, true, err) < 0)
    return -1;
  /* Some filesystems report a full disk only at close. */
  if (close(steal_fd(&fd)) < 0)
    return herr_sys(err, "closing file");
  return 0;
}

int layer_mark_opaque(struct layer *l, int dir_fd, const char *clean, herr_t *err)
{
  return overlay_mark_opaque_logged(dir_fd, &l->opaque, clean, strlen(clean), err);
}

static int write_dir(struct layer *l, const struct tar_entry *e, int parent_fd, const char *name,
                     const char *clean, enum existing was, herr_t *err)
{
  if (was != EXISTING_DIR && mkdirat(parent_fd, name, 0700) < 0)
    return herr_sys(err, "creating directory");
  cleanup_close int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return herr_sys(err, "opening directory");
  if (meta_apply_fd(fd, e, false, err) < 0)
    return -1;
  /* The layer removed NAME from below and then created it: keep hiding the old children. */
  if (was == EXISTING_WHITEOUT && layer_mark_opaque(l, fd, clean, err) < 0)
    return -1;
  meta_defer_dir_time(l, clean, e);
  return 0;
}

static int write_node(const struct tar_entry *e, int parent_fd, const char *name, herr_t *err)
{
  switch (e->type)
    {
    case TAR_SYMLINK:
      if (*e->linkpath == '\0')
        return herr_fail(err, HERR_BADTAR, "symlink with an empty target");
      /* Written as given: the container resolves it later, against its own root. */
      if (symlinkat(e->linkpath, parent_fd, name) < 0)
        return herr_sys(err, "creating symlink");
      break;
    case TAR_CHR:
    case TAR_BLK:
      if (mknodat(parent_fd, name, (e->type == TAR_CHR ? S_IFCHR : S_IFBLK) | 0600,
                  makedev(e->devmajor, e->devminor))
          < 0)
        return herr_sys(err, "creating device %u:%u", e->devmajor, e->devminor);
      break;
    case TAR_FIFO:
      if (mknodat(parent_fd, name, S_IFIFO | 0600, 0) < 0)
        return herr_sys(err, "creating fifo");
      break;
    default:
      return herr_fail(err, HERR_IO, "unexpected entry type %d", (int) e->type);
    }
  return meta_apply_at(parent_fd, name, e, err);
}

int entry_write(struct layer *l, const struct tar_entry *e, int parent_fd, const char *name,
                const char *clean, herr_t *err)
{
  enum existing was;
  if (make_room(parent_fd, name, e->type == TAR_DIR, &was, err) < 0)
    return -1;
  switch (e->type)
    {
    case TAR_REG:
      return write_file(l, e, parent_fd, name, err);
    case TAR_DIR:
      return write_dir(l, e, parent_fd, name, clean, was, err);
    case TAR_HARDLINK:
      return herr_fail(err, HERR_IO, "hardlink passed to entry_write");
    default:
      return write_node(e, parent_fd, name, err);
    }
}

/* "./" itself: the target directory we created takes the entry's metadata. */
int entry_root(struct layer *l, const struct tar_entry *e, herr_t *err)
{
  if (e->type != TAR_DIR)
    return herr_fail(err, HERR_UNSAFE, "the layer root would become a non-directory");
  if (meta_apply_fd(l->root_fd, e, false, err) < 0)
    return -1;
  meta_defer_dir_time(l, "", e);
  return 0;
}

/*
 * The target is resolved below the root like any name, must already exist
 * in this layer and must not be a directory. linkat() without
 * AT_SYMLINK_FOLLOW links a symlink itself, never what it points to.
 */
int entry_hardlink(struct layer *l, const struct tar_entry *e, int parent_fd, const char *name,
                   const char *clean, herr_t *err)
{
  cleanup_free char *target = NULL;
  if (layer_path_clean(e->linkpath, &target, err) < 0)
    return herr_context(err, "hardlink target \"%.512s\"", e->linkpath);
  if (*target == '\0')
    return herr_fail(err, HERR_UNSAFE, "hardlink to the layer root");
  if (strcmp(target, clean) == 0)
    return 0;

  const char *tdir, *tbase;
  layer_path_split(target, &tdir, &tbase);
  cleanup_close int tdir_fd = -1;
  if (layer_open_dir(l->root_fd, tdir, false, &tdir_fd, err) < 0)
    {
      if (err->code == HERR_IO && (err->errnum == ENOENT || err->errnum == ENOTDIR))
        err->code = HERR_BADTAR;
      return herr_context(err, "hardlink target \"%.512s\"", e->linkpath);
    }
  struct stat st;
  if (fstatat(tdir_fd, tbase, &st, AT_SYMLINK_NOFOLLOW) < 0)
    {
      herr_sys(err, "hardlink target \"%.512s\"", e->linkpath);
      if (errno == ENOENT)
        err->code = HERR_BADTAR;
      return -1;
    }
  if (S_ISDIR(st.st_mode))
    return herr_fail(err, HERR_UNSAFE, "hardlink to directory \"%.512s\"", e->linkpath);

  enum existing was;
  if (make_room(parent_fd, name, false, &was, err) < 0)
    return -1;
  if (linkat(tdir_fd, tbase, parent_fd, name, 0) < 0)
    return herr_sys(err, "linking to \"%.512s\"", e->linkpath);
  return 0;
}
