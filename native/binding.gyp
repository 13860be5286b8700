# binding.gyp: node-gyp build of the addon. Windows (MSVC): the real shim, src/win/*.cc, hardened
# (/guard:cf, /Qspectre, /sdl; /DYNAMICBASE /NXCOMPAT /CETCOMPAT); node-gyp adds the delay-load of
# node.exe and its win_delay_load_hook itself, so src/win/delay_load_hook.cc (mingw only) is left out.
# Every other OS: src/stub/addon_stub.cc, same exports, each answering UNSUPPORTED_PLATFORM.
# /Qspectre needs the "MSVC Spectre-mitigated libs" component of Visual Studio 2019 16.7+ / 2022.
# The language standard is node-gyp's (C++20 for Node 22 headers); the code is C++17.
# Linux cross-build of the Windows shim: scripts/native/cross-build.sh (mingw-w64), not this file.
{
  "targets": [
    {
      "target_name": "etwx_native",
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "include"],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [
        ["OS=='win'", {
          "sources": [
            "src/win/addon.cc",
            "src/win/batch_writer.cc",
            "src/win/consumer.cc",
            "src/win/dynamic_imports.cc",
            "src/win/errors.cc",
            "src/win/napi_util.cc",
            "src/win/providers.cc",
            "src/win/record_view.cc",
            "src/win/sessions.cc",
            "src/win/tdh.cc",
            "src/win/text.cc"
          ],
          "defines": [
            "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_CPP_EXCEPTIONS_ALL", "_HAS_EXCEPTIONS=1",
            "UNICODE", "_UNICODE", "WIN32_LEAN_AND_MEAN", "NOMINMAX", "_WIN32_WINNT=0x0A00", "WINVER=0x0A00"
          ],
          "libraries": ["advapi32.lib", "rpcrt4.lib"],
          "msvs_settings": {
            "VCCLCompilerTool": {
              "ExceptionHandling": 1,
              "WarningLevel": 4,
              "AdditionalOptions": ["/guard:cf", "/Qspectre", "/sdl", "/utf-8"]
            },
            "VCLinkerTool": {
              "AdditionalOptions": ["/guard:cf", "/DYNAMICBASE", "/NXCOMPAT", "/CETCOMPAT", "/HIGHENTROPYVA"]
            }
          }
        }, {
          "sources": ["src/stub/addon_stub.cc"],
          "cflags_cc": ["-std=c++17"],
          "xcode_settings": { "CLANG_CXX_LANGUAGE_STANDARD": "c++17" }
        }]
      ]
    }
  ]
}
