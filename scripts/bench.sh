#!/usr/bin/env bash
# Runs the benchmarks under bench/ and prints their figures (as root).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
bash scripts/setup.sh --build-only
export PATH="$top/node_modules/.bin:$PATH"
export TSCONTAIN_HELPER="$top/helper-c/build/tscontain-helper"
for bench in dist/bench/*.bench.js; do
  echo "== $bench"
  node "$bench"
done
