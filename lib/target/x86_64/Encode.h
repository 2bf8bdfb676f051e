// Encode: the byte-level x86_64 encoder for legacy/REX instructions: operand-size and
// mandatory prefixes, REX, opcode-map escapes, ModRM, SIB and displacements, and the
// relaxable branch kinds.
//
// Every instruction irc writes goes through one of the functions below, and all prefix
// decisions are made in one place (writePrefixesAndOpcode in Encode.cpp). Register numbers
// are hardware numbers 0..15; APX (REX2 for 16..31, EVEX for NDD) would be a second path in
// that one function, chosen when a number is >= 16 or the caller asks for NDD.
#pragma once

#include "codegen/mach/MachBuffer.h"
#include "target/x86_64/MInst.h"

#include <cstdint>

namespace irc::x86_64::enc {

/// Everything before the ModRM byte.
struct Opcode {
  OpMap map = OpMap::M_1; // mandatory prefix and escape bytes
  uint8_t byte = 0;
  bool opsize16 = false; // 66: 16-bit operand size
  bool rexW = false;
  bool forceRex = false; // a byte operand is spl/bpl/sil/dil
};

/// opcode, ModRM with mod=11 (register rm).
void regRm(mach::MachBuffer &buf, const Opcode &op, unsigned reg, unsigned rm);
/// opcode, ModRM/SIB/displacement for a memory rm. immBytes: how many immediate bytes the
/// caller writes after the displacement (a RIP-relative displacement is relative to the
/// instruction's end, so its bias is 4 + immBytes).
void regMem(mach::MachBuffer &buf, const Opcode &op, unsigned reg, const Amode &mem,
            unsigned immBytes);
/// opcode, ModRM for (%rip) and a disp32 relocated as `kind` against symbol + addend; the
/// relocation's addend is addend - 4 - immBytes (the field to the instruction's end).
void regRipReloc(mach::MachBuffer &buf, const Opcode &op, unsigned reg, mach::Reloc kind,
                 const ir::ExternalName &symbol, int64_t addend, unsigned immBytes);
/// opcode + register in its low three bits (push, pop, bswap, mov $imm, movabs).
void opReg(mach::MachBuffer &buf, const Opcode &op, unsigned reg);
/// opcode alone (ret, cqto, ud2, accumulator forms).
void opOnly(mach::MachBuffer &buf, const Opcode &op);
/// Little-endian immediate of 1, 2, 4 or 8 bytes.
void imm(mach::MachBuffer &buf, int64_t value, unsigned bytes);

/// Hardware number of an allocated register.
unsigned hw(Reg r);

/// The relaxable branches: jmp rel8/rel32 (payload unused) and jcc rel8/rel32 (payload: the
/// CondCode).
extern const mach::BranchKind kJmp;
extern const mach::BranchKind kJcc;

} // namespace irc::x86_64::enc
