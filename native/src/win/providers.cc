// providers.cc: enabling providers in a session (EnableTraceEx2 with kernel-side filters), rundown
// (CAPTURE_STATE), and the provider registration table (EnumerateTraceGuidsEx). Limits come from the
// EVENT_FILTER_DESCRIPTOR / EnableTraceEx2 docs (native-etw-notes §4.1.4): a filter beyond a documented
// limit is refused with CANNOT_PUSH_DOWN instead of being silently truncated or ignored by Windows.
// The TRACE_GUID_INFO blobs are returned raw; electron/core/live/trace-guids.ts walks them (NextOffset).
// All exports run synchronously on the JS thread.
#include "providers.h"

#include <cstring>

#include "../../include/etw_compat.h"
#include "dynamic_imports.h"
#include "errors.h"
#include "growing_buffer.h"
#include "napi_util.h"
#include "sessions.h"
#include "text.h"

namespace etwx {

namespace {

// Owns the filter payloads that the EVENT_FILTER_DESCRIPTORs point into.
class FilterSet {
 public:
  void Add(ULONG type, std::vector<BYTE> payload) {
    payloads_.push_back(std::move(payload));
    types_.push_back(type);
  }
  // Descriptors are built last, once the payload vector no longer moves.
  std::vector<EVENT_FILTER_DESCRIPTOR> Descriptors() const {
    std::vector<EVENT_FILTER_DESCRIPTOR> out(payloads_.size());
    for (size_t i = 0; i < payloads_.size(); i++) {
      out[i].Ptr = reinterpret_cast<ULONGLONG>(payloads_[i].data());
      out[i].Size = static_cast<ULONG>(payloads_[i].size());
      out[i].Type = types_[i];
    }
    return out;
  }

 private:
  std::vector<std::vector<BYTE>> payloads_;
  std::vector<ULONG> types_;
};

std::vector<BYTE> EventIdFilter(const std::vector<uint32_t>& ids, bool filterIn) {
  std::vector<BYTE> bytes(sizeof(FilterEventIdHeader) + ids.size() * sizeof(USHORT), 0);
  FilterEventIdHeader header{};
  header.FilterIn = filterIn ? TRUE : FALSE;
  header.Count = static_cast<USHORT>(ids.size());
  std::memcpy(bytes.data(), &header, sizeof header);
  for (size_t i = 0; i < ids.size(); i++) {
    const USHORT id = static_cast<USHORT>(ids[i]);
    std::memcpy(bytes.data() + sizeof header + i * sizeof(USHORT), &id, sizeof id);
  }
  return bytes;
}

// filters.eventIds / filters.stackEventIds: at most 64 IDs (MAX_EVENT_FILTER_EVENT_ID_COUNT).
void AddEventIds(Napi::Env env, const Napi::Object& filters, const char* key, ULONG type, bool filterIn,
                 FilterSet* set) {
  const size_t n = OptArrayLength(filters, key);
  if (n == 0) return;
  if (n > MAX_EVENT_FILTER_EVENT_ID_COUNT) ThrowCannotPushDown(env, key, MAX_EVENT_FILTER_EVENT_ID_COUNT, n, "event IDs");
  set->Add(type, EventIdFilter(OptU32Array(filters, key, 0xFFFF), filterIn));
}

// filters.pids: at most 8 PIDs, and only processes running when the provider is enabled.
void AddPids(Napi::Env env, const Napi::Object& filters, FilterSet* set) {
  const size_t n = OptArrayLength(filters, "pids");
  if (n == 0) return;
  if (n > MAX_EVENT_FILTER_PID_COUNT) ThrowCannotPushDown(env, "pids", MAX_EVENT_FILTER_PID_COUNT, n, "process IDs");
  const std::vector<uint32_t> pids = OptU32Array(filters, "pids", 0xFFFFFFFF);
  std::vector<BYTE> bytes(pids.size() * sizeof(ULONG));
  std::memcpy(bytes.data(), pids.data(), bytes.size());
  set->Add(EVENT_FILTER_TYPE_PID, std::move(bytes));
}

// filters.exeNames: one ';'-separated UTF-16 string, NUL included, at most 1024 bytes.
void AddExeNames(Napi::Env env, const Napi::Object& filters, FilterSet* set) {
  const std::vector<std::string> names = OptStringArray(filters, "exeNames");
  if (names.empty()) return;
  std::wstring joined;
  for (size_t i = 0; i < names.size(); i++) {
    if (names[i].empty() || names[i].find(';') != std::string::npos) {
      ThrowBadArgument(env, "exeNames[" + std::to_string(i) + "] must be a non-empty file name without ';'");
    }
    if (i > 0) joined += L';';
    joined += Wide(names[i]);
  }
  const size_t bytes = (joined.size() + 1) * sizeof(wchar_t);
  if (bytes > MAX_EVENT_FILTER_DATA_SIZE) ThrowCannotPushDown(env, "exeNames", MAX_EVENT_FILTER_DATA_SIZE, bytes, "bytes");
  std::vector<BYTE> payload(bytes, 0);
  std::memcpy(payload.data(), joined.c_str(), bytes);
  set->Add(EVENT_FILTER_TYPE_EXECUTABLE_NAME, std::move(payload));
}

// filters.tlEventNames: TraceLogging event names (Windows 10 1709+), UTF-8, whole filter <= 4096 bytes.
void AddEventNames(Napi::Env env, const Napi::Object& filters, FilterSet* set) {
  const std::vector<std::string> names = OptStringArray(filters, "tlEventNames");
  if (names.empty()) return;
  size_t bytes = sizeof(FilterEventNameHeader);
  for (size_t i = 0; i < names.size(); i++) {
    if (names[i].empty() || names[i].find('\0') != std::string::npos) {
      ThrowBadArgument(env, "tlEventNames[" + std::to_string(i) + "] must be a non-empty name");
    }
    bytes += names[i].size() + 1;
  }
  if (bytes > MAX_EVENT_FILTER_EVENT_NAME_SIZE) {
    ThrowCannotPushDown(env, "tlEventNames", MAX_EVENT_FILTER_EVENT_NAME_SIZE, bytes, "bytes");
  }
  std::vector<BYTE> payload(bytes, 0);
  FilterEventNameHeader header{};
  header.FilterIn = TRUE;
  header.NameCount = static_cast<USHORT>(names.size());
  std::memcpy(payload.data(), &header, sizeof header);
  size_t at = sizeof header;
  for (const std::string& name : names) {
    std::memcpy(payload.data() + at, name.c_str(), name.size() + 1);
    at += name.size() + 1;
  }
  set->Add(EVENT_FILTER_TYPE_EVENT_NAME, std::move(payload));
}

ULONG EnableProperties(const Napi::Object& o) {
  struct Flag {
    const char* key;
    ULONG bit;
  };
  static const Flag kFlags[] = {
      {"stackTrace", EVENT_ENABLE_PROPERTY_STACK_TRACE},
      {"sid", EVENT_ENABLE_PROPERTY_SID},
      {"tsId", EVENT_ENABLE_PROPERTY_TS_ID},
      {"processStartKey", EVENT_ENABLE_PROPERTY_PROCESS_START_KEY},
      {"ignoreKeyword0", EVENT_ENABLE_PROPERTY_IGNORE_KEYWORD_0},
      {"eventKey", EVENT_ENABLE_PROPERTY_EVENT_KEY},
      {"psmKey", EVENT_ENABLE_PROPERTY_PSM_KEY},
      {"excludeInPrivate", EVENT_ENABLE_PROPERTY_EXCLUDE_INPRIVATE},
      {"enableSilos", EVENT_ENABLE_PROPERTY_ENABLE_SILOS},
      {"sourceContainerTracking", EVENT_ENABLE_PROPERTY_SOURCE_CONTAINER_TRACKING},
  };
  ULONG bits = 0;
  for (const Flag& f : kFlags) {
    if (OptBool(o, f.key, false)) bits |= f.bit;
  }
  return bits;
}

std::string ProviderContext(const char* what, const GUID& guid, const std::wstring& session) {
  return std::string(what) + " {" + GuidString(guid) + "} in '" + Utf8(session) + "'";
}

}  // namespace

// enableProvider(options): EnableTraceEx2(ENABLE_PROVIDER) with ENABLE_TRACE_PARAMETERS v2. Every call
// replaces the provider's filters in that session. Returns { filterCount }.
Napi::Value EnableProvider(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = ArgObject(info, 0, "enableProvider options");
  const std::wstring session = ReqWide(o, "session", TraceProperties::kMaxNameChars);
  GUID guid = ReqGuid(o, "guid");
  const uint32_t level = OptU32(o, "level", 5, 0, 255);
  const uint64_t anyKeyword = OptU64(o, "anyKeyword", 0);
  const uint64_t allKeyword = OptU64(o, "allKeyword", 0);
  const uint32_t timeoutMs = OptU32(o, "timeoutMs", 0, 0, 600000);
  ULONG properties = 0;
  if (Has(o, "properties")) {
    if (!o.Get("properties").IsObject()) ThrowBadArgument(env, "properties must be an object");
    properties = EnableProperties(o.Get("properties").As<Napi::Object>());
  }

  FilterSet filters;
  if (Has(o, "filters")) {
    if (!o.Get("filters").IsObject()) ThrowBadArgument(env, "filters must be an object");
    Napi::Object f = o.Get("filters").As<Napi::Object>();
    AddEventIds(env, f, "eventIds", EVENT_FILTER_TYPE_EVENT_ID, !OptBool(f, "excludeEventIds", false), &filters);
    AddPids(env, f, &filters);
    AddExeNames(env, f, &filters);
    AddEventNames(env, f, &filters);
    if (OptArrayLength(f, "stackEventIds") > 0) properties |= EVENT_ENABLE_PROPERTY_STACK_TRACE;
    AddEventIds(env, f, "stackEventIds", EVENT_FILTER_TYPE_STACKWALK, true, &filters);
  }
  std::vector<EVENT_FILTER_DESCRIPTOR> descriptors = filters.Descriptors();

  ENABLE_TRACE_PARAMETERS parameters{};
  parameters.Version = ENABLE_TRACE_PARAMETERS_VERSION_2;
  parameters.EnableProperty = properties;
  parameters.EnableFilterDesc = descriptors.empty() ? nullptr : descriptors.data();
  parameters.FilterDescCount = static_cast<ULONG>(descriptors.size());

  const TRACEHANDLE handle = SessionHandleByName(env, session);
  const ULONG status = EnableTraceEx2(handle, &guid, EVENT_CONTROL_CODE_ENABLE_PROVIDER, static_cast<UCHAR>(level),
                                      anyKeyword, allKeyword, timeoutMs, &parameters);
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, ProviderContext("enable provider", guid, session));
  Napi::Object result = Napi::Object::New(env);
  result.Set("filterCount", static_cast<double>(descriptors.size()));
  return result;
}

// disableProvider(session, guid): EnableTraceEx2(DISABLE_PROVIDER).
Napi::Value DisableProvider(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::wstring session = ArgWide(info, 0, "session name", TraceProperties::kMaxNameChars);
  GUID guid = ArgGuid(info, 1, "provider guid");
  const TRACEHANDLE handle = SessionHandleByName(env, session);
  const ULONG status = EnableTraceEx2(handle, &guid, EVENT_CONTROL_CODE_DISABLE_PROVIDER, 0, 0, 0, 0, nullptr);
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, ProviderContext("disable provider", guid, session));
  return env.Undefined();
}

// captureState(session, guid, { level, anyKeyword, allKeyword }?): EnableTraceEx2(CAPTURE_STATE) asks
// the provider for its rundown events (e.g. Kernel-Process 15). Call it once the consumer is running.
Napi::Value CaptureState(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::wstring session = ArgWide(info, 0, "session name", TraceProperties::kMaxNameChars);
  GUID guid = ArgGuid(info, 1, "provider guid");
  Napi::Object o = info.Length() > 2 && info[2].IsObject() ? info[2].As<Napi::Object>() : Napi::Object::New(env);
  const uint32_t level = OptU32(o, "level", 5, 0, 255);
  const uint64_t anyKeyword = OptU64(o, "anyKeyword", 0);
  const uint64_t allKeyword = OptU64(o, "allKeyword", 0);
  const TRACEHANDLE handle = SessionHandleByName(env, session);
  const ULONG status = EnableTraceEx2(handle, &guid, EVENT_CONTROL_CODE_CAPTURE_STATE, static_cast<UCHAR>(level),
                                      anyKeyword, allKeyword, 0, nullptr);
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, ProviderContext("capture state of", guid, session));
  return env.Undefined();
}

// traceGuidList(): every registered provider GUID (EnumerateTraceGuidsEx TraceGuidQueryList).
Napi::Value TraceGuidList(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const EnumerateTraceGuidsExFn fn = Imports().enumerateTraceGuidsEx;
  if (fn == nullptr) ThrowWin32(env, ERROR_PROC_NOT_FOUND, "EnumerateTraceGuidsEx");
  std::vector<BYTE> buffer;
  const ULONG status = CallWithGrowingBuffer(&buffer, 64 * 1024, [&](BYTE* data, ULONG capacity, ULONG* reported) {
    return fn(TraceGuidQueryList, nullptr, 0, data, capacity, reported);
  });
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, "EnumerateTraceGuidsEx(TraceGuidQueryList)");
  const size_t count = buffer.size() / sizeof(GUID);
  Napi::Array out = Napi::Array::New(env, count);
  for (size_t i = 0; i < count; i++) {
    GUID g;
    std::memcpy(&g, buffer.data() + i * sizeof(GUID), sizeof g);
    out.Set(static_cast<uint32_t>(i), GuidString(g));
  }
  return out;
}

// traceGuidInfo(guid): the raw TRACE_GUID_INFO block (instances with Pid/Flags, each followed by its
// TRACE_ENABLE_INFOs), or null when the provider is not registered (any more).
Napi::Value TraceGuidInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  GUID guid = ArgGuid(info, 0, "provider guid");
  const EnumerateTraceGuidsExFn fn = Imports().enumerateTraceGuidsEx;
  if (fn == nullptr) ThrowWin32(env, ERROR_PROC_NOT_FOUND, "EnumerateTraceGuidsEx");
  std::vector<BYTE> buffer;
  const ULONG status = CallWithGrowingBuffer(&buffer, 4096, [&](BYTE* data, ULONG capacity, ULONG* reported) {
    return fn(TraceGuidQueryInfo, &guid, sizeof guid, data, capacity, reported);
  });
  if (status == ERROR_WMI_GUID_NOT_FOUND || status == ERROR_NOT_FOUND) return env.Null();
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, "EnumerateTraceGuidsEx(TraceGuidQueryInfo) {" + GuidString(guid) + "}");
  return BytesValue(env, buffer.data(), buffer.size());
}

}  // namespace etwx
