#!/usr/bin/env bash
# cross-build.sh: builds the Windows addon (native/src/win) for win32-x64 on Linux with mingw-w64, then
# checks the binary: napi_register_module_v1 exported; imports only from Windows system DLLs; N-API
# reached only through the delay-loaded "node.exe" (never a normal import), so the addon also loads in
# electron.exe. Writes native/build/win32-x64/etwx_native.node and build-info.json (what the checks saw,
# read by test/native/native-build.test.ts). Exit status 0 only if everything passed.
#
# N-API linking: `dlltool --output-delaylib` turns node-api-headers' node_api.def into a delay-import
# library for node.exe; src/win/delay_load_hook.cc redirects that load to the host executable
# (GetModuleHandle(NULL)), as node-gyp's win_delay_load_hook does for MSVC. (`-Wl,--delayload` does not
# exist in GNU ld for PE; resolving every napi_* by hand with GetProcAddress would duplicate N-API.)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT="$ROOT/native/build/win32-x64"
CXX=${ETWX_MINGW_CXX:-x86_64-w64-mingw32-g++-posix}
DLLTOOL=${ETWX_MINGW_DLLTOOL:-x86_64-w64-mingw32-dlltool}
OBJDUMP=${ETWX_MINGW_OBJDUMP:-x86_64-w64-mingw32-objdump}
NAPI_HEADERS="$ROOT/node_modules/node-api-headers"
ADDON_API="$ROOT/node_modules/node-addon-api"

for tool in "$CXX" "$DLLTOOL" "$OBJDUMP"; do
  command -v "$tool" >/dev/null || { echo "cross-build: $tool not found (apt-get install g++-mingw-w64-x86-64-posix)" >&2; exit 2; }
done
[ -f "$NAPI_HEADERS/def/node_api.def" ] || { echo "cross-build: node-api-headers missing (npm ci)" >&2; exit 2; }
[ -f "$ADDON_API/napi.h" ] || { echo "cross-build: node-addon-api missing (npm ci)" >&2; exit 2; }

mkdir -p "$OUT/obj"
rm -f "$OUT/etwx_native.node" "$OUT/build-info.json"

# 1. Delay-import library for node.exe (N-API symbols).
"$DLLTOOL" --input-def "$NAPI_HEADERS/def/node_api.def" --dllname node.exe --output-delaylib "$OUT/libnode_delay.a"

# 2. Compile (third-party headers as -isystem so -Werror covers only our code). An object is rebuilt
#    when its source or any native header is newer; everything when the flags changed or ETWX_CLEAN=1.
CXXFLAGS=(-std=c++17 -O2 -Wall -Wextra -Werror -fno-strict-aliasing
  -DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS -DNODE_ADDON_API_CPP_EXCEPTIONS_ALL -DUNICODE -D_UNICODE -DWIN32_LEAN_AND_MEAN -DNOMINMAX
  -D_WIN32_WINNT=0x0A00 -DWINVER=0x0A00
  -isystem "$NAPI_HEADERS/include" -isystem "$ADDON_API" -I "$ROOT/native/include")
FLAGS_STAMP="$OUT/obj/flags.txt"
if [ "${ETWX_CLEAN:-0}" = 1 ] || [ "$(cat "$FLAGS_STAMP" 2>/dev/null)" != "$CXX ${CXXFLAGS[*]}" ]; then
  rm -f "$OUT"/obj/*.o "$OUT"/obj/*.test
  printf '%s' "$CXX ${CXXFLAGS[*]}" >"$FLAGS_STAMP"
fi
SOURCES=("$ROOT"/native/src/win/*.cc)
NEWEST_HEADER=$(ls -t "$ROOT"/native/src/win/*.h "$ROOT"/native/src/common/*.h "$ROOT"/native/include/*.h | head -1)
STALE=()
for f in "${SOURCES[@]}"; do
  o="$OUT/obj/$(basename "$f" .cc).o"
  if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ "$NEWEST_HEADER" -nt "$o" ]; then STALE+=("$f"); fi
done
if [ ${#STALE[@]} -gt 0 ]; then
  printf '%s\n' "${STALE[@]}" | xargs -P "${ETWX_BUILD_JOBS:-2}" -I{} sh -c \
    'f="$1"; shift; o="$0/$(basename "$f" .cc).o"; "$@" -c "$f" -o "$o.tmp" && mv "$o.tmp" "$o" || exit 255' \
    "$OUT/obj" {} "$CXX" "${CXXFLAGS[@]}"
fi

# 3. Link: everything static but Windows system DLLs; ASLR (high entropy) and DEP as the MSVC build.
#    GNU ld has no /guard:cf or /CETCOMPAT equivalent: those come from the MSVC build (binding.gyp).
OBJECTS=()
for f in "${SOURCES[@]}"; do OBJECTS+=("$OUT/obj/$(basename "$f" .cc).o"); done
"$CXX" -shared -s -o "$OUT/etwx_native.node" "${OBJECTS[@]}" \
  -static -static-libgcc -static-libstdc++ \
  -Wl,--dynamicbase -Wl,--nxcompat -Wl,--high-entropy-va \
  -L"$OUT" -lnode_delay -ladvapi32 -lrpcrt4

# 3b. The batch writer check (native/test/batch_writer_check.cc): a console program run under Wine that
#     writes a batch with the addon's BatchWriter and reads it back with RebuildRecord (no ETW needed).
CHECK_SRC="$ROOT/native/test/batch_writer_check.cc"
CHECK_OBJ="$OUT/obj/batch_writer_check.o.test"
if [ ! -f "$CHECK_OBJ" ] || [ "$CHECK_SRC" -nt "$CHECK_OBJ" ] || [ "$NEWEST_HEADER" -nt "$CHECK_OBJ" ]; then
  "$CXX" "${CXXFLAGS[@]}" -c "$CHECK_SRC" -o "$CHECK_OBJ"
fi
"$CXX" -s -o "$OUT/batch-writer-check.exe" "$CHECK_OBJ" "$OUT/obj/batch_writer.o" "$OUT/obj/record_view.o" \
  -static -static-libgcc -static-libstdc++

# 4. Check what the PE exports and imports (objdump -p), write build-info.json, fail on any problem.
"$OBJDUMP" -p "$OUT/etwx_native.node" >"$OUT/objdump.txt"
ETWX_CXX_VERSION="$("$CXX" --version | head -1)" node - "$OUT" <<'JS'
const fs = require('fs');
const path = require('path');
const out = process.argv[2];
const addon = path.join(out, 'etwx_native.node');
const dump = fs.readFileSync(path.join(out, 'objdump.txt'), 'utf8').split('\n');
const exportsList = [];
const imports = {}; // dll -> [function]
let section = '';
let dll = '';
for (const line of dump) {
  if (line.startsWith('[Ordinal/Name Pointer] Table')) { section = 'exports'; continue; }
  const dllMatch = /^\s*DLL Name: (\S+)/.exec(line);
  if (dllMatch) { section = 'imports'; dll = dllMatch[1]; imports[dll] = []; continue; }
  if (line.trim() === '') { if (section === 'exports') section = ''; continue; }
  if (section === 'exports') {
    const m = /^\s*\[\s*\d+\]\s+(\S+)/.exec(line);
    if (m) exportsList.push(m[1]);
  } else if (section === 'imports') {
    const m = /^\s*[0-9a-f]+\s+\d+\s+(\S+)\s*$/.exec(line);
    if (m) imports[dll].push(m[1]);
    else if (!/vma:/.test(line)) section = '';
  }
}
const charMatch = dump.map((l) => /^DllCharacteristics\s+([0-9a-fA-F]+)/.exec(l)).find(Boolean);
const dllCharacteristics = charMatch ? parseInt(charMatch[1], 16) : 0;
const bytes = fs.readFileSync(addon);
const problems = [];
if (!exportsList.includes('napi_register_module_v1')) problems.push('napi_register_module_v1 is not exported');
const systemDll = /^(kernel32|advapi32|rpcrt4|msvcrt|ntdll|api-ms-win-[a-z0-9-]+)\.dll$/i;
for (const name of Object.keys(imports)) if (!systemDll.test(name)) problems.push(`imports from a non-system DLL: ${name}`);
if (Object.keys(imports).some((n) => /^node\.exe$/i.test(n))) problems.push('node.exe is a normal import (must be delay-loaded)');
if (!bytes.includes(Buffer.from('node.exe\0'))) problems.push('no delay-load reference to node.exe');
if ((dllCharacteristics & 0x140) !== 0x140) problems.push('DYNAMIC_BASE/NX_COMPAT not set');
const info = {
  addon,
  bytes: bytes.length,
  compiler: process.env.ETWX_CXX_VERSION,
  exports: exportsList,
  imports,
  delayLoaded: ['node.exe'],
  dllCharacteristics,
  problems,
};
fs.writeFileSync(path.join(out, 'build-info.json'), JSON.stringify(info, null, 2) + '\n');
if (problems.length) {
  console.error(`cross-build: FAILED: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`cross-build: ${addon} (${bytes.length} bytes; imports ${Object.keys(imports).join(', ')}; node.exe delay-loaded)`);
JS
