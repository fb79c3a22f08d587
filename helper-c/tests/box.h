/* A busybox container store for the run/exec tests, and helpers to drive containers. */
#ifndef TSCONTAIN_TESTS_BOX_H
#define TSCONTAIN_TESTS_BOX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "harness.h"

/* The default store of the test variant (make test TEST_DEFS=... picks another). */
#ifndef HELPER_DEFAULT_STORE
#define HELPER_DEFAULT_STORE "/var/tmp/tscontain-helper-test-store"
#endif

struct box
{
  char base[256];
  char store[300];
  char layer[512]; /* STORE/layers/<hex>/diff with busybox */
  int next_id;     /* of box_fresh; 0 after box_init */
};

struct out
{
  int status;
  char out[16384];
  char err[8192];
};

/* Skips the whole program when busybox or root is missing. */
void box_init(struct box *b, const char *under);
void box_cleanup(struct box *b);
/* A fresh container id N (its directory created 0700) -- returned in a static buffer per N. */
const char *box_id(struct box *b, int n);
/* box_id of the next unused number. */
const char *box_fresh(struct box *b);
const char *box_cdir(struct box *b, const char *id);
/* Runs ARGV (NULL-terminated) capturing stdout and stderr; AS_NOBODY through setpriv. */
void run_out(const char *const argv[], bool as_nobody, struct out *o);
/* helper run --store --id --layer --cgroup DEVICES EXTRA... -- PROG...; EXTRA and PROG end with NULL. */
void box_run(struct box *b, const char *id, const char *const extra[], const char *const prog[],
             struct out *o);
/* The same without the devices cgroup box_run adds. */
void box_run_raw(struct box *b, const char *id, const char *const extra[], const char *const prog[],
                 struct out *o);
/* A fresh devices cgroup for container ID (v1 devices hierarchy, or v2), removed by box_cleanup. */
const char *box_devices_cgroup(const char *id);
/* Waits up to SECONDS for exit.json; fills BUF (may be NULL) and returns whether it appeared. */
bool box_wait_exit(struct box *b, const char *id, double seconds, char *buf, size_t size);
/* exitCode from exit.json, or -1. */
int box_exit_code(struct box *b, const char *id, double seconds);
/* Whether log.json contains NEEDLE (a JSON-escaped fragment). */
bool box_log_has(struct box *b, const char *id, const char *needle);
bool box_log_lacks(struct box *b, const char *id, const char *needle);
/* The "pid" field of a starter's output, or -1. */
pid_t out_pid(const struct out *o);
/* SIGKILL through the kill verb, then wait for exit.json (best effort cleanup). */
void box_stop(struct box *b, const char *id);
bool one_line_code(const char *err, const char *code);
/* box_run of "true" with EXTRA in a fresh container: one TAP check that it exits STATUS with one
 * CODE line (containing NEEDLE unless NULL). */
void box_refused(struct box *b, const char *const extra[], int status, const char *code, const char *needle,
                 const char *what);
/* A setuid-root copy of the test variant at BASE/variant-suid in OUT; false on a nosuid mount. */
bool box_suid_variant(const struct box *b, char *out, size_t size);
/* The variant's default store afresh, with the busybox layer as layers/HEX and containers/ID. */
void box_variant_store(const struct box *b, const char *hex, const char *id);
/* A client socket connected to the container's attach.sock, or -1. */
int box_attach(struct box *b, const char *id);

#endif
