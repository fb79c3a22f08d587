/*
 * Why: a container program that is a script starting "#!/proc/self/exe"
 * makes the kernel execute whatever /proc/self/exe is at the moment of our
 * execve -- the helper -- inside the container, where its root can then
 * open /proc/PID/exe and write to the host's setuid binary (runc's
 * CVE-2019-5736). The same holds for --init's pid 1 and for exec's child,
 * which run helper code while in the container's pid namespace.
 *
 * So the verbs that put a process into a container first re-execute from a
 * memfd copy sealed against writes, growth and shrinking. /proc/self/exe
 * then names that memfd: nothing the container does can modify the host's
 * binary. The copy costs one read of the binary (~200 KiB) and one execve.
 * The environment is already scrubbed by frame_enter().
 */
#include "sealed.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caller.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif
#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif

#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

int sealed_reexec(char **argv, herr_t *err)
{
  cleanup_close int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (self < 0)
    return herr_sys(err, "opening /proc/self/exe");
  int seals = fcntl(self, F_GET_SEALS);
  if (seals >= 0 && (seals & SEALS) == SEALS)
    return 0;

  cleanup_close int mfd = memfd_create(PROGRAM_NAME, MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
  if (mfd < 0 && errno == EINVAL) /* kernels before 6.3 do not know MFD_EXEC */
    mfd = memfd_create(PROGRAM_NAME, MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (mfd < 0)
    return herr_sys(err, "memfd_create");
  struct stat st;
  if (fstat(self, &st) < 0)
    return herr_sys(err, "stat /proc/self/exe");
  for (off_t done = 0; done < st.st_size;)
    {
      ssize_t n = sendfile(mfd, self, NULL, (size_t) (st.st_size - done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return herr_sys(err, "copying the helper into a memfd");
      done += n;
    }
  fcntl(mfd, F_ADD_SEALS, F_SEAL_EXEC); /* 6.3+: no chmod either; before F_SEAL_SEAL */
  if (fcntl(mfd, F_ADD_SEALS, SEALS) < 0)
    return herr_sys(err, "sealing the memfd");

  static char path[] = "PATH=" HELPER_PATH;
  char *const envp[] = { path, NULL };
  fexecve(mfd, argv, envp);
  return herr_sys(err, "re-executing from a sealed copy");
}
