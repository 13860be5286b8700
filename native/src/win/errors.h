// errors.h: the addon's typed errors. Everything the addon throws to JS is an Error carrying
// {code, win32, message, context}; Win32 statuses map to stable codes (ACCESS_DENIED with "run as
// Administrator", NOT_FOUND, ...). Codes are mirrored by NativeErrorCode in electron/core/live/addon.ts.
// C++ code throws Napi::Error (or std::exception); Guarded() in napi_util.h is the one place where a C++
// exception becomes a JS exception, so none ever crosses into V8.
#pragma once

#include <windows.h>

#include <napi.h>

#include <string>

namespace etwx {

namespace code {
constexpr const char* kBadArgument = "BAD_ARGUMENT";        // JS argument failed validation
constexpr const char* kCannotPushDown = "CANNOT_PUSH_DOWN";  // a filter exceeds a documented ETW limit
constexpr const char* kForeignSession = "FOREIGN_SESSION";   // refused: session not named ETWExplorer-*
constexpr const char* kAccessDenied = "ACCESS_DENIED";
constexpr const char* kAlreadyExists = "ALREADY_EXISTS";
constexpr const char* kNotFound = "NOT_FOUND";
constexpr const char* kNoSystemResources = "NO_SYSTEM_RESOURCES";
constexpr const char* kInvalidParameter = "INVALID_PARAMETER";
constexpr const char* kNotSupported = "NOT_SUPPORTED";
constexpr const char* kCancelled = "CANCELLED";
constexpr const char* kOutOfMemory = "OUT_OF_MEMORY";
constexpr const char* kWin32 = "WIN32";  // any other Win32 status
constexpr const char* kInternal = "INTERNAL";
}  // namespace code

// Builds {code, win32, message, context} as a JS Error. Runs on: the JS thread.
Napi::Error MakeError(Napi::Env env, const char* code, const std::string& message,
                      const std::string& context, DWORD win32 = 0);

// Maps a Win32 status to a typed error; the message names the context, a hint and the system text.
// Runs on: the JS thread.
Napi::Error Win32Error(Napi::Env env, DWORD status, const std::string& context);

// Throw helpers (C++ exceptions, turned into JS exceptions by Guarded). Run on: the JS thread.
[[noreturn]] void ThrowWin32(Napi::Env env, DWORD status, const std::string& context);
[[noreturn]] void ThrowBadArgument(Napi::Env env, const std::string& message);
[[noreturn]] void ThrowCannotPushDown(Napi::Env env, const std::string& filter, size_t limit,
                                      size_t given, const std::string& unit);

// Last-resort throw that uses only the C API (safe inside catch blocks). Runs on: the JS thread.
void ThrowInternalNoExcept(napi_env env, const char* message) noexcept;

}  // namespace etwx
