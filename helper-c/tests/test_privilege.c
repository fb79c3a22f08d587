/*
 * The setuid frame and the store policy. Negative tests run a setuid-root
 * copy as user nobody through setpriv and must be refused with DENIED
 * (exit 3) without creating anything.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "harness.h"

/* The Makefile passes TEST_DEFS to the tests too: the variant's own default store. */
#ifdef HELPER_DEFAULT_STORE
#define VARIANT_STORE HELPER_DEFAULT_STORE
#else
#define VARIANT_STORE "/var/tmp/tscontain-helper-test-store"
#endif

static struct scratch s;
static char suid_helper[512], suid_variant[512], plain_copy[512];

static void run(const char *helper, const char *store, const char *target, bool as_nobody,
                struct result *r)
{
  struct tarw w = { 0 };
  tarw_file(&w, "file", 04755, "payload");
  tarw_end(&w);
  const char *argv[] = { helper, "apply-layer", "--store", store, "--target", target, NULL };
  run_argv(argv, w.buf, w.len, as_nobody, r);
  tarw_free(&w);
}

/* A setuid bit is ignored on a nosuid mount, so look for one where it works. */
static const char *suid_capable_dir(void)
{
  static const char *const candidates[] = { "/var/tmp", "/root", "/var/lib", "/usr/local" };
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
    {
      struct statvfs v;
      if (statvfs(candidates[i], &v) == 0 && !(v.f_flag & ST_NOSUID))
        return candidates[i];
    }
  tap_skip_all("no filesystem without nosuid");
}

static bool install_copy(const char *from, const char *to, unsigned mode)
{
  return run_cmd("install -o root -g root -m %o '%s' '%s'", mode, from, to) == 0;
}

static void test_callers(void)
{
  struct result r = { 0 };
  char target[512];
  snprintf(target, sizeof target, "%s/nobody", s.tmp);

  run(suid_helper, s.store, target, true, &r);
  tap_ok(is_code(&r, 3, "DENIED") && strstr(r.err, "is not root") && !exists(target),
         "a caller outside group tscontain is refused (setuid copy run as nobody)");

  const char *argv[] = { suid_helper, "no-such-verb", NULL };
  run_argv(argv, "", 0, true, &r);
  tap_ok(is_code(&r, 3, "DENIED"), "the caller check comes before argument parsing");

  run(plain_copy, s.store, target, true, &r);
  tap_ok(is_code(&r, 3, "DENIED") && strstr(r.err, "root privileges") && !exists(target),
         "a copy without the setuid bit refuses to run for nobody");

  run(suid_variant, s.store, target, true, &r);
  tap_ok(is_code(&r, 3, "DENIED") && strstr(r.err, "may only use the store") && !exists(target),
         "a group member may not name a store other than the default");

  run_cmd("rm -rf " VARIANT_STORE);
  if (mkdir(VARIANT_STORE, 0755) < 0 || mkdir(VARIANT_STORE "/tmp", 0755) < 0)
    tap_diag("cannot create %s", VARIANT_STORE);
  struct stat st;
  run(suid_variant, VARIANT_STORE, VARIANT_STORE "/tmp/layer", true, &r);
  tap_ok(is_code(&r, 0, NULL) && lstat_is(VARIANT_STORE "/tmp/layer/file", &st) && st.st_uid == 0
             && st.st_gid == 0 && (st.st_mode & 07777) == 04755,
         "a group member applies a layer into the default store, files root:root");
  run_cmd("rm -rf " VARIANT_STORE);
}

static void test_store_policy(void)
{
  struct result r = { 0 };
  char target[512];
  snprintf(target, sizeof target, "%s/layer", s.tmp);

  run(helper_bin, s.store, "/tmp/tscontain-helper-outside", false, &r);
  tap_ok(is_code(&r, 3, "DENIED") && !exists("/tmp/tscontain-helper-outside"),
         "a target outside the store is refused");

  run(helper_bin, s.store, pathf("%s/../escape", s.store), false, &r);
  tap_ok(is_code(&r, 3, "DENIED") && !exists(pathf("%s/escape", s.base)), "a target with .. is refused");

  run(helper_bin, s.store, s.store, false, &r);
  tap_ok(is_code(&r, 3, "DENIED"), "the store itself is not a target");

  must(chmod(s.store, 0777), "chmod");
  run(helper_bin, s.store, target, false, &r);
  tap_ok(is_code(&r, 3, "DENIED") && strstr(r.err, "writable") && !exists(target),
         "a world-writable store is refused");
  must(chmod(s.store, 0775), "chmod");
  run(helper_bin, s.store, target, false, &r);
  tap_ok(is_code(&r, 3, "DENIED") && !exists(target), "a group-writable store is refused");
  must(chmod(s.store, 0755), "chmod");

  must(chown(s.store, NOBODY_ID, NOBODY_ID), "chown");
  run(helper_bin, s.store, target, false, &r);
  tap_ok(is_code(&r, 3, "DENIED") && strstr(r.err, "not root") && !exists(target),
         "a store not owned by root is refused");
  must(chown(s.store, 0, 0), "chown");

  run(helper_bin, pathf("%s/", s.store), target, false, &r);
  tap_ok(is_code(&r, 3, "DENIED") && strstr(r.err, "canonical"), "a store with a trailing slash is refused");

  char link[512];
  snprintf(link, sizeof link, "%s/store-link", s.base);
  must(symlink(s.store, link), "symlink");
  run(helper_bin, link, pathf("%s/tmp/layer", link), false, &r);
  tap_ok(is_code(&r, 3, "DENIED") && !exists(target), "a store reached through a symlink is refused");

  run(helper_bin, "var/tmp/store", target, false, &r);
  tap_ok(is_code(&r, 3, "DENIED"), "a relative store is refused");

  must(mkdir(pathf("%s/exists", s.tmp), 0755), "mkdir");
  run(helper_bin, s.store, pathf("%s/exists", s.tmp), false, &r);
  tap_ok(is_code(&r, 3, "DENIED") && strstr(r.err, "already exists"), "an existing target is refused");

  must(symlink(s.outside, pathf("%s/tmp/out", s.store)), "symlink");
  run(helper_bin, s.store, pathf("%s/tmp/out/layer", s.store), false, &r);
  tap_ok(is_code(&r, 3, "DENIED") && !exists(pathf("%s/layer", s.outside)),
         "a target whose parent is a symlink inside the store is refused");

  run(helper_bin, s.store, pathf("%s/missing/layer", s.tmp), false, &r);
  tap_ok(is_code(&r, 3, "DENIED"), "a target whose parent does not exist is refused");

  run(helper_bin, s.store, target, false, &r);
  tap_ok(is_code(&r, 0, NULL) && exists(pathf("%s/file", target)), "root may use any valid store");
}

static void test_usage(void)
{
  struct result r = { 0 };
  char t[512];
  snprintf(t, sizeof t, "%s/usage", s.tmp);
  const char *const cases[][8] = {
    { helper_bin, NULL },
    { helper_bin, "frobnicate", NULL },
    { helper_bin, "apply-layer", "--store", s.store, NULL },
    { helper_bin, "apply-layer", "--store", s.store, "--target", NULL },
    { helper_bin, "apply-layer", "--store", s.store, "--target", t, "--extra", NULL },
    { helper_bin, "apply-layer", "--store", s.store, "--store", s.store, "--target", NULL },
    { helper_bin, "apply-layer", "--store", "", "--target", t, NULL },
  };
  const char *names[] = { "no verb", "unknown verb", "missing --target", "flag without value",
                          "unknown flag", "duplicate flag", "empty value" };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      run_argv(cases[i], "", 0, false, &r);
      tap_ok(is_code(&r, 2, "USAGE") && !exists(t), "usage error: %s (exit 2, one line)", names[i]);
    }
}

int main(int argc, char **argv)
{
  harness_init(argc, argv);
  if (geteuid() != 0)
    tap_skip_all("needs root");
  scratch_init(&s, suid_capable_dir());
  tap_diag("setuid copies under %s", s.base);
  snprintf(suid_helper, sizeof suid_helper, "%s/helper-suid", s.base);
  snprintf(suid_variant, sizeof suid_variant, "%s/variant-suid", s.base);
  snprintf(plain_copy, sizeof plain_copy, "%s/helper-plain", s.base);
  if (!install_copy(helper_bin, suid_helper, 04755) || !install_copy(variant_bin, suid_variant, 04755)
      || !install_copy(helper_bin, plain_copy, 0755))
    tap_skip_all("cannot install setuid copies");
  test_callers();
  test_store_policy();
  test_usage();
  scratch_cleanup(&s);
  return tap_done();
}
