// etw_compat.h: the ETW/TDH declarations the addon needs that mingw-w64's headers (evntrace.h,
// evntprov.h, evntcons.h, tdh.h) lack. With a current Windows SDK (MSVC) every macro below already
// exists and the #ifndef guards skip it; the structs use our own names (etwx::...) so they never clash
// with the SDK's, and static_asserts pin their layout to the documented one.
// Sources: Microsoft docs for EVENT_FILTER_DESCRIPTOR, EVENT_FILTER_EVENT_ID, EVENT_FILTER_EVENT_NAME,
// ENABLE_TRACE_PARAMETERS, PROVIDER_EVENT_INFO, TdhEnumerateManifestProviderEvents (SDK evntprov.h,
// evntrace.h and tdh.h 10.0.22621).
#pragma once

#include <windows.h>
#include <evntrace.h>
#include <evntprov.h>
#include <evntcons.h>

#include <cstddef>
#include <cstdint>

// ---- evntprov.h: filter types for ENABLE_TRACE_PARAMETERS.EnableFilterDesc --------------------------
#ifndef EVENT_FILTER_TYPE_PID
#define EVENT_FILTER_TYPE_PID (0x80000004)
#endif
#ifndef EVENT_FILTER_TYPE_EXECUTABLE_NAME
#define EVENT_FILTER_TYPE_EXECUTABLE_NAME (0x80000008)
#endif
#ifndef EVENT_FILTER_TYPE_PAYLOAD
#define EVENT_FILTER_TYPE_PAYLOAD (0x80000100)
#endif
#ifndef EVENT_FILTER_TYPE_EVENT_ID
#define EVENT_FILTER_TYPE_EVENT_ID (0x80000200)
#endif
#ifndef EVENT_FILTER_TYPE_EVENT_NAME
#define EVENT_FILTER_TYPE_EVENT_NAME (0x80000400)
#endif
#ifndef EVENT_FILTER_TYPE_STACKWALK
#define EVENT_FILTER_TYPE_STACKWALK (0x80001000)
#endif

// Documented limits (evntprov.h).
#ifndef MAX_EVENT_FILTER_DATA_SIZE
#define MAX_EVENT_FILTER_DATA_SIZE (1024)
#endif
#ifndef MAX_EVENT_FILTER_EVENT_NAME_SIZE
#define MAX_EVENT_FILTER_EVENT_NAME_SIZE (4096)
#endif
#ifndef MAX_EVENT_FILTER_PID_COUNT
#define MAX_EVENT_FILTER_PID_COUNT (8)
#endif
#ifndef MAX_EVENT_FILTER_EVENT_ID_COUNT
#define MAX_EVENT_FILTER_EVENT_ID_COUNT (64)
#endif

// ---- evntcons.h: EnableProperty flags ---------------------------------------------------------------
#ifndef EVENT_ENABLE_PROPERTY_SID
#define EVENT_ENABLE_PROPERTY_SID 0x00000001
#endif
#ifndef EVENT_ENABLE_PROPERTY_TS_ID
#define EVENT_ENABLE_PROPERTY_TS_ID 0x00000002
#endif
#ifndef EVENT_ENABLE_PROPERTY_STACK_TRACE
#define EVENT_ENABLE_PROPERTY_STACK_TRACE 0x00000004
#endif
#ifndef EVENT_ENABLE_PROPERTY_PSM_KEY
#define EVENT_ENABLE_PROPERTY_PSM_KEY 0x00000008
#endif
#ifndef EVENT_ENABLE_PROPERTY_IGNORE_KEYWORD_0
#define EVENT_ENABLE_PROPERTY_IGNORE_KEYWORD_0 0x00000010
#endif
#ifndef EVENT_ENABLE_PROPERTY_PROCESS_START_KEY
#define EVENT_ENABLE_PROPERTY_PROCESS_START_KEY 0x00000080
#endif
#ifndef EVENT_ENABLE_PROPERTY_EVENT_KEY
#define EVENT_ENABLE_PROPERTY_EVENT_KEY 0x00000100
#endif
#ifndef EVENT_ENABLE_PROPERTY_EXCLUDE_INPRIVATE
#define EVENT_ENABLE_PROPERTY_EXCLUDE_INPRIVATE 0x00000200
#endif
#ifndef EVENT_ENABLE_PROPERTY_ENABLE_SILOS
#define EVENT_ENABLE_PROPERTY_ENABLE_SILOS 0x00000400
#endif
#ifndef EVENT_ENABLE_PROPERTY_SOURCE_CONTAINER_TRACKING
#define EVENT_ENABLE_PROPERTY_SOURCE_CONTAINER_TRACKING 0x00000800
#endif

// ---- evntrace.h ---------------------------------------------------------------------------------------
#ifndef EVENT_TRACE_USE_MS_FLUSH_TIMER
#define EVENT_TRACE_USE_MS_FLUSH_TIMER 0x00000010  // FlushTimer is in milliseconds (Windows 8+)
#endif
#ifndef EVENT_TRACE_SYSTEM_LOGGER_MODE
#define EVENT_TRACE_SYSTEM_LOGGER_MODE 0x02000000
#endif
#ifndef EVENT_TRACE_INDEPENDENT_SESSION_MODE
#define EVENT_TRACE_INDEPENDENT_SESSION_MODE 0x08000000
#endif
#ifndef EVENT_TRACE_NO_PER_PROCESSOR_BUFFERING
#define EVENT_TRACE_NO_PER_PROCESSOR_BUFFERING 0x10000000
#endif
#ifndef PROCESS_TRACE_MODE_RAW_TIMESTAMP
#define PROCESS_TRACE_MODE_RAW_TIMESTAMP 0x00001000
#endif
#ifndef EVENT_HEADER_FLAG_PROCESSOR_INDEX
#define EVENT_HEADER_FLAG_PROCESSOR_INDEX 0x0200
#endif
#ifndef EVENT_HEADER_EXT_TYPE_EVENT_SCHEMA_TL
#define EVENT_HEADER_EXT_TYPE_EVENT_SCHEMA_TL 0x000B  // TraceLogging event metadata
#endif
#ifndef INVALID_PROCESSTRACE_HANDLE
#define INVALID_PROCESSTRACE_HANDLE ((TRACEHANDLE)INVALID_HANDLE_VALUE)
#endif

// ---- winerror.h (present in both, listed for completeness of what the addon maps) -------------------
#ifndef ERROR_CTX_CLOSE_PENDING
#define ERROR_CTX_CLOSE_PENDING 7007L
#endif
#ifndef ERROR_EMPTY
#define ERROR_EMPTY 4306L
#endif

namespace etwx {

// EVENT_FILTER_EVENT_ID (evntprov.h, Windows 8.1+): used for EVENT_FILTER_TYPE_EVENT_ID and _STACKWALK.
struct FilterEventIdHeader {
  BOOLEAN FilterIn;
  UCHAR Reserved;
  USHORT Count;
  // USHORT Events[Count] follows.
};
static_assert(sizeof(FilterEventIdHeader) == 4, "EVENT_FILTER_EVENT_ID header is 4 bytes");

// EVENT_FILTER_EVENT_NAME (evntprov.h, Windows 10 1709+): NameCount UTF-8 NUL-terminated names follow.
#pragma pack(push, 1)
struct FilterEventNameHeader {
  ULONGLONG MatchAnyKeyword;
  ULONGLONG MatchAllKeyword;
  UCHAR Level;
  BOOLEAN FilterIn;
  USHORT NameCount;
  // UCHAR Names[] follows at offset 20.
};
#pragma pack(pop)
static_assert(sizeof(FilterEventNameHeader) == 20, "EVENT_FILTER_EVENT_NAME.Names is at offset 20");

// PROVIDER_EVENT_INFO (tdh.h, Windows 8.1+): NumberOfEvents EVENT_DESCRIPTORs follow the header.
struct ProviderEventInfoHeader {
  ULONG NumberOfEvents;
  ULONG Reserved;
  // EVENT_DESCRIPTOR EventDescriptorsArray[NumberOfEvents] follows.
};
static_assert(sizeof(ProviderEventInfoHeader) == 8, "PROVIDER_EVENT_INFO header is 8 bytes");
static_assert(sizeof(EVENT_DESCRIPTOR) == 16, "EVENT_DESCRIPTOR is 16 bytes");

// Layout checks for the structures the addon copies byte for byte into batches (native/README.md).
static_assert(sizeof(EVENT_HEADER) == 80, "EVENT_HEADER is 80 bytes on x64");
static_assert(offsetof(EVENT_HEADER, TimeStamp) == 16, "EVENT_HEADER.TimeStamp at 16");
static_assert(offsetof(EVENT_HEADER, ProviderId) == 24, "EVENT_HEADER.ProviderId at 24");
static_assert(offsetof(EVENT_HEADER, EventDescriptor) == 40, "EVENT_HEADER.EventDescriptor at 40");
static_assert(offsetof(EVENT_HEADER, ActivityId) == 64, "EVENT_HEADER.ActivityId at 64");
static_assert(sizeof(ETW_BUFFER_CONTEXT) == 4, "ETW_BUFFER_CONTEXT is 4 bytes");
static_assert(sizeof(EVENT_HEADER_EXTENDED_DATA_ITEM) == 16, "EVENT_HEADER_EXTENDED_DATA_ITEM is 16 bytes");

}  // namespace etwx
