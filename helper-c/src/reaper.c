/*
 * --init: a minimal pid 1 (tini's job). It is the container's first
 * process, already pivoted and with the container's credentials, and it
 * never execs: it forwards the usual termination signals to the program,
 * reaps every zombie, and exits with the program's status. It runs the
 * helper's code inside the container, which is safe only because that code
 * is a sealed memfd copy (see sealed.c): /proc/1/exe cannot be written.
 */
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"

static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };

/* A pid namespace's init only receives signals it has a handler for. */
static void on_signal(int sig)
{
  (void) sig;
}

_Noreturn static void reap(pid_t child, const sigset_t *set)
{
  prctl(PR_SET_NAME, "tscontain-init", 0, 0, 0);
  for (;;)
    {
      siginfo_t info;
      int sig = sigwaitinfo(set, &info);
      if (sig < 0)
        continue;
      if (sig != SIGCHLD)
        {
          kill(child, sig);
          continue;
        }
      int status;
      pid_t w;
      while ((w = waitpid(-1, &status, WNOHANG)) > 0)
        if (w == child)
          _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
}

int reaper_fork(int sync_fd, bool tty, herr_t *err)
{
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  struct sigaction sa = { .sa_handler = on_signal };
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
    {
      sigaddset(&set, forwarded[i]);
      sigaction(forwarded[i], &sa, NULL);
    }
  sigaction(SIGCHLD, &sa, NULL);
  /* Blocked before the fork so no signal is lost between fork and sigwaitinfo. */
  sigprocmask(SIG_BLOCK, &set, NULL);
  pid_t child = fork();
  if (child < 0)
    return herr_sys(err, "fork for --init");
  if (child == 0)
    {
      /* The program gets the terminal's foreground group, so ^C reaches it. */
      if (tty && setpgid(0, 0) == 0)
        {
          signal(SIGTTOU, SIG_IGN);
          ioctl(0, TIOCSPGRP, &(pid_t){ getpid() });
        }
      return 0;
    }
  /* Only the program reports to the monitor; our copy would hide its execve. */
  close(sync_fd);
  close_range(3, ~0U, 0);
  reap(child, &set);
}
