#!/usr/bin/env bash
# Installs everything tscontain needs on Debian, builds it, and installs the
# setuid helper and the `tscontain` command. Idempotent; quick when nothing
# changed. Usage: sudo npm run setup   (or: scripts/setup.sh --build-only)
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
mode=${1:-install}

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run it as root: sudo npm run setup"

# Debian packages: a compiler and zlib for the helper; nft for bridge networks (the
# helper runs /usr/sbin/nft); attr (getfattr) for commit and export; a registry,
# busybox and iptables (the host-FORWARD tests, in their own namespaces) for tests;
# xz-utils and bzip2 for load of xz/bzip2 archives.
packages=(gcc make libc6-dev zlib1g-dev python3 docker-registry busybox-static attr openssl curl iproute2 nftables iptables xz-utils bzip2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's registry package starts a system service on port 5000; tests start their own.
if systemctl is-active --quiet docker-registry 2>/dev/null; then systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi

# Node packages, including the Node 24 runtime itself (node-linux-<arch>).
stamp=node_modules/.tscontain-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x node_modules/.bin/node ]; then
  say "installing node packages"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  export PATH="$top/node_modules/.bin:$PATH"
  # node-pty is native: build it against the headers of the bundled runtime,
  # not the system Node's, and without downloading anything.
  nodedir="$top/.cache/nodedir"
  rm -rf "$nodedir" && mkdir -p "$nodedir/include"
  ln -s "$top/node_modules/$(node -p '`node-${process.platform}-${process.arch}`')/include/node" "$nodedir/include/node"
  ln -s "$nodedir/include/node/common.gypi" "$nodedir/common.gypi"
  npm_config_nodedir="$nodedir" npm rebuild node-pty --loglevel=error >/dev/null
  echo "$want" > "$stamp"
fi
export PATH="$top/node_modules/.bin:$PATH"
node -e 'if (+process.versions.node.split(".")[0] < 22) process.exit(1)' || die "the bundled Node.js runtime is missing; delete node_modules and rerun"

say "building"
node_modules/.bin/tsc -p .
bash scripts/bundle.sh
make -s -C helper-c

[ "$mode" = "--build-only" ] && exit 0

# The helper is the only privileged code: setuid root, usable by root and group tscontain.
getent group tscontain >/dev/null || groupadd --system tscontain
install -d -m 0755 /usr/local/libexec/tscontain
install -o root -g tscontain -m 4750 helper-c/build/tscontain-helper /usr/local/libexec/tscontain/tscontain-helper
install -d -m 0755 /etc/tscontain
ln -sfn "$top/bin/tscontain" /usr/local/bin/tscontain
say "done: run 'sudo tscontain' (or 'tscontain --help')"
