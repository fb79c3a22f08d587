// The esbuild build behind scripts/bundle.sh (see there for why). Besides
// the command-line options, it swaps two of Ink's modules for ours: Ink 7's
// measure-text and wrap-text caches never drop an entry (ink#986), which a
// dashboard left open would feel; app/dashboard/ink-caches/ bounds them.
import { build } from 'esbuild';
import { resolve } from 'node:path';

const top = resolve(import.meta.dirname, '..');
const INK_BUILD = `${resolve(top, 'node_modules/ink/build')}/`;
const ours = (name) => resolve(top, `dist/app/dashboard/ink-caches/${name}.js`);

const boundedInkCaches = {
  name: 'bounded-ink-caches',
  setup(b) {
    b.onResolve({ filter: /^\.\/(measure-text|wrap-text)\.js$/ }, (args) => (
      args.importer.startsWith(INK_BUILD) ? { path: ours(args.path.slice(2, -3)) } : undefined
    ));
  },
};

await build({
  entryPoints: [resolve(top, 'dist/app/main.js')],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  outdir: resolve(top, process.argv[2] ?? 'dist/bundle/app'),
  external: ['node-pty', 'react-devtools-core'],
  alias: { 'widest-line': resolve(top, 'dist/app/dashboard/fast-widest-line.js') },
  banner: { js: "import { createRequire as __tscontainCreateRequire } from 'node:module'; const require = __tscontainCreateRequire(import.meta.url);" },
  plugins: [boundedInkCaches],
  sourcemap: 'linked',
  logLevel: 'warning',
});
