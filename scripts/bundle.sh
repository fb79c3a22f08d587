#!/usr/bin/env bash
# Bundles the compiled CLI (dist/app/main.js and everything it imports,
# command modules as lazy chunks) into dist/bundle/app/, which bin/tscontain
# runs when it is at least as new as the last tsc build: ~70 modules become
# a few chunks, which saves Node's ESM loader ~10 ms per command. Ink and
# React are bundled into the dashboard's lazy chunks (no command loads them),
# with widest-line aliased to app/dashboard/fast-widest-line.ts, which Ink
# calls for every text on every frame: on the 50-container bench this took
# idle CPU from 1.15-1.2% to 0.92-0.97% of a core and the first frame from
# ~300 to ~200 ms. CommonJS packages inside (React, signal-exit) require
# Node's built-ins, so each chunk gets a `require`. node-pty (native) and
# react-devtools-core (only with DEV=true) stay external. The build itself is
# scripts/bundle.mjs (esbuild's API: a plugin bounds two of Ink's caches).
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
node scripts/bundle.mjs "$out"
