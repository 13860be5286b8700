// addon.cc: module entry of the Windows build. Registers every function of ETWX_FUNCTIONS (shared with
// the stub, src/common/exports.h) through Guarded(), the Consumer class, and the per-environment data.
// version() and win32Error() are the two calls that touch no ETW state (safe under Wine).
#include <windows.h>

#include <napi.h>

#include "../common/exports.h"
#include "addon_data.h"
#include "batch_format.h"
#include "consumer.h"
#include "errors.h"
#include "napi_util.h"
#include "providers.h"
#include "sessions.h"
#include "tdh.h"

namespace etwx {

AddonData& GetAddonData(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }

namespace {

#if defined(_MSC_VER)
#define ETWX_COMPILER "msvc " ETWX_STRINGIFY(_MSC_VER)
#elif defined(__MINGW64__)
#define ETWX_COMPILER "mingw-w64 gcc " __VERSION__
#else
#define ETWX_COMPILER "unknown"
#endif
#define ETWX_STRINGIFY2(x) #x
#define ETWX_STRINGIFY(x) ETWX_STRINGIFY2(x)

// Windows version from ntdll!RtlGetVersion (GetVersionEx lies without a manifest).
void WindowsVersion(DWORD* major, DWORD* minor, DWORD* build) {
  *major = *minor = *build = 0;
  using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOW*);
  const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  const auto fn = ntdll ? reinterpret_cast<RtlGetVersionFn>(reinterpret_cast<void*>(GetProcAddress(ntdll, "RtlGetVersion")))
                        : nullptr;
  if (fn == nullptr) return;
  OSVERSIONINFOW v{};
  v.dwOSVersionInfoSize = sizeof v;
  if (fn(&v) == 0) {
    *major = v.dwMajorVersion;
    *minor = v.dwMinorVersion;
    *build = v.dwBuildNumber;
  }
}

// version(): { addon, supported, platform, arch, compiler, napiVersion, windows: {major, minor, build},
// batchFormat: {magic, version} }. Touches no ETW state.
Napi::Value Version(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("addon", ETWX_ADDON_VERSION);
  o.Set("supported", true);
  o.Set("platform", "win32");
  o.Set("arch", "x64");
  o.Set("compiler", ETWX_COMPILER);
  uint32_t napiVersion = 0;
  napi_get_version(env, &napiVersion);
  o.Set("napiVersion", static_cast<double>(napiVersion));
  DWORD major, minor, build;
  WindowsVersion(&major, &minor, &build);
  Napi::Object windows = Napi::Object::New(env);
  windows.Set("major", static_cast<double>(major));
  windows.Set("minor", static_cast<double>(minor));
  windows.Set("build", static_cast<double>(build));
  o.Set("windows", windows);
  Napi::Object format = Napi::Object::New(env);
  format.Set("magic", static_cast<double>(batch::kMagic));
  format.Set("version", static_cast<double>(batch::kVersion));
  o.Set("batchFormat", format);
  return o;
}

// win32Error(status, context?): the typed error object the addon would throw for that status,
// returned (not thrown): for describing statuses that arrive as values (per-event TDH failures,
// a consumer's endStatus).
Napi::Value Win32ErrorValue(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) ThrowBadArgument(env, "status must be a number");
  const double status = info[0].As<Napi::Number>().DoubleValue();
  if (!(status >= 0 && status <= 4294967295.0)) ThrowBadArgument(env, "status must be a u32");
  const std::string context = info.Length() > 1 && info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  return Win32Error(env, static_cast<DWORD>(status), context).Value();
}

// Export name → implementation (names from ETWX_FUNCTIONS).
#define ETWX_IMPL_version Version
#define ETWX_IMPL_win32Error Win32ErrorValue
#define ETWX_IMPL_listSessions ListSessions
#define ETWX_IMPL_querySession QuerySession
#define ETWX_IMPL_startSession StartSession
#define ETWX_IMPL_stopSession StopSession
#define ETWX_IMPL_flushSession FlushSession
#define ETWX_IMPL_enableProvider EnableProvider
#define ETWX_IMPL_disableProvider DisableProvider
#define ETWX_IMPL_captureState CaptureState
#define ETWX_IMPL_setStackTracing SetStackTracing
#define ETWX_IMPL_setSystemTraceFlags SetSystemTraceFlags
#define ETWX_IMPL_enumerateProviders EnumerateProviders
#define ETWX_IMPL_manifestEvents ManifestEvents
#define ETWX_IMPL_providerFieldInfo ProviderFieldInfo
#define ETWX_IMPL_eventInformation EventInformation
#define ETWX_IMPL_traceGuidList TraceGuidList
#define ETWX_IMPL_traceGuidInfo TraceGuidInfo

// One name constant per export (Guarded names the export in BAD_ARGUMENT errors).
#define ETWX_NAME(name) constexpr const char* kName_##name = #name;
ETWX_FUNCTIONS(ETWX_NAME)
#undef ETWX_NAME

// Module init. Runs on: the JS thread that loads the addon (main thread or a worker).
Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData<AddonData>(new AddonData());  // deleted by N-API when the environment goes away
#define ETWX_REGISTER(name) exports.Set(#name, Napi::Function::New<Guarded<ETWX_IMPL_##name, &kName_##name>>(env, #name));
  ETWX_FUNCTIONS(ETWX_REGISTER)
#undef ETWX_REGISTER
  exports.Set("Consumer", Consumer::Define(env));
  return exports;
}

}  // namespace

}  // namespace etwx

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return etwx::Init(env, exports); }

NODE_API_MODULE(etwx_native, InitModule)
