/*
 * Hostile layers, named after the advisories they re-enact. Each must be
 * refused with UNSAFE (exit 4) or, where the entry is legal, applied
 * without touching anything outside the target.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static struct scratch s;
static int layer_no;

/* Applies W (end marker added) into a fresh target; returns the result. */
static struct result run_layer(struct tarw *w, char *target, size_t n)
{
  struct result r = { 0 };
  char name[32];
  snprintf(name, sizeof name, "h%d", ++layer_no);
  snprintf(target, n, "%s/%s", s.tmp, name);
  tarw_end(w);
  apply(helper_bin, &s, name, w, &r);
  tarw_free(w);
  return r;
}

static bool refused(struct tarw *w, char *target, size_t n)
{
  struct result r = run_layer(w, target, n);
  return is_code(&r, 4, "UNSAFE");
}

static void sentinel(const char *name, const char *content, unsigned mode)
{
  write_file(pathf("%s/%s", s.outside, name), content, mode);
}

static bool sentinel_intact(const char *name, const char *content, unsigned mode)
{
  struct stat st;
  const char *p = pathf("%s/%s", s.outside, name);
  return content_is(p, content, strlen(content)) && lstat_is(p, &st)
         && (st.st_mode & 07777) == mode && st.st_nlink == 1 && st.st_uid == 0;
}

static void test_names(void)
{
  struct tarw w = { 0 };
  char t[512];

  tarw_file(&w, "../escape", 0644, "x");
  tap_ok(refused(&w, t, sizeof t) && !exists(pathf("%s/escape", s.tmp)), "../escape is refused");

  tarw_file(&w, pathf("%s/abs", s.outside), 0644, "x");
  tap_ok(refused(&w, t, sizeof t) && !exists(pathf("%s/abs", s.outside)), "/absolute name is refused");

  tarw_file(&w, "./../../outside/dotdot", 0644, "x");
  tap_ok(refused(&w, t, sizeof t) && !exists(pathf("%s/dotdot", s.outside)), "./../ name is refused");

  tarw_dir(&w, "a/", 0755);
  tarw_file(&w, "a/../../x", 0644, "x");
  tap_ok(refused(&w, t, sizeof t) && !exists(pathf("%s/x", s.tmp)), "a/../../x is refused");

  const char *keys[] = { "path" };
  const char *vals[] = { "ok\0/../../../outside/nul" };
  const size_t lens[] = { 25 };
  tarw_pax(&w, 'x', 1, keys, vals, lens);
  tarw_file(&w, "placeholder", 0644, "x");
  tap_ok(refused(&w, t, sizeof t), "NUL byte in a PAX path is refused");

  tarw_gnu_long(&w, 'L', "ok\0../../outside/gnu", 20);
  tarw_file(&w, "placeholder", 0644, "x");
  tap_ok(refused(&w, t, sizeof t), "NUL byte in a GNU long name is refused");

  tarw_gnu_long(&w, 'L', "deep/../../../outside/gnu", 25);
  tarw_file(&w, "placeholder", 0644, "x");
  tap_ok(refused(&w, t, sizeof t) && !exists(pathf("%s/gnu", s.outside)), "GNU long name with .. is refused");

  tarw_file(&w, ".wh...", 0644, "");
  tap_ok(refused(&w, t, sizeof t), "whiteout of .. is refused");
}

/* docker cp CVE-2018-15664 and podman cp CVE-2019-10152: writes through a symlink. */
static void test_symlink_parents(void)
{
  struct tarw w = { 0 };
  char t[512];
  sentinel("victim", "original", 0600);

  tarw_symlink(&w, "evil", s.outside);
  tarw_file(&w, "evil/planted", 0644, "x");
  tap_ok(refused(&w, t, sizeof t) && !exists(pathf("%s/planted", s.outside)),
         "CVE-2018-15664: symlink evil -> outside then evil/file is refused");

  tarw_symlink(&w, "up", "..");
  tarw_file(&w, "up/planted", 0644, "x");
  tap_ok(refused(&w, t, sizeof t) && !exists(pathf("%s/planted", s.tmp)),
         "CVE-2019-10152: symlink up -> .. then up/file is refused");

  tarw_symlink(&w, "a", "b");
  tarw_symlink(&w, "b", s.outside);
  tarw_file(&w, "a/planted", 0644, "x");
  tap_ok(refused(&w, t, sizeof t) && !exists(pathf("%s/planted", s.outside)),
         "symlink chain a -> b -> outside is refused");

  tarw_dir(&w, "x/y/", 0755);
  tarw_symlink(&w, "x/y/root", "/");
  tarw_file(&w, pathf("x/y/root%s/planted", s.outside), 0644, "x");
  tap_ok(refused(&w, t, sizeof t) && !exists(pathf("%s/planted", s.outside)),
         "deep symlink to / then writing below it is refused");

  tarw_symlink(&w, "evil", s.outside);
  tarw_file(&w, "evil/.wh.victim", 0644, "");
  tap_ok(refused(&w, t, sizeof t) && sentinel_intact("victim", "original", 0600),
         "whiteout through a symlink is refused");

  tarw_symlink(&w, "evil", s.outside);
  tarw_file(&w, "evil/.wh..wh..opq", 0644, "");
  tap_ok(refused(&w, t, sizeof t) && xattr_absent(s.outside, "trusted.overlay.opaque"),
         "opaque marker through a symlink is refused");

  tarw_symlink(&w, "evil", s.outside);
  tarw_dir(&w, "evil/sub/", 0777);
  tap_ok(refused(&w, t, sizeof t) && !exists(pathf("%s/sub", s.outside)),
         "directory through a symlink is refused");
}

/* containerd CVE-2021-32760: chmod/chown followed a symlink out of the root. */
static void test_symlink_final(void)
{
  struct tarw w = { 0 };
  char t[512];
  struct result r = { 0 };
  sentinel("victim", "original", 0600);

  struct tarw_hdr h = { .name = "evil", .type = '2', .mode = 0777, .uid = 1000, .linkname = pathf("%s/victim", s.outside) };
  tarw_header(&w, &h);
  r = run_layer(&w, t, sizeof t);
  tap_ok(is_code(&r, 0, NULL) && sentinel_intact("victim", "original", 0600),
         "CVE-2021-32760: metadata of a symlink entry never reaches its target");

  tarw_symlink(&w, "evil", pathf("%s/victim", s.outside));
  tarw_file(&w, "evil", 04777, "overwritten");
  r = run_layer(&w, t, sizeof t);
  struct stat st;
  tap_ok(is_code(&r, 0, NULL) && sentinel_intact("victim", "original", 0600)
             && lstat_is(pathf("%s/evil", t), &st) && S_ISREG(st.st_mode),
         "a file entry replaces a symlink instead of writing through it");

  tarw_symlink(&w, "evil", pathf("%s/victim", s.outside));
  tarw_node(&w, "evil", '3', 0666, 1, 3);
  r = run_layer(&w, t, sizeof t);
  tap_ok(is_code(&r, 0, NULL) && sentinel_intact("victim", "original", 0600),
         "a device entry replaces a symlink, the target keeps its mode");

  /* umoci CVE-2021-29136: the root itself as a symlink. */
  tarw_symlink(&w, ".", s.outside);
  tarw_file(&w, "planted", 0644, "x");
  tap_ok(refused(&w, t, sizeof t) && !exists(pathf("%s/planted", s.outside)),
         "umoci CVE-2021-29136: \".\" as a symlink is refused");
}

static void test_hardlinks(void)
{
  struct tarw w = { 0 };
  char t[512];
  struct stat before, after;
  sentinel("secret", "secret", 0600);

  lstat("/etc/passwd", &before);
  tarw_hardlink(&w, "passwd", "/etc/passwd");
  tap_ok(refused(&w, t, sizeof t) && lstat("/etc/passwd", &after) == 0 && after.st_nlink == before.st_nlink,
         "hardlink to /etc/passwd is refused");

  tarw_hardlink(&w, "out", "../../outside/secret");
  tap_ok(refused(&w, t, sizeof t) && sentinel_intact("secret", "secret", 0600),
         "hardlink to ../../outside is refused");

  tarw_symlink(&w, "evil", s.outside);
  tarw_hardlink(&w, "out", "evil/secret");
  tap_ok(refused(&w, t, sizeof t) && sentinel_intact("secret", "secret", 0600),
         "hardlink through a symlink to outside is refused");

  tarw_dir(&w, "d/", 0755);
  tarw_hardlink(&w, "dlink", "d");
  tap_ok(refused(&w, t, sizeof t), "hardlink to a directory is refused");

  struct result r = { 0 };
  tarw_symlink(&w, "sym", pathf("%s/secret", s.outside));
  tarw_hardlink(&w, "hard", "sym");
  r = run_layer(&w, t, sizeof t);
  tap_ok(is_code(&r, 0, NULL) && lstat_is(pathf("%s/hard", t), &after) && S_ISLNK(after.st_mode)
             && sentinel_intact("secret", "secret", 0600),
         "hardlink to a symlink links the symlink, never the file outside");

  tarw_hardlink(&w, "missing", "not/there");
  r = run_layer(&w, t, sizeof t);
  tap_ok(is_code(&r, 5, "BADTAR"), "hardlink to a name not in the layer is BADTAR");
}

int main(int argc, char **argv)
{
  harness_init(argc, argv);
  if (geteuid() != 0)
    tap_skip_all("needs root");
  scratch_init(&s, "/var/tmp");
  test_names();
  test_symlink_parents();
  test_symlink_final();
  test_hardlinks();
  scratch_cleanup(&s);
  return tap_done();
}
