// text.cc: UTF-16/UTF-8 and GUID text conversions (see text.h).
#include "text.h"

#include <cstdio>

namespace etwx {

std::string Utf8(const wchar_t* text, size_t length) {
  if (length == 0) return std::string();
  const int wideLength = static_cast<int>(length);
  const int bytes = WideCharToMultiByte(CP_UTF8, 0, text, wideLength, nullptr, 0, nullptr, nullptr);
  if (bytes <= 0) return std::string();
  std::string out(static_cast<size_t>(bytes), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text, wideLength, &out[0], bytes, nullptr, nullptr);
  return out;
}

std::string Utf8(const std::wstring& text) { return Utf8(text.data(), text.size()); }

std::wstring Wide(const std::string& text) {
  if (text.empty()) return std::wstring();
  const int length = static_cast<int>(text.size());
  const int chars = MultiByteToWideChar(CP_UTF8, 0, text.data(), length, nullptr, 0);
  if (chars <= 0) return std::wstring();
  std::wstring out(static_cast<size_t>(chars), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), length, &out[0], chars);
  return out;
}

std::wstring BoundedWide(const wchar_t* text, size_t limitChars) {
  size_t n = 0;
  while (n < limitChars && text[n] != L'\0') n++;
  return std::wstring(text, n);
}

std::string GuidString(const GUID& g) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                static_cast<unsigned long>(g.Data1), g.Data2, g.Data3, g.Data4[0], g.Data4[1],
                g.Data4[2], g.Data4[3], g.Data4[4], g.Data4[5], g.Data4[6], g.Data4[7]);
  return std::string(buf);
}

static int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ParseGuid(const std::string& text, GUID* out) {
  std::string s = text;
  if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
  if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return false;
  unsigned char raw[16];
  size_t at = 0;
  for (int i = 0; i < 16; i++) {
    if (at == 8 || at == 13 || at == 18 || at == 23) at++;
    const int hi = HexDigit(s[at]);
    const int lo = HexDigit(s[at + 1]);
    if (hi < 0 || lo < 0) return false;
    raw[i] = static_cast<unsigned char>(hi * 16 + lo);
    at += 2;
  }
  // Text order is big-endian per field; GUID stores Data1..Data3 as native (little-endian) integers.
  out->Data1 = (static_cast<unsigned long>(raw[0]) << 24) | (static_cast<unsigned long>(raw[1]) << 16) |
               (static_cast<unsigned long>(raw[2]) << 8) | raw[3];
  out->Data2 = static_cast<unsigned short>((raw[4] << 8) | raw[5]);
  out->Data3 = static_cast<unsigned short>((raw[6] << 8) | raw[7]);
  for (int i = 0; i < 8; i++) out->Data4[i] = raw[8 + i];
  return true;
}

}  // namespace etwx
