/*
 * One message per SOCK_SEQPACKET datagram, so the child's last words (an
 * error) and EOF (its CLOEXEC end closed by a successful execve) cannot mix.
 */
#include "sync.h"

#include <string.h>
#include <sys/socket.h>

int sync_send(int sock, char type, const herr_t *e, int fd)
{
  struct sync_msg msg;
  memset(&msg, 0, sizeof msg);
  msg.type = type;
  if (e)
    msg.err = *e;
  struct iovec iov = { .iov_base = &msg, .iov_len = sizeof msg };
  union
  {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } ctl;
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
  if (fd >= 0)
    {
      memset(&ctl, 0, sizeof ctl);
      mh.msg_control = ctl.buf;
      mh.msg_controllen = sizeof ctl.buf;
      struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN(sizeof(int));
      memcpy(CMSG_DATA(c), &fd, sizeof fd);
    }
  ssize_t r;
  do
    r = sendmsg(sock, &mh, MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  return r == (ssize_t) sizeof msg ? 0 : -1;
}

int sync_recv(int sock, struct sync_msg *msg, int *fd)
{
  union
  {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } ctl;
  struct iovec iov = { .iov_base = msg, .iov_len = sizeof *msg };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
                       .msg_controllen = sizeof ctl.buf };
  ssize_t r;
  do
    r = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
  while (r < 0 && errno == EINTR);
  if (r == 0)
    return 0;
  if (r != (ssize_t) sizeof *msg)
    return -1;
  msg->err.msg[sizeof msg->err.msg - 1] = '\0';
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && fd)
      memcpy(fd, CMSG_DATA(c), sizeof *fd);
  return 1;
}
