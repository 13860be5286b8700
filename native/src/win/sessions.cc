// sessions.cc: trace session control (see sessions.h). Follows native-etw-notes §4.1-4.2: explicit buffer
// sizes, QPC clock, app-prefixed names reclaimed on ERROR_ALREADY_EXISTS, private SystemTraceProvider
// sessions for kernel events, STOP with a fresh properties block (ERROR_MORE_DATA = success,
// ERROR_WMI_INSTANCE_NOT_FOUND = already gone).
#include "sessions.h"

#include <rpc.h>

#include <algorithm>

#include "../../include/etw_compat.h"
#include "errors.h"
#include "napi_util.h"
#include "text.h"

namespace etwx {

namespace {

// {9e814aad-3204-11d2-9a82-006008a86939}: the NT Kernel Logger's control GUID (evntrace.h).
constexpr GUID kSystemTraceControlGuid = {0x9e814aad, 0x3204, 0x11d2, {0x9a, 0x82, 0x00, 0x60, 0x08, 0xa8, 0x69, 0x39}};
constexpr const wchar_t* kNtKernelLogger = L"NT Kernel Logger";
constexpr size_t kNameBytes = (TraceProperties::kMaxNameChars + 1) * sizeof(wchar_t);
constexpr size_t kBlockBytes = sizeof(EVENT_TRACE_PROPERTIES) + 2 * kNameBytes;

std::string Quoted(const std::wstring& name) { return "'" + Utf8(name) + "'"; }

// One session as a JS object (counters as numbers; they are ULONGs).
Napi::Object SessionInfo(Napi::Env env, const TraceProperties& block) {
  const EVENT_TRACE_PROPERTIES* p = block.get();
  Napi::Object o = Napi::Object::New(env);
  const std::wstring name = block.LoggerName();
  const std::wstring logFile = block.LogFileName();
  o.Set("name", WideValue(env, name.data(), name.size()));
  o.Set("logFile", WideValue(env, logFile.data(), logFile.size()));
  o.Set("loggerId", static_cast<double>(p->Wnode.HistoricalContext & 0xFFFF));
  o.Set("guid", GuidString(p->Wnode.Guid));
  o.Set("clockType", static_cast<double>(p->Wnode.ClientContext));
  o.Set("bufferSizeKB", static_cast<double>(p->BufferSize));
  o.Set("minimumBuffers", static_cast<double>(p->MinimumBuffers));
  o.Set("maximumBuffers", static_cast<double>(p->MaximumBuffers));
  o.Set("numberOfBuffers", static_cast<double>(p->NumberOfBuffers));
  o.Set("freeBuffers", static_cast<double>(p->FreeBuffers));
  o.Set("maximumFileSizeMB", static_cast<double>(p->MaximumFileSize));
  o.Set("logFileMode", static_cast<double>(p->LogFileMode));
  o.Set("flushTimer", static_cast<double>(p->FlushTimer));
  o.Set("enableFlags", static_cast<double>(p->EnableFlags));
  o.Set("eventsLost", static_cast<double>(p->EventsLost));
  o.Set("buffersWritten", static_cast<double>(p->BuffersWritten));
  o.Set("logBuffersLost", static_cast<double>(p->LogBuffersLost));
  o.Set("realTimeBuffersLost", static_cast<double>(p->RealTimeBuffersLost));
  o.Set("loggerThreadId", static_cast<double>(reinterpret_cast<uintptr_t>(p->LoggerThreadId)));
  return o;
}

// ControlTraceW by name into a fresh block; ERROR_MORE_DATA counts as success (names did not fit but
// the counters are filled). Returns the status.
ULONG ControlByName(const std::wstring& name, TraceProperties* block, ULONG code) {
  const ULONG status = ControlTraceW(0, name.c_str(), block->get(), code);
  return status == ERROR_MORE_DATA ? ERROR_SUCCESS : status;
}

}  // namespace

// ---- TraceProperties -----------------------------------------------------------------------------------

TraceProperties::TraceProperties() : block_((kBlockBytes + 7) / 8, 0) {
  EVENT_TRACE_PROPERTIES* p = get();
  p->Wnode.BufferSize = static_cast<ULONG>(kBlockBytes);
  p->Wnode.Flags = WNODE_FLAG_TRACED_GUID;
  p->LoggerNameOffset = static_cast<ULONG>(sizeof(EVENT_TRACE_PROPERTIES));
  p->LogFileNameOffset = static_cast<ULONG>(sizeof(EVENT_TRACE_PROPERTIES) + kNameBytes);
}

std::wstring TraceProperties::NameAt(ULONG offset) const {
  // ETW may rewrite the offsets; read only inside our block, and only whole WCHARs.
  if (offset < sizeof(EVENT_TRACE_PROPERTIES) || offset >= kBlockBytes || offset % 2 != 0) return std::wstring();
  const auto* base = reinterpret_cast<const unsigned char*>(block_.data());
  return BoundedWide(reinterpret_cast<const wchar_t*>(base + offset), (kBlockBytes - offset) / sizeof(wchar_t));
}

std::wstring TraceProperties::LoggerName() const { return NameAt(get()->LoggerNameOffset); }
std::wstring TraceProperties::LogFileName() const { return NameAt(get()->LogFileNameOffset); }

void TraceProperties::SetLogFileName(const std::wstring& path) {
  auto* base = reinterpret_cast<unsigned char*>(block_.data());
  auto* dest = reinterpret_cast<wchar_t*>(base + get()->LogFileNameOffset);
  const size_t n = std::min(path.size(), kMaxNameChars);
  std::copy(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(n), dest);
  dest[n] = L'\0';
}

// ---- helpers --------------------------------------------------------------------------------------------

bool HasOurPrefix(const std::wstring& name) { return name.rfind(kOurSessionPrefix, 0) == 0; }

TRACEHANDLE SessionHandleByName(Napi::Env env, const std::wstring& name) {
  TraceProperties block;
  const ULONG status = ControlByName(name, &block, EVENT_TRACE_CONTROL_QUERY);
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, "query session " + Quoted(name));
  return block.get()->Wnode.HistoricalContext;
}

// ---- exports ---------------------------------------------------------------------------------------------

// listSessions(): { sessions: SessionInfo[], complete }. QueryAllTracesW with a growing array: on
// ERROR_MORE_DATA retry with room for the reported count (perfview#1767: more than 64 sessions); if
// Windows refuses the larger array, the first batch is returned with complete = false.
Napi::Value ListSessions(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ULONG capacity = 64;
  std::vector<TraceProperties> best;
  ULONG bestCount = 0;
  bool complete = false;
  for (int attempt = 0; attempt < 5; attempt++) {
    std::vector<TraceProperties> blocks(capacity);
    std::vector<EVENT_TRACE_PROPERTIES*> pointers(capacity);
    for (ULONG i = 0; i < capacity; i++) pointers[i] = blocks[i].get();
    ULONG count = 0;
    const ULONG status = QueryAllTracesW(pointers.data(), capacity, &count);
    if (status == ERROR_SUCCESS || status == ERROR_MORE_DATA) {
      best = std::move(blocks);
      bestCount = std::min(count, capacity);
      complete = status == ERROR_SUCCESS;
      if (complete) break;
      capacity = std::max(capacity * 2, count + 8);
      continue;
    }
    if (attempt == 0) ThrowWin32(env, status, "QueryAllTracesW");
    break;  // the larger array was refused: keep the partial list
  }
  Napi::Array sessions = Napi::Array::New(env, bestCount);
  for (ULONG i = 0; i < bestCount; i++) sessions.Set(i, SessionInfo(env, best[i]));
  Napi::Object result = Napi::Object::New(env);
  result.Set("sessions", sessions);
  result.Set("complete", complete);
  return result;
}

// querySession(name): SessionInfo with live counters (EventsLost, RealTimeBuffersLost, ...).
Napi::Value QuerySession(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::wstring name = ArgWide(info, 0, "session name", TraceProperties::kMaxNameChars);
  TraceProperties block;
  const ULONG status = ControlByName(name, &block, EVENT_TRACE_CONTROL_QUERY);
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, "query session " + Quoted(name));
  return SessionInfo(env, block);
}

// startSession(options): { name, loggerId, reclaimed }. See EtwAddon.startSession for the options.
Napi::Value StartSession(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = ArgObject(info, 0, "startSession options");
  const std::wstring name = ReqWide(o, "name", TraceProperties::kMaxNameChars);
  const bool realTime = OptBool(o, "realTime", true);
  const std::wstring logFile = OptWide(o, "logFile", L"", TraceProperties::kMaxNameChars);
  const uint32_t bufferKB = OptU32(o, "bufferKB", 64, 1, 1024);
  const uint32_t minBuffers = OptU32(o, "minBuffers", 0, 0, 16384);
  const uint32_t maxBuffers = OptU32(o, "maxBuffers", 0, 0, 16384);
  const uint32_t flushTimerMs = OptU32(o, "flushTimerMs", 1000, 0, 3600000);
  const uint32_t maxFileMB = OptU32(o, "maxFileMB", 0, 0, 0x7FFFFFFF);
  const bool systemLogger = OptBool(o, "systemLogger", false);
  const uint32_t kernelFlags = OptU32(o, "kernelFlags", 0, 0, 0xFFFFFFFF);
  const bool independent = OptBool(o, "independent", true);
  const bool noPerProcessorBuffering = OptBool(o, "noPerProcessorBuffering", false);
  const uint32_t clockType = OptU32(o, "clockType", 1, 1, 3);
  const bool allowNtKernelLogger = OptBool(o, "allowNtKernelLogger", false);
  const bool reclaim = OptBool(o, "reclaim", true);

  const bool isNtKernelLogger = _wcsicmp(name.c_str(), kNtKernelLogger) == 0;
  if (isNtKernelLogger && !allowNtKernelLogger) {
    ThrowBadArgument(env, "refusing to take over 'NT Kernel Logger' (other tools own it): use a private session "
                          "with systemLogger: true, or pass allowNtKernelLogger: true");
  }
  if (!realTime && logFile.empty()) ThrowBadArgument(env, "a session needs realTime: true or a logFile");
  if (minBuffers != 0 && maxBuffers != 0 && minBuffers > maxBuffers) {
    ThrowBadArgument(env, "minBuffers must not exceed maxBuffers");
  }
  if (kernelFlags != 0 && !systemLogger && !isNtKernelLogger) {
    ThrowBadArgument(env, "kernelFlags need systemLogger: true (a private SystemTraceProvider session)");
  }

  // Builds the block afresh for every StartTrace/ControlTrace call: both overwrite it.
  auto build = [&](TraceProperties* block) {
    EVENT_TRACE_PROPERTIES* p = block->get();
    p->Wnode.ClientContext = clockType;
    if (isNtKernelLogger) {
      p->Wnode.Guid = kSystemTraceControlGuid;
    } else {
      UuidCreate(&p->Wnode.Guid);  // a new GUID, never SystemTraceControlGuid (SystemTraceProvider doc)
    }
    p->BufferSize = bufferKB;
    p->MinimumBuffers = minBuffers;
    p->MaximumBuffers = maxBuffers;
    p->MaximumFileSize = maxFileMB;
    p->LogFileMode = 0;
    if (realTime) p->LogFileMode |= EVENT_TRACE_REAL_TIME_MODE;
    if (!logFile.empty()) {
      p->LogFileMode |= EVENT_TRACE_FILE_MODE_SEQUENTIAL;
      block->SetLogFileName(logFile);
    } else {
      p->LogFileNameOffset = 0;
    }
    if (systemLogger) p->LogFileMode |= EVENT_TRACE_SYSTEM_LOGGER_MODE;
    if (independent && realTime) p->LogFileMode |= EVENT_TRACE_INDEPENDENT_SESSION_MODE;
    if (noPerProcessorBuffering) p->LogFileMode |= EVENT_TRACE_NO_PER_PROCESSOR_BUFFERING;
    if (flushTimerMs > 0) {
      p->LogFileMode |= EVENT_TRACE_USE_MS_FLUSH_TIMER;
      p->FlushTimer = flushTimerMs;
    }
    p->EnableFlags = kernelFlags;
  };

  TraceProperties block;
  build(&block);
  TRACEHANDLE handle = 0;
  ULONG status = StartTraceW(&handle, name.c_str(), block.get());
  bool reclaimed = false;
  if (status == ERROR_ALREADY_EXISTS) {
    if (!reclaim || !HasOurPrefix(name)) {
      throw MakeError(env, code::kAlreadyExists,
                      "session " + Quoted(name) + " already exists" +
                          (HasOurPrefix(name) ? std::string(" (reclaim was disabled)")
                                              : std::string(" and belongs to another tool: attach to it or pick "
                                                            "another name")),
                      "StartTraceW " + Quoted(name), status);
    }
    TraceProperties stopBlock;  // a copy: ControlTrace overwrites what it is given
    const ULONG stopStatus = ControlByName(name, &stopBlock, EVENT_TRACE_CONTROL_STOP);
    if (stopStatus != ERROR_SUCCESS && stopStatus != ERROR_WMI_INSTANCE_NOT_FOUND) {
      ThrowWin32(env, stopStatus, "reclaim stale session " + Quoted(name));
    }
    TraceProperties retry;
    build(&retry);
    status = StartTraceW(&handle, name.c_str(), retry.get());
    reclaimed = true;
  }
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, "StartTraceW " + Quoted(name));
  Napi::Object result = Napi::Object::New(env);
  result.Set("name", WideValue(env, name.data(), name.size()));
  result.Set("loggerId", static_cast<double>(handle & 0xFFFF));
  result.Set("reclaimed", reclaimed);
  return result;
}

// stopSession(name, { force }?): { stopped: true, session } with the final counters, or
// { stopped: false, alreadyGone: true }. Sessions without our prefix need force: true.
Napi::Value StopSession(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::wstring name = ArgWide(info, 0, "session name", TraceProperties::kMaxNameChars);
  const bool force = info.Length() > 1 && info[1].IsObject() && OptBool(info[1].As<Napi::Object>(), "force", false);
  if (!HasOurPrefix(name) && !force) {
    throw MakeError(env, code::kForeignSession,
                    "session " + Quoted(name) + " was not started by ETW Explorer: pass force: true to stop it",
                    "stopSession " + Quoted(name));
  }
  TraceProperties block;
  const ULONG status = ControlByName(name, &block, EVENT_TRACE_CONTROL_STOP);
  Napi::Object result = Napi::Object::New(env);
  if (status == ERROR_WMI_INSTANCE_NOT_FOUND) {
    result.Set("stopped", false);
    result.Set("alreadyGone", true);
    return result;
  }
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, "stop session " + Quoted(name));
  result.Set("stopped", true);
  result.Set("session", SessionInfo(env, block));
  return result;
}

// flushSession(name): ControlTrace(FLUSH), delivering partly filled buffers now.
Napi::Value FlushSession(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::wstring name = ArgWide(info, 0, "session name", TraceProperties::kMaxNameChars);
  TraceProperties block;
  const ULONG status = ControlByName(name, &block, EVENT_TRACE_CONTROL_FLUSH);
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, "flush session " + Quoted(name));
  return env.Undefined();
}

// setStackTracing(name, [{ guid, type }]): kernel events that get a StackWalk event
// (TraceSetInformation TraceStackTracingInfo, at most 256 CLASSIC_EVENT_IDs; [] turns stacks off).
Napi::Value SetStackTracing(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::wstring name = ArgWide(info, 0, "session name", TraceProperties::kMaxNameChars);
  if (info.Length() < 2 || !info[1].IsArray()) ThrowBadArgument(env, "events must be an array of { guid, type }");
  Napi::Array list = info[1].As<Napi::Array>();
  constexpr uint32_t kMaxStackEvents = 256;
  if (list.Length() > kMaxStackEvents) ThrowCannotPushDown(env, "stackTracing", kMaxStackEvents, list.Length(), "events");
  std::vector<CLASSIC_EVENT_ID> ids(list.Length());
  for (uint32_t i = 0; i < list.Length(); i++) {
    if (!list.Get(i).IsObject()) ThrowBadArgument(env, "events[" + std::to_string(i) + "] must be { guid, type }");
    Napi::Object e = list.Get(i).As<Napi::Object>();
    ids[i] = CLASSIC_EVENT_ID{};
    ids[i].EventGuid = ReqGuid(e, "guid");
    ids[i].Type = static_cast<UCHAR>(OptU32(e, "type", 0, 0, 255));
  }
  const TRACEHANDLE handle = SessionHandleByName(env, name);
  const ULONG status = TraceSetInformation(handle, TraceStackTracingInfo, ids.empty() ? nullptr : ids.data(),
                                           static_cast<ULONG>(ids.size() * sizeof(CLASSIC_EVENT_ID)));
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, "TraceSetInformation(TraceStackTracingInfo) " + Quoted(name));
  return env.Undefined();
}

// setSystemTraceFlags(name, masks): the 8 PERFINFO group masks of a system logger session
// (TraceSetInformation TraceSystemTraceEnableFlagsInfo; [0] = EnableFlags). All zeros first triggers
// the file/registry rundown (fibratus trace.go); the caller decides the sequence.
Napi::Value SetSystemTraceFlags(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::wstring name = ArgWide(info, 0, "session name", TraceProperties::kMaxNameChars);
  if (info.Length() < 2 || !info[1].IsArray()) ThrowBadArgument(env, "masks must be an array of up to 8 numbers");
  Napi::Object holder = Napi::Object::New(env);  // reuses the option-array reader for a positional array
  holder.Set("masks", info.Length() > 1 ? info[1] : env.Undefined());
  if (OptArrayLength(holder, "masks") > 8) ThrowBadArgument(env, "masks has at most 8 entries");
  const std::vector<uint32_t> masks = OptU32Array(holder, "masks", 0xFFFFFFFF);
  ULONG groups[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (size_t i = 0; i < masks.size(); i++) groups[i] = masks[i];
  const TRACEHANDLE handle = SessionHandleByName(env, name);
  const ULONG status = TraceSetInformation(handle, TraceSystemTraceEnableFlagsInfo, groups, sizeof groups);
  if (status != ERROR_SUCCESS) {
    ThrowWin32(env, status, "TraceSetInformation(TraceSystemTraceEnableFlagsInfo) " + Quoted(name));
  }
  return env.Undefined();
}

}  // namespace etwx
