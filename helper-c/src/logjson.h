/* log.json lines and exit.json, Docker's json-file format. */
#ifndef TSCONTAIN_LOGJSON_H
#define TSCONTAIN_LOGJSON_H

#include <stddef.h>

#define LOG_LINE_MAX 16384 /* a longer line is logged in pieces, like Docker's 16 KiB */

struct log_stream
{
  const char *name; /* "stdout" or "stderr" */
  size_t len;
  char buf[LOG_LINE_MAX];
};

/* RFC 3339 with nanoseconds, UTC: 2006-01-02T15:04:05.999999999Z */
void rfc3339_now(char out[40]);
/* Appends DATA; writes one JSON line per complete line (and per full buffer) to FD. */
void log_feed(int fd, struct log_stream *s, const char *data, size_t n);
/* Writes what is left of an unterminated line. */
void log_flush(int fd, struct log_stream *s);
/* {"exitCode":N,"signal":"SIGX"|null,"oomKilled":false,"finishedAt":"..."} */
void exit_json(char *out, size_t size, int status);

#endif
