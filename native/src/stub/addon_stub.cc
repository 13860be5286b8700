// addon_stub.cc: the addon built on every OS but Windows. Same exports as src/win (the shared
// ETWX_FUNCTIONS list plus the Consumer class): version() answers { supported: false, ... }; every
// other function, and `new Consumer()`, throws { code: 'UNSUPPORTED_PLATFORM', win32: 0, message,
// context }. All calls run on the JS thread. Built without C++ exceptions.
#define NAPI_DISABLE_CPP_EXCEPTIONS
#include <napi.h>

#include "../common/exports.h"

namespace {

constexpr const char* kMessage = "live ETW needs Windows";

#if defined(__APPLE__)
constexpr const char* kPlatform = "darwin";
#elif defined(__linux__)
constexpr const char* kPlatform = "linux";
#else
constexpr const char* kPlatform = "other";
#endif

void ThrowUnsupported(Napi::Env env, const char* context) {
  Napi::Error error = Napi::Error::New(env, std::string(kMessage) + " (" + context + ")");
  error.Set("code", Napi::String::New(env, "UNSUPPORTED_PLATFORM"));
  error.Set("win32", Napi::Number::New(env, 0));
  error.Set("context", Napi::String::New(env, context));
  error.ThrowAsJavaScriptException();
}

template <const char* const* Name>
Napi::Value Unsupported(const Napi::CallbackInfo& info) {
  ThrowUnsupported(info.Env(), *Name);
  return Napi::Value();
}

Napi::Value Version(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("addon", ETWX_ADDON_VERSION);
  o.Set("supported", false);
  o.Set("platform", kPlatform);
  o.Set("code", "UNSUPPORTED_PLATFORM");
  o.Set("reason", kMessage);
  return o;
}

class Consumer : public Napi::ObjectWrap<Consumer> {
 public:
  explicit Consumer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Consumer>(info) {
    ThrowUnsupported(info.Env(), "Consumer");
  }
  static Napi::Function Define(Napi::Env env) { return DefineClass(env, "Consumer", {}); }
};

// One name constant per export, so each thrower can say which call it was.
#define ETWX_NAME(name) constexpr const char* kName_##name = #name;
ETWX_FUNCTIONS(ETWX_NAME)
#undef ETWX_NAME

Napi::Object Init(Napi::Env env, Napi::Object exports) {
#define ETWX_REGISTER(name) exports.Set(#name, Napi::Function::New<Unsupported<&kName_##name>>(env, #name));
  ETWX_FUNCTIONS(ETWX_REGISTER)
#undef ETWX_REGISTER
  exports.Set("version", Napi::Function::New<Version>(env, "version"));  // the one call that answers
  exports.Set("Consumer", Consumer::Define(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(etwx_native, Init)
