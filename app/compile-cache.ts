// V8's code cache for our own modules (Node >= 22.1), so a command does not
// recompile the same JavaScript on every start. The cache lives beside the
// compiled code (dist/.compile-cache): whoever may write it may already
// change the code itself, so it adds no new way in for a root CLI, as a
// shared /tmp directory would. Where it cannot be written it is skipped.
import module from 'node:module';

const enable = (module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
if (typeof enable === 'function' && process.env.NODE_COMPILE_CACHE === undefined) {
  try {
    enable(new URL('../.compile-cache', import.meta.url).pathname);
  } catch {
    // An unwritable install only loses the speed-up.
  }
}
