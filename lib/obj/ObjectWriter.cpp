// ObjectWriter: checks an ObjectModule, then drives LLVM MC to write it as an ELF object.
//
// MC does the ELF container, symbol table, relocation sections and .eh_frame; irc's bytes
// go in verbatim with emitBytes (the streamer has no MCCodeEmitter: MC never encodes an
// instruction here). A function's bytes are cut at every CFI offset and relocation field so
// that each CFI directive and each relocation label sits exactly at its byte.
//
// Invariants:
// - everything MC could reject is checked first (checkModule), so MC errors are irc bugs;
//   they are still collected through the context's diagnostic handler and returned;
// - nothing here depends on addresses or hash order: symbols are created in input order.
#include "obj/ObjectWriter.h"

#include "obj/IrcSections.h"
#include "obj/ObjectFormat.h"

#include <llvm/MC/MCAsmBackend.h>
#include <llvm/MC/MCAsmInfo.h>
#include <llvm/MC/MCCodeEmitter.h> // complete type for the (null) emitter argument
#include <llvm/MC/MCContext.h>
#include <llvm/MC/MCExpr.h>
#include <llvm/MC/MCObjectFileInfo.h>
#include <llvm/MC/MCObjectWriter.h>
#include <llvm/MC/MCRegisterInfo.h>
#include <llvm/MC/MCStreamer.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/MCSymbol.h>
#include <llvm/MC/MCTargetOptions.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Triple.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <fstream>
#include <mutex>
#include <set>

extern "C" {
void LLVMInitializeX86TargetInfo();
void LLVMInitializeX86TargetMC();
void LLVMInitializeSystemZTargetInfo();
void LLVMInitializeSystemZTargetMC();
}

namespace irc::obj {
namespace {

// Only the MC descriptions of irc's two targets are registered (no codegen, no asm parser).
// LLVM's registry is process-global; registering once makes later lookups read-only.
void registerTargetsOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86TargetMC();
    LLVMInitializeSystemZTargetInfo();
    LLVMInitializeSystemZTargetMC();
  });
}

const char *tripleOf(ObjectIsa isa) {
  switch (isa) {
  case ObjectIsa::X86_64:
    return "x86_64-unknown-linux-gnu";
  case ObjectIsa::S390x:
    return "s390x-unknown-linux-gnu";
  }
  return "";
}

// The CFI data alignment factor of both targets' CIEs is -8 (MC's default CIE, checked
// in MCObjectBuilder): DW_CFA_offset operands are divided by it, so save offsets must be
// multiples of 8.
constexpr int32_t kCfiDataAlignment = 8;

Error functionError(const ObjectFunction &fn, const std::string &what) {
  return makeError("object writer: function '" + fn.symbol + "': " + what);
}

// MC treats names with the private prefix as assembler temporaries (never in the symbol
// table) and '@' as a symbol-version separator.
std::optional<std::string> badSymbolName(std::string_view name) {
  if (name.empty())
    return "empty symbol name";
  if (name.starts_with(".L"))
    return "symbol name '" + std::string(name) + "' starts with '.L', reserved for local labels";
  if (name.find('@') != std::string_view::npos || name.find('\0') != std::string_view::npos)
    return "symbol name '" + std::string(name) + "' contains '@' or NUL";
  return std::nullopt;
}

Expected<void> checkFunction(ObjectIsa isa, const ObjectFunction &fn) {
  if (auto bad = badSymbolName(fn.symbol))
    return makeError("object writer: " + *bad);
  if (!fn.code)
    return functionError(fn, "no compiled code");
  const mach::CompiledCode &cc = *fn.code;
  const uint64_t size = cc.code.size();
  if (size > UINT32_MAX)
    return functionError(fn, "code larger than 4 GiB");
  if (cc.instBytes > size)
    return functionError(fn, "instBytes " + std::to_string(cc.instBytes) + " > code size " +
                                 std::to_string(size));
  if (cc.alignment == 0 || !std::has_single_bit(cc.alignment) || cc.alignment > (1u << 16))
    return functionError(fn, "alignment " + std::to_string(cc.alignment) +
                                 " is not a power of two up to 65536");

  for (const mach::RelocRecord &r : cc.relocs) {
    auto info = elfRelocFor(isa, r.kind);
    if (!info)
      return functionError(fn, "relocation kind " + std::string(relocKindName(r.kind)) +
                                   " at offset " + std::to_string(r.offset) + " is not an " +
                                   std::string(objectIsaName(isa)) + " relocation");
    if (uint64_t(r.offset) + info->fieldBytes > size)
      return functionError(fn, std::string(info->name) + " at offset " + std::to_string(r.offset) +
                                   " runs past the code");
    if (auto bad = badSymbolName(r.target.symbol()))
      return functionError(fn, "relocation at offset " + std::to_string(r.offset) + ": " + *bad);
  }

  uint32_t lastCfi = 0;
  int rememberDepth = 0;
  for (const mach::CfiOp &op : cc.cfi) {
    const std::string at = " at offset " + std::to_string(op.codeOffset);
    if (op.codeOffset > cc.instBytes)
      return functionError(fn, "CFI" + at + " is past the instructions");
    if (op.codeOffset < lastCfi)
      return functionError(fn, "CFI" + at + " comes after CFI at " + std::to_string(lastCfi));
    lastCfi = op.codeOffset;
    switch (op.kind) {
    case mach::CfiOp::Kind::DefCfa:
    case mach::CfiOp::Kind::DefCfaOffset:
      if (op.offset < 0)
        return functionError(fn, "CFA offset" + at + " is negative");
      break;
    case mach::CfiOp::Kind::Offset:
      if (op.offset % kCfiDataAlignment != 0)
        return functionError(fn, "register save offset" + at + " is not a multiple of 8");
      break;
    case mach::CfiOp::Kind::RememberState:
      ++rememberDepth;
      break;
    case mach::CfiOp::Kind::RestoreState:
      if (--rememberDepth < 0)
        return functionError(fn, "CFI restore_state" + at + " without remember_state");
      break;
    case mach::CfiOp::Kind::DefCfaRegister:
    case mach::CfiOp::Kind::Restore:
      break;
    }
  }

  for (const mach::TrapRecord &t : cc.traps)
    if (t.offset >= cc.instBytes)
      return functionError(fn, "trap at offset " + std::to_string(t.offset) +
                                   " is past the instructions");
  for (const mach::CallSiteRecord &c : cc.callSites) {
    if (c.callOffset >= c.returnAddrOffset || c.returnAddrOffset > cc.instBytes)
      return functionError(fn, "call site " + std::to_string(c.callOffset) + ".." +
                                   std::to_string(c.returnAddrOffset) +
                                   " is not inside the instructions");
    for (const mach::ExceptionHandler &h : c.handlers)
      if (h.handlerOffset >= cc.instBytes)
        return functionError(fn, "exception handler at offset " + std::to_string(h.handlerOffset) +
                                     " is past the instructions");
  }
  for (const mach::PatchSiteRecord &p : cc.patchSites)
    if (p.length == 0 || uint64_t(p.offset) + p.length > cc.instBytes)
      return functionError(fn, "patch site at offset " + std::to_string(p.offset) +
                                   " is empty or past the instructions");
  for (const mach::SavedVectorReg &v : cc.savedVectors)
    if (v.reg > 31 || v.saveOffset > cc.instBytes)
      return functionError(fn, "saved vector register v" + std::to_string(v.reg) +
                                   " is not v0..v31 or saved past the instructions");
  return {};
}

Expected<ObjectIsa> checkModule(const ObjectModule &module) {
  auto isa = parseObjectIsa(module.targetIsa);
  if (!isa)
    return makeError("object writer: unknown target ISA '" + module.targetIsa +
                     "' (expected x86_64 or s390x)");
  std::set<std::string_view> defined;
  for (const ObjectFunction &fn : module.functions) {
    if (auto ok = checkFunction(*isa, fn); !ok)
      return ok.error();
    if (!defined.insert(fn.symbol).second)
      return makeError("object writer: symbol '" + fn.symbol + "' is defined twice");
  }
  return *isa;
}

// One object being written. Members are declared in dependency order (the streamer uses
// the context, which uses the infos and reports to diagnostics_), so they are destroyed
// users first.
class MCObjectBuilder {
public:
  MCObjectBuilder(const llvm::Target &target, const std::string &triple, ObjectIsa isa,
                  llvm::raw_pwrite_stream &out)
      : isa_(isa), triple_(triple) {
    regInfo_.reset(target.createMCRegInfo(triple));
    asmInfo_.reset(target.createMCAsmInfo(*regInfo_, triple, options_));
    subtarget_.reset(target.createMCSubtargetInfo(triple, "", ""));
    context_ = std::make_unique<llvm::MCContext>(triple_, asmInfo_.get(), regInfo_.get(),
                                                 subtarget_.get(), nullptr, &options_);
    context_->setDiagnosticHandler([this](const llvm::SMDiagnostic &diag, bool,
                                          const llvm::SourceMgr &,
                                          std::vector<const llvm::MDNode *> &) {
      diagnostics_.push_back(diag.getMessage().str());
    });
    assert(asmInfo_->getCalleeSaveStackSlotSize() == kCfiDataAlignment);
    fileInfo_.reset(target.createMCObjectFileInfo(*context_, /*PIC=*/true));
    context_->setObjectFileInfo(fileInfo_.get());
    std::unique_ptr<llvm::MCAsmBackend> backend(
        target.createMCAsmBackend(*subtarget_, *regInfo_, options_));
    std::unique_ptr<llvm::MCObjectWriter> writer = backend->createObjectWriter(out);
    streamer_.reset(target.createMCObjectStreamer(triple_, *context_, std::move(backend),
                                                  std::move(writer), nullptr, *subtarget_));
    // Switches to .text and creates the empty .note.GNU-stack (no executable stack).
    streamer_->initSections(/*NoExecStack=*/true, *subtarget_);
  }

  Expected<void> write(const ObjectModule &module) {
    for (const ObjectFunction &fn : module.functions)
      functionSymbols_.push_back(emitFunction(fn));
    IrcSectionEmitter ircSections{*streamer_, *context_};
    ircSections.emitAll(module, functionSymbols_);
    streamer_->finish();
    if (!diagnostics_.empty() || context_->hadError()) {
      std::string message = "object writer: LLVM MC reported:";
      for (const std::string &d : diagnostics_)
        message += " " + d + ";";
      return makeError(message);
    }
    return {};
  }

private:
  llvm::MCSymbol *emitFunction(const ObjectFunction &fn) {
    const mach::CompiledCode &cc = *fn.code;
    llvm::MCStreamer &s = *streamer_;
    llvm::MCContext &ctx = *context_;
    s.switchSection(fileInfo_->getTextSection());
    s.emitCodeAlignment(llvm::Align(cc.alignment), subtarget_.get());

    llvm::MCSymbol *sym = ctx.getOrCreateSymbol(fn.symbol);
    s.emitSymbolAttribute(sym, llvm::MCSA_ELF_TypeFunction);
    if (fn.global)
      s.emitSymbolAttribute(sym, llvm::MCSA_Global);
    s.emitLabel(sym);
    s.emitELFSize(sym, llvm::MCConstantExpr::create(int64_t(cc.code.size()), ctx));
    s.emitCFIStartProc(/*IsSimple=*/false);

    // Relocations sorted by offset (stable: equal offsets keep input order).
    std::vector<const mach::RelocRecord *> relocs;
    for (const mach::RelocRecord &r : cc.relocs)
      relocs.push_back(&r);
    std::stable_sort(relocs.begin(), relocs.end(),
                     [](auto *a, auto *b) { return a->offset < b->offset; });

    size_t nextCfi = 0;
    size_t nextReloc = 0;
    uint32_t pos = 0;
    const uint32_t size = static_cast<uint32_t>(cc.code.size());
    while (true) {
      // CFI that holds after the bytes so far, then relocation fields starting here.
      while (nextCfi < cc.cfi.size() && cc.cfi[nextCfi].codeOffset == pos)
        emitCfi(cc.cfi[nextCfi++]);
      while (nextReloc < relocs.size() && relocs[nextReloc]->offset == pos)
        emitReloc(*relocs[nextReloc++]);
      if (pos == size)
        break;
      uint32_t next = size;
      if (nextCfi < cc.cfi.size())
        next = std::min(next, cc.cfi[nextCfi].codeOffset);
      if (nextReloc < relocs.size())
        next = std::min(next, relocs[nextReloc]->offset);
      s.emitBytes(
          llvm::StringRef(reinterpret_cast<const char *>(cc.code.data()) + pos, next - pos));
      pos = next;
    }
    s.emitCFIEndProc();
    return sym;
  }

  void emitCfi(const mach::CfiOp &op) {
    llvm::MCStreamer &s = *streamer_;
    switch (op.kind) {
    case mach::CfiOp::Kind::DefCfa:
      s.emitCFIDefCfa(op.reg, op.offset);
      break;
    case mach::CfiOp::Kind::DefCfaOffset:
      s.emitCFIDefCfaOffset(op.offset);
      break;
    case mach::CfiOp::Kind::DefCfaRegister:
      s.emitCFIDefCfaRegister(op.reg);
      break;
    case mach::CfiOp::Kind::Offset:
      s.emitCFIOffset(op.reg, op.offset);
      break;
    case mach::CfiOp::Kind::Restore:
      s.emitCFIRestore(op.reg);
      break;
    case mach::CfiOp::Kind::RememberState:
      s.emitCFIRememberState(llvm::SMLoc());
      break;
    case mach::CfiOp::Kind::RestoreState:
      s.emitCFIRestoreState(llvm::SMLoc());
      break;
    }
  }

  // A label at the field, then `.reloc label, TYPE, target + addend`. MC turns a named
  // relocation into a "literal" fixup: the type and addend go to the object unchanged and
  // nothing is patched into the bytes.
  void emitReloc(const mach::RelocRecord &r) {
    llvm::MCContext &ctx = *context_;
    const ElfRelocInfo info = *elfRelocFor(isa_, r.kind);
    llvm::MCSymbol *at = ctx.createTempSymbol();
    streamer_->emitLabel(at);
    const llvm::MCExpr *target =
        llvm::MCSymbolRefExpr::create(ctx.getOrCreateSymbol(r.target.symbol()), ctx);
    if (r.addend != 0)
      target =
          llvm::MCBinaryExpr::createAdd(target, llvm::MCConstantExpr::create(r.addend, ctx), ctx);
    auto failed = streamer_->emitRelocDirective(*llvm::MCSymbolRefExpr::create(at, ctx), info.name,
                                                target, llvm::SMLoc(), *subtarget_);
    if (failed)
      diagnostics_.push_back(std::string(info.name) + " at offset " + std::to_string(r.offset) +
                             ": " + failed->second);
  }

  ObjectIsa isa_;
  llvm::Triple triple_;
  llvm::MCTargetOptions options_;
  std::vector<std::string> diagnostics_;
  std::vector<llvm::MCSymbol *> functionSymbols_;
  std::unique_ptr<llvm::MCRegisterInfo> regInfo_;
  std::unique_ptr<llvm::MCAsmInfo> asmInfo_;
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget_;
  std::unique_ptr<llvm::MCContext> context_;
  std::unique_ptr<llvm::MCObjectFileInfo> fileInfo_;
  std::unique_ptr<llvm::MCStreamer> streamer_;
};

} // namespace

Expected<std::vector<uint8_t>> writeElfObject(const ObjectModule &module) {
  auto isa = checkModule(module);
  if (!isa)
    return isa.error();
  registerTargetsOnce();
  const std::string triple = tripleOf(*isa);
  std::string lookupError;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, lookupError);
  if (!target)
    return makeError("object writer: LLVM has no target for " + triple + ": " + lookupError);

  llvm::SmallVector<char, 0> buffer;
  {
    llvm::raw_svector_ostream out(buffer);
    MCObjectBuilder builder(*target, triple, *isa, out);
    if (auto ok = builder.write(module); !ok)
      return ok.error();
  }
  return std::vector<uint8_t>(buffer.begin(), buffer.end());
}

Expected<void> writeElfObjectFile(const ObjectModule &module, const std::string &path) {
  auto bytes = writeElfObject(module);
  if (!bytes)
    return bytes.error();
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file)
    return makeError("cannot open '" + path + "' for writing");
  file.write(reinterpret_cast<const char *>(bytes->data()),
             static_cast<std::streamsize>(bytes->size()));
  file.close();
  if (!file)
    return makeError("cannot write '" + path + "'");
  return {};
}

} // namespace irc::obj
