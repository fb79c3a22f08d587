/* The last steps before a container program runs, shared by run and exec. */
#ifndef TSCONTAIN_PROCESS_H
#define TSCONTAIN_PROCESS_H

#include "spec.h"
#include "util.h"

#define DEFAULT_CONTAINER_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Dispositions and mask back to the defaults a program expects (we ignore SIGXFSZ, SIGPIPE). */
void process_reset_signals(void);
int process_rlimits(const struct spec *s, herr_t *err);
/* Bounding set, groups, gid, uid, then the capability sets and no_new_privs. */
int process_credentials(const struct spec *s, herr_t *err);
/* Closes every fd >= 3 except KEEP (which is CLOEXEC), CVE-2024-21626. */
int process_close_fds(int keep, herr_t *err);
/* As root, inside the root: creates the working directory if it is missing (Docker does). */
int process_make_cwd(const struct spec *s, herr_t *err);
/* chdir to the working directory and check that it is inside the root. */
int process_enter_cwd(const struct spec *s, herr_t *err);
/* Makes fd 0 (a terminal) our controlling terminal, in a new session. */
int process_take_tty(int fd, herr_t *err);
/* Only the "not found" (127) outcome of process_exec, without running anything. */
int process_find(const struct spec *s, herr_t *err);
/* execve with a PATH lookup; only returns on failure, with code EXEC (126/127). */
int process_exec(struct spec *s, herr_t *err);

#endif
