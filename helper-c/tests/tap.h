/* Minimal TAP producer: the plan is printed last, which TAP allows. */
#ifndef TSCONTAIN_TESTS_TAP_H
#define TSCONTAIN_TESTS_TAP_H

#include <stdbool.h>

bool tap_ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tap_skip(const char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void tap_skip_all(const char *why);
/* Prints the plan; returns the process exit code. */
int tap_done(void);

#endif
