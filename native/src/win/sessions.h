// sessions.h: trace session control (controller side): list, query, start, stop, flush, kernel
// settings. Sessions are addressed by name from JS; the TRACEHANDLE is looked up with ControlTrace(QUERY)
// (Wnode.HistoricalContext), so no handle ever crosses into JS and a relaunched app can control the
// sessions it left behind. All exports run synchronously on the JS thread (call them from a worker
// thread if the caller must not block: ControlTrace(STOP) waits for the session to flush).
#pragma once

#include <windows.h>
#include <evntrace.h>

#include <napi.h>

#include <string>
#include <vector>

namespace etwx {

// Our session names start with this; only these are reclaimed on ERROR_ALREADY_EXISTS or stopped
// without `force` (native-etw-notes §4.2: never take over other tools' sessions).
constexpr const wchar_t* kOurSessionPrefix = L"ETWExplorer-";

// EVENT_TRACE_PROPERTIES followed by room for the logger and log file names, offsets pre-set, as
// StartTrace/ControlTrace/QueryAllTraces require. Plain memory: usable on any thread.
class TraceProperties {
 public:
  static constexpr size_t kMaxNameChars = 1024;
  TraceProperties();
  EVENT_TRACE_PROPERTIES* get() { return reinterpret_cast<EVENT_TRACE_PROPERTIES*>(block_.data()); }
  const EVENT_TRACE_PROPERTIES* get() const {
    return reinterpret_cast<const EVENT_TRACE_PROPERTIES*>(block_.data());
  }
  std::wstring LoggerName() const;
  std::wstring LogFileName() const;
  void SetLogFileName(const std::wstring& path);

 private:
  std::wstring NameAt(ULONG offset) const;
  std::vector<ULONGLONG> block_;  // 8-byte aligned storage
};

// The session's TRACEHANDLE, looked up by name; NOT_FOUND typed error when no such session.
// Runs on: the JS thread.
TRACEHANDLE SessionHandleByName(Napi::Env env, const std::wstring& name);

bool HasOurPrefix(const std::wstring& name);

// Exports (JS thread).
Napi::Value ListSessions(const Napi::CallbackInfo& info);
Napi::Value QuerySession(const Napi::CallbackInfo& info);
Napi::Value StartSession(const Napi::CallbackInfo& info);
Napi::Value StopSession(const Napi::CallbackInfo& info);
Napi::Value FlushSession(const Napi::CallbackInfo& info);
Napi::Value SetStackTracing(const Napi::CallbackInfo& info);
Napi::Value SetSystemTraceFlags(const Napi::CallbackInfo& info);

}  // namespace etwx
