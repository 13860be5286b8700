// tdh.h: raw TDH blobs for the TypeScript decoder (PROVIDER_ENUMERATION_INFO, PROVIDER_EVENT_INFO,
// TRACE_EVENT_INFO, PROVIDER_FIELD_INFOARRAY). Nothing is parsed here beyond what a call needs; the
// per-record schema lookup is cached by schema key, failures included. Exports run on the JS thread;
// the cache lives in the per-environment AddonData (one per main thread or worker).
#pragma once

#include <napi.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace etwx {

// TdhGetEventInformation results by schema key: the raw TRACE_EVENT_INFO, or the Win32 status of the
// failure (krabs caches TDHSTATUS the same way). Bounded: cleared when it reaches kMaxEntries.
class SchemaCache {
 public:
  static constexpr size_t kMaxEntries = 8192;
  struct Entry {
    unsigned long status = 0;
    std::vector<unsigned char> info;
  };
  const Entry* Find(const std::string& key) const;
  const Entry& Put(const std::string& key, Entry entry);
  size_t size() const { return entries_.size(); }

 private:
  std::unordered_map<std::string, Entry> entries_;
};

Napi::Value EnumerateProviders(const Napi::CallbackInfo& info);
Napi::Value ManifestEvents(const Napi::CallbackInfo& info);
Napi::Value ProviderFieldInfo(const Napi::CallbackInfo& info);
Napi::Value EventInformation(const Napi::CallbackInfo& info);

}  // namespace etwx
