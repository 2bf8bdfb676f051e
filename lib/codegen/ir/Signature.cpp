#include "codegen/ir/Signature.h"

namespace irc::ir {

namespace {
struct CallConvInfo {
  std::string_view name;
  bool tail, exceptions;
};
constexpr CallConvInfo kCallConvs[] = {
#define CALLCONV(e, name, tail, exc) {name, tail, exc},
#include "codegen/ir/CallConv.def"
};
} // namespace

std::string_view callConvName(CallConv cc) { return kCallConvs[unsigned(cc)].name; }
bool callConvSupportsTailCalls(CallConv cc) { return kCallConvs[unsigned(cc)].tail; }
bool callConvSupportsExceptions(CallConv cc) { return kCallConvs[unsigned(cc)].exceptions; }

std::optional<CallConv> parseCallConv(std::string_view text) {
  for (unsigned i = 0; i < std::size(kCallConvs); ++i)
    if (kCallConvs[i].name == text)
      return static_cast<CallConv>(i);
  return std::nullopt;
}

std::string abiParamText(const AbiParam &p) {
  std::string s = p.type.name();
  if (p.ext == ArgExt::Uext)
    s += " uext";
  else if (p.ext == ArgExt::Sext)
    s += " sext";
  switch (p.purpose) {
  case ArgPurpose::Normal:
    break;
  case ArgPurpose::StructReturn:
    s += " sret";
    break;
  case ArgPurpose::VMContext:
    s += " vmctx";
    break;
  case ArgPurpose::StructArgument:
    s += " sarg(" + std::to_string(p.structSize) + ")";
    break;
  case ArgPurpose::StackLimit:
    s += " stack_limit";
    break;
  }
  return s;
}

std::string signatureText(const Signature &sig) {
  std::string s = "(";
  for (size_t i = 0; i < sig.params.size(); ++i) {
    if (i)
      s += ", ";
    s += abiParamText(sig.params[i]);
  }
  s += ")";
  if (!sig.returns.empty()) {
    s += " -> ";
    for (size_t i = 0; i < sig.returns.size(); ++i) {
      if (i)
        s += ", ";
      s += abiParamText(sig.returns[i]);
    }
  }
  s += " ";
  s += callConvName(sig.callConv);
  return s;
}

} // namespace irc::ir
