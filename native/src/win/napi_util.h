// napi_util.h: argument readers (typed, range-checked, BAD_ARGUMENT on anything else), value builders,
// and Guarded(), the wrapper every exported function goes through so that no C++ exception crosses
// into V8. Everything here runs on the JS thread that called into the addon.
#pragma once

#include <windows.h>

#include <napi.h>

#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "errors.h"

namespace etwx {

// Wraps an export: C++ exceptions become JS exceptions here and nowhere else. BAD_ARGUMENT errors get
// the export's name as context ("startSession arguments"). Runs on: the JS thread.
void NameArgumentError(const Napi::Error& error, const char* name) noexcept;

template <Napi::Value (*Fn)(const Napi::CallbackInfo&), const char* const* Name>
Napi::Value Guarded(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  try {
    return Fn(info);
  } catch (const Napi::Error& e) {
    NameArgumentError(e, *Name);
    e.ThrowAsJavaScriptException();
  } catch (const std::bad_alloc&) {
    ThrowInternalNoExcept(env, "out of memory in the ETW addon");
  } catch (const std::exception& e) {
    ThrowInternalNoExcept(env, e.what());
  } catch (...) {
    ThrowInternalNoExcept(env, "unexpected failure in the ETW addon");
  }
  return Napi::Value();
}

// info[index] as an object (options bag); BAD_ARGUMENT otherwise.
Napi::Object ArgObject(const Napi::CallbackInfo& info, size_t index, const char* what);
// info[index] as a string; BAD_ARGUMENT otherwise.
std::string ArgString(const Napi::CallbackInfo& info, size_t index, const char* what);
// info[index] as a non-empty UTF-16 string of at most maxChars, without NULs; BAD_ARGUMENT otherwise.
std::wstring ArgWide(const Napi::CallbackInfo& info, size_t index, const char* what, size_t maxChars);

// Options-bag readers. `key` absent or undefined → fallback; wrong type or out of range → BAD_ARGUMENT.
std::wstring OptWide(const Napi::Object& o, const char* key, const std::wstring& fallback, size_t maxChars);
bool OptBool(const Napi::Object& o, const char* key, bool fallback);
uint32_t OptU32(const Napi::Object& o, const char* key, uint32_t fallback, uint32_t min, uint32_t max);
// A 64-bit value given as a BigInt (lossless, 0..2^64-1) or as a non-negative safe-integer Number.
uint64_t OptU64(const Napi::Object& o, const char* key, uint64_t fallback);
bool Has(const Napi::Object& o, const char* key);

// A required string option.
std::wstring ReqWide(const Napi::Object& o, const char* key, size_t maxChars);
// A required GUID option ("xxxxxxxx-xxxx-..."), or a GUID given as a positional argument.
GUID ReqGuid(const Napi::Object& o, const char* key);
GUID ArgGuid(const Napi::CallbackInfo& info, size_t index, const char* what);

// Arrays: absent → length 0 / empty; wrong type → BAD_ARGUMENT. Read the length first so callers can
// reject an over-limit array before reading its elements; every element is range-checked.
size_t OptArrayLength(const Napi::Object& o, const char* key);
std::vector<uint32_t> OptU32Array(const Napi::Object& o, const char* key, uint32_t max);
std::vector<std::string> OptStringArray(const Napi::Object& o, const char* key);

// Value builders.
Napi::String WideValue(Napi::Env env, const wchar_t* text, size_t length);
Napi::BigInt U64Value(Napi::Env env, uint64_t value);
Napi::Uint8Array BytesValue(Napi::Env env, const void* data, size_t size);

}  // namespace etwx
