// consumer.cc: the real-time consumer (see consumer.h for threads, back-pressure and lifetime).
// native-etw-notes §4.1.6-7: OpenTraceW (REAL_TIME | EVENT_RECORD | RAW_TIMESTAMP), ProcessTrace on a
// dedicated std::thread, a tiny callback that only copies, CloseTrace to stop, no StartTime (it would
// filter out rundown events).
#include "consumer.h"

#include <intrin.h>

#include "../../include/etw_compat.h"
#include "addon_data.h"
#include "errors.h"
#include "napi_util.h"
#include "sessions.h"
#include "text.h"

namespace etwx {

namespace {

uint64_t PreciseFileTime() {
  FILETIME ft;
  GetSystemTimePreciseAsFileTime(&ft);
  return (static_cast<uint64_t>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
}

// The session's clock type: LogfileHeader.ReservedFlags after OpenTrace, else the session's
// Wnode.ClientContext, else QPC (ClientContext 0 means QPC).
uint32_t ClockType(const TRACE_LOGFILE_HEADER& header, const std::wstring& session) {
  if (header.ReservedFlags >= 1 && header.ReservedFlags <= 3) return header.ReservedFlags;
  TraceProperties block;
  const ULONG status = ControlTraceW(0, session.c_str(), block.get(), EVENT_TRACE_CONTROL_QUERY);
  const ULONG context = block.get()->Wnode.ClientContext;
  if ((status == ERROR_SUCCESS || status == ERROR_MORE_DATA) && context >= 1 && context <= 3) return context;
  return 1;
}

// Anchors raw timestamps to UTC (native/README.md "Time").
SessionClock MakeClock(const TRACE_LOGFILE_HEADER& header, const std::wstring& session) {
  SessionClock clock;
  clock.clockType = ClockType(header, session);
  if (clock.clockType == 2) {  // system time: raw timestamps are FILETIMEs already
    clock.frequency = 10000000;
    clock.startFileTime = PreciseFileTime();
    clock.t0 = clock.startFileTime;
  } else if (clock.clockType == 3) {  // CPU cycle counter: approximate (CpuSpeedInMHz is nominal)
    clock.frequency = static_cast<uint64_t>(header.CpuSpeedInMHz) * 1000000u;
    if (clock.frequency == 0) clock.frequency = 1000000000u;
    clock.t0 = __rdtsc();
    clock.startFileTime = PreciseFileTime();
  } else {  // QPC (ETW's QPC clock is the system QPC): sample it on both sides of the FILETIME, keep the midpoint
    LARGE_INTEGER frequency, before, after;
    QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&before);
    clock.startFileTime = PreciseFileTime();
    QueryPerformanceCounter(&after);
    clock.frequency = static_cast<uint64_t>(frequency.QuadPart);
    clock.t0 = static_cast<uint64_t>(before.QuadPart) + static_cast<uint64_t>(after.QuadPart - before.QuadPart) / 2;
  }
  return clock;
}

}  // namespace

Napi::Function Consumer::Define(Napi::Env env) {
  return DefineClass(env, "Consumer",
                     {
                         InstanceMethod<&Consumer::Stop>("stop"),
                         InstanceMethod<&Consumer::Stats>("stats"),
                         InstanceAccessor<&Consumer::Clock>("clock"),
                     });
}

Consumer::Consumer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Consumer>(info) {
  Napi::Env env = info.Env();
  try {
    Napi::Object o = ArgObject(info, 0, "Consumer options");
    session_ = ReqWide(o, "session", TraceProperties::kMaxNameChars);
    Napi::Value onBatch = o.Get("onBatch");
    if (!onBatch.IsFunction()) ThrowBadArgument(env, "onBatch must be a function");
    const uint32_t batchBytes = OptU32(o, "batchBytes", 1u << 20, 64u << 10, 16u << 20);
    maxQueued_ = OptU32(o, "maxQueuedBatches", 64, 1, 4096);

    logfile_.LoggerName = &session_[0];
    logfile_.ProcessTraceMode =
        PROCESS_TRACE_MODE_REAL_TIME | PROCESS_TRACE_MODE_EVENT_RECORD | PROCESS_TRACE_MODE_RAW_TIMESTAMP;
    logfile_.EventRecordCallback = &Consumer::OnEvent;
    logfile_.BufferCallback = &Consumer::OnBuffer;
    logfile_.Context = this;
    trace_ = OpenTraceW(&logfile_);
    if (trace_ == INVALID_PROCESSTRACE_HANDLE) {
      const DWORD error = GetLastError();
      ThrowWin32(env, error != ERROR_SUCCESS ? error : ERROR_INVALID_HANDLE, "OpenTraceW '" + Utf8(session_) + "'");
    }
    clock_ = MakeClock(logfile_.LogfileHeader, session_);
    writer_ = std::make_unique<BatchWriter>(clock_, batchBytes);
    // Unlimited at the N-API level: the bound is ours (queued_ vs maxQueued_) so the LAST batch always fits.
    tsfn_ = Tsfn::New(env, onBatch.As<Napi::Function>(), "etwx-consumer", 0, 1, this);
  } catch (const Napi::Error& e) {
    CloseOnce();
    NameArgumentError(e, "Consumer");
    throw;
  } catch (const std::exception& e) {
    CloseOnce();
    throw MakeError(env, code::kInternal, e.what(), "Consumer '" + Utf8(session_) + "'");
  }
  Ref();
  running_ = true;
  try {
    thread_ = std::thread([this] { Run(); });
  } catch (const std::exception& e) {
    running_ = false;
    CloseOnce();
    tsfn_.Release();
    Unref();
    throw MakeError(env, code::kInternal, std::string("cannot start the ProcessTrace thread: ") + e.what(),
                    "Consumer '" + Utf8(session_) + "'");
  }
  env_ = env;
  cleanupHookAdded_ = napi_add_env_cleanup_hook(env_, &Consumer::CleanupHook, this) == napi_ok;
}

Consumer::~Consumer() {
  StopAndJoin();
  if (cleanupHookAdded_) napi_remove_env_cleanup_hook(env_, &Consumer::CleanupHook, this);
}

void Consumer::CleanupHook(void* arg) {
  auto* self = static_cast<Consumer*>(arg);
  self->cleanupHookAdded_ = false;  // Node drops a hook once it has run
  self->StopAndJoin();
}

void Consumer::CloseOnce() noexcept {
  if (trace_ == INVALID_PROCESSTRACE_HANDLE) return;
  // While ProcessTrace runs this returns ERROR_CTX_CLOSE_PENDING: it drains and returns (success).
  if (!closed_.exchange(true)) CloseTrace(trace_);
}

void Consumer::StopAndJoin() noexcept {
  stopRequested_ = true;
  CloseOnce();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

// ---- ProcessTrace thread ---------------------------------------------------------------------------------

void Consumer::Run() noexcept {
  TRACEHANDLE handles[1] = {trace_};
  const ULONG status = ProcessTrace(handles, 1, nullptr, nullptr);
  CloseOnce();  // ProcessTrace returned on its own (session stopped): the handle still needs closing
  endStatus_ = status;
  running_ = false;
  Send(true, status);
  tsfn_.Release();
}

VOID WINAPI Consumer::OnEvent(PEVENT_RECORD record) {
  auto* self = static_cast<Consumer*>(record->UserContext);
  self->eventsSeen_.fetch_add(1, std::memory_order_relaxed);
  if (!self->writer_->Append(*record)) {
    self->pendingDropped_++;
    self->eventsDropped_.fetch_add(1, std::memory_order_relaxed);
  }
  if (self->writer_->full()) self->Send(false, 0);
}

// Called after each ETW buffer's events: hand over what we have so latency follows the session's
// FlushTimer. Returning FALSE also ends ProcessTrace (belt and braces with CloseTrace).
ULONG WINAPI Consumer::OnBuffer(PEVENT_TRACE_LOGFILEW logfile) {
  auto* self = static_cast<Consumer*>(logfile->Context);
  if (self->writer_->count() > 0) self->Send(false, 0);
  return self->stopRequested_.load() ? FALSE : TRUE;
}

void Consumer::Send(bool last, ULONG endStatus) noexcept {
  const uint32_t sequence = sequence_++;
  const uint32_t count = writer_->count();
  auto drop = [&](uint32_t records) {
    pendingDropped_ += records;
    eventsDropped_.fetch_add(records, std::memory_order_relaxed);
    batchesDropped_.fetch_add(1, std::memory_order_relaxed);
  };
  if (!last && queued_.load() >= maxQueued_) {  // JS is behind: drop this batch whole, count it
    writer_->Discard();
    drop(count);
    return;
  }
  std::unique_ptr<Batch> batch = writer_->Take(sequence, pendingDropped_, last, endStatus);
  if (!batch) {
    drop(count);
    return;
  }
  queued_.fetch_add(1);
  if (tsfn_.NonBlockingCall(batch.get()) == napi_ok) {
    batch.release();  // CallJs owns it now
    pendingDropped_ = 0;
  } else {  // napi_closing: the environment is shutting down
    queued_.fetch_sub(1);
    drop(count);
  }
}

// ---- JS thread -------------------------------------------------------------------------------------------

void Consumer::CallJs(Napi::Env env, Napi::Function callback, Consumer* self, Batch* raw) {
  std::unique_ptr<Batch> batch(raw);
  // env is null when the TSFN is being torn down with items still queued: only free them.
  if (env == nullptr || self == nullptr || batch == nullptr) return;
  self->queued_.fetch_sub(1);
  try {
    Napi::Uint8Array bytes = BytesValue(env, batch->bytes.data(), batch->bytes.size());
    self->batchesDelivered_.fetch_add(1);
    self->bytesDelivered_.fetch_add(batch->bytes.size());
    callback.Call({bytes});
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();  // onBatch threw: surfaces as an uncaught exception, as in JS
  } catch (...) {
    ThrowInternalNoExcept(env, "failed to deliver a batch");
  }
  if (batch->last) {
    try {
      self->Unref();
    } catch (...) {
    }
  }
}

Napi::Object Consumer::StatsObject(Napi::Env env) const {
  Napi::Object o = Napi::Object::New(env);
  o.Set("running", running_.load());
  o.Set("eventsSeen", static_cast<double>(eventsSeen_.load()));
  o.Set("eventsDropped", static_cast<double>(eventsDropped_.load()));
  o.Set("batchesDropped", static_cast<double>(batchesDropped_.load()));
  o.Set("batchesQueued", static_cast<double>(queued_.load()));
  o.Set("batchesDelivered", static_cast<double>(batchesDelivered_.load()));
  o.Set("bytesDelivered", static_cast<double>(bytesDelivered_.load()));
  o.Set("endStatus", static_cast<double>(endStatus_.load()));
  return o;
}

// stop(): CloseTrace, then join the ProcessTrace thread; returns the final stats. Idempotent. The LAST
// batch is still delivered to onBatch afterwards (it is queued before the thread ends).
Napi::Value Consumer::Stop(const Napi::CallbackInfo& info) {
  StopAndJoin();
  return StatsObject(info.Env());
}

Napi::Value Consumer::Stats(const Napi::CallbackInfo& info) { return StatsObject(info.Env()); }

Napi::Value Consumer::Clock(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("clockType", static_cast<double>(clock_.clockType));
  o.Set("frequency", U64Value(env, clock_.frequency));
  o.Set("t0", U64Value(env, clock_.t0));
  o.Set("startFileTime", U64Value(env, clock_.startFileTime));
  return o;
}

}  // namespace etwx
