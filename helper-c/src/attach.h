/*
 * attach.sock: a unix stream socket in the container directory. Frames in
 * both directions are 1 byte type + 4 byte big-endian length + payload.
 */
#ifndef TSCONTAIN_ATTACH_H
#define TSCONTAIN_ATTACH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

enum attach_type
{
  ATTACH_STDIN = 0,       /* client -> monitor: bytes for the container's stdin */
  ATTACH_STDOUT = 1,      /* monitor -> client */
  ATTACH_STDERR = 2,      /* monitor -> client */
  ATTACH_EXIT = 3,        /* monitor -> client: exit code, 4 bytes big-endian, then EOF */
  ATTACH_RESIZE = 4,      /* client -> monitor: rows, cols as u16 big-endian */
  ATTACH_CLOSE_STDIN = 5, /* client -> monitor: no payload */
};

#define ATTACH_MAX_CLIENTS 16
#define ATTACH_MAX_PAYLOAD 65536

struct attach_client
{
  int fd;
  size_t len;
  unsigned char buf[5 + ATTACH_MAX_PAYLOAD];
};

struct attach
{
  int listen_fd;
  int dir_fd;
  struct attach_client *clients[ATTACH_MAX_CLIENTS];
};

typedef void (*attach_input_fn)(void *ctx, uint8_t type, const unsigned char *payload, size_t n);

int attach_listen(struct attach *a, int dir_fd, uid_t uid, gid_t gid, herr_t *err);
void attach_accept(struct attach *a);
void attach_broadcast(struct attach *a, uint8_t type, void *data, size_t n);
/* Reads what client I sent and calls FN per complete frame; drops it on EOF or a bad frame. */
void attach_read(struct attach *a, size_t i, attach_input_fn fn, void *ctx);
/* Closes every client and the listener, and removes the socket. */
void attach_close(struct attach *a);

#endif
