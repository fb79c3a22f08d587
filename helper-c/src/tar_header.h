/* The on-disk ustar header block, shared by the reader and the field parser. */
#ifndef TSCONTAIN_TAR_HEADER_H
#define TSCONTAIN_TAR_HEADER_H

#include "tar.h"

struct tar_header
{
  char name[100];
  char mode[8];
  char uid[8];
  char gid[8];
  char size[12];
  char mtime[12];
  char chksum[8];
  char typeflag;
  char linkname[100];
  char magic[6];
  char version[2];
  char uname[32];
  char gname[32];
  char devmajor[8];
  char devminor[8];
  char prefix[155];
  char pad[12];
};
_Static_assert(sizeof(struct tar_header) == TAR_BLOCK, "tar header is one block");

bool tar_header_checksum_ok(const struct tar_header *h);
/* Builds r->entry from the header and the pending PAX and GNU values. */
int tar_header_fill(struct tar_reader *r, const struct tar_header *h, uint64_t size, herr_t *err);

#endif
