/*
 * The monitor (conmon's job): detached from the CLI, it is the container's
 * parent for its whole life. It holds the pty master or the pipes, writes
 * log.json, serves attach.sock, and records exit.json when the container
 * ends. It stays outside the container's namespaces, so nothing in the
 * container can see it.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attach.h"
#include "net.h"
#include "logjson.h"
#include "run.h"
#include "state.h"
#include "sync.h"

#define STDIN_PENDING_MAX (1 << 20)
#define DRAIN_MS 2000
#define HOLD_MS 10000 /* --wait-attach: how long the program waits for a first client */

struct monitor
{
  struct run_ctx *ctx;
  pid_t pid;
  int log_fd;
  int out_fd[2];   /* pty master or stdout pipe; stderr pipe */
  int stdin_fd;    /* pty master, stdin pipe, or -1 */
  bool close_stdin_pending;
  char *pending;   /* stdin bytes the container has not read yet */
  size_t n_pending;
  struct log_stream streams[2];
  struct attach attach;
  int held_sync;     /* --wait-attach: the sync socket while the program waits, else -1 */
  long hold_deadline;
  bool child_reported; /* the container's setup sent its own error and is exiting with its code */
};

static void report(struct run_ctx *ctx, bool ok, pid_t pid, const herr_t *err)
{
  struct start_report r;
  memset(&r, 0, sizeof r);
  r.ok = ok;
  r.pid = pid;
  r.monitor_pid = getpid();
  if (err)
    r.err = *err;
  (void) !write_all(ctx->report_fd, &r, sizeof r);
  close(ctx->report_fd);
  ctx->report_fd = -1;
}

/*
 * --auto-remove (`run --rm`, also with -d): no daemon is left to remove the
 * container, so its monitor does, before it tells attach clients the exit
 * code (a foreground `run --rm` returns with the container gone). Only what
 * the starter opened and checked: the cgroups' parents and the container
 * directory under the store. config.json goes first, as every reader
 * ignores a directory without it; an engine write racing in is retried.
 */
static void auto_remove(struct run_ctx *ctx)
{
  herr_t ignored;
  struct stat st;
  cgroups_remove(&ctx->cgroups);
  cgroups_close(&ctx->cgroups);
  unlinkat(ctx->cdir_fd, "config.json", 0);
  if (fstat(ctx->cdir_fd, &st) < 0)
    return;
  for (int attempt = 0; attempt < 3; attempt++)
    {
      if (remove_tree(ctx->cdir_fd, st.st_dev, 0, &ignored) < 0)
        continue;
      if (unlinkat(ctx->containers_fd, ctx->spec->id, AT_REMOVEDIR) == 0 || errno == ENOENT)
        return;
    }
}

_Noreturn static void finish(struct monitor *m, int status)
{
  char buf[256];
  herr_t ignored;
  for (int i = 0; i < 2; i++)
    log_flush(m->log_fd, &m->streams[i]);
  exit_json(buf, sizeof buf, status);
  /* An auto-removed container's files go in a moment: nothing to keep across a crash. */
  write_atomic(m->ctx->cdir_fd, EXIT_FILE, buf, !m->ctx->spec->auto_remove, &ignored);
  /* The pids in it mean nothing any more: kill and exec now say "not running". */
  unlinkat(m->ctx->cdir_fd, STATE_FILE, 0);
  if (m->ctx->spec->auto_remove)
    auto_remove(m->ctx);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  unsigned char be[4] = { (unsigned char) (code >> 24), (unsigned char) (code >> 16),
                          (unsigned char) (code >> 8), (unsigned char) code };
  attach_broadcast(&m->attach, ATTACH_EXIT, be, 4);
  attach_close(&m->attach);
  _exit(0);
}

_Noreturn static void fail(struct monitor *m, herr_t *err, int sync)
{
  if (m->pid > 0)
    {
      int status = 0;
      /* A child that reported its failure (a failed execve: 126/127) exits by
         itself: give it a moment, so exit.json has its code and not SIGKILL's. */
      pid_t done = 0;
      for (int i = 0; m->child_reported && i < 200 && done == 0; i++)
        if ((done = waitpid(m->pid, &status, WNOHANG)) == 0)
          usleep(5000);
      if (done <= 0)
        {
          kill(m->pid, SIGKILL);
          waitpid(m->pid, &status, 0);
        }
      if (sync >= 0)
        close(sync);
      report(m->ctx, false, m->pid, err);
      finish(m, status);
    }
  report(m->ctx, false, 0, err);
  attach_close(&m->attach);
  _exit(0);
}

static void stdin_flush(struct monitor *m)
{
  while (m->n_pending > 0)
    {
      ssize_t w = write(m->stdin_fd, m->pending, m->n_pending);
      if (w < 0 && errno == EAGAIN)
        return;
      if (w <= 0)
        {
          m->n_pending = 0; /* the container closed its stdin: drop the rest */
          break;
        }
      memmove(m->pending, m->pending + w, m->n_pending - (size_t) w);
      m->n_pending -= (size_t) w;
    }
  if (m->close_stdin_pending && m->stdin_fd >= 0)
    {
      if (m->ctx->spec->tty)
        (void) !write(m->stdin_fd, "\x04", 1); /* VEOF: a terminal has no half-close */
      else
        close(m->stdin_fd);
      m->stdin_fd = -1;
      m->close_stdin_pending = false;
    }
}

static void on_input(void *arg, uint8_t type, const unsigned char *p, size_t n)
{
  struct monitor *m = arg;
  if (type == ATTACH_RESIZE && m->ctx->spec->tty)
    {
      struct winsize ws = { .ws_row = (unsigned short) (p[0] << 8 | p[1]),
                            .ws_col = (unsigned short) (p[2] << 8 | p[3]) };
      ioctl(m->out_fd[0], TIOCSWINSZ, &ws);
      return;
    }
  if (m->stdin_fd < 0 || m->close_stdin_pending)
    return;
  if (type == ATTACH_CLOSE_STDIN)
    m->close_stdin_pending = true;
  else if (type == ATTACH_STDIN && m->n_pending + n <= STDIN_PENDING_MAX)
    {
      memcpy(m->pending + m->n_pending, p, n);
      m->n_pending += n;
    }
  stdin_flush(m);
}

/* Returns false once the stream has ended (EOF, or EIO from a pty without slaves). */
static bool pump(struct monitor *m, int i)
{
  static char buf[65536];
  ssize_t r = read(m->out_fd[i], buf, sizeof buf);
  if (r < 0 && (errno == EAGAIN || errno == EINTR))
    return true;
  if (r <= 0)
    {
      close(m->out_fd[i]);
      m->out_fd[i] = -1;
      return false;
    }
  log_feed(m->log_fd, &m->streams[i], buf, (size_t) r);
  attach_broadcast(&m->attach, i == 0 ? ATTACH_STDOUT : ATTACH_STDERR, buf, (size_t) r);
  return true;
}

static long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int handshake(struct monitor *m, int sync, herr_t *err);

/*
 * --wait-attach: lets the held program execve. The starter has long had
 * its report, so a failed execve (126/127) reaches the user as an output
 * line (the helper's usual one-line format) and the exit code.
 */
static void release(struct monitor *m)
{
  int sync = m->held_sync;
  m->held_sync = -1;
  herr_t err = { 0 };
  int r = sync_send(sync, SYNC_START, NULL, -1) < 0 ? -1 : handshake(m, sync, &err);
  close(sync);
  if (r == 0)
    return;
  if (err.code == HERR_OK)
    herr_fail(&err, HERR_IO, "starting the held container program");
  char line[sizeof err.msg * 4 + 256];
  size_t n = herr_format(&err, line, sizeof line);
  int i = m->ctx->spec->tty ? 0 : 1;
  log_feed(m->log_fd, &m->streams[i], line, n);
  attach_broadcast(&m->attach, i == 0 ? ATTACH_STDOUT : ATTACH_STDERR, line, n);
}

static bool has_client(const struct attach *a)
{
  for (size_t i = 0; i < ATTACH_MAX_CLIENTS; i++)
    if (a->clients[i])
      return true;
  return false;
}

_Noreturn static void serve(struct monitor *m, int pidfd)
{
  int status = 0;
  long deadline = -1;
  for (;;)
    {
      struct pollfd p[5 + ATTACH_MAX_CLIENTS];
      p[0] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
      p[1] = (struct pollfd){ .fd = m->out_fd[0], .events = POLLIN };
      p[2] = (struct pollfd){ .fd = m->out_fd[1], .events = POLLIN };
      p[3] = (struct pollfd){ .fd = m->attach.listen_fd, .events = POLLIN };
      p[4] = (struct pollfd){ .fd = m->n_pending ? m->stdin_fd : -1, .events = POLLOUT };
      for (size_t i = 0; i < ATTACH_MAX_CLIENTS; i++)
        p[5 + i] = (struct pollfd){ .fd = m->attach.clients[i] ? m->attach.clients[i]->fd : -1,
                                    .events = POLLIN };
      bool outputs_open = m->out_fd[0] >= 0 || m->out_fd[1] >= 0;
      if (deadline >= 0 && (!outputs_open || now_ms() >= deadline))
        finish(m, status);
      int timeout = deadline >= 0 ? (int) (deadline - now_ms()) : -1;
      if (m->held_sync >= 0 && now_ms() >= m->hold_deadline)
        release(m);
      else if (m->held_sync >= 0 && (timeout < 0 || m->hold_deadline - now_ms() < timeout))
        timeout = (int) (m->hold_deadline - now_ms());
      if (poll(p, 5 + ATTACH_MAX_CLIENTS, timeout < 0 && deadline >= 0 ? 0 : timeout) < 0)
        continue;
      if (p[0].revents && deadline < 0)
        {
          /* The init is gone; its pid namespace dies with it. Drain the output. */
          waitpid(m->pid, &status, 0);
          pidfd = -1;
          deadline = now_ms() + DRAIN_MS;
        }
      for (int i = 0; i < 2; i++)
        if (p[1 + i].revents)
          pump(m, i);
      if (p[3].revents)
        {
          attach_accept(&m->attach);
          if (m->held_sync >= 0 && has_client(&m->attach))
            release(m);
        }
      if (p[4].revents)
        stdin_flush(m);
      for (size_t i = 0; i < ATTACH_MAX_CLIENTS; i++)
        if (p[5 + i].revents && m->attach.clients[i])
          attach_read(&m->attach, i, on_input, m);
    }
}

static void detach_stdio(void)
{
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null >= 0)
    {
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
      if (null > 2)
        close(null);
    }
}

/* Pipes for stdio (a pty comes from the child instead); the monitor keeps its ends non-blocking. */
static int make_pipes(struct monitor *m, struct container_io *io, herr_t *err)
{
  io->stdin_r = io->stdout_w = io->stderr_w = -1;
  if (m->ctx->spec->tty)
    return 0;
  int out[2], er[2], in[2];
  if (pipe2(out, O_CLOEXEC) < 0 || pipe2(er, O_CLOEXEC) < 0)
    return herr_sys(err, "pipe");
  m->out_fd[0] = out[0];
  m->out_fd[1] = er[0];
  io->stdout_w = out[1];
  io->stderr_w = er[1];
  if (m->ctx->spec->open_stdin)
    {
      if (pipe2(in, O_CLOEXEC) < 0)
        return herr_sys(err, "pipe");
      io->stdin_r = in[0];
      m->stdin_fd = in[1];
      fcntl(in[1], F_SETFL, O_NONBLOCK);
    }
  fcntl(out[0], F_SETFL, O_NONBLOCK);
  fcntl(er[0], F_SETFL, O_NONBLOCK);
  return 0;
}

/*
 * Waits for the child's execve (EOF on the sync socket: 0) or its error
 * (-1); with --wait-attach, 1 when it is ready and waiting for SYNC_START.
 */
static int handshake(struct monitor *m, int sync, herr_t *err)
{
  struct sync_msg msg;
  for (;;)
    {
      int fd = -1;
      int r = sync_recv(sync, &msg, &fd);
      if (r == 0)
        return 0;
      if (r < 0)
        return herr_sys(err, "reading from the container");
      if (msg.type == SYNC_ERROR)
        {
          *err = msg.err;
          m->child_reported = true;
          return -1;
        }
      if (msg.type == SYNC_READY && m->ctx->spec->wait_attach)
        return 1;
      if (msg.type == SYNC_PTY && fd >= 0 && m->out_fd[0] < 0)
        {
          fcntl(fd, F_SETFL, O_NONBLOCK);
          m->out_fd[0] = fd;
          m->stdin_fd = m->ctx->spec->open_stdin ? fd : -1;
        }
    }
}

_Noreturn void monitor_main(struct run_ctx *ctx)
{
  static struct monitor m;
  herr_t err = { 0 };
  m = (struct monitor){ .ctx = ctx, .pid = -1, .out_fd = { -1, -1 }, .stdin_fd = -1, .held_sync = -1 };
  m.attach.listen_fd = -1;
  m.attach.dir_fd = ctx->cdir_fd;
  m.streams[0].name = "stdout";
  m.streams[1].name = "stderr";
  m.pending = xcalloc(STDIN_PENDING_MAX, 1);

  detach_stdio();
  signal(SIGPIPE, SIG_IGN);
  prctl(PR_SET_NAME, "tscontain-mon", 0, 0, 0);
  char buf[32];
  snprintf(buf, sizeof buf, "%d\n", (int) getpid());
  unlinkat(ctx->cdir_fd, EXIT_FILE, 0);
  if (write_atomic(ctx->cdir_fd, MONITOR_PID_FILE, buf, !ctx->spec->auto_remove, &err) < 0)
    fail(&m, &err, -1);
  m.log_fd = openat(ctx->cdir_fd, LOG_FILE, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (m.log_fd < 0)
    {
      herr_sys(&err, "opening " LOG_FILE);
      fail(&m, &err, -1);
    }
  struct container_io io;
  if (attach_listen(&m.attach, ctx->cdir_fd, ctx->caller_uid, ctx->caller_gid, &err) < 0
      || make_pipes(&m, &io, &err) < 0)
    fail(&m, &err, -1);

  int sync = -1;
  m.pid = container_spawn(ctx, &io, &sync, &err);
  if (m.pid < 0)
    fail(&m, &err, -1);
  int ends[] = { io.stdin_r, io.stdout_w, io.stderr_w };
  for (size_t i = 0; i < 3; i++)
    if (ends[i] >= 0)
      close(ends[i]);
  int pidfd = (int) syscall(SYS_pidfd_open, m.pid, 0);
  if (pidfd < 0)
    {
      herr_sys(&err, "pidfd_open");
      fail(&m, &err, sync);
    }
  int held = -1;
  if (sync_send(sync, SYNC_GO, NULL, -1) < 0)
    {
      herr_sys(&err, "starting the container");
      fail(&m, &err, sync);
    }
  /* The child mounts meanwhile; it execs only after JOINED, so the program
     never sees its network half made. */
  if (ctx->spec->n_veths > 0 && net_attach(ctx->spec->store, ctx->spec->id, pidfd, ctx->spec->veths, ctx->spec->n_veths, &err) < 0)
    fail(&m, &err, sync);
  if (cgroups_join(&ctx->cgroups, m.pid, &err) < 0)
    fail(&m, &err, sync);
  /* A child whose setup failed has gone: the handshake reads its error. */
  (void) sync_send(sync, SYNC_JOINED, NULL, -1);
  if ((held = handshake(&m, sync, &err)) < 0)
    fail(&m, &err, sync);
  if (held == 1)
    {
      m.held_sync = sync;
      m.hold_deadline = now_ms() + HOLD_MS;
    }
  else
    close(sync);
  /* --auto-remove keeps the parents' fds to rmdir the cgroups at the end. */
  if (!ctx->spec->auto_remove)
    cgroups_close(&ctx->cgroups);

  struct run_state st = { .pid = m.pid, .monitor = getpid() };
  if (proc_stat(m.pid, NULL, &st.pid_start, NULL) < 0 || proc_stat(getpid(), NULL, &st.monitor_start, NULL) < 0
      || state_write(ctx->cdir_fd, &st, !ctx->spec->auto_remove, &err) < 0)
    {
      if (err.code == HERR_OK)
        herr_sys(&err, "reading the start time of %d", (int) m.pid);
      fail(&m, &err, -1);
    }
  report(ctx, true, m.pid, NULL);
  serve(&m, pidfd);
}
