// growing_buffer.h: the "call, get ERROR_INSUFFICIENT_BUFFER and the size, grow, call again" loop that
// TDH and EnumerateTraceGuidsEx need. Bounded: at most 12 attempts and 64 MiB, because providers can
// register between calls (native-etw-notes §4.3). Runs on the calling thread (the JS thread).
#pragma once

#include <windows.h>

#include <algorithm>
#include <vector>

namespace etwx {

constexpr ULONG kMaxWinBuffer = 64u << 20;

// `call(data, capacity, &reported)` returns a Win32 status; `reported` is the bytes needed when the
// status is ERROR_INSUFFICIENT_BUFFER / ERROR_MORE_DATA and the bytes used on success (0 = unknown).
// On success *buffer holds exactly the bytes used.
template <typename Call>
ULONG CallWithGrowingBuffer(std::vector<BYTE>* buffer, ULONG initial, Call call) {
  ULONG capacity = std::max<ULONG>(initial, 64);
  for (int attempt = 0; attempt < 12; attempt++) {
    buffer->assign(capacity, 0);
    ULONG reported = 0;
    const ULONG status = call(buffer->data(), capacity, &reported);
    if (status == ERROR_INSUFFICIENT_BUFFER || status == ERROR_MORE_DATA) {
      const ULONG next = std::max<ULONG>(reported, capacity * 2);
      if (next > kMaxWinBuffer) return ERROR_NOT_ENOUGH_MEMORY;
      capacity = next;
      continue;
    }
    if (status == ERROR_SUCCESS && reported > 0 && reported <= capacity) buffer->resize(reported);
    return status;
  }
  return ERROR_INSUFFICIENT_BUFFER;
}

}  // namespace etwx
