// The declarations at the top of a function body: stack slots, global values,
// signatures, external functions, dynamic types, alias regions.
#pragma once

#include "codegen/ir/Entities.h"
#include "codegen/ir/ExternalName.h"
#include "codegen/ir/MemFlags.h"
#include "codegen/ir/Signature.h"
#include "codegen/ir/Types.h"

#include <cstdint>
#include <optional>
#include <string>

namespace irc::ir {

/// ssN = explicit_slot SIZE [, align = A] [, key = K]
struct StackSlotData {
  uint32_t size = 0;
  uint8_t alignShift = 0; // alignment is 1 << alignShift bytes
  std::optional<uint64_t> key;
};

/// dssN = explicit_dynamic_slot dtM
struct DynamicStackSlotData {
  DynamicType dynType;
};

/// dtN = <vector type>*gvM: a vector type scaled by a run-time factor.
struct DynamicTypeData {
  Type baseVector;
  GlobalValue scale;
};

/// gvN = vmctx | load.T flags gvM+off | iadd_imm.T gvM, imm | symbol [colocated] [tls] name+off
///     | dyn_scale_target_const.T
struct GlobalValueData {
  enum class Kind : uint8_t { VMContext, Load, IAddImm, Symbol, DynScaleTargetConst };
  Kind kind = Kind::VMContext;
  GlobalValue base;        // Load, IAddImm
  int64_t offset = 0;      // Load (32-bit range), IAddImm, Symbol
  Type type;               // Load, IAddImm; the vector type for DynScaleTargetConst
  MemFlags flags;          // Load
  ExternalName name;       // Symbol
  bool colocated = false;  // Symbol
  bool tls = false;        // Symbol
};

/// fnN = [colocated] [patchable] NAME SIG
struct ExtFuncData {
  ExternalName name;
  SigRef signature;
  bool colocated = false;
  bool patchable = false;
};

/// regionN = USER_ID "name": a memory region distinct from all others for alias analysis.
struct AliasRegionData {
  uint32_t userId = 0;
  std::string name;
  /// False for a region the text used (in memory flags) but never declared; the
  /// verifier reports it. Regions built in memory are declared.
  bool declared = true;
};

} // namespace irc::ir
