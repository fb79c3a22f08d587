/* Messages between the starter, the monitor and the container child. */
#ifndef TSCONTAIN_SYNC_H
#define TSCONTAIN_SYNC_H

#include <stdint.h>
#include <sys/types.h>

#include "util.h"

enum sync_type
{
  SYNC_GO = 'G',    /* monitor -> child: set up the root file system */
  SYNC_JOINED = 'J', /* monitor -> child: cgroups joined, go on */
  SYNC_PTY = 'T',   /* child -> monitor: the pty master, as SCM_RIGHTS */
  SYNC_ERROR = 'E', /* child -> monitor: setup or exec failed (then the child exits) */
  SYNC_READY = 'R', /* child -> monitor (--wait-attach): set up, waiting for SYNC_START */
  SYNC_START = 'S', /* monitor -> child (--wait-attach): a client attached (or timeout): execve */
};

struct sync_msg
{
  char type;
  herr_t err;
};

/* Sends MSG over a SOCK_SEQPACKET socket, with FD attached when >= 0. */
int sync_send(int sock, char type, const herr_t *e, int fd);
/* Receives one message; 0 on EOF, 1 with MSG (and *FD when one came), -1 on error. */
int sync_recv(int sock, struct sync_msg *msg, int *fd);

/* The monitor's report to the starter, over a pipe. */
struct start_report
{
  int32_t ok; /* 1: the program was exec'd */
  int32_t pid;
  int32_t monitor_pid;
  herr_t err;
};

#endif
