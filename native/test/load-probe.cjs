// load-probe.cjs: loads the addon in a Windows Node (node.exe, or a renamed copy standing in for
// electron.exe) and writes what it saw as JSON. Plain CommonJS, no dependencies: it runs inside the
// Windows executable, under Wine on Linux (scripts/native/wine-load.sh) or on real Windows.
//
//   node load-probe.cjs <addon.node> <out.json> [--live]
//
// Default mode calls ONLY what Wine can answer: version(), win32Error(), listSessions() (Wine's
// QueryAllTracesW is a stub), and argument checks that fail before any ETW call. --live (real Windows,
// elevated) also starts a session, consumes it briefly and calls TDH; never use --live under Wine (its
// OpenTrace fails and its TDH functions abort the process).
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS by design: runs in bare node.exe */
'use strict';
const fs = require('fs');

const [addonPath, outPath, mode] = process.argv.slice(2);
const result = { host: process.execPath, node: process.version, arch: process.arch, loaded: false };

/** Runs fn and records either its value or the typed error it threw. */
function attempt(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return {
      ok: false,
      error: {
        code: e && e.code,
        win32: e && e.win32,
        message: String(e && e.message),
        context: e && e.context,
      },
    };
  }
}

const GUID_KERNEL_PROCESS = '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716';

function probeArgumentChecks(addon) {
  const session = 'ETWExplorer-Probe';
  return {
    startSessionWithoutName: attempt(() => addon.startSession({})),
    startNtKernelLogger: attempt(() => addon.startSession({ name: 'NT Kernel Logger' })),
    startBufferTooLarge: attempt(() => addon.startSession({ name: session, bufferKB: 4096 })),
    stopForeignSession: attempt(() => addon.stopSession('Some Other Tool')),
    enable65EventIds: attempt(() =>
      addon.enableProvider({
        session,
        guid: GUID_KERNEL_PROCESS,
        filters: { eventIds: Array.from({ length: 65 }, (_, i) => i) },
      }),
    ),
    enable9Pids: attempt(() =>
      addon.enableProvider({
        session,
        guid: GUID_KERNEL_PROCESS,
        filters: { pids: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
      }),
    ),
    enableLongExeNames: attempt(() =>
      addon.enableProvider({
        session,
        guid: GUID_KERNEL_PROCESS,
        filters: { exeNames: Array.from({ length: 60 }, (_, i) => `program-${i}.exe`) },
      }),
    ),
    enableBadGuid: attempt(() => addon.enableProvider({ session, guid: 'not-a-guid' })),
    enableKeywordNotBigInt: attempt(() =>
      addon.enableProvider({ session, guid: GUID_KERNEL_PROCESS, anyKeyword: -1 }),
    ),
    disableBadGuid: attempt(() => addon.disableProvider(session, '{22fb2cd6-0e7b-422b-a0c7}')),
    consumerWithoutCallback: attempt(() => new addon.Consumer({ session })),
    eventInformationShortRecord: attempt(() => addon.eventInformation(new Uint8Array(10))),
    providerFieldInfoBadType: attempt(() => addon.providerFieldInfo(GUID_KERNEL_PROCESS, 7)),
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function probeLive(addon) {
  const name = 'ETWExplorer-Probe';
  const live = {};
  const batches = [];
  let consumer = null;
  live.start = attempt(() => addon.startSession({ name, bufferKB: 64, flushTimerMs: 200 }));
  live.enable = attempt(() =>
    addon.enableProvider({ session: name, guid: GUID_KERNEL_PROCESS, level: 4, anyKeyword: 0x10n }),
  );
  live.consumer = attempt(() => {
    consumer = new addon.Consumer({ session: name, onBatch: (bytes) => batches.push(bytes.length) });
    return consumer.clock;
  });
  live.captureState = attempt(() => addon.captureState(name, GUID_KERNEL_PROCESS));
  live.enumerateProvidersBytes = attempt(() => addon.enumerateProviders().length);
  live.manifestEvents = attempt(() => {
    const m = addon.manifestEvents(GUID_KERNEL_PROCESS);
    return (
      m && {
        listBytes: m.list.length,
        events: m.events.length,
        failed: m.events.filter((e) => e.win32 !== 0).length,
      }
    );
  });
  live.keywordsBytes = attempt(
    () => (addon.providerFieldInfo(GUID_KERNEL_PROCESS, 0) || new Uint8Array()).length,
  );
  live.traceGuids = attempt(() => addon.traceGuidList().length);
  await sleep(2000);
  if (consumer) live.consumerStats = attempt(() => consumer.stop());
  live.query = attempt(() => addon.querySession(name));
  live.stop = attempt(() => addon.stopSession(name));
  await sleep(500);
  live.batchSizes = batches;
  return live;
}

async function main() {
  try {
    const addon = require(addonPath);
    result.loaded = true;
    result.exports = Object.keys(addon).sort();
    result.exportTypes = Object.fromEntries(result.exports.map((k) => [k, typeof addon[k]]));
    result.version = attempt(() => addon.version());
    result.win32Errors = {
      accessDenied: attempt(() => addon.win32Error(5, 'StartTraceW')),
      alreadyExists: attempt(() => addon.win32Error(183, 'StartTraceW')),
      instanceNotFound: attempt(() => addon.win32Error(4201, 'stop session')),
      noSystemResources: attempt(() => addon.win32Error(1450, 'StartTraceW')),
      other: attempt(() => addon.win32Error(31, 'EnableTraceEx2')),
    };
    for (const v of Object.values(result.win32Errors)) {
      if (v.ok && v.value)
        v.value = {
          code: v.value.code,
          win32: v.value.win32,
          message: v.value.message,
          context: v.value.context,
          isError: v.value instanceof Error,
        };
    }
    result.listSessions = attempt(() => addon.listSessions());
    result.argumentChecks = probeArgumentChecks(addon);
    if (mode === '--live') result.live = await probeLive(addon);
  } catch (e) {
    result.loadError = { message: String(e && e.message), code: e && e.code };
  }
  fs.writeFileSync(
    outPath,
    JSON.stringify(result, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2),
  );
}

main();
