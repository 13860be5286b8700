// napi_util.cc: argument readers and value builders (see napi_util.h). All run on the JS thread.
#include "napi_util.h"

#include <cmath>
#include <cstring>

#include "text.h"

namespace etwx {

namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1

Napi::Value Get(const Napi::Object& o, const char* key) { return o.Get(key); }

std::wstring ToWide(Napi::Env env, const Napi::Value& v, const std::string& what, size_t maxChars) {
  if (!v.IsString()) ThrowBadArgument(env, what + " must be a string");
  const std::u16string s = v.As<Napi::String>().Utf16Value();
  if (s.size() > maxChars) {
    ThrowBadArgument(env, what + " is longer than " + std::to_string(maxChars) + " characters");
  }
  if (s.find(u'\0') != std::u16string::npos) ThrowBadArgument(env, what + " contains a NUL character");
  return std::wstring(reinterpret_cast<const wchar_t*>(s.data()), s.size());
}

}  // namespace

void NameArgumentError(const Napi::Error& error, const char* name) noexcept {
  try {
    Napi::Object o = error.Value();
    const Napi::Value context = o.Get("context");
    if (context.IsString() && context.As<Napi::String>().Utf8Value() == "arguments") {
      o.Set("context", std::string(name) + " arguments");
    }
  } catch (...) {
    // keep the generic context
  }
}

Napi::Object ArgObject(const Napi::CallbackInfo& info, size_t index, const char* what) {
  if (info.Length() <= index || !info[index].IsObject() || info[index].IsArray()) {
    ThrowBadArgument(info.Env(), std::string(what) + " must be an object");
  }
  return info[index].As<Napi::Object>();
}

std::string ArgString(const Napi::CallbackInfo& info, size_t index, const char* what) {
  if (info.Length() <= index || !info[index].IsString()) {
    ThrowBadArgument(info.Env(), std::string(what) + " must be a string");
  }
  return info[index].As<Napi::String>().Utf8Value();
}

std::wstring ArgWide(const Napi::CallbackInfo& info, size_t index, const char* what, size_t maxChars) {
  const Napi::Value v = info.Length() > index ? info[index] : info.Env().Undefined();
  std::wstring s = ToWide(info.Env(), v, what, maxChars);
  if (s.empty()) ThrowBadArgument(info.Env(), std::string(what) + " must not be empty");
  return s;
}

bool Has(const Napi::Object& o, const char* key) {
  return o.Has(key) && !Get(o, key).IsUndefined();
}

std::wstring OptWide(const Napi::Object& o, const char* key, const std::wstring& fallback, size_t maxChars) {
  if (!Has(o, key)) return fallback;
  return ToWide(o.Env(), Get(o, key), key, maxChars);
}

std::wstring ReqWide(const Napi::Object& o, const char* key, size_t maxChars) {
  if (!Has(o, key)) ThrowBadArgument(o.Env(), std::string(key) + " is required");
  std::wstring s = ToWide(o.Env(), Get(o, key), key, maxChars);
  if (s.empty()) ThrowBadArgument(o.Env(), std::string(key) + " must not be empty");
  return s;
}

bool OptBool(const Napi::Object& o, const char* key, bool fallback) {
  if (!Has(o, key)) return fallback;
  Napi::Value v = Get(o, key);
  if (!v.IsBoolean()) ThrowBadArgument(o.Env(), std::string(key) + " must be a boolean");
  return v.As<Napi::Boolean>().Value();
}

uint32_t OptU32(const Napi::Object& o, const char* key, uint32_t fallback, uint32_t min, uint32_t max) {
  if (!Has(o, key)) return fallback;
  Napi::Value v = Get(o, key);
  if (!v.IsNumber()) ThrowBadArgument(o.Env(), std::string(key) + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= min && d <= max) || std::floor(d) != d) {
    ThrowBadArgument(o.Env(), std::string(key) + " must be an integer in " + std::to_string(min) + ".." +
                                  std::to_string(max));
  }
  return static_cast<uint32_t>(d);
}

uint64_t OptU64(const Napi::Object& o, const char* key, uint64_t fallback) {
  if (!Has(o, key)) return fallback;
  Napi::Value v = Get(o, key);
  if (v.IsBigInt()) {
    bool lossless = false;
    const uint64_t u = v.As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) ThrowBadArgument(o.Env(), std::string(key) + " must be a BigInt in 0..2^64-1");
    return u;
  }
  if (v.IsNumber()) {
    const double d = v.As<Napi::Number>().DoubleValue();
    if (!(d >= 0 && d <= kMaxSafeInteger) || std::floor(d) != d) {
      ThrowBadArgument(o.Env(), std::string(key) + " must be a non-negative safe integer or a BigInt");
    }
    return static_cast<uint64_t>(d);
  }
  ThrowBadArgument(o.Env(), std::string(key) + " must be a BigInt or a number");
}

GUID ReqGuid(const Napi::Object& o, const char* key) {
  if (!Has(o, key) || !Get(o, key).IsString()) {
    ThrowBadArgument(o.Env(), std::string(key) + " must be a GUID string");
  }
  GUID g;
  const std::string text = Get(o, key).As<Napi::String>().Utf8Value();
  if (!ParseGuid(text, &g)) ThrowBadArgument(o.Env(), std::string(key) + " is not a GUID: " + text);
  return g;
}

GUID ArgGuid(const Napi::CallbackInfo& info, size_t index, const char* what) {
  const std::string text = ArgString(info, index, what);
  GUID g;
  if (!ParseGuid(text, &g)) ThrowBadArgument(info.Env(), std::string(what) + " is not a GUID: " + text);
  return g;
}

size_t OptArrayLength(const Napi::Object& o, const char* key) {
  if (!Has(o, key)) return 0;
  Napi::Value v = Get(o, key);
  if (!v.IsArray()) ThrowBadArgument(o.Env(), std::string(key) + " must be an array");
  return v.As<Napi::Array>().Length();
}

std::vector<uint32_t> OptU32Array(const Napi::Object& o, const char* key, uint32_t max) {
  std::vector<uint32_t> out;
  const size_t n = OptArrayLength(o, key);
  if (n == 0) return out;
  Napi::Array a = Get(o, key).As<Napi::Array>();
  out.reserve(n);
  for (uint32_t i = 0; i < n; i++) {
    Napi::Value e = a.Get(i);
    const double d = e.IsNumber() ? e.As<Napi::Number>().DoubleValue() : -1;
    if (!(d >= 0 && d <= max) || std::floor(d) != d) {
      ThrowBadArgument(o.Env(), std::string(key) + "[" + std::to_string(i) + "] must be an integer in 0.." +
                                    std::to_string(max));
    }
    out.push_back(static_cast<uint32_t>(d));
  }
  return out;
}

std::vector<std::string> OptStringArray(const Napi::Object& o, const char* key) {
  std::vector<std::string> out;
  const size_t n = OptArrayLength(o, key);
  if (n == 0) return out;
  Napi::Array a = Get(o, key).As<Napi::Array>();
  out.reserve(n);
  for (uint32_t i = 0; i < n; i++) {
    Napi::Value e = a.Get(i);
    if (!e.IsString()) ThrowBadArgument(o.Env(), std::string(key) + "[" + std::to_string(i) + "] must be a string");
    out.push_back(e.As<Napi::String>().Utf8Value());
  }
  return out;
}

Napi::String WideValue(Napi::Env env, const wchar_t* text, size_t length) {
  static_assert(sizeof(wchar_t) == sizeof(char16_t), "Windows WCHAR is UTF-16");
  return Napi::String::New(env, reinterpret_cast<const char16_t*>(text), length);
}

Napi::BigInt U64Value(Napi::Env env, uint64_t value) { return Napi::BigInt::New(env, value); }

// Copies into a V8-owned ArrayBuffer: Electron's memory cage forbids external buffers.
Napi::Uint8Array BytesValue(Napi::Env env, const void* data, size_t size) {
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, size);
  if (size > 0) std::memcpy(buffer.Data(), data, size);
  return Napi::Uint8Array::New(env, size, buffer, 0);
}

}  // namespace etwx
