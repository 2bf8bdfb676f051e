// Function signatures: parameter and return types with ABI annotations, and the
// calling convention.
#pragma once

#include "codegen/ir/Types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace irc::ir {

enum class CallConv : uint8_t {
#define CALLCONV(e, name, tail, exc) e,
#include "codegen/ir/CallConv.def"
};
std::string_view callConvName(CallConv cc);
std::optional<CallConv> parseCallConv(std::string_view text);
bool callConvSupportsTailCalls(CallConv cc);
bool callConvSupportsExceptions(CallConv cc);

/// How a narrow integer argument is widened to a full register, if the ABI asks.
enum class ArgExt : uint8_t { None, Uext, Sext };

/// What a parameter means beyond its type.
enum class ArgPurpose : uint8_t {
  Normal,
  StructReturn,   // sret: pointer to the return area
  VMContext,      // vmctx
  StructArgument, // sarg(N): N bytes passed by value on the stack
  StackLimit,     // stack_limit
};

struct AbiParam {
  Type type;
  ArgExt ext = ArgExt::None;
  ArgPurpose purpose = ArgPurpose::Normal;
  uint32_t structSize = 0; // for StructArgument

  friend bool operator==(const AbiParam &a, const AbiParam &b) {
    return a.type == b.type && a.ext == b.ext && a.purpose == b.purpose &&
           a.structSize == b.structSize;
  }
};

struct Signature {
  std::vector<AbiParam> params;
  std::vector<AbiParam> returns;
  CallConv callConv = CallConv::Fast;

  /// Index of the parameter with a special purpose, if any.
  std::optional<size_t> specialParam(ArgPurpose p) const {
    for (size_t i = 0; i < params.size(); ++i)
      if (params[i].purpose == p)
        return i;
    return std::nullopt;
  }

  friend bool operator==(const Signature &a, const Signature &b) {
    return a.params == b.params && a.returns == b.returns && a.callConv == b.callConv;
  }
};

/// "i32 uext", "i64 vmctx", "i64 sarg(16)".
std::string abiParamText(const AbiParam &p);
/// "(i32, i64) -> i8 system_v"
std::string signatureText(const Signature &sig);

} // namespace irc::ir
