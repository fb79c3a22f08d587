/*
 * exec --tty: the program gets a pty of the container's own devpts (so
 * `tty` names a /dev/pts/N that exists in there, as with Docker), and the
 * helper's outer process copies bytes between the caller's stdio and the
 * master, follows the caller's terminal size, and returns the status.
 */
#include "ttyproxy.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>

#include "path.h"

#define DRAIN_MS 2000
#define PTMX_MAJOR 5
#define PTMX_MINOR 2

static volatile sig_atomic_t winch;

static void on_winch(int sig)
{
  (void) sig;
  winch = 1;
}

/* The caller's terminal size onto the master (the kernel then signals the program). */
static void copy_size(int master)
{
  struct winsize ws;
  if (isatty(STDIN_FILENO) && ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
    ioctl(master, TIOCSWINSZ, &ws);
}

/*
 * We are root in the container's mount namespace, whose /dev is writable by
 * the container: no symlinks, /dev/pts must be a devpts and ptmx its own
 * 5:2 node (not a mount on top, not a device node made elsewhere).
 */
int tty_open_container(int *master, int *slave, herr_t *err)
{
  cleanup_close int dir = path_openat2(AT_FDCWD, "/dev/pts", O_PATH | O_DIRECTORY,
                                       RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  struct statfs fs;
  if (dir < 0 || fstatfs(dir, &fs) < 0)
    return herr_sys(err, "opening the container's /dev/pts");
  if (fs.f_type != DEVPTS_SUPER_MAGIC)
    return herr_fail(err, HERR_UNSAFE, "the container's /dev/pts is not a devpts");
  cleanup_close int m = path_openat2(dir, "ptmx", O_RDWR | O_NOCTTY,
                                     RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS
                                         | RESOLVE_NO_XDEV);
  struct stat st;
  if (m < 0 || fstat(m, &st) < 0)
    return herr_sys(err, "opening the container's /dev/pts/ptmx");
  if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != PTMX_MAJOR || minor(st.st_rdev) != PTMX_MINOR)
    return herr_fail(err, HERR_UNSAFE, "the container's /dev/pts/ptmx is not the ptmx device");
  int unlock = 0;
  if (ioctl(m, TIOCSPTLCK, &unlock) < 0)
    return herr_sys(err, "unlocking the container pty");
  /* TIOCGPTPEER opens the slave through the master: no path to race on. */
  int s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (s < 0)
    return herr_sys(err, "opening the container pty's slave");
  copy_size(m);
  *slave = s;
  *master = steal_fd(&m);
  return 0;
}

struct proxy
{
  int master;    /* -1 once the pty has no more slaves (EIO) */
  bool in_open;  /* still reading the caller's stdin */
  bool out_ok;   /* the caller still takes output */
  char pending[65536]; /* caller input the program has not read yet */
  size_t n_pending;
};

static long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Returns false when the master has nothing more (EIO: no slave left, or EAGAIN). */
static bool pump_out(struct proxy *p)
{
  char buf[65536];
  ssize_t r = read(p->master, buf, sizeof buf);
  if (r < 0 && (errno == EAGAIN || errno == EINTR))
    return false;
  if (r <= 0)
    {
      close(p->master);
      p->master = -1;
      return false;
    }
  if (p->out_ok && write_all(STDOUT_FILENO, buf, (size_t) r) < 0)
    p->out_ok = false;
  return true;
}

static void pump_in(struct proxy *p, bool tty)
{
  ssize_t r = read(STDIN_FILENO, p->pending, sizeof p->pending);
  if (r < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (r > 0)
    {
      p->n_pending = (size_t) r;
      return;
    }
  p->in_open = false;
  /* A pipe that ended: ^D is what EOF looks like to the program's terminal. */
  if (!tty)
    {
      p->pending[0] = '\x04';
      p->n_pending = 1;
    }
}

static void flush_in(struct proxy *p)
{
  ssize_t w = write(p->master, p->pending, p->n_pending);
  if (w < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (w <= 0)
    {
      p->n_pending = 0;
      return;
    }
  memmove(p->pending, p->pending + w, p->n_pending - (size_t) w);
  p->n_pending -= (size_t) w;
}

/* After the program ended: what it (or what it left behind) still writes, briefly. */
static void drain(struct proxy *p)
{
  long deadline = now_ms() + DRAIN_MS;
  while (p->master >= 0 && now_ms() < deadline)
    {
      struct pollfd fd = { .fd = p->master, .events = POLLIN };
      if (poll(&fd, 1, 100) <= 0 || !pump_out(p))
        break;
    }
}

static int loop(struct proxy *p, int pidfd, pid_t child, bool tty, const sigset_t *unblocked)
{
  for (;;)
    {
      if (winch)
        {
          winch = 0;
          copy_size(p->master);
        }
      struct pollfd f[3] = {
        { .fd = pidfd, .events = POLLIN },
        { .fd = p->master, .events = (short) (POLLIN | (p->n_pending ? POLLOUT : 0)) },
        { .fd = p->in_open && p->n_pending == 0 && p->master >= 0 ? STDIN_FILENO : -1,
          .events = POLLIN },
      };
      if (ppoll(f, 3, NULL, unblocked) < 0)
        continue;
      if (f[1].revents & POLLOUT)
        flush_in(p);
      if (f[1].revents & (POLLIN | POLLHUP | POLLERR))
        pump_out(p);
      if (f[2].revents)
        pump_in(p, tty);
      if (f[0].revents)
        {
          int status;
          while (waitpid(child, &status, 0) < 0)
            if (errno != EINTR)
              return -1;
          drain(p);
          return status;
        }
    }
}

int tty_proxy(int master, pid_t child, herr_t *err)
{
  static struct proxy p;
  p = (struct proxy){ .master = master, .in_open = true, .out_ok = true };
  cleanup_close int pidfd = (int) syscall(SYS_pidfd_open, child, 0);
  if (pidfd < 0)
    return herr_sys(err, "pidfd_open %d", (int) child);
  if (fcntl(master, F_SETFL, O_NONBLOCK) < 0)
    return herr_sys(err, "making the pty master non-blocking");

  /* SIGWINCH only arrives inside ppoll, so a resize is never missed. */
  sigset_t block, unblocked;
  sigemptyset(&block);
  sigaddset(&block, SIGWINCH);
  sigprocmask(SIG_BLOCK, &block, &unblocked);
  sigdelset(&unblocked, SIGWINCH);
  struct sigaction sa = { .sa_handler = on_winch };
  sigemptyset(&sa.sa_mask);
  sigaction(SIGWINCH, &sa, NULL);
  winch = 1;

  /* The caller's terminal is only a pipe of bytes now: the container's pty does the line discipline. */
  bool tty = isatty(STDIN_FILENO);
  struct termios saved, raw;
  bool restore = tty && tcgetattr(STDIN_FILENO, &saved) == 0;
  if (restore)
    {
      raw = saved;
      cfmakeraw(&raw);
      tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    }
  int status = loop(&p, pidfd, child, tty, &unblocked);
  if (restore)
    tcsetattr(STDIN_FILENO, TCSADRAIN, &saved);
  if (p.master >= 0)
    close(p.master);
  if (status < 0)
    return herr_sys(err, "waitpid");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
