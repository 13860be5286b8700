// errors.cc: Win32 status → typed JS error (see errors.h). The table below is the single place where a
// status gets its code and the hint shown to the user.
#include "errors.h"

#include <evntrace.h>

#include "../../include/etw_compat.h"
#include "text.h"

namespace etwx {

namespace {

struct StatusInfo {
  const char* code;
  const char* hint;
};

StatusInfo Classify(DWORD status) {
  switch (status) {
    case ERROR_ACCESS_DENIED:
      return {code::kAccessDenied,
              "access denied: run ETW Explorer as Administrator (or as a member of Performance Log Users)"};
    case ERROR_PRIVILEGE_NOT_HELD:
      return {code::kAccessDenied,
              "a required privilege is not held (kernel stacks and profiling need SeSystemProfilePrivilege): "
              "run as Administrator"};
    case ERROR_ALREADY_EXISTS:
      return {code::kAlreadyExists, "a trace session with this name already exists"};
    case ERROR_WMI_INSTANCE_NOT_FOUND:
      return {code::kNotFound, "no trace session with this name is running"};
    case ERROR_WMI_GUID_NOT_FOUND:
      return {code::kNotFound, "the provider is not registered"};
    case ERROR_NOT_FOUND:
    case ERROR_FILE_NOT_FOUND:
    case ERROR_EMPTY:
      return {code::kNotFound, "no metadata was found"};
    case ERROR_NO_SYSTEM_RESOURCES:
      return {code::kNoSystemResources,
              "out of trace session slots (64 by default), or the provider is already enabled in 8 sessions: "
              "stop unused sessions in the session manager"};
    case ERROR_INVALID_PARAMETER:
    case ERROR_BAD_LENGTH:
    case ERROR_INVALID_USER_BUFFER:
    case ERROR_BAD_PATHNAME:
      return {code::kInvalidParameter, "Windows rejected a parameter"};
    case ERROR_NOT_SUPPORTED:
    case ERROR_CALL_NOT_IMPLEMENTED:
    case ERROR_PROC_NOT_FOUND:
      return {code::kNotSupported, "not supported by this version of Windows"};
    case ERROR_CANCELLED:
      return {code::kCancelled, "cancelled"};
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
      return {code::kOutOfMemory, "out of memory"};
    default:
      return {code::kWin32, "Windows error"};
  }
}

// FormatMessageW's text for a status, without the trailing line break; "" when Windows has none.
std::string SystemText(DWORD status) {
  wchar_t buf[512];
  const DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, status,
                                 0, buf, static_cast<DWORD>(sizeof buf / sizeof buf[0]), nullptr);
  size_t len = n;
  while (len > 0 && (buf[len - 1] == L'\r' || buf[len - 1] == L'\n' || buf[len - 1] == L' ')) len--;
  return Utf8(buf, len);
}

}  // namespace

Napi::Error MakeError(Napi::Env env, const char* code, const std::string& message, const std::string& context,
                      DWORD win32) {
  Napi::Error error = Napi::Error::New(env, message);
  Napi::Object object = error.Value();
  object.Set("code", Napi::String::New(env, code));
  object.Set("win32", Napi::Number::New(env, static_cast<double>(win32)));
  object.Set("context", Napi::String::New(env, context));
  return error;
}

Napi::Error Win32Error(Napi::Env env, DWORD status, const std::string& context) {
  const StatusInfo info = Classify(status);
  const std::string text = SystemText(status);
  std::string message = context + ": " + info.hint + " (Win32 " + std::to_string(status);
  if (!text.empty()) message += ": " + text;
  message += ")";
  return MakeError(env, info.code, message, context, status);
}

void ThrowWin32(Napi::Env env, DWORD status, const std::string& context) { throw Win32Error(env, status, context); }

void ThrowBadArgument(Napi::Env env, const std::string& message) {
  throw MakeError(env, code::kBadArgument, message, "arguments");
}

void ThrowCannotPushDown(Napi::Env env, const std::string& filter, size_t limit, size_t given,
                         const std::string& unit) {
  const std::string message = "cannot push down the " + filter + " filter: ETW accepts at most " +
                              std::to_string(limit) + " " + unit + ", got " + std::to_string(given) +
                              " (filter these events in user mode instead)";
  throw MakeError(env, code::kCannotPushDown, message,
                  "filter=" + filter + " limit=" + std::to_string(limit) + " given=" + std::to_string(given));
}

void ThrowInternalNoExcept(napi_env env, const char* message) noexcept {
  napi_throw_error(env, code::kInternal, message);
}

}  // namespace etwx
