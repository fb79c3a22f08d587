/*
 * A tiny tar writer for tests. It writes whatever it is told, hostile
 * names included, which no real tar tool does.
 */
#ifndef TSCONTAIN_TESTS_TARW_H
#define TSCONTAIN_TESTS_TARW_H

#include <stddef.h>
#include <stdint.h>

struct tarw
{
  unsigned char *buf;
  size_t len;
  size_t cap;
};

struct tarw_hdr
{
  const char *name; /* copied raw, at most 100 bytes */
  char type;        /* '0', '1', '2', ... */
  unsigned mode;
  uint64_t uid;     /* values that do not fit octal are written base-256 */
  uint64_t gid;
  int64_t mtime;
  uint64_t size;
  const char *linkname;
  unsigned devmajor;
  unsigned devminor;
  const char *prefix; /* ustar prefix field */
  int gnu_magic;      /* "ustar  " instead of POSIX "ustar\0" "00" */
};

void tarw_free(struct tarw *w);
/* Returns the offset of the header block, for tests that corrupt it. */
size_t tarw_header(struct tarw *w, const struct tarw_hdr *h);
void tarw_data(struct tarw *w, const void *data, size_t n);
void tarw_raw(struct tarw *w, const void *data, size_t n);
void tarw_end(struct tarw *w);

void tarw_file(struct tarw *w, const char *name, unsigned mode, const char *content);
void tarw_file_owned(struct tarw *w, const char *name, unsigned mode, unsigned uid, unsigned gid,
                     int64_t mtime, const void *content, size_t n);
void tarw_dir(struct tarw *w, const char *name, unsigned mode);
void tarw_dir_owned(struct tarw *w, const char *name, unsigned mode, unsigned uid, unsigned gid,
                    int64_t mtime);
void tarw_symlink(struct tarw *w, const char *name, const char *target);
void tarw_hardlink(struct tarw *w, const char *name, const char *target);
void tarw_node(struct tarw *w, const char *name, char type, unsigned mode, unsigned major,
               unsigned minor);
/* A PAX header ('x' or 'g') with N records; values carry their length (binary xattrs). */
void tarw_pax(struct tarw *w, char type, size_t n, const char *const keys[],
              const char *const values[], const size_t value_lens[]);
/* A GNU 'L' or 'K' header carrying NAME of LEN bytes (NUL bytes allowed). */
void tarw_gnu_long(struct tarw *w, char type, const char *name, size_t len);

#endif
