// text.h: string and GUID conversions shared by the Windows sources. Pure functions, no N-API:
// they run on whichever thread calls them (JS thread in practice).
#pragma once

#include <windows.h>

#include <string>

namespace etwx {

// UTF-16 (Windows WCHAR) to UTF-8; invalid surrogates become U+FFFD.
std::string Utf8(const wchar_t* text, size_t length);
std::string Utf8(const std::wstring& text);

// UTF-8 to UTF-16; invalid bytes become U+FFFD.
std::wstring Wide(const std::string& text);

// NUL-terminated WCHAR string inside a block, read at most up to `limitChars`; never reads past it.
std::wstring BoundedWide(const wchar_t* text, size_t limitChars);

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", lowercase, no braces (same form as electron/core/binary/guid.ts).
std::string GuidString(const GUID& guid);

// Accepts the form above, with or without braces, any case. Returns false on anything else.
bool ParseGuid(const std::string& text, GUID* out);

}  // namespace etwx
