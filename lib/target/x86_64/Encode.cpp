// Encode: prefixes, REX, ModRM/SIB/displacement rules, and the relaxable branch kinds.
//
// ModRM/SIB rules (Intel SDM vol. 2, 2.1.5), which every memory operand passes through here:
// - rm = 100 means "a SIB follows": a base of rsp/r12 always needs a SIB (index 100 = none);
// - mod = 00 with rm (or SIB base) = 101 means "no base, disp32" (RIP-relative with plain
//   ModRM), so a base of rbp/r13 without displacement is written as mod = 01, disp8 = 0;
// - the index field 100 means "no index", so rsp can never be an index (r12 can, with REX.X);
// - disp8 when the displacement fits a signed byte, else disp32.
#include "target/x86_64/Encode.h"

#include <cassert>

namespace irc::x86_64::enc {

namespace {

/// The one place prefixes are decided. Order: 66 (operand size), mandatory prefix, REX,
/// escape bytes, opcode (a mandatory 66/F2/F3 must directly precede REX).
void writePrefixesAndOpcode(mach::MachBuffer &buf, const Opcode &op, unsigned r, unsigned x,
                            unsigned b) {
  assert(r < 16 && x < 16 && b < 16 && "registers 16..31 need APX (REX2), not implemented");
  if (op.opsize16)
    buf.put1(0x66);
  switch (op.map) {
  case OpMap::M_1:
  case OpMap::M_0F:
    break;
  case OpMap::M_66_0F:
    buf.put1(0x66);
    break;
  case OpMap::M_F2_0F:
    buf.put1(0xF2);
    break;
  case OpMap::M_F3_0F:
    buf.put1(0xF3);
    break;
  }
  uint8_t rex =
      static_cast<uint8_t>(0x40 | (op.rexW << 3) | ((r >> 3) << 2) | ((x >> 3) << 1) | (b >> 3));
  if (rex != 0x40 || op.forceRex)
    buf.put1(rex);
  switch (op.map) {
  case OpMap::M_1:
    break;
  case OpMap::M_0F:
  case OpMap::M_66_0F:
  case OpMap::M_F2_0F:
  case OpMap::M_F3_0F:
    buf.put1(0x0F);
    break;
  }
  buf.put1(op.byte);
}

uint8_t modrm(unsigned mod, unsigned reg, unsigned rm) {
  return static_cast<uint8_t>((mod << 6) | ((reg & 7) << 3) | (rm & 7));
}

bool fitsI8(int64_t v) { return v >= -128 && v <= 127; }

void store32(std::span<uint8_t> out, size_t at, int64_t v) {
  for (unsigned i = 0; i < 4; ++i)
    out[at + i] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i));
}

} // namespace

unsigned hw(Reg r) {
  assert(r.isPhysical() && "emission needs allocated registers");
  return r.preg().hw();
}

void regRm(mach::MachBuffer &buf, const Opcode &op, unsigned reg, unsigned rm) {
  writePrefixesAndOpcode(buf, op, reg, 0, rm);
  buf.put1(modrm(3, reg, rm));
}

void regMem(mach::MachBuffer &buf, const Opcode &op, unsigned reg, const Amode &mem,
            unsigned immBytes) {
  switch (mem.kind()) {
  case Amode::Kind::RipLabel: {
    writePrefixesAndOpcode(buf, op, reg, 0, 0);
    buf.put1(modrm(0, reg, 5));
    uint32_t field = buf.rawOffset();
    buf.put4(0);
    buf.useLabel(field, mem.label(),
                 mach::LabelUse{4, static_cast<int8_t>(4 + immBytes), 0, false, {}});
    return;
  }
  case Amode::Kind::RipSymbol:
    regRipReloc(buf, op, reg, mach::Reloc::X86PCRel4, mem.symbol().name, mem.symbol().addend,
                immBytes);
    return;
  case Amode::Kind::BaseIndex:
    break;
  }
  const bool hasBase = hasReg(mem.base());
  const bool hasIndex = hasReg(mem.index());
  const unsigned base = hasBase ? hw(mem.base()) : 0;
  const unsigned index = hasIndex ? hw(mem.index()) : 0;
  const int32_t disp = mem.disp();
  assert(!hasIndex || index != 4);

  if (!hasBase) {
    // No base: SIB with base = 101 and mod = 00 means index*scale + disp32.
    writePrefixesAndOpcode(buf, op, reg, index, 0);
    buf.put1(modrm(0, reg, 4));
    buf.put1(static_cast<uint8_t>((mem.scaleLog2() << 6) | ((index & 7) << 3) | 5));
    buf.put4(static_cast<uint32_t>(disp));
    return;
  }
  // rbp/r13 as base cannot use mod = 00 (that means disp32 without base).
  const unsigned mod = (disp == 0 && (base & 7) != 5) ? 0 : fitsI8(disp) ? 1 : 2;
  const bool needSib = hasIndex || (base & 7) == 4;
  writePrefixesAndOpcode(buf, op, reg, index, base);
  if (needSib) {
    buf.put1(modrm(mod, reg, 4));
    unsigned idx = hasIndex ? (index & 7) : 4; // 100: no index
    buf.put1(static_cast<uint8_t>((mem.scaleLog2() << 6) | (idx << 3) | (base & 7)));
  } else {
    buf.put1(modrm(mod, reg, base));
  }
  if (mod == 1)
    buf.put1(static_cast<uint8_t>(disp));
  else if (mod == 2)
    buf.put4(static_cast<uint32_t>(disp));
}

void regRipReloc(mach::MachBuffer &buf, const Opcode &op, unsigned reg, mach::Reloc kind,
                 const ir::ExternalName &symbol, int64_t addend, unsigned immBytes) {
  writePrefixesAndOpcode(buf, op, reg, 0, 0);
  buf.put1(modrm(0, reg, 5));
  // The CPU adds the displacement to the end of the instruction: field + 4 + immBytes.
  buf.addReloc(buf.rawOffset(), kind, symbol, addend - 4 - static_cast<int64_t>(immBytes));
  buf.put4(0);
}

void opReg(mach::MachBuffer &buf, const Opcode &op, unsigned reg) {
  Opcode withReg = op;
  withReg.byte = static_cast<uint8_t>(op.byte + (reg & 7));
  writePrefixesAndOpcode(buf, withReg, 0, 0, reg);
}

void opOnly(mach::MachBuffer &buf, const Opcode &op) { writePrefixesAndOpcode(buf, op, 0, 0, 0); }

void imm(mach::MachBuffer &buf, int64_t value, unsigned bytes) {
  switch (bytes) {
  case 1:
    buf.put1(static_cast<uint8_t>(value));
    return;
  case 2:
    buf.put2(static_cast<uint16_t>(value));
    return;
  case 4:
    buf.put4(static_cast<uint32_t>(value));
    return;
  case 8:
    buf.put8(static_cast<uint64_t>(value));
    return;
  }
  assert(false && "immediate of 1, 2, 4 or 8 bytes");
}

// ---- Relaxable branches. The displacement MachBuffer passes is target - branch start; the
// CPU adds rel to the end of the branch, hence the size subtracted.

namespace {

bool reachesRel8(int64_t displacement) { return fitsI8(displacement - 2); }

void encodeJmp(bool isShort, int64_t displacement, uint32_t, std::span<uint8_t> out) {
  const FormInfo &fi = formInfo(Form::Jmp);
  if (isShort) {
    out[0] = static_cast<uint8_t>(fi.opS);
    out[1] = static_cast<uint8_t>(displacement - 2);
  } else {
    out[0] = static_cast<uint8_t>(fi.op);
    store32(out, 1, displacement - 5);
  }
}

void encodeJcc(bool isShort, int64_t displacement, uint32_t cc, std::span<uint8_t> out) {
  const FormInfo &fi = formInfo(Form::JmpCond);
  if (isShort) {
    out[0] = static_cast<uint8_t>(fi.opS + cc);
    out[1] = static_cast<uint8_t>(displacement - 2);
  } else {
    out[0] = 0x0F; // fi.map is M_0F for the long form
    out[1] = static_cast<uint8_t>(fi.op + cc);
    store32(out, 2, displacement - 6);
  }
}

} // namespace

const mach::BranchKind kJmp{2, 5, reachesRel8, encodeJmp};
const mach::BranchKind kJcc{2, 6, reachesRel8, encodeJcc};

} // namespace irc::x86_64::enc
