#!/usr/bin/env bash
# build-stub.sh: builds native/ with node-gyp on a non-Windows host, which compiles the stub
# (src/stub/addon_stub.cc: same exports, each answering UNSUPPORTED_PLATFORM) into
# native/build/Release/etwx_native.node. Also proves binding.gyp parses and its non-Windows branch builds.
# Uses the running Node's own headers when they are installed next to it (no download).
# `configure build`, never `rebuild`: a rebuild would wipe native/build/win32-x64 (the cross-build).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GYP="$ROOT/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$GYP" ] || GYP=$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js
[ -f "$GYP" ] || { echo "build-stub: node-gyp not found" >&2; exit 2; }
command -v make >/dev/null && command -v python3 >/dev/null || { echo "build-stub: needs make and python3" >&2; exit 2; }

NODE_PREFIX=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
NODEDIR_ARGS=()
[ -f "$NODE_PREFIX/include/node/common.gypi" ] && NODEDIR_ARGS=(--nodedir="$NODE_PREFIX")

cd "$ROOT/native"
node "$GYP" configure build --loglevel=warn "${NODEDIR_ARGS[@]+"${NODEDIR_ARGS[@]}"}"
echo "build-stub: $ROOT/native/build/Release/etwx_native.node"
