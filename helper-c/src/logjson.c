/*
 * Docker's json-file lines: {"log":"text\n","stream":"stdout","time":"..."},
 * here with the fields in the order the brief gives. The text keeps its
 * newline; bytes are passed through except what JSON must escape.
 */
#include "logjson.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "util.h"

void rfc3339_now(char out[40])
{
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(out + n, 40 - n, ".%09ldZ", ts.tv_nsec);
}

static size_t json_escape(char *out, const char *in, size_t n)
{
  size_t o = 0;
  for (size_t i = 0; i < n; i++)
    {
      unsigned char c = (unsigned char) in[i];
      if (c == '"' || c == '\\')
        {
          out[o++] = '\\';
          out[o++] = (char) c;
        }
      else if (c == '\n')
        o += (size_t) sprintf(out + o, "\\n");
      else if (c == '\r')
        o += (size_t) sprintf(out + o, "\\r");
      else if (c == '\t')
        o += (size_t) sprintf(out + o, "\\t");
      else if (c < 0x20 || c == 0x7f)
        o += (size_t) sprintf(out + o, "\\u%04x", c);
      else
        out[o++] = (char) c;
    }
  return o;
}

static void emit(int fd, const char *stream, const char *text, size_t n)
{
  static char line[LOG_LINE_MAX * 6 + 256];
  char now[40];
  rfc3339_now(now);
  size_t o = (size_t) snprintf(line, sizeof line, "{\"time\":\"%s\",\"stream\":\"%s\",\"log\":\"", now,
                               stream);
  o += json_escape(line + o, text, n);
  o += (size_t) snprintf(line + o, sizeof line - o, "\"}\n");
  /* One write per line, so a reader following the file never sees half a line
   * unless the disk is full; nothing here can report an error anyway. */
  (void) !write_all(fd, line, o);
}

void log_feed(int fd, struct log_stream *s, const char *data, size_t n)
{
  while (n > 0)
    {
      const char *nl = memchr(data, '\n', n);
      size_t take = nl ? (size_t) (nl - data) + 1 : n;
      if (take > sizeof s->buf - s->len)
        take = sizeof s->buf - s->len;
      memcpy(s->buf + s->len, data, take);
      s->len += take;
      data += take;
      n -= take;
      if (s->buf[s->len - 1] == '\n' || s->len == sizeof s->buf)
        {
          emit(fd, s->name, s->buf, s->len);
          s->len = 0;
        }
    }
}

void log_flush(int fd, struct log_stream *s)
{
  if (s->len > 0)
    emit(fd, s->name, s->buf, s->len);
  s->len = 0;
}

void exit_json(char *out, size_t size, int status)
{
  char now[40], sig[32] = "null";
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (WIFSIGNALED(status))
    {
      const char *abbrev = sigabbrev_np(WTERMSIG(status));
      if (abbrev)
        snprintf(sig, sizeof sig, "\"SIG%s\"", abbrev);
      else
        snprintf(sig, sizeof sig, "\"SIG%d\"", WTERMSIG(status));
    }
  rfc3339_now(now);
  snprintf(out, size, "{\"exitCode\":%d,\"signal\":%s,\"oomKilled\":false,\"finishedAt\":\"%s\"}\n",
           code, sig, now);
}
