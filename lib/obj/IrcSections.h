// IrcSectionEmitter (internal to lib/obj, uses LLVM MC): writes irc's own non-allocated
// sections `.irc.traps`, `.irc.call_sites`, `.irc.patch_sites` and `.irc.saved_vregs` in
// the layout ObjectFormat.h and docs/object-format.md describe.
//
// Each function's group starts with a 64-bit relocated reference to the function symbol,
// so a linker turns it into the function's address; all other fields are plain numbers
// in the target's byte order. A section with no entries is not created.
#pragma once

#include "obj/ObjectWriter.h"

#include <span>

namespace llvm {
class MCContext;
class MCStreamer;
class MCSymbol;
} // namespace llvm

namespace irc::obj {

class IrcSectionEmitter {
public:
  IrcSectionEmitter(llvm::MCStreamer &streamer, llvm::MCContext &context)
      : streamer_(streamer), context_(context) {}

  /// `symbols[i]` is the symbol of module.functions[i].
  void emitAll(const ObjectModule &module, std::span<llvm::MCSymbol *const> symbols);

private:
  llvm::MCStreamer &streamer_;
  llvm::MCContext &context_;
};

} // namespace irc::obj
