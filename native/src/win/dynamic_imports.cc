// dynamic_imports.cc: one-time run-time resolution of optional Windows functions (see the header).
#include "dynamic_imports.h"

#include <mutex>

namespace etwx {

namespace {

template <typename Fn>
void Resolve(HMODULE module, const char* name, Fn* out) {
  if (module != nullptr) *out = reinterpret_cast<Fn>(reinterpret_cast<void*>(GetProcAddress(module, name)));
}

}  // namespace

const DynamicImports& Imports() {
  static DynamicImports imports;
  static std::once_flag once;
  std::call_once(once, [] {
    // advapi32 is already loaded (static imports); sechost is where Windows 8+ implements the function.
    Resolve(GetModuleHandleW(L"advapi32.dll"), "EnumerateTraceGuidsEx", &imports.enumerateTraceGuidsEx);
    if (imports.enumerateTraceGuidsEx == nullptr) {
      Resolve(LoadLibraryExW(L"sechost.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32), "EnumerateTraceGuidsEx",
              &imports.enumerateTraceGuidsEx);
    }
    const HMODULE tdh = LoadLibraryExW(L"tdh.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
    Resolve(tdh, "TdhEnumerateProviders", &imports.tdhEnumerateProviders);
    Resolve(tdh, "TdhEnumerateManifestProviderEvents", &imports.tdhEnumerateManifestProviderEvents);
    Resolve(tdh, "TdhGetManifestEventInformation", &imports.tdhGetManifestEventInformation);
    Resolve(tdh, "TdhEnumerateProviderFieldInformation", &imports.tdhEnumerateProviderFieldInformation);
    Resolve(tdh, "TdhGetEventInformation", &imports.tdhGetEventInformation);
  });
  return imports;
}

}  // namespace etwx
