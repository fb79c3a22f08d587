/* Running the built helper against a scratch store, and checking the result. */
#ifndef TSCONTAIN_TESTS_HARNESS_H
#define TSCONTAIN_TESTS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "tap.h"
#include "tarw.h"

#define NOBODY_ID 65534

struct result
{
  int status; /* exit code, or 128 + signal */
  char err[8192];
};

/* A scratch tree: BASE/store (root 0755) with BASE/store/tmp, BASE/outside for sentinels. */
struct scratch
{
  char base[256];
  char store[300];
  char tmp[300];
  char outside[300];
};

void scratch_init(struct scratch *s, const char *under);
void scratch_cleanup(struct scratch *s);
char *pathf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ARGV ends with NULL; AS_NOBODY runs it through setpriv as 65534:65534. */
/* ARGV into FULL (CAP slots, NULL-terminated), run as uid/gid 65534 through setpriv when AS_NOBODY. */
void argv_as(const char **full, size_t cap, const char *const argv[], bool as_nobody);
void run_argv(const char *const argv[], const void *input, size_t len, bool as_nobody,
              struct result *r);
/* apply-layer into STORE/tmp/NAME with the given helper. */
void apply(const char *helper, const struct scratch *s, const char *name, const struct tarw *w,
           struct result *r);

bool is_code(const struct result *r, int status, const char *code);
bool one_line(const struct result *r);
bool is_diff_id_report(const char *err);
bool exists(const char *path);
bool lstat_is(const char *path, struct stat *st);
bool content_is(const char *path, const void *data, size_t n);
bool xattr_is(const char *path, const char *name, const char *value, size_t n);
bool xattr_absent(const char *path, const char *name);
void write_file(const char *path, const char *content, unsigned mode);
/* Setup steps that must work: aborts the test program otherwise. */
void must(int rc, const char *what);
int run_cmd(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

extern const char *helper_bin;  /* BUILD/tscontain-helper */
extern const char *variant_bin; /* BUILD/tscontain-helper-test-variant */
void harness_init(int argc, char **argv);

#endif
