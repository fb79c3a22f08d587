/*
 * run --auto-remove: the monitor removes the container (directory and
 * cgroups) when it ends, with nobody else running. Removal must stay inside
 * what the starter opened and checked: symlinks are unlinked, never followed;
 * another filesystem mounted inside is not entered; a container directory
 * that is not plainly under the store is refused before anything runs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "box.h"

static struct box b;

static bool gone_within(const char *path, double seconds)
{
  for (int i = 0; i < (int) (seconds * 100); i++)
    {
      if (access(path, F_OK) != 0)
        return true;
      usleep(10000);
    }
  return false;
}

static void test_removes_dir_and_cgroup(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  char cgroup[256];
  snprintf(cgroup, sizeof cgroup, "%s", box_devices_cgroup(id));
  const char *const extra[] = { "--cgroup", cgroup, "--auto-remove", NULL };
  const char *const prog[] = { "sh", "-c", "echo data > /file; exit 3", NULL };
  box_run_raw(&b, id, extra, prog, &o);
  tap_ok(o.status == 0, "run --auto-remove starts");
  tap_ok(gone_within(box_cdir(&b, id), 10), "the container directory is removed when the program ends");
  tap_ok(gone_within(cgroup, 2), "its cgroup is removed");
  tap_ok(access(pathf("%s/containers", b.store), F_OK) == 0, "STORE/containers stays");

  id = box_fresh(&b);
  const char *const plain[] = { "true", NULL };
  box_run(&b, id, NULL, plain, &o);
  tap_ok(o.status == 0 && box_exit_code(&b, id, 10) == 0 && access(box_cdir(&b, id), F_OK) == 0,
         "without --auto-remove the directory stays with exit.json");
}

/* The container's root owns its upper dir: what it leaves there must not lead the removal outside. */
static void test_container_links_not_followed(void)
{
  char outside[512];
  snprintf(outside, sizeof outside, "%s/outside", b.base);
  must(mkdir(outside, 0755), "mkdir outside");
  write_file(pathf("%s/keep", outside), "keep\n", 0644);

  struct out o;
  const char *id = box_fresh(&b);
  const char *const extra[] = { "--auto-remove", NULL };
  char script[2048];
  snprintf(script, sizeof script,
           "mkdir -p /d && ln -s %s /d/to-outside && ln -s %s/keep /keep-link && ln -s / /root-link", outside,
           outside);
  const char *const prog[] = { "sh", "-c", script, NULL };
  box_run(&b, id, extra, prog, &o);
  tap_ok(o.status == 0 && gone_within(box_cdir(&b, id), 10), "a container that made links to host paths is removed");
  tap_ok(content_is(pathf("%s/keep", outside), "keep\n", 5), "the link targets outside are untouched");

  /* A link the engine's side could have left in the container directory itself. */
  id = box_fresh(&b);
  must(symlink(outside, pathf("%s/linked-dir", box_cdir(&b, id))), "symlink in container dir");
  const char *const t[] = { "true", NULL };
  box_run(&b, id, extra, t, &o);
  tap_ok(o.status == 0 && gone_within(box_cdir(&b, id), 10), "a container dir holding a symlink is removed");
  tap_ok(content_is(pathf("%s/keep", outside), "keep\n", 5), "the symlink was unlinked, not followed");
}

/* Another filesystem mounted in the container dir (by mistake or malice) is not entered. */
static void test_other_filesystem_kept(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  const char *mnt = pathf("%s/mnt", box_cdir(&b, id));
  char mnt_path[512];
  snprintf(mnt_path, sizeof mnt_path, "%s", mnt);
  must(mkdir(mnt_path, 0700), "mkdir mnt");
  if (mount("tmpfs", mnt_path, "tmpfs", 0, "size=1m") < 0)
    {
      tap_skip("cannot mount a tmpfs", "a filesystem mounted in the container dir is not entered");
      return;
    }
  write_file(pathf("%s/sentinel", mnt_path), "s\n", 0644);
  const char *const extra[] = { "--auto-remove", NULL };
  const char *const t[] = { "true", NULL };
  box_run(&b, id, extra, t, &o);
  box_wait_exit(&b, id, 5, NULL, 0);
  /* The monitor gives up after its attempts; the mount keeps the directory. */
  for (int i = 0; i < 100 && access(pathf("%s/config.json", box_cdir(&b, id)), F_OK) == 0; i++)
    usleep(10000);
  usleep(200000);
  tap_ok(content_is(pathf("%s/sentinel", mnt_path), "s\n", 2), "the file on the mounted filesystem is untouched");
  umount2(mnt_path, MNT_DETACH);
}

static void test_refusals(void)
{
  struct out o;
  char outside[512];
  snprintf(outside, sizeof outside, "%s/victim", b.base);
  must(mkdir(outside, 0700), "mkdir victim");
  write_file(pathf("%s/keep", outside), "keep\n", 0644);

  /* containers/<id> is a symlink to a directory outside the store. */
  const char *id = box_id(&b, 1000);
  rmdir(box_cdir(&b, id));
  must(symlink(outside, box_cdir(&b, id)), "symlink container dir");
  const char *const extra[] = { "--auto-remove", NULL };
  const char *const t[] = { "true", NULL };
  box_run(&b, id, extra, t, &o);
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "a container dir that is a symlink out of the store: DENIED");
  tap_ok(content_is(pathf("%s/keep", outside), "keep\n", 5) && !exists(pathf("%s/upper", outside)),
         "the directory it names is untouched");

  /* A --store that is not a store (no containers/ below it). */
  const char *const argv[] = { helper_bin, "run", "--store", outside, "--id", box_fresh(&b), "--layer", b.layer,
                               "--auto-remove", "--", "true", NULL };
  run_out(argv, false, &o);
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED") && content_is(pathf("%s/keep", outside), "keep\n", 5),
         "--auto-remove with a --store outside the store policy: DENIED, nothing removed");

  /* The flag takes no value; a stray one is the program, not a path to remove. */
  id = box_fresh(&b);
  const char *const stray[] = { "--auto-remove=/", NULL };
  box_run(&b, id, stray, t, &o);
  tap_ok(o.status == 2 && one_line_code(o.err, "USAGE"), "--auto-remove=VALUE: USAGE");
}

int main(int argc, char **argv)
{
  harness_init(argc, argv);
  box_init(&b, "/var/tmp");
  test_removes_dir_and_cgroup();
  test_container_links_not_followed();
  test_other_filesystem_kept();
  test_refusals();
  box_cleanup(&b);
  return tap_done();
}
