/*
 * Capabilities, Docker's rules: the bounding set is the container's set; a
 * root process has it as effective/permitted/inheritable too, any other uid
 * starts with none (it can gain them only through file capabilities or
 * setuid binaries, which no_new_privs blocks unless --privileged).
 */
#include "caps.h"

#include <ctype.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "spec.h"

static const char *const cap_names[] = {
  "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
  "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
  "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
  "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
  "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
  "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
};
#define N_CAP_NAMES ((int) (sizeof cap_names / sizeof cap_names[0]))

static int last_cap(void)
{
  static int last = -1;
  if (last >= 0)
    return last;
  last = CAP_LAST_CAP;
  int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
  if (fd >= 0)
    {
      char buf[16] = { 0 };
      if (read(fd, buf, sizeof buf - 1) > 0 && atoi(buf) > 0 && atoi(buf) < 64)
        last = atoi(buf);
      close(fd);
    }
  return last;
}

/*
 * Every capability this kernel knows that we hold: a host (or an outer
 * container) may have trimmed our bounding set, and capset cannot grant
 * more than we have.
 */
uint64_t caps_all(void)
{
  int last = last_cap();
  uint64_t known = last >= 63 ? ~UINT64_C(0) : (UINT64_C(1) << (last + 1)) - 1;
  struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  struct __user_cap_data_struct data[2];
  if (syscall(SYS_capget, &hdr, data) < 0)
    return known;
  return known & ((uint64_t) data[1].permitted << 32 | data[0].permitted);
}

/* "NET_ADMIN", "cap_net_admin", "ALL"; returns the mask or 0 when unknown. */
static uint64_t cap_mask(const char *name)
{
  if (strncasecmp(name, "CAP_", 4) == 0)
    name += 4;
  if (strcasecmp(name, "ALL") == 0)
    return caps_all();
  for (int i = 0; i < N_CAP_NAMES && i <= last_cap(); i++)
    if (strcasecmp(name, cap_names[i]) == 0)
      return UINT64_C(1) << i;
  return 0;
}

int caps_compute(struct spec *s, herr_t *err)
{
  uint64_t set = s->privileged ? caps_all() : CAPS_DOCKER_DEFAULT;
  /* Docker applies the drops first, then the adds ("--cap-drop ALL --cap-add X"). */
  for (size_t i = 0; i < s->n_cap_drop; i++)
    {
      uint64_t m = cap_mask(s->cap_drop[i]);
      if (m == 0)
        return herr_fail(err, HERR_USAGE, "--cap-drop: unknown capability %.64s", s->cap_drop[i]);
      set &= ~m;
    }
  for (size_t i = 0; i < s->n_cap_add; i++)
    {
      uint64_t m = cap_mask(s->cap_add[i]);
      if (m == 0)
        return herr_fail(err, HERR_USAGE, "--cap-add: unknown capability %.64s", s->cap_add[i]);
      set |= m;
    }
  s->caps = set & caps_all();
  return 0;
}

int caps_bound(uint64_t keep, herr_t *err)
{
  for (int c = 0; c <= last_cap(); c++)
    {
      if (keep & (UINT64_C(1) << c))
        continue;
      if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
        return herr_sys(err, "dropping capability %d from the bounding set", c);
    }
  return 0;
}

int caps_apply(uint64_t caps, bool root, herr_t *err)
{
  uint64_t set = root ? caps : 0;
  struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  struct __user_cap_data_struct data[2];
  for (int i = 0; i < 2; i++)
    {
      uint32_t word = (uint32_t) (set >> (32 * i));
      data[i].effective = data[i].permitted = data[i].inheritable = word;
    }
  if (syscall(SYS_capset, &hdr, data) < 0)
    return herr_sys(err, "capset");
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    return herr_sys(err, "clearing the ambient capabilities");

  struct __user_cap_data_struct back[2];
  if (syscall(SYS_capget, &hdr, back) < 0)
    return herr_sys(err, "capget");
  for (int i = 0; i < 2; i++)
    if (back[i].effective != data[i].effective || back[i].permitted != data[i].permitted)
      return herr_fail(err, HERR_IO, "capabilities did not take effect");
  return 0;
}
