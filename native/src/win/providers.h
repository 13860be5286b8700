// providers.h: provider control in a session (enable with kernel-side filters, disable, rundown) and
// the provider registration table (EnumerateTraceGuidsEx). Exports run on the JS thread.
#pragma once

#include <napi.h>

namespace etwx {

Napi::Value EnableProvider(const Napi::CallbackInfo& info);
Napi::Value DisableProvider(const Napi::CallbackInfo& info);
Napi::Value CaptureState(const Napi::CallbackInfo& info);
Napi::Value TraceGuidList(const Napi::CallbackInfo& info);
Napi::Value TraceGuidInfo(const Napi::CallbackInfo& info);

}  // namespace etwx
