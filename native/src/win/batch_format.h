// batch_format.h: constants of the batch byte layout documented in native/README.md ("Batch layout").
// Written by batch_writer.cc (ProcessTrace thread), read back by tdh.cc (eventInformation) and by
// electron/core/live/batch-layout.ts. Change the layout only together with all three and bump kVersion.
#pragma once

#include <cstddef>
#include <cstdint>

namespace etwx {
namespace batch {

constexpr uint32_t kMagic = 0x42585745;  // bytes "EWXB"
constexpr uint16_t kVersion = 1;
constexpr uint32_t kHeaderSize = 64;
constexpr uint32_t kFlagLast = 1;  // the consumer's final batch; endStatus is valid

// Batch header field offsets.
constexpr size_t kOffMagic = 0x00;          // u32
constexpr size_t kOffVersion = 0x04;        // u16
constexpr size_t kOffHeaderSize = 0x06;     // u16
constexpr size_t kOffTotalSize = 0x08;      // u32, whole batch incl. header
constexpr size_t kOffSequence = 0x0C;       // u32, batch number, dropped batches included
constexpr size_t kOffCount = 0x10;          // u32, records in this batch
constexpr size_t kOffDropped = 0x14;        // u32, records dropped since the previous delivered batch
constexpr size_t kOffFlags = 0x18;          // u32, kFlagLast
constexpr size_t kOffEndStatus = 0x1C;      // u32, ProcessTrace's status (last batch only)
constexpr size_t kOffClockType = 0x20;      // u32, 1 QPC, 2 system time, 3 CPU cycles
constexpr size_t kOffReserved = 0x24;       // u32, 0
constexpr size_t kOffFrequency = 0x28;      // u64, clock ticks per second
constexpr size_t kOffClockT0 = 0x30;        // u64, raw timestamp of the clock anchor
constexpr size_t kOffStartFileTime = 0x38;  // u64, UTC FILETIME at the anchor

// Record layout (each record starts 8-aligned; recordSize is a multiple of 8).
constexpr size_t kRecOffSize = 0x00;            // u32 recordSize
constexpr size_t kRecOffExtCount = 0x04;        // u16 extended item count
constexpr size_t kRecOffReserved = 0x06;        // u16 0
constexpr size_t kRecOffUserDataLength = 0x08;  // u32
constexpr size_t kRecOffBufferContext = 0x0C;   // ETW_BUFFER_CONTEXT (4 bytes, verbatim)
constexpr size_t kRecOffEventHeader = 0x10;     // EVENT_HEADER (80 bytes, verbatim)
constexpr size_t kRecordHeaderSize = 0x60;      // extended items start here
constexpr size_t kExtItemHeaderSize = 8;        // u16 ExtType, u16 reserved, u32 DataSize; data; pad to 8

inline constexpr size_t Align8(size_t n) { return (n + 7) & ~static_cast<size_t>(7); }

}  // namespace batch
}  // namespace etwx
