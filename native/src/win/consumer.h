// consumer.h: one real-time consumer of one session (JS class `Consumer`). It owns the trace handle
// (OpenTraceW), a dedicated ProcessTrace thread, and a ThreadSafeFunction that carries finished batches
// to the JS `onBatch` callback. Threads:
//   JS thread        constructor, stop(), stats(), clock, destructor (GC finalizer / env teardown),
//                    CallJs (delivers a batch)
//   ProcessTrace     Run(), OnEvent(), OnBuffer(), Send()
// Back-pressure: at most maxQueuedBatches batches wait for the JS thread; a batch beyond that is
// dropped whole and counted (stats, and `dropped` in the next delivered batch's header). The final
// batch (flag LAST, with ProcessTrace's status) is always queued, so JS always learns of the end.
// Lifetime: the object is Ref'd while the thread runs and Unref'd when the LAST batch reaches JS;
// stop() = CloseTrace then join; `this` (the callback context) and the ThreadSafeFunction outlive
// ProcessTrace, which may still deliver events after CloseTrace (ferrisetw #62). On environment
// teardown (app exit, worker.terminate()) an env cleanup hook, registered after the ThreadSafeFunction
// and so run before the TSFN's own hook, stops and joins the thread while the TSFN still exists.
#pragma once

#include <windows.h>
#include <evntrace.h>
#include <evntcons.h>

#include <napi.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "../../include/etw_compat.h"
#include "batch_writer.h"

namespace etwx {

class Consumer : public Napi::ObjectWrap<Consumer> {
 public:
  // Defines the JS class. Runs on: the JS thread (module init).
  static Napi::Function Define(Napi::Env env);

  // new Consumer({ session, onBatch, batchBytes?, maxQueuedBatches? }): OpenTraceW + start the thread.
  // Runs on: the JS thread.
  explicit Consumer(const Napi::CallbackInfo& info);
  // Stops and joins if still running. Runs on: the JS thread (GC finalizer or environment teardown).
  ~Consumer() override;

  // Delivers one batch to onBatch. Runs on: the JS thread (ThreadSafeFunction call_js).
  static void CallJs(Napi::Env env, Napi::Function callback, Consumer* self, Batch* batch);

 private:
  using Tsfn = Napi::TypedThreadSafeFunction<Consumer, Batch, &Consumer::CallJs>;

  Napi::Value Stop(const Napi::CallbackInfo& info);   // JS thread
  Napi::Value Stats(const Napi::CallbackInfo& info);  // JS thread
  Napi::Value Clock(const Napi::CallbackInfo& info);  // JS thread
  Napi::Object StatsObject(Napi::Env env) const;      // JS thread
  void StopAndJoin() noexcept;                        // JS thread
  void CloseOnce() noexcept;                          // either thread
  static void CleanupHook(void* self);                // JS thread (environment teardown)

  void Run() noexcept;                                         // ProcessTrace thread
  void Send(bool last, ULONG endStatus) noexcept;              // ProcessTrace thread
  static VOID WINAPI OnEvent(PEVENT_RECORD record);            // ProcessTrace thread
  static ULONG WINAPI OnBuffer(PEVENT_TRACE_LOGFILEW logfile);  // ProcessTrace thread

  std::wstring session_;
  EVENT_TRACE_LOGFILEW logfile_{};
  TRACEHANDLE trace_ = INVALID_PROCESSTRACE_HANDLE;
  SessionClock clock_;
  std::unique_ptr<BatchWriter> writer_;  // ProcessTrace thread only, once started
  Tsfn tsfn_;
  std::thread thread_;
  napi_env env_ = nullptr;
  bool cleanupHookAdded_ = false;
  uint32_t maxQueued_ = 64;

  // ProcessTrace thread only.
  uint32_t sequence_ = 0;
  uint32_t pendingDropped_ = 0;

  // Shared between the threads.
  std::atomic<bool> closed_{false};
  std::atomic<bool> stopRequested_{false};
  std::atomic<bool> running_{false};
  std::atomic<uint32_t> queued_{0};
  std::atomic<uint64_t> eventsSeen_{0};
  std::atomic<uint64_t> eventsDropped_{0};
  std::atomic<uint64_t> batchesDropped_{0};
  std::atomic<uint64_t> batchesDelivered_{0};
  std::atomic<uint64_t> bytesDelivered_{0};
  std::atomic<uint32_t> endStatus_{0};
};

}  // namespace etwx
