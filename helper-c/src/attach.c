/*
 * The monitor's attach server. Clients get the live output from the moment
 * they connect (history is in log.json). A client that does not keep up is
 * disconnected rather than allowed to stall the container's output.
 */
#include "attach.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "state.h"

int attach_listen(struct attach *a, int dir_fd, uid_t uid, gid_t gid, herr_t *err)
{
  memset(a->clients, 0, sizeof a->clients);
  a->dir_fd = dir_fd;
  a->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (a->listen_fd < 0)
    return herr_sys(err, "socket");
  /* sun_path is 108 bytes; the store path may be longer, the fd path is not. */
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  snprintf(addr.sun_path, sizeof addr.sun_path, "/proc/self/fd/%d/" ATTACH_SOCKET, dir_fd);
  unlinkat(dir_fd, ATTACH_SOCKET, 0);
  mode_t old = umask(077);
  int r = bind(a->listen_fd, (struct sockaddr *) &addr, sizeof addr);
  umask(old);
  if (r < 0)
    return herr_sys(err, "binding " ATTACH_SOCKET);
  /* Mode 0700 and owned by the caller: the engine may connect, nobody else. */
  if (fchownat(dir_fd, ATTACH_SOCKET, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
    return herr_sys(err, "chown " ATTACH_SOCKET);
  if (listen(a->listen_fd, 16) < 0)
    return herr_sys(err, "listen");
  return 0;
}

static void drop(struct attach *a, size_t i)
{
  close(a->clients[i]->fd);
  free(a->clients[i]);
  a->clients[i] = NULL;
}

void attach_accept(struct attach *a)
{
  int fd;
  while ((fd = accept4(a->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0)
    {
      size_t i = 0;
      while (i < ATTACH_MAX_CLIENTS && a->clients[i])
        i++;
      if (i == ATTACH_MAX_CLIENTS)
        {
          close(fd);
          continue;
        }
      int size = 1 << 20;
      setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
      a->clients[i] = xcalloc(1, sizeof *a->clients[i]);
      a->clients[i]->fd = fd;
    }
}

void attach_broadcast(struct attach *a, uint8_t type, void *data, size_t n)
{
  unsigned char hdr[5] = { type, (unsigned char) (n >> 24), (unsigned char) (n >> 16),
                           (unsigned char) (n >> 8), (unsigned char) n };
  for (size_t i = 0; i < ATTACH_MAX_CLIENTS; i++)
    {
      if (!a->clients[i])
        continue;
      struct iovec iov[2] = { { hdr, 5 }, { data, n } };
      struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
      ssize_t w = sendmsg(a->clients[i]->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w != (ssize_t) (n + 5))
        drop(a, i);
    }
}

void attach_read(struct attach *a, size_t i, attach_input_fn fn, void *ctx)
{
  struct attach_client *c = a->clients[i];
  ssize_t r = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
  if (r < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (r <= 0)
    {
      drop(a, i);
      return;
    }
  c->len += (size_t) r;
  while (c->len >= 5)
    {
      uint32_t n = (uint32_t) c->buf[1] << 24 | (uint32_t) c->buf[2] << 16
                   | (uint32_t) c->buf[3] << 8 | c->buf[4];
      uint8_t type = c->buf[0];
      bool ok = (type == ATTACH_STDIN && n <= ATTACH_MAX_PAYLOAD) || (type == ATTACH_RESIZE && n == 4)
                || (type == ATTACH_CLOSE_STDIN && n == 0);
      if (!ok)
        {
          drop(a, i);
          return;
        }
      if (c->len < 5 + n)
        return;
      fn(ctx, type, c->buf + 5, n);
      memmove(c->buf, c->buf + 5 + n, c->len - 5 - n);
      c->len -= 5 + n;
    }
}

void attach_close(struct attach *a)
{
  for (size_t i = 0; i < ATTACH_MAX_CLIENTS; i++)
    if (a->clients[i])
      drop(a, i);
  if (a->listen_fd >= 0)
    close(a->listen_fd);
  a->listen_fd = -1;
  unlinkat(a->dir_fd, ATTACH_SOCKET, 0);
}
