#!/usr/bin/env bash
# Bundles the compiled CLI (dist/app/main.js and everything it imports,
# command modules as lazy chunks) into dist/bundle/app/, which bin/tscontain
# runs when it is at least as new as the last tsc build: ~70 modules become
# a few chunks, which saves Node's ESM loader ~10 ms per command. Ink, React
# and node-pty stay external (only the dashboard and terminals load them).
# The chunks sit two levels below dist/ like dist/engine/helper/, so paths
# taken relative to import.meta.url (the checkout's helper) still resolve.
# Without esbuild (an older install) it removes the bundle and bin/tscontain
# runs dist/ as before.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
esbuild=${ESBUILD:-node_modules/.bin/esbuild}
out=dist/bundle/app
rm -rf "$out"
if [ ! -x "$esbuild" ]; then
  echo "bundle: esbuild is not installed (npm ci); the CLI runs from dist/" >&2
  exit 0
fi
"$esbuild" dist/app/main.js --bundle --splitting --format=esm --platform=node --target=node22 \
  --outdir="$out" --external:ink --external:react --external:'react/*' --external:node-pty \
  --sourcemap=linked --log-level=warning
