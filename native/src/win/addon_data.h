// addon_data.h: per-environment state (one per JS thread that loads the addon: main thread or worker),
// stored with napi_set_instance_data so workers never share it. Accessed on that JS thread only.
#pragma once

#include <napi.h>

#include "tdh.h"

namespace etwx {

struct AddonData {
  SchemaCache schemas;
};

AddonData& GetAddonData(Napi::Env env);

}  // namespace etwx
