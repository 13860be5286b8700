// batch_writer_check.cc: a Windows console program (cross-built with the addon, run under Wine by
// scripts/native/wine-load.sh) that exercises the addon's record copying without ETW:
//   1. builds synthetic EVENT_RECORDs (every header field distinct, extended items of odd sizes,
//      null pointers) and writes them with BatchWriter exactly as the consumer's callback does;
//   2. reads every record back with RebuildRecord (what eventInformation feeds to TDH) and compares;
//   3. checks SchemaKey (TraceLogging metadata is part of the key, the rest of the record is not);
//   4. writes the batch to <out.bin> and the raw inputs plus the check results to <out.json>, so
//      test/native/native-build.test.ts can parse the C++-written batch with the TypeScript parseBatch.
//   batch-writer-check.exe <out.bin> <out.json>
#include <windows.h>
#include <evntcons.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "../include/etw_compat.h"
#include "../src/win/batch_writer.h"
#include "../src/win/record_view.h"

using etwx::BatchWriter;

namespace {

struct Input {
  EVENT_RECORD record{};
  std::vector<EVENT_HEADER_EXTENDED_DATA_ITEM> items;
  std::vector<std::vector<unsigned char>> itemData;
  std::vector<unsigned char> userData;
  // What the writer must produce for records with null pointers.
  size_t expectedExtCount = 0;
  size_t expectedUserDataLength = 0;
};

std::vector<unsigned char> Bytes(size_t n, unsigned char seed) {
  std::vector<unsigned char> v(n);
  for (size_t i = 0; i < n; i++) v[i] = static_cast<unsigned char>(seed + i * 7);
  return v;
}

void Finish(Input* in) {
  for (size_t i = 0; i < in->items.size(); i++) {
    if (in->items[i].DataPtr != 0 || in->itemData[i].empty()) {
      in->items[i].DataPtr = reinterpret_cast<ULONGLONG>(in->itemData[i].data());
    }
  }
  in->record.ExtendedData = in->items.empty() ? nullptr : in->items.data();
  in->record.UserData = in->userData.empty() ? nullptr : in->userData.data();
}

void AddItem(Input* in, USHORT type, std::vector<unsigned char> data, bool nullPointer = false) {
  EVENT_HEADER_EXTENDED_DATA_ITEM item{};
  item.ExtType = type;
  item.DataSize = static_cast<USHORT>(data.size());
  item.DataPtr = nullPointer ? 0 : 1;  // replaced in Finish
  in->items.push_back(item);
  in->itemData.push_back(std::move(data));
}

std::vector<Input> MakeInputs() {
  std::vector<Input> inputs(4);
  // 0: every field distinct, processor index, five extended items, 7 bytes of user data.
  {
    Input& in = inputs[0];
    EVENT_HEADER& h = in.record.EventHeader;
    h.HeaderType = 0x13;
    h.Flags = EVENT_HEADER_FLAG_EXTENDED_INFO | EVENT_HEADER_FLAG_64_BIT_HEADER | EVENT_HEADER_FLAG_PROCESSOR_INDEX;
    h.EventProperty = 0x8;
    h.ThreadId = 4242;
    h.ProcessId = 1717;
    h.TimeStamp.QuadPart = 5000000000LL + 12345678;
    h.ProviderId = {0x22fb2cd6, 0x0e7b, 0x422b, {0xa0, 0xc7, 0x2f, 0xad, 0x1f, 0xd0, 0xe7, 0x16}};
    h.EventDescriptor = {0xabcd, 3, 16, 4, 2, 0x1234, 0x8000000000000010ULL};
    h.ProcessorTime = 99;
    h.ActivityId = {0xa1b2c3d4, 0xe5f6, 0x0718, {0x29, 0x3a, 0x4b, 0x5c, 0x6d, 0x7e, 0x8f, 0x90}};
    in.record.BufferContext.ProcessorIndex = 300;
    in.record.BufferContext.LoggerId = 37;
    AddItem(&in, EVENT_HEADER_EXT_TYPE_RELATED_ACTIVITYID, Bytes(16, 1));
    AddItem(&in, EVENT_HEADER_EXT_TYPE_SID, Bytes(12, 50));
    AddItem(&in, 13, Bytes(8, 90));  // EVENT_HEADER_EXT_TYPE_PROCESS_START_KEY
    AddItem(&in, 10, Bytes(0, 0));  // EVENT_HEADER_EXT_TYPE_EVENT_KEY
    AddItem(&in, EVENT_HEADER_EXT_TYPE_EVENT_SCHEMA_TL, Bytes(5, 200));
    in.userData = Bytes(7, 0x40);
    in.expectedExtCount = 5;
    in.expectedUserDataLength = 7;
  }
  // 1: classic 32-bit event, processor number, no extended data, 13 bytes of user data.
  {
    Input& in = inputs[1];
    EVENT_HEADER& h = in.record.EventHeader;
    h.Flags = EVENT_HEADER_FLAG_CLASSIC_HEADER | EVENT_HEADER_FLAG_32_BIT_HEADER;
    h.ThreadId = 0xFFFFFFFF;
    h.ProcessId = 0xFFFFFFFF;
    h.TimeStamp.QuadPart = 5000000000LL - 5;
    h.ProviderId = {0x3d6fa8d0, 0xfe05, 0x11d0, {0x9d, 0xda, 0x00, 0xc0, 0x4f, 0xd7, 0xba, 0x7c}};
    h.EventDescriptor.Opcode = 1;
    h.EventDescriptor.Version = 2;
    in.record.BufferContext.ProcessorNumber = 3;
    in.record.BufferContext.LoggerId = 2;
    in.userData = Bytes(13, 9);
    in.expectedUserDataLength = 13;
  }
  // 2: an item with a null DataPtr (written with size 0) and UserDataLength without UserData (0 bytes).
  {
    Input& in = inputs[2];
    in.record.EventHeader.Flags = EVENT_HEADER_FLAG_EXTENDED_INFO | EVENT_HEADER_FLAG_64_BIT_HEADER;
    in.record.EventHeader.EventDescriptor.Id = 7;
    in.record.EventHeader.TimeStamp.QuadPart = 5000000000LL + 1;
    AddItem(&in, EVENT_HEADER_EXT_TYPE_TS_ID, Bytes(4, 3), true);
    in.record.UserDataLength = 10;
    in.expectedExtCount = 1;
  }
  // 3: ExtendedDataCount without ExtendedData (treated as none); same schema as record 2 but no TL blob.
  {
    Input& in = inputs[3];
    in.record.EventHeader = inputs[2].record.EventHeader;
    in.userData = Bytes(64, 0x77);
    in.expectedUserDataLength = 64;
  }
  for (Input& in : inputs) {
    Finish(&in);
    in.record.UserDataLength = static_cast<USHORT>(in.userData.size());
  }
  inputs[2].record.UserDataLength = 10;  // a length with a null pointer
  inputs[3].record.ExtendedDataCount = 2;
  inputs[3].record.ExtendedData = nullptr;
  for (Input& in : inputs) {
    if (in.record.ExtendedData != nullptr) in.record.ExtendedDataCount = static_cast<USHORT>(in.items.size());
  }
  return inputs;
}

std::string Hex(const unsigned char* p, size_t n) {
  std::string s;
  char buf[3];
  for (size_t i = 0; i < n; i++) {
    std::snprintf(buf, sizeof buf, "%02x", p[i]);
    s += buf;
  }
  return s;
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

// Compares one rebuilt record with its input; appends problems.
void Compare(size_t index, const Input& in, const etwx::RebuiltRecord& out, std::vector<std::string>* problems) {
  const std::string at = "record " + std::to_string(index) + ": ";
  if (std::memcmp(&in.record.EventHeader, &out.record.EventHeader, sizeof(EVENT_HEADER)) != 0) {
    problems->push_back(at + "EVENT_HEADER differs");
  }
  if (std::memcmp(&in.record.BufferContext, &out.record.BufferContext, sizeof(ETW_BUFFER_CONTEXT)) != 0) {
    problems->push_back(at + "BufferContext differs");
  }
  if (out.record.ExtendedDataCount != in.expectedExtCount) problems->push_back(at + "extended item count differs");
  for (size_t i = 0; i < out.record.ExtendedDataCount && i < in.items.size(); i++) {
    const EVENT_HEADER_EXTENDED_DATA_ITEM& a = in.items[i];
    const EVENT_HEADER_EXTENDED_DATA_ITEM& b = out.record.ExtendedData[i];
    const size_t size = a.DataPtr != 0 ? a.DataSize : 0;
    if (a.ExtType != b.ExtType || size != b.DataSize ||
        (size > 0 && std::memcmp(reinterpret_cast<const void*>(a.DataPtr), reinterpret_cast<const void*>(b.DataPtr), size) != 0)) {
      problems->push_back(at + "extended item " + std::to_string(i) + " differs");
    }
    if (b.Linkage != (i + 1 < out.record.ExtendedDataCount ? 1 : 0)) problems->push_back(at + "Linkage bit wrong");
  }
  if (out.record.UserDataLength != in.expectedUserDataLength ||
      (in.expectedUserDataLength > 0 && std::memcmp(in.record.UserData, out.record.UserData, in.expectedUserDataLength) != 0)) {
    problems->push_back(at + "user data differs");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: batch-writer-check <out.bin> <out.json>\n");
    return 2;
  }
  etwx::SessionClock clock;
  clock.clockType = 1;
  clock.frequency = 10000000;
  clock.t0 = 5000000000ULL;
  clock.startFileTime = 133000000000000000ULL;
  BatchWriter writer(clock, 64 * 1024);
  std::vector<Input> inputs = MakeInputs();
  for (const Input& in : inputs) {
    if (!writer.Append(in.record)) {
      std::fprintf(stderr, "Append failed\n");
      return 1;
    }
  }
  std::unique_ptr<etwx::Batch> batch = writer.Take(41, 6, true, 1223);
  if (!batch) return 1;

  std::vector<std::string> problems;
  std::vector<size_t> offsets;
  size_t at = 64;
  std::vector<etwx::RebuiltRecord> rebuilt(inputs.size());
  for (size_t i = 0; i < inputs.size(); i++) {
    offsets.push_back(at);
    const std::string problem = etwx::RebuildRecord(batch->bytes.data() + at, batch->bytes.size() - at, &rebuilt[i]);
    if (!problem.empty()) {
      problems.push_back("record " + std::to_string(i) + ": " + problem);
      break;
    }
    Compare(i, inputs[i], rebuilt[i], &problems);
    uint32_t size;
    std::memcpy(&size, batch->bytes.data() + at, sizeof size);
    at += size;
  }
  if (at != batch->bytes.size()) problems.push_back("records do not end at the batch end");
  // Truncated input must be refused, not read past.
  etwx::RebuiltRecord scratch;
  if (etwx::RebuildRecord(batch->bytes.data() + offsets[0], 95, &scratch).empty()) problems.push_back("accepted 95 bytes");
  if (etwx::RebuildRecord(batch->bytes.data() + offsets[0], 100, &scratch).empty()) problems.push_back("accepted a cut record");

  // Schema keys: record 0 carries a TraceLogging blob (in the key); records 2 and 3 share a schema.
  const std::string key0 = etwx::SchemaKey(rebuilt[0]);
  if (key0.size() != 16 + 16 + 2 + 5) problems.push_back("schema key of a TraceLogging record lacks the metadata");
  if (etwx::SchemaKey(rebuilt[2]) != etwx::SchemaKey(rebuilt[3])) problems.push_back("same schema, different keys");
  if (etwx::SchemaKey(rebuilt[1]) == etwx::SchemaKey(rebuilt[2])) problems.push_back("different schemas, same key");

  FILE* bin = std::fopen(argv[1], "wb");
  if (bin == nullptr || std::fwrite(batch->bytes.data(), 1, batch->bytes.size(), bin) != batch->bytes.size()) return 1;
  std::fclose(bin);

  std::string json = "{\n  \"batchBytes\": " + std::to_string(batch->bytes.size()) + ",\n  \"problems\": [";
  for (size_t i = 0; i < problems.size(); i++) json += (i ? ", " : "") + Quote(problems[i]);
  json += "],\n  \"records\": [\n";
  for (size_t i = 0; i < inputs.size(); i++) {
    const EVENT_RECORD& r = inputs[i].record;
    const EVENT_HEADER& h = r.EventHeader;
    json += "    {\"offset\": " + std::to_string(offsets[i]) +
            ", \"header\": " + Quote(Hex(reinterpret_cast<const unsigned char*>(&h), sizeof h)) +
            ", \"bufferContext\": " + Quote(Hex(reinterpret_cast<const unsigned char*>(&r.BufferContext), 4)) +
            ", \"ext\": [";
    for (size_t k = 0; k < inputs[i].expectedExtCount; k++) {
      const EVENT_HEADER_EXTENDED_DATA_ITEM& item = inputs[i].items[k];
      const size_t size = item.DataPtr != 0 ? item.DataSize : 0;
      json += std::string(k ? ", " : "") + "{\"type\": " + std::to_string(item.ExtType) + ", \"data\": " +
              Quote(Hex(reinterpret_cast<const unsigned char*>(item.DataPtr), size)) + "}";
    }
    json += "], \"userData\": " + Quote(Hex(inputs[i].userData.data(), inputs[i].expectedUserDataLength)) + "}";
    json += i + 1 < inputs.size() ? ",\n" : "\n";
  }
  json += "  ]\n}\n";
  FILE* out = std::fopen(argv[2], "wb");
  if (out == nullptr) return 1;
  std::fputs(json.c_str(), out);
  std::fclose(out);
  return problems.empty() ? 0 : 1;
}
