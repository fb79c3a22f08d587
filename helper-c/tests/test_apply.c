/* apply-layer on well-formed layers: every kind of entry and its metadata. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "harness.h"

static struct scratch s;

static const char *in(const char *layer, const char *rel)
{
  return pathf("%s/%s/%s", s.tmp, layer, rel);
}

static bool applied(const char *layer, struct tarw *w)
{
  struct result r = { 0 };
  tarw_end(w);
  apply(helper_bin, &s, layer, w, &r);
  tarw_free(w);
  return is_code(&r, 0, NULL);
}

static void test_files_and_modes(void)
{
  struct tarw w = { 0 };
  struct stat st;
  tarw_file_owned(&w, "plain", 0640, 1000, 1001, 1234567890, "hello\n", 6);
  tarw_file_owned(&w, "suid", 04755, 0, 0, 1600000000, "x", 1);
  tarw_file_owned(&w, "sgid", 02755, 1234, 5678, 1600000000, "x", 1);
  tarw_dir(&w, "sticky/", 01777);
  tap_ok(applied("files", &w), "regular files and modes apply");
  tap_ok(content_is(in("files", "plain"), "hello\n", 6), "file content is written");
  tap_ok(lstat_is(in("files", "plain"), &st) && (st.st_mode & 07777) == 0640 && st.st_uid == 1000
             && st.st_gid == 1001,
         "mode 0640 and owner 1000:1001 kept");
  tap_ok(st.st_mtim.tv_sec == 1234567890, "file mtime kept");
  tap_ok(lstat_is(in("files", "suid"), &st) && (st.st_mode & 07777) == 04755 && st.st_uid == 0,
         "setuid root file keeps 04755");
  tap_ok(lstat_is(in("files", "sgid"), &st) && (st.st_mode & 07777) == 02755 && st.st_gid == 5678,
         "setgid survives chown to 1234:5678 (chmod after chown)");
  tap_ok(lstat_is(in("files", "sticky"), &st) && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 01777,
         "sticky directory 01777");
}

static void test_dirs(void)
{
  struct tarw w = { 0 };
  struct stat st;
  tarw_dir_owned(&w, "d/", 0700, 0, 0, 1500000000);
  tarw_file(&w, "d/child", 0644, "c");
  tarw_dir_owned(&w, "d/", 0750, 42, 43, 1400000000);
  tarw_file(&w, "x/y/z", 0644, "deep");
  tap_ok(applied("dirs", &w), "directories apply");
  tap_ok(lstat_is(in("dirs", "d"), &st) && (st.st_mode & 07777) == 0750 && st.st_uid == 42,
         "a repeated directory gets the later metadata");
  tap_ok(exists(in("dirs", "d/child")), "a repeated directory keeps its children");
  tap_ok(st.st_mtim.tv_sec == 1400000000, "directory mtime set after its children were written");
  tap_ok(lstat_is(in("dirs", "x/y"), &st) && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0755
             && st.st_uid == 0 && st.st_gid == 0,
         "missing parents are created root:root 0755");
  tap_ok(lstat_is(in("dirs", "."), &st) && (st.st_mode & 07777) == 0755 && st.st_uid == 0,
         "target directory is root:root 0755");
}

static void test_links_and_nodes(void)
{
  struct tarw w = { 0 };
  struct stat st, st2;
  struct tarw_hdr sym = { .name = "abs", .type = '2', .mode = 0777, .uid = 1000, .gid = 1000,
                          .linkname = "/etc/passwd", .mtime = 1300000000 };
  tarw_header(&w, &sym);
  tarw_symlink(&w, "rel", "../usr/bin/env");
  tarw_file(&w, "target", 0644, "shared");
  tarw_hardlink(&w, "link", "target");
  tarw_hardlink(&w, "symhard", "./abs");
  tarw_node(&w, "fifo", '6', 0620, 0, 0);
  tarw_node(&w, "null", '3', 0666, 1, 3);
  tarw_node(&w, "loop0", '4', 0660, 7, 0);
  tap_ok(applied("links", &w), "links and special files apply");
  char buf[64] = { 0 };
  tap_ok(readlink(in("links", "abs"), buf, sizeof buf - 1) == 11 && strcmp(buf, "/etc/passwd") == 0,
         "absolute symlink target kept as written");
  tap_ok(lstat_is(in("links", "abs"), &st) && st.st_uid == 1000 && st.st_mtim.tv_sec == 1300000000,
         "symlink owner and mtime set without following it");
  memset(buf, 0, sizeof buf);
  tap_ok(readlink(in("links", "rel"), buf, sizeof buf - 1) > 0 && strcmp(buf, "../usr/bin/env") == 0,
         "relative symlink with .. kept as written");
  tap_ok(lstat_is(in("links", "target"), &st) && lstat_is(in("links", "link"), &st2)
             && st.st_ino == st2.st_ino && st.st_nlink == 2,
         "hardlink shares the inode");
  tap_ok(lstat_is(in("links", "symhard"), &st) && S_ISLNK(st.st_mode),
         "hardlink to a symlink links the symlink itself");
  tap_ok(lstat_is(in("links", "fifo"), &st) && S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == 0620,
         "fifo with mode 0620");
  tap_ok(lstat_is(in("links", "null"), &st) && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3)
             && (st.st_mode & 07777) == 0666,
         "character device 1:3");
  tap_ok(lstat_is(in("links", "loop0"), &st) && S_ISBLK(st.st_mode) && st.st_rdev == makedev(7, 0),
         "block device 7:0");
}

static void test_whiteouts(void)
{
  struct tarw w = { 0 };
  struct stat st;
  tarw_dir(&w, "etc/", 0755);
  tarw_file(&w, "etc/.wh.removed", 0644, "");
  tarw_file(&w, "opq/.wh..wh..opq", 0644, "");
  tarw_dir(&w, "opq/", 0700);
  tarw_dir(&w, "opq2/", 0755);
  tarw_file(&w, "opq2/.wh..wh..opq", 0644, "");
  tarw_file(&w, "kept", 0644, "mine");
  tarw_file(&w, ".wh.kept", 0644, "");
  tarw_file(&w, ".wh.later", 0644, "");
  tarw_file(&w, "later", 0644, "back");
  tarw_file(&w, ".wh.gonedir", 0644, "");
  tarw_file(&w, "gonedir/new", 0644, "n");
  tarw_file(&w, ".wh..wh.plnk/12.34", 0644, "aufs");
  struct result r = { 0 };
  tarw_end(&w);
  apply(helper_bin, &s, "wh", &w, &r);
  tarw_free(&w);
  tap_ok(is_code(&r, 0, NULL), "whiteouts apply");
  /* opq, opq2, gonedir in hex, in the order they were marked. */
  const char *want = "opaque 6f7071\nopaque 6f707132\nopaque 676f6e65646972\nopaque_dirs 3\ndiff_id ";
  tap_ok(strncmp(r.err, want, strlen(want)) == 0,
         "the opaque directories are reported before the diff_id (got %.200s)", r.err);
  tap_ok(lstat_is(in("wh", "etc/removed"), &st) && S_ISCHR(st.st_mode) && st.st_rdev == makedev(0, 0),
         "whiteout becomes a 0:0 character device");
  tap_ok(!exists(in("wh", "etc/.wh.removed")), "no .wh. file is left");
  tap_ok(xattr_is(in("wh", "opq"), "trusted.overlay.opaque", "y", 1),
         "opaque marker before its directory entry sets trusted.overlay.opaque=y");
  tap_ok(lstat_is(in("wh", "opq"), &st) && (st.st_mode & 07777) == 0700,
         "the later directory entry updates the opaque directory");
  tap_ok(xattr_is(in("wh", "opq2"), "trusted.overlay.opaque", "y", 1),
         "opaque marker after its directory entry");
  tap_ok(content_is(in("wh", "kept"), "mine", 4), "a whiteout does not hide its own layer's entry");
  tap_ok(content_is(in("wh", "later"), "back", 4), "a later entry replaces the whiteout");
  tap_ok(lstat_is(in("wh", "gonedir"), &st) && S_ISDIR(st.st_mode)
             && xattr_is(in("wh", "gonedir"), "trusted.overlay.opaque", "y", 1)
             && exists(in("wh", "gonedir/new")),
         "a whited-out name refilled as a directory becomes opaque");
  tap_ok(!exists(in("wh", ".wh..wh.plnk")), "AUFS metadata is skipped");
}

static void test_extensions(void)
{
  struct tarw w = { 0 };
  struct stat st;
  char longname[260], longlink[200];
  memset(longname, 'n', sizeof longname);
  memcpy(longname, "dir/", 4);
  longname[sizeof longname - 1] = '\0';
  memset(longlink, 'k', sizeof longlink);
  longlink[0] = '/';
  longlink[sizeof longlink - 1] = '\0';
  static const char cap[20] = { 0, 0, 0, 2, 0, 0x20 }; /* v2, CAP_NET_BIND_SERVICE */

  const char *keys[] = { "path", "mtime", "uid", "SCHILY.xattr.user.note", "SCHILY.xattr.security.capability",
                         "SCHILY.xattr.security.selinux", "SCHILY.xattr.trusted.overlay.redirect" };
  const char *vals[] = { longname, "1500000000.25", "3000000", "hi\0there", cap, "system_u:object_r:x", "/etc" };
  const size_t lens[] = { strlen(longname), 13, 7, 8, sizeof cap, 19, 4 };
  tarw_pax(&w, 'x', 7, keys, vals, lens);
  tarw_file(&w, "ignored-name", 0755, "pax");
  char gnuname[140];
  memset(gnuname, 'g', sizeof gnuname);
  memcpy(gnuname, "gnu/long/", 9);
  gnuname[sizeof gnuname - 1] = '\0';
  tarw_gnu_long(&w, 'L', gnuname, strlen(gnuname));
  tarw_gnu_long(&w, 'K', longlink, strlen(longlink));
  tarw_symlink(&w, "short", "short-target");
  const char *gkeys[] = { "mtime" };
  const char *gvals[] = { "1111111111" };
  tarw_pax(&w, 'g', 1, gkeys, gvals, NULL);
  tarw_file(&w, "global", 0644, "g");
  struct tarw_hdr big = { .name = "bigid", .type = '0', .mode = 0644, .uid = 4194304, .gid = 4194305 };
  tarw_header(&w, &big);
  struct tarw_hdr pre = { .name = "file", .prefix = "prefix/part", .type = '0', .mode = 0644 };
  tarw_header(&w, &pre);
  tap_ok(applied("ext", &w), "PAX, GNU and base-256 headers apply");

  tap_ok(lstat_is(in("ext", longname), &st) && st.st_uid == 3000000, "PAX path (259 bytes) and uid");
  tap_ok(st.st_mtim.tv_sec == 1500000000 && st.st_mtim.tv_nsec == 250000000, "PAX fractional mtime");
  tap_ok(xattr_is(in("ext", longname), "user.note", "hi\0there", 8), "PAX binary user xattr");
  tap_ok(xattr_is(in("ext", longname), "security.capability", cap, sizeof cap),
         "security.capability kept");
  tap_ok(xattr_absent(in("ext", longname), "trusted.overlay.redirect"),
         "trusted.* xattrs from the layer are dropped");
  tap_ok(xattr_absent(in("ext", longname), "security.selinux"), "other security.* xattrs dropped");
  char buf[256] = { 0 };
  const char *gnu = in("ext", gnuname);
  tap_ok(readlink(gnu, buf, sizeof buf - 1) == (ssize_t) strlen(longlink) && strcmp(buf, longlink) == 0,
         "GNU long name and long link");
  tap_ok(lstat_is(in("ext", "global"), &st) && st.st_mtim.tv_sec == 1111111111, "global PAX mtime applies");
  tap_ok(lstat_is(in("ext", "bigid"), &st) && st.st_uid == 4194304 && st.st_gid == 4194305,
         "base-256 uid and gid");
  tap_ok(exists(in("ext", "prefix/part/file")), "ustar prefix field");
}

static void test_replace_and_stream(void)
{
  struct tarw w = { 0 };
  struct stat st;
  size_t big = 1024 * 1024 + 123;
  char *data = malloc(big);
  for (size_t i = 0; i < big; i++)
    data[i] = (char) (i * 7 + i / 4096);
  tarw_dir(&w, "./", 0700);
  tarw_file(&w, "a", 0600, "first");
  tarw_file(&w, "a", 0644, "second");
  tarw_file(&w, "b", 0644, "file");
  tarw_symlink(&w, "b", "/now/a/symlink");
  tarw_symlink(&w, "c", "/was/a/symlink");
  tarw_file(&w, "c", 0644, "now a file");
  tarw_file_owned(&w, "big", 0644, 0, 0, 1, data, big);
  tap_ok(applied("repl", &w), "replacements apply");
  tap_ok(content_is(in("repl", "a"), "second", 6) && lstat_is(in("repl", "a"), &st)
             && (st.st_mode & 07777) == 0644,
         "a later file replaces an earlier one");
  tap_ok(lstat_is(in("repl", "b"), &st) && S_ISLNK(st.st_mode), "a symlink replaces a file");
  tap_ok(content_is(in("repl", "c"), "now a file", 10), "a file replaces a symlink");
  tap_ok(content_is(in("repl", "big"), data, big), "1 MiB file crosses the copy buffer intact");
  tap_ok(lstat_is(in("repl", "."), &st) && (st.st_mode & 07777) == 0700, "\"./\" entry sets the target's mode");
  free(data);

  tap_ok(applied("empty", &w), "an empty layer (just the end marker) applies");
  tap_ok(lstat_is(in("empty", "."), &st) && S_ISDIR(st.st_mode), "empty layer gives an empty directory");

  struct result r = { 0 };
  tarw_file(&w, "f", 0644, "f");
  tarw_end(&w);
  tarw_raw(&w, "trailing garbage after the end marker", 38);
  apply(helper_bin, &s, "trailing", &w, &r);
  unsigned long long reported = 0;
  const char *report = strstr(r.err, "diff_id ");
  tap_ok(is_diff_id_report(r.err) && report && sscanf(report, "diff_id sha256:%*64s %llu", &reported) == 1
             && reported == w.len,
         "the diff_id report counts every byte, also those after the end marker");
  tarw_free(&w);
  tap_ok(is_code(&r, 0, NULL) && exists(in("trailing", "f")), "data after the end marker is ignored");

  static const char zeros[512];
  tarw_file(&w, "f", 0644, "f");
  tarw_raw(&w, zeros, sizeof zeros);
  apply(helper_bin, &s, "onezero", &w, &r);
  tarw_free(&w);
  tap_ok(is_code(&r, 0, NULL), "EOF right after one zero block is accepted");
}

static void test_nospace(void)
{
  const char *mnt = pathf("%s/small", s.base);
  struct scratch t = s;
  if (mkdir(mnt, 0755) < 0 || run_cmd("mount -t tmpfs -o size=256k,mode=0755 tscontain-test '%s' 2>/dev/null", mnt) != 0)
    {
      tap_skip("cannot mount tmpfs", "full disk reports NOSPACE");
      return;
    }
  snprintf(t.store, sizeof t.store, "%s", mnt);
  snprintf(t.tmp, sizeof t.tmp, "%s", mnt);
  struct tarw w = { 0 };
  size_t big = 1024 * 1024;
  char *data = calloc(big, 1);
  tarw_file_owned(&w, "big", 0644, 0, 0, 1, data, big);
  tarw_end(&w);
  struct result r = { 0 };
  apply(helper_bin, &t, "layer", &w, &r);
  tap_ok(is_code(&r, 6, "NOSPACE"), "full disk reports NOSPACE (exit 6)");
  free(data);
  tarw_free(&w);
  run_cmd("umount '%s'", mnt);
}

int main(int argc, char **argv)
{
  harness_init(argc, argv);
  if (geteuid() != 0)
    tap_skip_all("needs root");
  scratch_init(&s, "/var/tmp");
  test_files_and_modes();
  test_dirs();
  test_links_and_nodes();
  test_whiteouts();
  test_extensions();
  test_replace_and_stream();
  test_nospace();
  scratch_cleanup(&s);
  return tap_done();
}
