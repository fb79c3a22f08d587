#!/usr/bin/env bash
# Runs every test: it first makes sure the dependencies are installed and the
# tree is built (scripts/setup.sh --build-only), then the C tests and the
# TypeScript tests, all through Node's test runner.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
[ "$(id -u)" -eq 0 ] || { echo "test: run the tests as root: sudo npm test" >&2; exit 1; }
bash scripts/setup.sh --build-only
export PATH="$top/node_modules/.bin:$PATH"
# Tests use the helper built in this checkout, not an installed copy.
export TSCONTAIN_HELPER="$top/helper-c/build/tscontain-helper"
if [ "$#" -gt 0 ]; then
  exec node --test --test-reporter=spec "$@"
fi
exec node --test --test-reporter=spec --test-timeout=300000 'dist/test/**/*.test.js'
