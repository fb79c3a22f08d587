/*
 * Device access control, written by the helper (not the engine) because it
 * is a security boundary: the helper trusts no caller to have written it.
 * The rules are in place before the container's first process joins the
 * cgroups (run's prepare step, before any fork).
 *
 * v2 has no devices files: the kernel asks a BPF_PROG_TYPE_CGROUP_DEVICE
 * program attached to the cgroup, with ctx = { access << 16 | type, major,
 * minor }. The program is assembled here from the same rule table, one block
 * per rule that returns 1 on a match and falls through to the next otherwise
 * (the shape runc's devicefilter generates); the last instruction returns 0.
 */
#include "devices.h"

#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/magic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/vfs.h>

#define ANY (-1)

struct rule
{
  char type; /* 'c', 'b' or 'a' */
  int major, minor;
  const char *access; /* subset of "rwm" */
};

/* runc's AllowedDevices, which Docker's containers get. */
static const struct rule allowed[] = {
  { 'c', ANY, ANY, "m" }, { 'b', ANY, ANY, "m" },  /* mknod of anything, opening only below */
  { 'c', 1, 3, "rwm" },   { 'c', 1, 5, "rwm" },    /* null, zero */
  { 'c', 1, 7, "rwm" },   { 'c', 1, 8, "rwm" },    /* full, random */
  { 'c', 1, 9, "rwm" },   { 'c', 5, 0, "rwm" },    /* urandom, tty */
  { 'c', 5, 1, "rwm" },   { 'c', 5, 2, "rwm" },    /* console, ptmx */
  { 'c', 136, ANY, "rwm" }, { 'c', 10, 200, "rwm" }, /* pts, tun */
};
#define N_ALLOWED (sizeof allowed / sizeof allowed[0])
#define MAX_RULES (N_ALLOWED + SPEC_MAX_DEVICES)

/* The default list, then one rule per --device. Returns the count. */
static size_t rules_for(const struct spec_runopts *o, struct rule *out)
{
  size_t n = 0;
  for (; n < N_ALLOWED; n++)
    out[n] = allowed[n];
  for (size_t i = 0; i < o->n_devices; i++)
    out[n++] = (struct rule){ o->devices[i].type, (int) o->devices[i].major, (int) o->devices[i].minor,
                              o->devices[i].access };
  return n;
}

static void rule_text(const struct rule *r, char *buf, size_t size)
{
  char major[16] = "*", minor[16] = "*";
  if (r->major != ANY)
    snprintf(major, sizeof major, "%d", r->major);
  if (r->minor != ANY)
    snprintf(minor, sizeof minor, "%d", r->minor);
  snprintf(buf, size, "%c %s:%s %s", r->type, major, minor, r->access);
}

/* The kernel parses one rule per write(2). */
static int write_rule(int dir, const char *file, const char *text, herr_t *err)
{
  cleanup_close int fd = openat(dir, file, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return herr_sys(err, "opening %s", file);
  size_t n = strlen(text);
  if (write(fd, text, n) != (ssize_t) n)
    return herr_sys(err, "writing \"%s\" to %s", text, file);
  return 0;
}

static int confine_v1(int dir, bool privileged, const struct rule *rules, size_t n_rules, herr_t *err)
{
  if (privileged)
    return write_rule(dir, "devices.allow", "a", err);
  if (write_rule(dir, "devices.deny", "a", err) < 0)
    return -1;
  char text[64];
  for (size_t i = 0; i < n_rules; i++)
    {
      rule_text(&rules[i], text, sizeof text);
      if (write_rule(dir, "devices.allow", text, err) < 0)
        return -1;
    }
  return 0;
}

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MAX_INSNS (8 + MAX_RULES * 8)

static unsigned access_mask(const char *access)
{
  unsigned m = 0;
  for (const char *p = access; *p; p++)
    m |= *p == 'r' ? BPF_DEVCG_ACC_READ : *p == 'w' ? BPF_DEVCG_ACC_WRITE : BPF_DEVCG_ACC_MKNOD;
  return m;
}

/* r2 = type, r3 = access, r4 = major, r5 = minor; then one block per rule. Returns the count. */
static size_t assemble(struct bpf_insn *p, const struct rule *rules, size_t n_rules)
{
  size_t n = 0;
  p[n++] = INSN(BPF_LDX | BPF_MEM | BPF_W, 2, 1, 0, 0);
  p[n++] = INSN(BPF_ALU | BPF_AND | BPF_K, 2, 0, 0, 0xffff);
  p[n++] = INSN(BPF_LDX | BPF_MEM | BPF_W, 3, 1, 0, 0);
  p[n++] = INSN(BPF_ALU | BPF_RSH | BPF_K, 3, 0, 0, 16);
  p[n++] = INSN(BPF_LDX | BPF_MEM | BPF_W, 4, 1, 4, 0);
  p[n++] = INSN(BPF_LDX | BPF_MEM | BPF_W, 5, 1, 8, 0);
  for (size_t i = 0; i < n_rules; i++)
    {
      const struct rule *r = &rules[i];
      size_t start = n;
      if (r->type != 'a')
        p[n++] = INSN(BPF_JMP | BPF_JNE | BPF_K, 2, 0, 0, r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
      unsigned mask = access_mask(r->access);
      if (mask != (BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD))
        {
          /* Every requested access bit must be one the rule grants. */
          p[n++] = INSN(BPF_ALU | BPF_MOV | BPF_X, 1, 3, 0, 0);
          p[n++] = INSN(BPF_ALU | BPF_AND | BPF_K, 1, 0, 0, (int32_t) mask);
          p[n++] = INSN(BPF_JMP | BPF_JNE | BPF_X, 1, 3, 0, 0);
        }
      if (r->major != ANY)
        p[n++] = INSN(BPF_JMP | BPF_JNE | BPF_K, 4, 0, 0, r->major);
      if (r->minor != ANY)
        p[n++] = INSN(BPF_JMP | BPF_JNE | BPF_K, 5, 0, 0, r->minor);
      p[n++] = INSN(BPF_ALU | BPF_MOV | BPF_K, 0, 0, 0, 1);
      p[n++] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
      /* Every test jumps past the end of its block. */
      for (size_t j = start; j < n; j++)
        if (BPF_CLASS(p[j].code) == BPF_JMP && BPF_OP(p[j].code) == BPF_JNE)
          p[j].off = (int16_t) (n - (j + 1));
    }
  p[n++] = INSN(BPF_ALU | BPF_MOV | BPF_K, 0, 0, 0, 0);
  p[n++] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
  return n;
}

static int confine_v2(int dir, bool privileged, const struct rule *rules, size_t n_rules, herr_t *err)
{
  if (privileged)
    return 0;
  struct bpf_insn prog[MAX_INSNS];
  size_t n = assemble(prog, rules, n_rules);
  union bpf_attr load;
  memset(&load, 0, sizeof load);
  load.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  load.insns = (uint64_t) (uintptr_t) prog;
  load.insn_cnt = (uint32_t) n;
  load.license = (uint64_t) (uintptr_t) "Apache";
  cleanup_close int fd = (int) syscall(SYS_bpf, BPF_PROG_LOAD, &load, sizeof load);
  if (fd < 0)
    {
      /* Only a failure is worth the verifier's log (with a log the kernel also fails on a short buffer). */
      int saved = errno;
      static char log[65536];
      load.log_buf = (uint64_t) (uintptr_t) log;
      load.log_size = sizeof log;
      load.log_level = 1;
      int again = (int) syscall(SYS_bpf, BPF_PROG_LOAD, &load, sizeof load);
      if (again >= 0)
        close(again);
      log[strcspn(log, "\n")] = '\0';
      return herr_errno(err, saved, "loading the device filter (verifier: %.200s)", log);
    }
  union bpf_attr attach;
  memset(&attach, 0, sizeof attach);
  attach.target_fd = (uint32_t) dir;
  attach.attach_bpf_fd = (uint32_t) fd;
  attach.attach_type = BPF_CGROUP_DEVICE;
  /* Like runc: more programs may follow below; the kernel requires all of them to allow. */
  attach.attach_flags = BPF_F_ALLOW_MULTI;
  if (syscall(SYS_bpf, BPF_PROG_ATTACH, &attach, sizeof attach) < 0)
    return herr_sys(err, "attaching the device filter");
  return 0;
}

int devices_confine(const struct cgroups *c, bool privileged, const struct spec_runopts *o, herr_t *err)
{
  size_t confined = 0;
  struct rule rules[MAX_RULES];
  size_t n_rules = rules_for(o, rules);
  for (size_t i = 0; i < c->n; i++)
    {
      cleanup_close int dir = openat(c->parent_fd[i], c->leaf[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      struct statfs fs;
      if (dir < 0 || fstatfs(dir, &fs) < 0)
        return herr_sys(err, "opening cgroup %zu", i);
      int r;
      if (fs.f_type == CGROUP2_SUPER_MAGIC)
        r = confine_v2(dir, privileged, rules, n_rules, err);
      else if (faccessat(dir, "devices.deny", F_OK, AT_SYMLINK_NOFOLLOW) == 0)
        r = confine_v1(dir, privileged, rules, n_rules, err);
      else
        continue;
      if (r < 0)
        {
          herr_context(err, "devices cgroup %s", c->leaf[i]);
          return -1;
        }
      confined++;
    }
  if (confined == 0 && !privileged)
    return herr_fail(err, HERR_DENIED,
                     "no devices cgroup to confine the container (pass the v1 devices hierarchy's or the v2 --cgroup)");
  return 0;
}
