// record_view.h: reads one record of the batch layout (batch_format.h) back into an EVENT_RECORD whose
// pointers refer to the record's bytes, for TDH calls on records that JS hands back
// (eventInformation), and the schema-cache key of such a record. No N-API; runs on the calling thread.
#pragma once

#include <windows.h>
#include <evntcons.h>

#include <string>
#include <vector>

namespace etwx {

struct RebuiltRecord {
  EVENT_RECORD record{};
  std::vector<EVENT_HEADER_EXTENDED_DATA_ITEM> items;
  const unsigned char* tlSchema = nullptr;  // EVENT_HEADER_EXT_TYPE_EVENT_SCHEMA_TL data, if any
  size_t tlSchemaSize = 0;
};

// Bounds-checks every size against the record and `length`; returns "" or what was wrong. The bytes
// must outlive `out`.
std::string RebuildRecord(const unsigned char* base, size_t length, RebuiltRecord* out);

// Schema key (native-etw-notes §0.6): provider + full descriptor + the header flags that change the
// decoding (classic, WPP, string-only, pointer size) + for TraceLogging the whole metadata blob.
std::string SchemaKey(const RebuiltRecord& r);

}  // namespace etwx
