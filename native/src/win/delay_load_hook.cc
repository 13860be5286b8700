// delay_load_hook.cc (mingw cross-build only; node-gyp adds its own win_delay_load_hook.cc on MSVC).
// The addon imports N-API from "node.exe" through a delay-load import library (dlltool --output-delaylib).
// Inside electron.exe (or any renamed host) there is no node.exe: this hook answers the delay loader's
// "about to LoadLibrary(node.exe)" notification with the host executable itself, which exports N-API.
// Installed by a static initializer, i.e. during DllMain of the addon, before any N-API call.
#include <windows.h>

#include <delayimp.h>

namespace {

FARPROC WINAPI HostProcessHook(unsigned notification, PDelayLoadInfo info) {
  if (notification == dliNotePreLoadLibrary && info != nullptr && info->szDll != nullptr &&
      _stricmp(info->szDll, "node.exe") == 0) {
    return reinterpret_cast<FARPROC>(GetModuleHandleW(nullptr));
  }
  return nullptr;
}

struct InstallHostProcessHook {
  InstallHostProcessHook() { __pfnDliNotifyHook2 = HostProcessHook; }
} installHostProcessHook;

}  // namespace
