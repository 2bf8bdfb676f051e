// Trampoline generation: CLIF text, parsed and compiled like any other function.
#include "filetest/Trampoline.h"

namespace irc::filetest {

namespace {

std::string slotAddress(unsigned base, size_t index) {
  std::string s = "v" + std::to_string(base);
  if (index > 0)
    s += "+" + std::to_string(index * kSlotBytes);
  return s;
}

} // namespace

std::string generateTrampoline(std::string_view name, const ir::ExternalName &callee,
                               const ir::Signature &signature) {
  std::string out = "function %" + std::string(name) + "(i64, i64) system_v {\n";
  out += "    fn0 = " + callee.text() + ir::signatureText(signature) + "\n\n";
  out += "block0(v0: i64, v1: i64):\n";
  unsigned next = 2;
  std::string args;
  for (size_t k = 0; k < signature.params.size(); ++k) {
    std::string v = "v" + std::to_string(next++);
    out +=
        "    " + v + " = load." + signature.params[k].type.name() + " " + slotAddress(0, k) + "\n";
    args += (k ? ", " : "") + v;
  }
  std::string results;
  unsigned firstResult = next;
  for (size_t k = 0; k < signature.returns.size(); ++k)
    results += (k ? ", v" : "v") + std::to_string(next++);
  out += "    " + (results.empty() ? std::string() : results + " = ") + "call fn0(" + args + ")\n";
  for (size_t k = 0; k < signature.returns.size(); ++k)
    out += "    store v" + std::to_string(firstResult + k) + ", " + slotAddress(1, k) + "\n";
  out += "    return\n}\n";
  return out;
}

} // namespace irc::filetest
