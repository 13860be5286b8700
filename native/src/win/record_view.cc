// record_view.cc: batch record → EVENT_RECORD, and its schema key (see record_view.h).
#include "record_view.h"

#include <cstring>

#include "../../include/etw_compat.h"
#include "batch_format.h"

namespace etwx {

namespace {

uint32_t ReadU32(const unsigned char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
uint16_t ReadU16(const unsigned char* p) {
  uint16_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

std::string RebuildRecord(const unsigned char* base, size_t length, RebuiltRecord* out) {
  using namespace batch;
  if (length < kRecordHeaderSize) return "record shorter than its 96-byte header";
  const uint32_t recordSize = ReadU32(base + kRecOffSize);
  if (recordSize < kRecordHeaderSize || recordSize > length) return "recordSize outside the bytes given";
  const uint16_t extCount = ReadU16(base + kRecOffExtCount);
  const uint32_t userDataLength = ReadU32(base + kRecOffUserDataLength);
  size_t at = kRecordHeaderSize;
  out->items.assign(extCount, EVENT_HEADER_EXTENDED_DATA_ITEM{});
  for (uint16_t i = 0; i < extCount; i++) {
    if (at + kExtItemHeaderSize > recordSize) return "extended item header past the record end";
    const uint16_t type = ReadU16(base + at);
    const uint32_t dataSize = ReadU32(base + at + 4);
    if (dataSize > 0xFFFF || at + kExtItemHeaderSize + dataSize > recordSize) return "extended item past the record end";
    EVENT_HEADER_EXTENDED_DATA_ITEM& item = out->items[i];
    item.ExtType = type;
    item.Linkage = i + 1 < extCount ? 1 : 0;
    item.DataSize = static_cast<USHORT>(dataSize);
    item.DataPtr = reinterpret_cast<ULONGLONG>(base + at + kExtItemHeaderSize);
    if (type == EVENT_HEADER_EXT_TYPE_EVENT_SCHEMA_TL) {
      out->tlSchema = base + at + kExtItemHeaderSize;
      out->tlSchemaSize = dataSize;
    }
    at += kExtItemHeaderSize + Align8(dataSize);
  }
  if (userDataLength > 0xFFFF || at + userDataLength > recordSize) return "user data past the record end";
  EVENT_RECORD& r = out->record;
  std::memcpy(&r.EventHeader, base + kRecOffEventHeader, sizeof(EVENT_HEADER));
  std::memcpy(&r.BufferContext, base + kRecOffBufferContext, sizeof(ETW_BUFFER_CONTEXT));
  r.ExtendedDataCount = extCount;
  r.ExtendedData = extCount > 0 ? out->items.data() : nullptr;
  r.UserDataLength = static_cast<USHORT>(userDataLength);
  r.UserData = userDataLength > 0 ? const_cast<unsigned char*>(base + at) : nullptr;
  return std::string();
}

std::string SchemaKey(const RebuiltRecord& r) {
  const EVENT_HEADER& h = r.record.EventHeader;
  const USHORT flags = h.Flags & (EVENT_HEADER_FLAG_CLASSIC_HEADER | EVENT_HEADER_FLAG_TRACE_MESSAGE |
                                  EVENT_HEADER_FLAG_STRING_ONLY | EVENT_HEADER_FLAG_32_BIT_HEADER |
                                  EVENT_HEADER_FLAG_64_BIT_HEADER);
  std::string key;
  key.append(reinterpret_cast<const char*>(&h.ProviderId), sizeof h.ProviderId);
  key.append(reinterpret_cast<const char*>(&h.EventDescriptor), sizeof h.EventDescriptor);
  key.append(reinterpret_cast<const char*>(&flags), sizeof flags);
  if (r.tlSchema != nullptr) key.append(reinterpret_cast<const char*>(r.tlSchema), r.tlSchemaSize);
  return key;
}

}  // namespace etwx
