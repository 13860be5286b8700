// dynamic_imports.h: Windows functions resolved at run time instead of imported, for two reasons:
// (1) TDH manifest functions are Windows 8.1+ and EnumerateTraceGuidsEx lives in sechost on some
// systems (Wine's advapi32 lacks it): a static import of a missing function would stop the whole addon
// from loading, while a run-time lookup lets just that call fail with NOT_SUPPORTED; (2) tdh.dll is
// loaded from System32 only (LOAD_LIBRARY_SEARCH_SYSTEM32), never from the app directory.
// Resolution happens once per process (thread-safe); the pointers are then read-only.
#pragma once

#include <windows.h>
#include <evntrace.h>
#include <evntcons.h>

namespace etwx {

using EnumerateTraceGuidsExFn = ULONG(WINAPI*)(TRACE_QUERY_INFO_CLASS, PVOID, ULONG, PVOID, ULONG, PULONG);
// TDH signatures (tdh.h); buffers are raw bytes here, parsed in TypeScript.
using TdhEnumerateProvidersFn = ULONG(WINAPI*)(PVOID buffer, ULONG* size);
using TdhEnumerateManifestProviderEventsFn = ULONG(WINAPI*)(LPGUID provider, PVOID buffer, ULONG* size);
using TdhGetManifestEventInformationFn = ULONG(WINAPI*)(LPGUID provider, PEVENT_DESCRIPTOR descriptor,
                                                        PVOID buffer, ULONG* size);
using TdhEnumerateProviderFieldInformationFn = ULONG(WINAPI*)(LPGUID provider, ULONG fieldType, PVOID buffer,
                                                              ULONG* size);
using TdhGetEventInformationFn = ULONG(WINAPI*)(PEVENT_RECORD record, ULONG contextCount, PVOID context,
                                                PVOID buffer, ULONG* size);

struct DynamicImports {
  EnumerateTraceGuidsExFn enumerateTraceGuidsEx = nullptr;
  TdhEnumerateProvidersFn tdhEnumerateProviders = nullptr;
  TdhEnumerateManifestProviderEventsFn tdhEnumerateManifestProviderEvents = nullptr;
  TdhGetManifestEventInformationFn tdhGetManifestEventInformation = nullptr;
  TdhEnumerateProviderFieldInformationFn tdhEnumerateProviderFieldInformation = nullptr;
  TdhGetEventInformationFn tdhGetEventInformation = nullptr;
};

// The resolved functions (a null pointer = not available here). Any thread.
const DynamicImports& Imports();

}  // namespace etwx
