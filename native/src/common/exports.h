// exports.h: the addon's exported functions, one list shared by the Windows build (src/win) and the
// stub (src/stub) so both expose exactly the same names. ETWX_FUNCTIONS(X) expands X(name) once per
// function; the consumer class is exported as `Consumer` in both. The TypeScript mirror of this list is
// ADDON_FUNCTION_NAMES in electron/core/live/addon.ts (test/native checks they agree).
#pragma once

#define ETWX_ADDON_VERSION "0.1.0"

#define ETWX_FUNCTIONS(X) \
  X(version)              \
  X(win32Error)           \
  X(listSessions)         \
  X(querySession)         \
  X(startSession)         \
  X(stopSession)          \
  X(flushSession)         \
  X(enableProvider)       \
  X(disableProvider)      \
  X(captureState)         \
  X(setStackTracing)      \
  X(setSystemTraceFlags)  \
  X(enumerateProviders)   \
  X(manifestEvents)       \
  X(providerFieldInfo)    \
  X(eventInformation)     \
  X(traceGuidList)        \
  X(traceGuidInfo)
