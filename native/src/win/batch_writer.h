// batch_writer.h: copies EVENT_RECORDs into a batch in the layout of batch_format.h / native/README.md.
// Used only on the ProcessTrace thread of one consumer (no locking). A record is copied whole (header,
// buffer context, every extended item, user data) because EVENT_RECORD's pointers are valid only
// inside the callback (native-etw-notes §4.4 "Lifetime").
#pragma once

#include <windows.h>
#include <evntcons.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace etwx {

// The consumer's clock (native/README.md "Time"): ticks = (TimeStamp - t0) * 10^7 / frequency.
struct SessionClock {
  uint32_t clockType = 1;  // 1 QPC, 2 system time, 3 CPU cycles
  uint64_t frequency = 10000000;
  uint64_t t0 = 0;             // raw timestamp of the anchor
  uint64_t startFileTime = 0;  // UTC FILETIME at the anchor
};

// One finished batch, handed to JS through the ThreadSafeFunction.
struct Batch {
  std::vector<unsigned char> bytes;
  uint32_t count = 0;
  bool last = false;
};

class BatchWriter {
 public:
  BatchWriter(const SessionClock& clock, size_t flushBytes);

  // Appends one record. False when memory ran out (the caller counts the record as dropped).
  bool Append(const EVENT_RECORD& record) noexcept;
  // Hands over the current batch with its header filled in and starts an empty one. Null when memory
  // ran out (the records are then lost: the caller counts them).
  std::unique_ptr<Batch> Take(uint32_t sequence, uint32_t dropped, bool last, uint32_t endStatus) noexcept;
  // Drops the current batch's records (queue full) and starts an empty one.
  void Discard() noexcept;

  uint32_t count() const { return count_; }
  size_t size() const { return current_.size(); }
  bool full() const { return current_.size() >= flushBytes_; }

 private:
  void StartNew() noexcept;
  SessionClock clock_;
  size_t flushBytes_;
  std::vector<unsigned char> current_;
  uint32_t count_ = 0;
};

}  // namespace etwx
