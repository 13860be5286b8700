// tdh.cc: raw TDH blobs (see tdh.h). TDH functions are resolved at run time (dynamic_imports.h): a
// missing one (before Windows 8.1) fails only its own call, with NOT_SUPPORTED.
// "No data" answers (provider without a manifest, field type it does not define) are null values, not
// errors; per-event failures are { info: null, win32 } values.
#include "tdh.h"

#include <cstring>

#include "../../include/etw_compat.h"
#include "addon_data.h"
#include "dynamic_imports.h"
#include "errors.h"
#include "growing_buffer.h"
#include "napi_util.h"
#include "record_view.h"
#include "text.h"

namespace etwx {

namespace {

bool IsNoData(ULONG status) {
  return status == ERROR_NOT_FOUND || status == ERROR_EMPTY || status == ERROR_FILE_NOT_FOUND ||
         status == ERROR_WMI_GUID_NOT_FOUND;
}

template <typename Fn>
Fn Require(Napi::Env env, Fn fn, const char* name) {
  if (fn == nullptr) ThrowWin32(env, ERROR_PROC_NOT_FOUND, std::string(name) + " (needs Windows 8.1 or later)");
  return fn;
}

// { info: Uint8Array, win32: 0 } or { info: null, win32 }.
Napi::Object InfoResult(Napi::Env env, ULONG status, const std::vector<unsigned char>& bytes) {
  Napi::Object o = Napi::Object::New(env);
  if (status == ERROR_SUCCESS) {
    o.Set("info", BytesValue(env, bytes.data(), bytes.size()));
  } else {
    o.Set("info", env.Null());
  }
  o.Set("win32", static_cast<double>(status));
  return o;
}

}  // namespace

// ---- SchemaCache ----------------------------------------------------------------------------------------

const SchemaCache::Entry* SchemaCache::Find(const std::string& key) const {
  const auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

const SchemaCache::Entry& SchemaCache::Put(const std::string& key, Entry entry) {
  if (entries_.size() >= kMaxEntries) entries_.clear();
  return entries_[key] = std::move(entry);
}

// ---- exports ---------------------------------------------------------------------------------------------

// enumerateProviders(): raw PROVIDER_ENUMERATION_INFO (TdhEnumerateProviders): manifest and MOF providers
// registered on this machine (TraceLogging providers are never registered).
Napi::Value EnumerateProviders(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto fn = Require(env, Imports().tdhEnumerateProviders, "TdhEnumerateProviders");
  std::vector<BYTE> buffer;
  const ULONG status = CallWithGrowingBuffer(&buffer, 256 * 1024, [&](BYTE* data, ULONG capacity, ULONG* reported) {
    *reported = capacity;
    return fn(data, reported);
  });
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, "TdhEnumerateProviders");
  return BytesValue(env, buffer.data(), buffer.size());
}

// manifestEvents(guid): { list: raw PROVIDER_EVENT_INFO, events: [{ info, win32 }] } with one raw
// TRACE_EVENT_INFO per descriptor (TdhGetManifestEventInformation), or null when the provider has no
// manifest metadata.
Napi::Value ManifestEvents(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  GUID guid = ArgGuid(info, 0, "provider guid");
  const auto list = Require(env, Imports().tdhEnumerateManifestProviderEvents, "TdhEnumerateManifestProviderEvents");
  const auto one = Require(env, Imports().tdhGetManifestEventInformation, "TdhGetManifestEventInformation");
  std::vector<BYTE> listBytes;
  const ULONG status = CallWithGrowingBuffer(&listBytes, 16 * 1024, [&](BYTE* data, ULONG capacity, ULONG* reported) {
    *reported = capacity;
    return list(&guid, data, reported);
  });
  if (IsNoData(status)) return env.Null();
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, "TdhEnumerateManifestProviderEvents {" + GuidString(guid) + "}");
  if (listBytes.size() < sizeof(ProviderEventInfoHeader)) {
    throw MakeError(env, code::kInternal, "PROVIDER_EVENT_INFO shorter than its header", "manifestEvents");
  }
  ProviderEventInfoHeader header;
  std::memcpy(&header, listBytes.data(), sizeof header);
  const size_t available = (listBytes.size() - sizeof header) / sizeof(EVENT_DESCRIPTOR);
  const size_t count = header.NumberOfEvents < available ? header.NumberOfEvents : available;
  Napi::Array events = Napi::Array::New(env, count);
  std::vector<BYTE> infoBytes;
  for (size_t i = 0; i < count; i++) {
    EVENT_DESCRIPTOR descriptor;
    std::memcpy(&descriptor, listBytes.data() + sizeof header + i * sizeof descriptor, sizeof descriptor);
    const ULONG s = CallWithGrowingBuffer(&infoBytes, 4096, [&](BYTE* data, ULONG capacity, ULONG* reported) {
      *reported = capacity;
      return one(&guid, &descriptor, data, reported);
    });
    events.Set(static_cast<uint32_t>(i), InfoResult(env, s, infoBytes));
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("list", BytesValue(env, listBytes.data(), listBytes.size()));
  result.Set("events", events);
  return result;
}

// providerFieldInfo(guid, fieldType): raw PROVIDER_FIELD_INFOARRAY (TdhEnumerateProviderFieldInformation;
// fieldType 0 keywords, 1 levels, 2 channels, 3 tasks, 4 opcodes), or null when the provider defines none.
Napi::Value ProviderFieldInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  GUID guid = ArgGuid(info, 0, "provider guid");
  if (info.Length() < 2 || !info[1].IsNumber()) ThrowBadArgument(env, "fieldType must be a number 0..4");
  const double fieldType = info[1].As<Napi::Number>().DoubleValue();
  if (!(fieldType >= 0 && fieldType <= 4) || static_cast<int>(fieldType) != fieldType) {
    ThrowBadArgument(env, "fieldType must be 0 (keywords), 1 (levels), 2 (channels), 3 (tasks) or 4 (opcodes)");
  }
  const auto fn = Require(env, Imports().tdhEnumerateProviderFieldInformation, "TdhEnumerateProviderFieldInformation");
  std::vector<BYTE> buffer;
  const ULONG status = CallWithGrowingBuffer(&buffer, 4096, [&](BYTE* data, ULONG capacity, ULONG* reported) {
    *reported = capacity;
    return fn(&guid, static_cast<ULONG>(fieldType), data, reported);
  });
  if (IsNoData(status)) return env.Null();
  if (status != ERROR_SUCCESS) ThrowWin32(env, status, "TdhEnumerateProviderFieldInformation {" + GuidString(guid) + "}");
  return BytesValue(env, buffer.data(), buffer.size());
}

// eventInformation(record): { info, win32, cached } for one record in the batch layout
// (TdhGetEventInformation, cached by schema key; failures cached too). BAD_ARGUMENT when the record's
// sizes do not fit the bytes given.
Napi::Value EventInformation(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    ThrowBadArgument(env, "record must be a Uint8Array holding one batch record");
  }
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  RebuiltRecord rebuilt;
  const std::string problem = RebuildRecord(bytes.Data(), bytes.ByteLength(), &rebuilt);
  if (!problem.empty()) ThrowBadArgument(env, "record: " + problem);
  const auto fn = Require(env, Imports().tdhGetEventInformation, "TdhGetEventInformation");

  SchemaCache& cache = GetAddonData(env).schemas;
  const std::string key = SchemaKey(rebuilt);
  const SchemaCache::Entry* entry = cache.Find(key);
  const bool cached = entry != nullptr;
  if (!cached) {
    SchemaCache::Entry fresh;
    std::vector<BYTE> buffer;
    fresh.status = CallWithGrowingBuffer(&buffer, 4096, [&](BYTE* data, ULONG capacity, ULONG* reported) {
      *reported = capacity;
      return fn(&rebuilt.record, 0, nullptr, data, reported);
    });
    if (fresh.status == ERROR_SUCCESS) fresh.info.assign(buffer.begin(), buffer.end());
    entry = &cache.Put(key, std::move(fresh));
  }
  Napi::Object result = InfoResult(env, entry->status, entry->info);
  result.Set("cached", cached);
  return result;
}

}  // namespace etwx
