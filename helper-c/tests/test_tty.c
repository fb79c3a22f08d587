/*
 * exec --tty (a pty of the container's own devpts, proxied to the caller's
 * terminal) and run --wait-attach (the program waits for the first client).
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "box.h"

static struct box b;

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* A helper started on a new pty of ours (its controlling terminal), like node-pty does. */
struct term
{
  int master;
  pid_t pid;
  char out[16384];
  size_t n;
};

static void term_start(struct term *t, const char *const argv[], unsigned short rows, unsigned short cols)
{
  memset(t, 0, sizeof *t);
  t->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (t->master < 0 || grantpt(t->master) < 0 || unlockpt(t->master) < 0)
    abort();
  struct winsize ws = { .ws_row = rows, .ws_col = cols };
  ioctl(t->master, TIOCSWINSZ, &ws);
  const char *name = ptsname(t->master);
  t->pid = fork();
  if (t->pid == 0)
    {
      setsid();
      int s = open(name, O_RDWR);
      if (s < 0 || ioctl(s, TIOCSCTTY, 0) < 0)
        _exit(120);
      dup2(s, 0);
      dup2(s, 1);
      dup2(s, 2);
      execv(argv[0], (char *const *) argv);
      _exit(121);
    }
}

/* Reads what the terminal shows until NEEDLE appears (true) or SECONDS pass. */
static bool term_wait(struct term *t, const char *needle, double seconds)
{
  double end = now() + seconds;
  while (now() < end)
    {
      if (needle && strstr(t->out, needle))
        return true;
      struct pollfd p = { .fd = t->master, .events = POLLIN };
      if (poll(&p, 1, 50) <= 0)
        continue;
      ssize_t r = read(t->master, t->out + t->n, sizeof t->out - 1 - t->n);
      if (r <= 0)
        return needle == NULL;
      t->n += (size_t) r;
      t->out[t->n] = '\0';
    }
  return needle && strstr(t->out, needle);
}

static int term_end(struct term *t)
{
  term_wait(t, NULL, 10);
  int status = -1;
  waitpid(t->pid, &status, 0);
  close(t->master);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static bool cap_eff_is(pid_t pid, const char *want)
{
  char buf[4096] = "";
  FILE *f = fopen(pathf("/proc/%d/status", (int) pid), "r");
  if (!f)
    return false;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  char line[64];
  snprintf(line, sizeof line, "CapEff:\t%s\n", want);
  return strstr(buf, line) && strstr(buf, "NoNewPrivs:\t1\n");
}

static void test_exec_tty(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  const char *const sleeper[] = { "sleep", "30", NULL };
  box_run(&b, id, NULL, sleeper, &o);
  pid_t pid = out_pid(&o);
  tap_ok(o.status == 0 && pid > 1, "a sleep 30 container is running");
  char pidbuf[16];
  snprintf(pidbuf, sizeof pidbuf, "%d", (int) pid);

  struct term t;
  const char *const a1[] = { helper_bin, "exec", "--store", b.store, "--id", id, "--pid", pidbuf,
                             "--tty", "--", "sh", "-c",
                             "tty; test -c \"$(tty)\" && echo present; stty size; exit 6", NULL };
  term_start(&t, a1, 33, 77);
  int code = term_end(&t);
  tap_ok(strstr(t.out, "/dev/pts/") && !strstr(t.out, "not a tty") && strstr(t.out, "present"),
         "exec --tty: tty names a /dev/pts/N that exists in the container");
  tap_ok(strstr(t.out, "33 77") != NULL, "exec --tty: the pty starts with the caller's size");
  tap_ok(code == 6, "exec --tty returns the program's exit code (%d)", code);
  if (!strstr(t.out, "33 77"))
    tap_diag("output: %s", t.out);

  const char *const a2[] = { helper_bin, "exec", "--store", b.store, "--id", id, "--pid", pidbuf,
                             "--tty", "--user", "1234:1234", "--", "sh", "-c",
                             "echo ready; read line; echo got:$line; stty size; exit 2", NULL };
  term_start(&t, a2, 24, 80);
  bool ready = term_wait(&t, "ready", 10);
  tap_ok(ready && cap_eff_is(t.pid, "0000000000000020"),
         "exec --tty: the proxying process keeps only CAP_KILL, with no_new_privs");
  struct winsize ws = { .ws_row = 51, .ws_col = 132 };
  ioctl(t.master, TIOCSWINSZ, &ws); /* the kernel sends the helper SIGWINCH */
  usleep(200000);
  if (write(t.master, "abc\r", 4) != 4)
    tap_diag("short write to the pty");
  code = term_end(&t);
  tap_ok(strstr(t.out, "got:abc") && strstr(t.out, "51 132") && code == 2,
         "exec --tty: input reaches the program, a resize of the caller's terminal follows (%d)", code);
  /* Raw on our side: only the container's pty echoes ("abc" echoed once, then "got:abc"). */
  int seen = 0;
  for (const char *p = t.out; (p = strstr(p, "abc")) != NULL; p += 3)
    seen++;
  tap_ok(seen == 2, "exec --tty: typed input is echoed once (%d times \"abc\")", seen);

  const char *const a3[] = { helper_bin, "exec", "--store", b.store, "--id", id, "--pid", pidbuf,
                             "--tty", "--", "nope", NULL };
  term_start(&t, a3, 24, 80);
  code = term_end(&t);
  tap_ok(code == 127 && strstr(t.out, "EXEC"), "exec --tty of a missing program: 127, EXEC");
  box_stop(&b, id);
}

/* Collects output frames (1 and 2) until NEEDLE shows or the exit frame; returns the exit code or -1. */
static int attach_read(int s, char *out, size_t size, const char *needle, double seconds)
{
  unsigned char buf[65536 + 5];
  size_t len = 0, got = strlen(out);
  double end = now() + seconds;
  while (now() < end && !(needle && strstr(out, needle)))
    {
      struct pollfd p = { .fd = s, .events = POLLIN };
      if (poll(&p, 1, 50) <= 0)
        continue;
      ssize_t r = read(s, buf + len, sizeof buf - len);
      if (r <= 0)
        return -1;
      len += (size_t) r;
      while (len >= 5)
        {
          uint32_t n = (uint32_t) buf[1] << 24 | (uint32_t) buf[2] << 16 | (uint32_t) buf[3] << 8 | buf[4];
          if (len < 5 + n)
            break;
          if ((buf[0] == 1 || buf[0] == 2) && got + n < size)
            {
              memcpy(out + got, buf + 5, n);
              got += n;
              out[got] = '\0';
            }
          if (buf[0] == 3 && n == 4)
            return (int) ((uint32_t) buf[5] << 24 | (uint32_t) buf[6] << 16 | (uint32_t) buf[7] << 8 | buf[8]);
          memmove(buf, buf + 5 + n, len - 5 - n);
          len -= 5 + n;
        }
    }
  return -1;
}

static void send_stdin(int s, const char *text)
{
  uint32_t n = (uint32_t) strlen(text);
  unsigned char h[5] = { 0, 0, 0, 0, (unsigned char) n };
  if (write(s, h, 5) != 5 || write(s, text, n) != (ssize_t) n)
    tap_diag("short write to attach.sock");
}

static void test_wait_attach(void)
{
  struct out o;
  /* Started first and never attached: runs once the 10 s hold ends. */
  const char *late = box_fresh(&b);
  const char *const hold[] = { "--wait-attach", NULL };
  const char *const echo_late[] = { "echo", "late", NULL };
  box_run(&b, late, hold, echo_late, &o);
  tap_ok(o.status == 0 && out_pid(&o) > 1, "run --wait-attach reports the pid at once");

  const char *id = box_fresh(&b);
  const char *const extra[] = { "--wait-attach", "--tty", "--stdin", NULL };
  const char *const prog[] = { "sh", "-c", "echo PROMPT; read l; echo got:$l; exit 3", NULL };
  double t0 = now();
  box_run(&b, id, extra, prog, &o);
  double took = now() - t0;
  tap_ok(o.status == 0 && out_pid(&o) > 1 && took < 5, "run --wait-attach returns promptly (%.2fs)", took);
  usleep(500000);
  int s = box_attach(&b, id);
  char text[8192] = "";
  int code = s >= 0 ? attach_read(s, text, sizeof text, "PROMPT", 5) : -1;
  tap_ok(s >= 0 && strstr(text, "PROMPT"), "the first client sees output the program wrote at once");
  if (s >= 0)
    send_stdin(s, "x\n");
  code = s >= 0 ? attach_read(s, text, sizeof text, NULL, 5) : -1;
  tap_ok(code == 3 && strstr(text, "got:x"), "input goes through and the exit frame carries 3 (%d)", code);
  if (s >= 0)
    close(s);

  id = box_fresh(&b);
  const char *const nope[] = { "nope", NULL };
  box_run(&b, id, hold, nope, &o);
  tap_ok(o.status == 127 && one_line_code(o.err, "EXEC"),
         "run --wait-attach of a missing program is still run's EXEC error (127)");

  tap_ok(!box_wait_exit(&b, late, 0.1, NULL, 0), "without a client the program is still held");
  tap_ok(box_exit_code(&b, late, 15) == 0 && box_log_has(&b, late, "late\\n"),
         "without a client it runs after the 10 s hold");
}

int main(int argc, char **argv)
{
  harness_init(argc, argv);
  box_init(&b, "/var/tmp");
  test_exec_tty();
  test_wait_attach();
  box_cleanup(&b);
  return tap_done();
}
