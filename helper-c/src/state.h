/* The per-container directory and the record of a running container. */
#ifndef TSCONTAIN_STATE_H
#define TSCONTAIN_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

#define STATE_FILE "state"
#define MONITOR_PID_FILE "monitor.pid"
#define EXIT_FILE "exit.json"
#define LOG_FILE "log.json"
#define ATTACH_SOCKET "attach.sock"

struct run_state
{
  pid_t pid;          /* the container's init, host pid */
  uint64_t pid_start; /* its start time (clock ticks since boot, /proc/PID/stat field 22) */
  pid_t monitor;
  uint64_t monitor_start;
};

/* STORE/containers/ID: a directory, no symlink, owned by root or the caller, mode 0700-ish. */
int container_dir_open(int store_fd, const char *id, int *out_fd, herr_t *err);
/* NAME inside the container dir, created root-owned with MODE if missing, never a symlink. */
int container_subdir(int cdir_fd, const char *name, unsigned mode, int *out_fd, herr_t *err);

/* ppid, start time and state letter of PID from /proc/PID/stat (PPID, STATE may be NULL). */
int proc_stat(pid_t pid, pid_t *ppid, uint64_t *start, char *state);
/* Writes CONTENT to NAME in DIR through a temporary file and rename(); DURABLE fsyncs it first. */
int write_atomic(int dir_fd, const char *name, const char *content, bool durable, herr_t *err);
/* rm -rf below DIR_FD (DEPTH 0), never following a symlink or leaving device DEV. */
int remove_tree(int dir_fd, dev_t dev, int depth, herr_t *err);
int state_write(int cdir_fd, const struct run_state *st, bool durable, herr_t *err);
/* Reads the state (root-owned) and opens a pidfd for the init after checking it is the same process. */
int state_open_init(int cdir_fd, struct run_state *st, int *pidfd, herr_t *err);
/* True while the monitor recorded in the state is alive. */
bool state_monitor_alive(int cdir_fd);

#endif
