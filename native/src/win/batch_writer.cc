// batch_writer.cc: EVENT_RECORD → batch bytes (see batch_writer.h and native/README.md).
#include "batch_writer.h"

#include <cstring>
#include <new>

#include "batch_format.h"

namespace etwx {

namespace {

template <typename T>
void Put(unsigned char* at, T value) {
  std::memcpy(at, &value, sizeof value);
}

}  // namespace

BatchWriter::BatchWriter(const SessionClock& clock, size_t flushBytes) : clock_(clock), flushBytes_(flushBytes) {
  StartNew();
}

void BatchWriter::StartNew() noexcept {
  count_ = 0;
  try {
    std::vector<unsigned char> fresh;
    fresh.reserve(flushBytes_ + 64 * 1024);
    fresh.assign(batch::kHeaderSize, 0);
    current_.swap(fresh);
  } catch (const std::bad_alloc&) {
    current_.clear();  // Append retries the allocation
  }
}

bool BatchWriter::Append(const EVENT_RECORD& r) noexcept {
  using namespace batch;
  const USHORT extCount = r.ExtendedData != nullptr ? r.ExtendedDataCount : 0;
  // Size first: header, then each extended item (8-byte item header + data padded to 8), then user data.
  size_t size = kRecordHeaderSize;
  for (USHORT i = 0; i < extCount; i++) {
    const EVENT_HEADER_EXTENDED_DATA_ITEM& item = r.ExtendedData[i];
    const size_t dataSize = item.DataPtr != 0 ? item.DataSize : 0;
    size += kExtItemHeaderSize + Align8(dataSize);
  }
  const size_t userDataLength = r.UserData != nullptr ? r.UserDataLength : 0;
  size += Align8(userDataLength);

  try {
    if (current_.size() < kHeaderSize) current_.assign(kHeaderSize, 0);
    const size_t start = current_.size();
    current_.resize(start + size, 0);  // zero fill: padding is always 0
    unsigned char* p = current_.data() + start;
    Put<uint32_t>(p + kRecOffSize, static_cast<uint32_t>(size));
    Put<uint16_t>(p + kRecOffExtCount, extCount);
    Put<uint32_t>(p + kRecOffUserDataLength, static_cast<uint32_t>(userDataLength));
    std::memcpy(p + kRecOffBufferContext, &r.BufferContext, sizeof r.BufferContext);
    std::memcpy(p + kRecOffEventHeader, &r.EventHeader, sizeof r.EventHeader);
    size_t at = kRecordHeaderSize;
    for (USHORT i = 0; i < extCount; i++) {
      const EVENT_HEADER_EXTENDED_DATA_ITEM& item = r.ExtendedData[i];
      const size_t dataSize = item.DataPtr != 0 ? item.DataSize : 0;
      Put<uint16_t>(p + at, item.ExtType);
      Put<uint32_t>(p + at + 4, static_cast<uint32_t>(dataSize));
      if (dataSize > 0) std::memcpy(p + at + kExtItemHeaderSize, reinterpret_cast<const void*>(item.DataPtr), dataSize);
      at += kExtItemHeaderSize + Align8(dataSize);
    }
    if (userDataLength > 0) std::memcpy(p + at, r.UserData, userDataLength);
    count_++;
    return true;
  } catch (const std::bad_alloc&) {
    return false;
  }
}

std::unique_ptr<Batch> BatchWriter::Take(uint32_t sequence, uint32_t dropped, bool last, uint32_t endStatus) noexcept {
  using namespace batch;
  std::unique_ptr<Batch> out;
  try {
    out = std::make_unique<Batch>();
    if (current_.size() < kHeaderSize) current_.assign(kHeaderSize, 0);
  } catch (const std::bad_alloc&) {
    Discard();
    return nullptr;
  }
  unsigned char* h = current_.data();
  Put<uint32_t>(h + kOffMagic, kMagic);
  Put<uint16_t>(h + kOffVersion, kVersion);
  Put<uint16_t>(h + kOffHeaderSize, static_cast<uint16_t>(kHeaderSize));
  Put<uint32_t>(h + kOffTotalSize, static_cast<uint32_t>(current_.size()));
  Put<uint32_t>(h + kOffSequence, sequence);
  Put<uint32_t>(h + kOffCount, count_);
  Put<uint32_t>(h + kOffDropped, dropped);
  Put<uint32_t>(h + kOffFlags, last ? kFlagLast : 0);
  Put<uint32_t>(h + kOffEndStatus, last ? endStatus : 0);
  Put<uint32_t>(h + kOffClockType, clock_.clockType);
  Put<uint32_t>(h + kOffReserved, 0);
  Put<uint64_t>(h + kOffFrequency, clock_.frequency);
  Put<uint64_t>(h + kOffClockT0, clock_.t0);
  Put<uint64_t>(h + kOffStartFileTime, clock_.startFileTime);
  out->bytes.swap(current_);
  out->count = count_;
  out->last = last;
  StartNew();
  return out;
}

void BatchWriter::Discard() noexcept {
  current_.resize(current_.empty() ? 0 : batch::kHeaderSize);
  count_ = 0;
}

}  // namespace etwx
