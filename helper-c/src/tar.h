/* A streaming reader for ustar/POSIX tar with GNU and PAX extensions. */
#ifndef TSCONTAIN_TAR_H
#define TSCONTAIN_TAR_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "instream.h"
#include "util.h"

#define TAR_BLOCK 512
/* Bound on one extended header ('x', 'g', 'L', 'K'): they are held in memory. */
#define TAR_MAX_META (1024 * 1024)

enum tar_type
{
  TAR_REG,
  TAR_HARDLINK,
  TAR_SYMLINK,
  TAR_CHR,
  TAR_BLK,
  TAR_DIR,
  TAR_FIFO,
};

struct tar_xattr
{
  char *name;
  char *value;
  size_t len;
};

struct tar_xattrs
{
  struct tar_xattr *v;
  size_t n;
};

/* PAX values; a bit in `have` means the value overrides the header field. */
enum
{
  PAX_PATH = 1 << 0,
  PAX_LINKPATH = 1 << 1,
  PAX_SIZE = 1 << 2,
  PAX_UID = 1 << 3,
  PAX_GID = 1 << 4,
  PAX_MTIME = 1 << 5,
};

struct pax
{
  unsigned have;
  char *path;
  char *linkpath;
  uint64_t size;
  uint32_t uid;
  uint32_t gid;
  struct timespec mtime;
  struct tar_xattrs xattrs;
};

int pax_parse(struct pax *pax, const char *buf, size_t len, herr_t *err);
void pax_free(struct pax *pax);

/* One member. Strings are NUL-free (checked) and raw: callers validate names. */
struct tar_entry
{
  enum tar_type type;
  char *path;
  char *linkpath;
  uint32_t mode; /* permission bits with setuid, setgid and sticky */
  uint32_t uid;
  uint32_t gid;
  uint32_t devmajor;
  uint32_t devminor;
  struct timespec mtime;
  uint64_t size;
  struct tar_xattrs xattrs; /* global ones first, so the entry's own win */
};

struct tar_reader
{
  struct instream *in;
  bool done;
  uint64_t offset;    /* bytes consumed, for messages */
  uint64_t remaining; /* unread data of the current entry */
  uint64_t padding;   /* then this many bytes up to the block boundary */
  struct pax global;
  struct pax local;
  char *gnu_path;
  char *gnu_linkpath;
  struct tar_entry entry;
};

void tar_reader_init(struct tar_reader *r, struct instream *in);
void tar_reader_free(struct tar_reader *r);
/* 1: an entry is in *out (valid until the next call); 0: end of archive. */
int tar_next(struct tar_reader *r, struct tar_entry **out, herr_t *err);
/* Reads the current entry's data; 0 once it is all read. */
ssize_t tar_read_data(struct tar_reader *r, void *buf, size_t n, herr_t *err);
/* Reads to EOF: bytes after the end marker count in the diff_id, and the
 * writer never sees EPIPE for them. */
int tar_drain(struct tar_reader *r, herr_t *err);

/* Exposed for unit tests. */
int tar_parse_number(const char *field, size_t len, bool allow_negative, int64_t *out);

#endif
