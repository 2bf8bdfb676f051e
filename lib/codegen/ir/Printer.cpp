// The CLIF printer: canonical text for a function.
//
// What always holds:
// - The text re-parses to the same function, and printing that gives the same text
//   (print -> parse -> print is a fixed point).
// - Every entity is printed with its display number (Function::numbers), never its index.
// - Printing never trusts the function to be valid: it must describe anything the parser
//   accepts, including what the verifier rejects (use before def, blocks outside the
//   layout, aliases of values that are never defined), without crashing.
// - One output string, appended to in place; the only side tables are per function
//   (the alias index), so printing is linear in the size of the function.
#include "codegen/ir/Printer.h"

#include "codegen/ir/Ieee.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string_view>
#include <vector>

namespace irc::ir {

namespace {

/// The output text, written through a raw pointer: std::string's own appends cost about
/// three times as much, and a large function is megabytes of text.
class TextBuffer {
public:
  explicit TextBuffer(size_t estimate) {
    buf_.resize(std::max<size_t>(estimate, 256));
    p_ = buf_.data();
    end_ = p_ + buf_.size();
  }
  TextBuffer &operator+=(char c) {
    need(1);
    *p_++ = c;
    return *this;
  }
  TextBuffer &operator+=(std::string_view text) {
    need(text.size());
    std::memcpy(p_, text.data(), text.size());
    p_ += text.size();
    return *this;
  }
  void number(uint64_t v) {
    need(20);
    p_ = std::to_chars(p_, p_ + 20, v).ptr;
  }
  void signedNumber(int64_t v) {
    need(20);
    p_ = std::to_chars(p_, p_ + 20, v).ptr;
  }
  size_t size() const { return static_cast<size_t>(p_ - buf_.data()); }
  std::string take() {
    buf_.resize(size());
    return std::move(buf_);
  }

private:
  void need(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n)
      grow(n);
  }
  // Out of line, so that need() and the appends stay small enough to inline.
  [[gnu::noinline]] void grow(size_t n) {
    size_t used = size();
    buf_.resize(std::max(buf_.size() * 2, used + n));
    p_ = buf_.data() + used;
    end_ = buf_.data() + buf_.size();
  }

  std::string buf_;
  char *p_ = nullptr;
  char *end_ = nullptr;
};

void appendUnsigned(TextBuffer &out, uint64_t v) { out.number(v); }
void appendSigned(TextBuffer &out, int64_t v) { out.signedNumber(v); }

/// "0x" and 16-bit groups of 4 hex digits, the first one zero-padded: 0x0001_0000.
void appendHexGroups(TextBuffer &out, uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  int top = 48;
  while (top > 0 && (v >> top) == 0)
    top -= 16;
  out += "0x";
  for (int shift = top; shift >= 0; shift -= 16) {
    if (shift != top)
      out += '_';
    for (int d = 12; d >= 0; d -= 4)
      out += kDigits[(v >> (shift + d)) & 0xf];
  }
}

uint64_t widthMask(unsigned bits) {
  return bits == 0 || bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
}

int64_t signExtend(uint64_t v, unsigned bits) {
  if (bits == 0 || bits >= 64)
    return static_cast<int64_t>(v);
  uint64_t m = widthMask(bits);
  v &= m;
  if (v >> (bits - 1))
    v |= ~m;
  return static_cast<int64_t>(v);
}

/// An integer immediate of a `bits`-wide type: decimal when small, else the hex of the
/// value masked to the type's width.
void appendImm(TextBuffer &out, int64_t x, unsigned bits) {
  if (x >= -10000 && x <= 10000)
    appendSigned(out, x);
  else
    appendHexGroups(out, static_cast<uint64_t>(x) & widthMask(bits));
}

/// A signed offset: nothing for 0, else "+N" / "-N" (hex magnitude when large).
void appendOffset(TextBuffer &out, int64_t x, bool evenIfZero = false) {
  if (x == 0 && !evenIfZero)
    return;
  out += x < 0 ? '-' : '+';
  uint64_t magnitude = x < 0 ? uint64_t(0) - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
  if (magnitude <= 10000)
    appendUnsigned(out, magnitude);
  else
    appendHexGroups(out, magnitude);
}

/// "@001f": a source location in at least four hex digits.
void appendSrcLoc(TextBuffer &out, uint32_t loc) {
  static constexpr char kDigits[] = "0123456789abcdef";
  int top = 28;
  while (top > 12 && ((loc >> top) & 0xf) == 0)
    top -= 4;
  out += '@';
  for (int shift = top; shift >= 0; shift -= 4)
    out += kDigits[(loc >> shift) & 0xf];
}

class FunctionPrinter {
public:
  FunctionPrinter(const Function &func, TextBuffer &out) : f_(func), dfg_(func.dfg), out_(out) {}

  void printFunction();
  /// One instruction; `block` is where it is printed (Invalid if outside the layout),
  /// which decides whether its type suffix can be inferred.
  void printInst(Inst inst, Block block);

private:
  // ---- Names ----
  void name(Value v) {
    out_ += 'v';
    appendUnsigned(out_, f_.numbers.values.numberOf(v));
  }
  void name(Block b) {
    out_ += "block";
    appendUnsigned(out_, f_.numbers.blocks.numberOf(b));
  }
  void name(StackSlot s) {
    out_ += "ss";
    appendUnsigned(out_, f_.numbers.stackSlots.numberOf(s));
  }
  void name(DynamicStackSlot s) {
    out_ += "dss";
    appendUnsigned(out_, f_.numbers.dynamicStackSlots.numberOf(s));
  }
  void name(GlobalValue g) {
    out_ += "gv";
    appendUnsigned(out_, f_.numbers.globalValues.numberOf(g));
  }
  void name(DynamicType d) {
    out_ += "dt";
    appendUnsigned(out_, f_.numbers.dynamicTypes.numberOf(d));
  }
  void name(SigRef s) {
    out_ += "sig";
    appendUnsigned(out_, f_.numbers.sigs.numberOf(s));
  }
  void name(FuncRef fn) {
    out_ += "fn";
    appendUnsigned(out_, f_.numbers.funcs.numberOf(fn));
  }
  void name(Constant c) {
    out_ += "const";
    appendUnsigned(out_, f_.numbers.constants.numberOf(c));
  }
  void name(AliasRegion r) {
    out_ += "region";
    appendUnsigned(out_, f_.numbers.aliasRegions.numberOf(r));
  }

  Type typeOf(Value v) const { return dfg_.isValidValue(v) ? dfg_.valueType(v) : types::Invalid; }
  // Operands, or nothing when a hand-assembled instruction's list lies outside the pool
  // (the verifier prints such instructions in its messages).
  bool listOk(Inst inst) const {
    const InstData &d = dfg_.inst(inst);
    return !formatInfo(d.format()).varArgs || dfg_.isValidValueList(d.valueList());
  }
  ValueRange fixedArgs(Inst inst) const {
    return listOk(inst) ? dfg_.fixedArgs(inst) : ValueRange();
  }
  ValueRange varArgs(Inst inst) const { return listOk(inst) ? dfg_.varArgs(inst) : ValueRange(); }

  // ---- Pieces of instructions ----
  void values(ValueRange vs) {
    for (uint32_t k = 0; k < vs.size(); ++k) {
      if (k)
        out_ += ", ";
      name(vs[k]);
    }
  }
  void blockCall(BlockCall bc);
  void memFlags(const MemFlags &flags);
  void trapCode(TrapCode code) { out_ += code.name(); }
  void exceptionTable(ExceptionTable et);
  void constantBytes(Constant c);
  Type ctrlType(Inst inst, const InstData &d) const;
  bool suffixNeeded(Inst inst, Block block, const InstData &d) const;

  // ---- Function parts ----
  void preamble();
  void blockHeader(Block b);
  /// Aliases of `target` (and, transitively, theirs), one line each.
  void aliasesOf(Value target);
  void buildAliasIndex();
  void danglingAliases();
  std::vector<Constant> constantsToDeclare() const;

  const Function &f_;
  const DataFlowGraph &dfg_;
  TextBuffer &out_;

  // Aliases grouped by their direct target (by value index), each group in display order.
  std::vector<uint32_t> aliasStart_;
  std::vector<Value> aliasList_;
  std::vector<uint8_t> aliasPrinted_;
  std::vector<uint8_t> aliasReachable_;
  struct AliasFrame {
    uint32_t next, end; // the range of aliasList_ still to print
  };
  std::vector<AliasFrame> aliasStack_; // reused by every aliasesOf call
  bool anyAlias_ = false;
};

void FunctionPrinter::blockCall(BlockCall bc) {
  if (!dfg_.isValidBlockCall(bc)) {
    out_ += "<invalid block call>";
    return;
  }
  name(dfg_.blockCallTarget(bc));
  BlockArgRange args = dfg_.blockCallArgs(bc);
  if (args.empty())
    return;
  out_ += '(';
  for (uint32_t k = 0; k < args.size(); ++k) {
    if (k)
      out_ += ", ";
    BlockArg a = args[k];
    switch (a.kind()) {
    case BlockArg::Kind::Value:
      name(a.asValue());
      break;
    case BlockArg::Kind::TryCallRet:
      out_ += "ret";
      appendUnsigned(out_, a.index());
      break;
    case BlockArg::Kind::TryCallExn:
      out_ += "exn";
      appendUnsigned(out_, a.index());
      break;
    }
  }
  out_ += ')';
}

void FunctionPrinter::memFlags(const MemFlags &flags) {
  if (flags.notrap()) {
    out_ += " notrap";
  } else if (flags.trapCode() != TrapCode::heapOutOfBounds()) {
    out_ += ' ';
    trapCode(flags.trapCode());
  }
  if (flags.aligned())
    out_ += " aligned";
  if (flags.readonly())
    out_ += " readonly";
  switch (flags.endianness()) {
  case Endianness::Native:
    break;
  case Endianness::Little:
    out_ += " little";
    break;
  case Endianness::Big:
    out_ += " big";
    break;
  }
  if (flags.canMove())
    out_ += " can_move";
  if (flags.checked())
    out_ += " checked";
  if (flags.region().isValid()) {
    out_ += ' ';
    name(flags.region());
  }
}

void FunctionPrinter::exceptionTable(ExceptionTable et) {
  if (!dfg_.exceptionTables.contains(et))
    return;
  const ExceptionTableData &table = dfg_.exceptionTables[et];
  out_ += ", ";
  name(table.signature);
  out_ += ", ";
  blockCall(table.normalReturn);
  out_ += ", [";
  for (size_t k = 0; k < table.items.size(); ++k) {
    out_ += k ? ", " : " ";
    const ExceptionTableItem &item = table.items[k];
    switch (item.kind) {
    case ExceptionTableItem::Kind::Tag:
      out_ += "tag";
      appendUnsigned(out_, item.tag);
      out_ += ": ";
      blockCall(item.handler);
      break;
    case ExceptionTableItem::Kind::Default:
      out_ += "default: ";
      blockCall(item.handler);
      break;
    case ExceptionTableItem::Kind::Context:
      out_ += "context ";
      name(item.context);
      break;
    }
  }
  out_ += table.items.empty() ? "]" : " ]";
}

/// Constant bytes are little-endian: byte 0 is printed last.
void FunctionPrinter::constantBytes(Constant c) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out_ += "0x";
  if (!dfg_.constants.contains(c))
    return;
  const std::vector<uint8_t> &bytes = dfg_.constants[c];
  for (size_t k = bytes.size(); k-- > 0;) {
    out_ += kDigits[bytes[k] >> 4];
    out_ += kDigits[bytes[k] & 0xf];
  }
}

Type FunctionPrinter::ctrlType(Inst inst, const InstData &d) const {
  switch (d.info().typeVar) {
  case TypeVar::None:
    return types::Invalid;
  case TypeVar::Result: {
    ValueRange r = dfg_.results(inst);
    return r.empty() ? types::Invalid : typeOf(r[0]);
  }
  case TypeVar::Op0:
  case TypeVar::Op1:
  case TypeVar::Op2: {
    uint32_t n = static_cast<uint32_t>(d.info().typeVar) - static_cast<uint32_t>(TypeVar::Op0);
    ValueRange args = fixedArgs(inst);
    return n < args.size() ? typeOf(args[n]) : types::Invalid;
  }
  }
  return types::Invalid;
}

/// A suffix is left out only when the parser can read the type off the typevar operand:
/// a parameter of this block or a result of an earlier instruction of this block.
bool FunctionPrinter::suffixNeeded(Inst inst, Block block, const InstData &d) const {
  switch (d.info().typeVar) {
  case TypeVar::None:
    return false;
  case TypeVar::Result:
    return true;
  case TypeVar::Op0:
  case TypeVar::Op1:
  case TypeVar::Op2:
    break;
  }
  uint32_t n = static_cast<uint32_t>(d.info().typeVar) - static_cast<uint32_t>(TypeVar::Op0);
  ValueRange args = fixedArgs(inst);
  if (n >= args.size() || !dfg_.isValidValue(args[n]) || !block.isValid())
    return true;
  const ValueData &vd = dfg_.valueData(args[n]);
  switch (vd.kind) {
  case ValueKind::Param:
    return Block(vd.owner) != block;
  case ValueKind::Result: {
    Inst def(vd.owner);
    const Layout &layout = f_.layout;
    return def == inst || !layout.isInstInserted(def) || layout.instBlock(def) != block ||
           !layout.precedes(def, inst);
  }
  case ValueKind::Alias:
    return true;
  }
  return true;
}

void FunctionPrinter::printInst(Inst inst, Block block) {
  const InstData &d = dfg_.inst(inst);
  const OpcodeInfo &info = d.info();
  ValueRange results = dfg_.results(inst);
  if (!results.empty()) {
    values(results);
    out_ += " = ";
  }
  out_ += info.name;
  if (suffixNeeded(inst, block, d)) {
    Type t = ctrlType(inst, d);
    if (t.isValid()) {
      out_ += '.';
      out_ += t.name();
    }
  }

  switch (d.format()) {
  case Format::NullAry:
    break;
  case Format::Unary:
    out_ += ' ';
    name(d.arg(0));
    break;
  case Format::UnaryImm: {
    unsigned bits = ctrlType(inst, d).bits();
    out_ += ' ';
    appendImm(out_, signExtend(static_cast<uint64_t>(d.imm64()), bits), bits);
    break;
  }
  case Format::UnaryIeee16:
    out_ += ' ';
    out_ += formatIeee(d.ieeeBits() & 0xffff, kF16);
    break;
  case Format::UnaryIeee32:
    out_ += ' ';
    out_ += formatIeee(d.ieeeBits() & 0xffffffffu, kF32);
    break;
  case Format::UnaryIeee64:
    out_ += ' ';
    out_ += formatIeee(d.ieeeBits(), kF64);
    break;
  case Format::UnaryConst:
    out_ += ' ';
    if (d.opcode == Opcode::F128const) {
      // The literal, not a constN: the parser makes the constant from it.
      u128 bits = 0;
      if (dfg_.constants.contains(d.constant())) {
        const std::vector<uint8_t> &bytes = dfg_.constants[d.constant()];
        for (size_t k = std::min<size_t>(bytes.size(), 16); k-- > 0;)
          bits = (bits << 8) | bytes[k];
      }
      out_ += formatIeee(bits, kF128);
    } else {
      name(d.constant());
    }
    break;
  case Format::UnaryGlobalValue:
    out_ += ' ';
    name(d.globalValue());
    break;
  case Format::Binary:
  case Format::Ternary:
    out_ += ' ';
    values(fixedArgs(inst));
    break;
  case Format::BinaryImm8:
    out_ += ' ';
    name(d.arg(0));
    out_ += ", ";
    appendUnsigned(out_, d.imm8());
    break;
  case Format::TernaryImm8:
    out_ += ' ';
    name(d.arg(0));
    out_ += ", ";
    name(d.arg(1));
    out_ += ", ";
    appendUnsigned(out_, d.imm8());
    break;
  case Format::Shuffle:
    out_ += ' ';
    name(d.arg(0));
    out_ += ", ";
    name(d.arg(1));
    out_ += ", [";
    if (dfg_.immediates.contains(d.shuffleMask())) {
      const std::vector<uint8_t> &mask = dfg_.immediates[d.shuffleMask()];
      for (size_t k = 0; k < mask.size(); ++k) {
        if (k)
          out_ += ' ';
        appendUnsigned(out_, mask[k]);
      }
    }
    out_ += ']';
    break;
  case Format::IntCompare:
    out_ += ' ';
    out_ += condName(d.intCC());
    out_ += ' ';
    values(fixedArgs(inst));
    break;
  case Format::FloatCompare:
    out_ += ' ';
    out_ += condName(d.floatCC());
    out_ += ' ';
    values(fixedArgs(inst));
    break;
  case Format::Jump:
    out_ += ' ';
    blockCall(d.jumpDest());
    break;
  case Format::Brif:
    out_ += ' ';
    name(d.arg(0));
    out_ += ", ";
    blockCall(d.brifThen());
    out_ += ", ";
    blockCall(d.brifElse());
    break;
  case Format::BranchTable:
    out_ += ' ';
    name(d.arg(0));
    if (dfg_.jumpTables.contains(d.jumpTable())) {
      const std::vector<BlockCall> &entries = dfg_.jumpTables[d.jumpTable()].entries;
      for (size_t k = 0; k < entries.size(); ++k) {
        out_ += k == 0 ? ", " : k == 1 ? ", [" : ", ";
        blockCall(entries[k]);
      }
      out_ += entries.size() <= 1 ? ", []" : "]";
    }
    break;
  case Format::Call:
    out_ += ' ';
    name(d.funcRef());
    out_ += '(';
    values(varArgs(inst));
    out_ += ')';
    break;
  case Format::CallIndirect: {
    out_ += ' ';
    name(d.sigRef());
    out_ += ", ";
    ValueRange callee = fixedArgs(inst);
    if (!callee.empty())
      name(callee[0]);
    out_ += '(';
    values(varArgs(inst));
    out_ += ')';
    break;
  }
  case Format::FuncAddr:
    out_ += ' ';
    name(d.funcRef());
    break;
  case Format::TryCall:
    out_ += ' ';
    name(d.funcRef());
    out_ += '(';
    values(varArgs(inst));
    out_ += ')';
    exceptionTable(d.exceptionTable());
    break;
  case Format::TryCallIndirect: {
    out_ += ' ';
    ValueRange callee = fixedArgs(inst);
    if (!callee.empty())
      name(callee[0]);
    out_ += '(';
    values(varArgs(inst));
    out_ += ')';
    exceptionTable(d.exceptionTable());
    break;
  }
  case Format::MultiAry: {
    ValueRange args = varArgs(inst);
    if (!args.empty()) {
      out_ += ' ';
      values(args);
    }
    break;
  }
  case Format::Load:
    memFlags(dfg_.memFlags(d.memFlagsRef()));
    out_ += ' ';
    name(d.arg(0));
    appendOffset(out_, d.offset());
    break;
  case Format::LoadNoOffset:
    memFlags(dfg_.memFlags(d.memFlagsRef()));
    out_ += ' ';
    name(d.arg(0));
    break;
  case Format::Store:
    memFlags(dfg_.memFlags(d.memFlagsRef()));
    out_ += ' ';
    name(d.arg(0));
    out_ += ", ";
    name(d.arg(1));
    appendOffset(out_, d.offset());
    break;
  case Format::StoreNoOffset:
  case Format::AtomicCas:
    memFlags(dfg_.memFlags(d.memFlagsRef()));
    out_ += ' ';
    values(fixedArgs(inst));
    break;
  case Format::AtomicRmw:
    memFlags(dfg_.memFlags(d.memFlagsRef()));
    out_ += ' ';
    out_ += atomicRmwOpName(d.atomicOp());
    out_ += ' ';
    values(fixedArgs(inst));
    break;
  case Format::StackLoad:
    out_ += ' ';
    name(d.stackSlot());
    appendOffset(out_, d.stackOffset());
    break;
  case Format::DynamicStackLoad:
    out_ += ' ';
    name(d.dynamicStackSlot());
    break;
  case Format::DynamicStackStore:
    out_ += ' ';
    name(d.arg(0));
    out_ += ", ";
    name(d.dynamicStackSlot());
    break;
  case Format::Trap:
    out_ += ' ';
    trapCode(d.trapCode());
    break;
  case Format::CondTrap:
    out_ += ' ';
    name(d.arg(0));
    out_ += ", ";
    trapCode(d.trapCode());
    break;
  case Format::IntAddTrap:
    out_ += ' ';
    values(fixedArgs(inst));
    out_ += ", ";
    trapCode(d.trapCode());
    break;
  case Format::ExceptionHandlerAddress:
    out_ += ' ';
    name(d.block());
    out_ += ", ";
    appendImm(out_, d.imm64(), 64);
    break;
  }

  if (!f_.userStackMaps.empty()) {
    auto it = f_.userStackMaps.find(inst.index());
    if (it != f_.userStackMaps.end() && !it->second.empty()) {
      out_ += ", stack_map=[";
      for (size_t k = 0; k < it->second.size(); ++k) {
        const UserStackMapEntry &e = it->second[k];
        if (k)
          out_ += ", ";
        out_ += e.type.name();
        out_ += " @ ";
        name(e.slot);
        appendOffset(out_, e.offset, /*evenIfZero=*/true);
      }
      out_ += ']';
    }
  }
}

/// Constants as the preamble declares them: all but those only an f128const uses, whose
/// literal the instruction prints itself (declaring them too would add a constant on every
/// round trip).
std::vector<Constant> FunctionPrinter::constantsToDeclare() const {
  uint32_t n = dfg_.constants.size();
  std::vector<Constant> out;
  if (n == 0)
    return out;
  enum : uint8_t { kUnused = 0, kF128Only = 1, kOther = 2 };
  std::vector<uint8_t> use(n, kUnused);
  for (Block b : f_.layout.blocks())
    for (Inst i : f_.layout.insts(b)) {
      const InstData &d = dfg_.inst(i);
      if (d.format() != Format::UnaryConst || !dfg_.constants.contains(d.constant()))
        continue;
      uint8_t &u = use[d.constant().index()];
      if (d.opcode == Opcode::F128const)
        u = u == kUnused ? uint8_t(kF128Only) : u;
      else
        u = kOther;
    }
  for (uint32_t k = 0; k < n; ++k)
    if (use[k] != kF128Only)
      out.push_back(Constant(k));
  return out;
}

template <typename K, typename Numbers>
std::vector<K> sortedByNumber(uint32_t count, const Numbers &numbers) {
  std::vector<K> keys;
  keys.reserve(count);
  for (uint32_t k = 0; k < count; ++k)
    keys.push_back(K(k));
  std::stable_sort(keys.begin(), keys.end(),
                   [&](K a, K b) { return numbers.numberOf(a) < numbers.numberOf(b); });
  return keys;
}

void FunctionPrinter::preamble() {
  const Function::Numbers &nums = f_.numbers;

  for (StackSlot ss : sortedByNumber<StackSlot>(f_.stackSlots.size(), nums.stackSlots)) {
    const StackSlotData &slot = f_.stackSlots[ss];
    out_ += "    ";
    name(ss);
    out_ += " = explicit_slot ";
    appendUnsigned(out_, slot.size);
    if (slot.alignShift > 0) {
      out_ += ", align = ";
      appendUnsigned(out_, slot.alignShift < 64 ? uint64_t(1) << slot.alignShift : 0);
    }
    if (slot.key) {
      out_ += ", key = ";
      appendUnsigned(out_, *slot.key);
    }
    out_ += '\n';
  }

  for (DynamicStackSlot dss :
       sortedByNumber<DynamicStackSlot>(f_.dynamicStackSlots.size(), nums.dynamicStackSlots)) {
    out_ += "    ";
    name(dss);
    out_ += " = explicit_dynamic_slot ";
    name(f_.dynamicStackSlots[dss].dynType);
    out_ += '\n';
  }

  for (GlobalValue gv : sortedByNumber<GlobalValue>(f_.globalValues.size(), nums.globalValues)) {
    const GlobalValueData &g = f_.globalValues[gv];
    out_ += "    ";
    name(gv);
    out_ += " = ";
    switch (g.kind) {
    case GlobalValueData::Kind::VMContext:
      out_ += "vmctx";
      break;
    case GlobalValueData::Kind::Load:
      out_ += "load.";
      out_ += g.type.name();
      memFlags(g.flags);
      out_ += ' ';
      name(g.base);
      appendOffset(out_, g.offset);
      break;
    case GlobalValueData::Kind::IAddImm:
      out_ += "iadd_imm.";
      out_ += g.type.name();
      out_ += ' ';
      name(g.base);
      out_ += ", ";
      appendImm(out_, signExtend(static_cast<uint64_t>(g.offset), g.type.bits()), g.type.bits());
      break;
    case GlobalValueData::Kind::Symbol:
      out_ += "symbol ";
      if (g.colocated)
        out_ += "colocated ";
      if (g.tls)
        out_ += "tls ";
      out_ += g.name.text();
      appendOffset(out_, g.offset);
      break;
    case GlobalValueData::Kind::DynScaleTargetConst:
      out_ += "dyn_scale_target_const.";
      out_ += g.type.name();
      break;
    }
    out_ += '\n';
  }

  for (DynamicType dt : sortedByNumber<DynamicType>(f_.dynamicTypes.size(), nums.dynamicTypes)) {
    const DynamicTypeData &d = f_.dynamicTypes[dt];
    out_ += "    ";
    name(dt);
    out_ += " = ";
    out_ += d.baseVector.name();
    out_ += '*';
    name(d.scale);
    out_ += '\n';
  }

  for (AliasRegion r : sortedByNumber<AliasRegion>(f_.aliasRegions.size(), nums.aliasRegions)) {
    const AliasRegionData &d = f_.aliasRegions[r];
    out_ += "    ";
    name(r);
    out_ += " = ";
    appendUnsigned(out_, d.userId);
    out_ += " \"";
    out_ += d.name;
    out_ += "\"\n";
  }

  for (SigRef s : sortedByNumber<SigRef>(dfg_.signatures.size(), nums.sigs)) {
    out_ += "    ";
    name(s);
    out_ += " = ";
    out_ += signatureText(dfg_.signatures[s]);
    out_ += '\n';
  }

  for (FuncRef fn : sortedByNumber<FuncRef>(dfg_.extFuncs.size(), nums.funcs)) {
    const ExtFuncData &e = dfg_.extFuncs[fn];
    out_ += "    ";
    name(fn);
    out_ += " = ";
    if (e.colocated)
      out_ += "colocated ";
    if (e.patchable)
      out_ += "patchable ";
    out_ += e.name.text();
    if (e.signature.isValid()) {
      out_ += ' ';
      name(e.signature);
    }
    out_ += '\n';
  }

  std::vector<Constant> constants = constantsToDeclare();
  std::stable_sort(constants.begin(), constants.end(), [&](Constant a, Constant b) {
    return nums.constants.numberOf(a) < nums.constants.numberOf(b);
  });
  for (Constant c : constants) {
    out_ += "    ";
    name(c);
    out_ += " = ";
    constantBytes(c);
    out_ += '\n';
  }

  if (f_.stackLimit) {
    out_ += "    stack_limit = ";
    name(*f_.stackLimit);
    out_ += '\n';
  }
}

void FunctionPrinter::blockHeader(Block b) {
  name(b);
  ValueRange params = dfg_.blockParams(b);
  if (!params.empty()) {
    out_ += '(';
    for (uint32_t k = 0; k < params.size(); ++k) {
      if (k)
        out_ += ", ";
      name(params[k]);
      out_ += ": ";
      out_ += typeOf(params[k]).name();
    }
    out_ += ')';
  }
  if (dfg_.isCold(b))
    out_ += " cold";
  out_ += ":\n";
}

void FunctionPrinter::buildAliasIndex() {
  uint32_t n = dfg_.numValues();
  std::vector<Value> aliases;
  for (uint32_t k = 0; k < n; ++k)
    if (dfg_.valueData(Value(k)).kind == ValueKind::Alias)
      aliases.push_back(Value(k));
  anyAlias_ = !aliases.empty();
  if (!anyAlias_)
    return;
  // Display order within each target's group, so the text order survives a round trip.
  std::stable_sort(aliases.begin(), aliases.end(), [&](Value a, Value b) {
    return f_.numbers.values.numberOf(a) < f_.numbers.values.numberOf(b);
  });
  aliasStart_.assign(n + 1, 0);
  for (Value a : aliases) {
    uint32_t target = dfg_.valueData(a).owner;
    if (target < n)
      ++aliasStart_[target + 1];
  }
  for (uint32_t k = 0; k < n; ++k)
    aliasStart_[k + 1] += aliasStart_[k];
  aliasList_.resize(aliasStart_[n]);
  std::vector<uint32_t> fill(aliasStart_.begin(), aliasStart_.end() - 1);
  for (Value a : aliases) {
    uint32_t target = dfg_.valueData(a).owner;
    if (target < n)
      aliasList_[fill[target]++] = a;
  }
  aliasPrinted_.assign(n, 0);

  // Aliases reachable from a value the text defines are printed after that definition;
  // the rest dangle. The entry block prints the dangling ones, before later blocks are
  // printed, so find them now.
  aliasReachable_.assign(n, 0);
  std::vector<Value> work;
  auto reach = [&](Value defined) {
    work.push_back(defined);
    while (!work.empty()) {
      Value t = work.back();
      work.pop_back();
      for (uint32_t k = aliasStart_[t.index()]; k < aliasStart_[t.index() + 1]; ++k) {
        Value a = aliasList_[k];
        if (!aliasReachable_[a.index()]) {
          aliasReachable_[a.index()] = 1;
          work.push_back(a);
        }
      }
    }
  };
  for (Block b : f_.layout.blocks()) {
    for (Value p : dfg_.blockParams(b))
      if (p.index() < n)
        reach(p);
    for (Inst i : f_.layout.insts(b))
      for (Value r : dfg_.results(i))
        if (r.index() < n)
          reach(r);
  }
}

void FunctionPrinter::aliasesOf(Value target) {
  if (!anyAlias_ || target.index() >= dfg_.numValues() ||
      aliasStart_[target.index()] == aliasStart_[target.index() + 1])
    return;
  // Depth first, without recursion: chains can be as long as the function.
  std::vector<AliasFrame> &stack = aliasStack_;
  stack.clear();
  stack.push_back({aliasStart_[target.index()], aliasStart_[target.index() + 1]});
  while (!stack.empty()) {
    AliasFrame &top = stack.back();
    if (top.next == top.end) {
      stack.pop_back();
      continue;
    }
    Value a = aliasList_[top.next++];
    if (aliasPrinted_[a.index()])
      continue;
    aliasPrinted_[a.index()] = 1;
    out_ += "    ";
    name(a);
    out_ += " -> ";
    name(Value(dfg_.valueData(a).owner));
    out_ += '\n';
    stack.push_back({aliasStart_[a.index()], aliasStart_[a.index() + 1]});
  }
}

/// Aliases whose chain never reaches a value the text defines (the parser accepts them;
/// the verifier rejects them). They go at the end of the entry block, roots of dangling
/// chains first, then whatever is left (alias cycles).
void FunctionPrinter::danglingAliases() {
  if (!anyAlias_)
    return;
  uint32_t n = dfg_.numValues();
  std::vector<Value> rest;
  for (uint32_t k = 0; k < n; ++k)
    if (dfg_.valueData(Value(k)).kind == ValueKind::Alias && !aliasReachable_[k])
      rest.push_back(Value(k));
  if (rest.empty())
    return;
  std::stable_sort(rest.begin(), rest.end(), [&](Value a, Value b) {
    return f_.numbers.values.numberOf(a) < f_.numbers.values.numberOf(b);
  });
  auto printOne = [&](Value a) {
    aliasPrinted_[a.index()] = 1;
    out_ += "    ";
    name(a);
    out_ += " -> ";
    name(Value(dfg_.valueData(a).owner));
    out_ += '\n';
    aliasesOf(a);
  };
  for (Value a : rest) {
    uint32_t target = dfg_.valueData(a).owner;
    bool targetIsAlias = target < n && dfg_.valueData(Value(target)).kind == ValueKind::Alias;
    if (!aliasPrinted_[a.index()] && !targetIsAlias)
      printOne(a);
  }
  for (Value a : rest)
    if (!aliasPrinted_[a.index()])
      printOne(a);
}

void FunctionPrinter::printFunction() {
  out_ += "function ";
  out_ += f_.externalName.text();
  out_ += signatureText(f_.signature);
  out_ += " {\n";
  size_t beforePreamble = out_.size();
  preamble();
  bool any = out_.size() != beforePreamble;

  buildAliasIndex();
  Block entry = f_.layout.firstBlock();
  for (Block b : f_.layout.blocks()) {
    if (any)
      out_ += '\n';
    any = true;
    blockHeader(b);
    for (Value p : dfg_.blockParams(b))
      aliasesOf(p);
    for (Inst i : f_.layout.insts(b)) {
      out_ += "    ";
      auto tags = f_.debugTags.empty() ? f_.debugTags.end() : f_.debugTags.find(i.index());
      if (tags != f_.debugTags.end() && !tags->second.empty()) {
        out_ += '<';
        for (size_t k = 0; k < tags->second.size(); ++k) {
          if (k)
            out_ += ", ";
          const DebugTag &t = tags->second[k];
          switch (t.kind) {
          case DebugTag::Kind::User:
            appendUnsigned(out_, t.value);
            break;
          case DebugTag::Kind::StackSlot:
            name(StackSlot(t.value));
            break;
          }
        }
        out_ += "> ";
      }
      if (const std::optional<uint32_t> &loc = f_.srcLocs[i]) {
        appendSrcLoc(out_, *loc);
        out_ += ' ';
      }
      printInst(i, b);
      out_ += '\n';
      for (Value r : dfg_.results(i))
        aliasesOf(r);
    }
    if (b == entry && anyAlias_)
      danglingAliases();
  }
  out_ += "}\n";
}

} // namespace

std::string printFunction(const Function &func) {
  TextBuffer out(256 + size_t(func.dfg.numInsts()) * 40 + size_t(func.dfg.numBlocks()) * 24);
  FunctionPrinter(func, out).printFunction();
  return out.take();
}

std::string printInst(const Function &func, Inst inst) {
  if (!func.dfg.isValidInst(inst))
    return std::string();
  TextBuffer out(64);
  Block block = func.layout.isInstInserted(inst) ? func.layout.instBlock(inst) : Block();
  FunctionPrinter(func, out).printInst(inst, block);
  return out.take();
}

} // namespace irc::ir
