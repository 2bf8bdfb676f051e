// TestFunctionBuilder: builds functions in memory for the analysis and verifier tests.
//
// Every block and instruction gets the next source line (the function is line 1), as if
// it had been parsed from a text with one entity per line, so tests can check the
// locations the verifier reports. Words go where InstData.h says each format keeps them.
#pragma once

#include "codegen/ir/Function.h"

#include <initializer_list>
#include <string>
#include <vector>

// Time limits in tests hold only for optimized builds without sanitizers, which run
// 10-100x slower; elsewhere the tests still run but do not check the clock.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IRC_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define IRC_TEST_SANITIZED 1
#endif

namespace irc::ir::test {

#if defined(__OPTIMIZE__) && !defined(IRC_TEST_SANITIZED)
inline constexpr bool kCheckTimes = true;
#else
inline constexpr bool kCheckTimes = false;
#endif

class TestFunctionBuilder {
public:
  Function f;

  explicit TestFunctionBuilder(std::string name = "f", CallConv cc = CallConv::Fast) {
    f.externalName = ExternalName::testCase(std::move(name));
    f.signature.callConv = cc;
    f.positions.function = SourceLoc{1, 1, 0};
  }

  uint32_t nextLine() const { return line_ + 1; }

  Block block(std::initializer_list<Type> params = {}) {
    Block b = f.dfg.makeBlock();
    f.layout.appendBlock(b);
    f.positions.blocks[b] = here();
    for (Type t : params)
      f.dfg.appendBlockParam(b, t);
    return b;
  }
  Value param(Block b, uint32_t n) const { return f.dfg.blockParams(b)[n]; }

  /// Any instruction: raw words, results, and the two small immediate fields.
  Inst inst(Block b, Opcode op, std::initializer_list<uint32_t> words,
            std::initializer_list<Type> results = {}, uint8_t aux8 = 0, uint16_t aux16 = 0) {
    InstData d;
    d.opcode = op;
    d.aux8 = aux8;
    d.aux16 = aux16;
    unsigned k = 0;
    for (uint32_t w : words)
      d.w[k++] = w;
    Inst i = f.dfg.makeInst(d);
    for (Type t : results)
      f.dfg.appendResult(i, t);
    if (b.isValid()) {
      f.layout.appendInst(i, b);
      f.positions.insts[i] = here();
    }
    return i;
  }
  Value result(Inst i, uint32_t n = 0) const { return f.dfg.results(i)[n]; }

  Value iconst(Block b, Type t, int64_t imm) {
    Inst i = inst(b, Opcode::Iconst, {}, {t});
    f.dfg.inst(i).setImm64(imm);
    return result(i);
  }
  Value unary(Block b, Opcode op, Value x, Type t) { return result(inst(b, op, {x.index()}, {t})); }
  Value binary(Block b, Opcode op, Value x, Value y, Type t) {
    return result(inst(b, op, {x.index(), y.index()}, {t}));
  }

  BlockCall target(Block b, std::initializer_list<BlockArg> args = {}) {
    return f.dfg.makeBlockCall(b, std::vector<BlockArg>(args));
  }
  static BlockArg arg(Value v) { return BlockArg::value(v); }
  uint32_t list(std::initializer_list<Value> values) {
    return f.dfg.makeValueList(std::vector<Value>(values)).handle;
  }

  Inst jump(Block b, BlockCall to) { return inst(b, Opcode::Jump, {to.index()}); }
  Inst brif(Block b, Value c, BlockCall then, BlockCall otherwise) {
    return inst(b, Opcode::Brif, {c.index(), then.index(), otherwise.index()});
  }
  Inst brTable(Block b, Value index, std::vector<BlockCall> entries) {
    JumpTable jt = f.dfg.jumpTables.push(JumpTableData{std::move(entries)});
    return inst(b, Opcode::BrTable, {index.index(), jt.index()});
  }
  Inst ret(Block b, std::initializer_list<Value> values = {}) {
    return inst(b, Opcode::Return, {0, list(values)});
  }

  SigRef signature(Signature sig) { return f.dfg.signatures.push(std::move(sig)); }
  FuncRef function(std::string name, SigRef sig, bool colocated = false, bool patchable = false) {
    FuncRef fn = f.dfg.extFuncs.push(
        ExtFuncData{ExternalName::testCase(std::move(name)), sig, colocated, patchable});
    f.positions.extFuncs[fn] = here();
    return fn;
  }
  Inst call(Block b, Opcode op, FuncRef fn, std::initializer_list<Value> args,
            std::initializer_list<Type> results = {}) {
    return inst(b, op, {fn.index(), list(args)}, results);
  }
  Inst tryCall(Block b, FuncRef fn, std::initializer_list<Value> args, ExceptionTableData et) {
    ExceptionTable t = f.dfg.exceptionTables.push(std::move(et));
    return inst(b, Opcode::TryCall, {fn.index(), list(args), t.index()});
  }

  uint16_t flags(const MemFlags &m) { return f.dfg.internMemFlags(m).index; }

  static Signature sig(std::initializer_list<Type> params, std::initializer_list<Type> returns,
                       CallConv cc = CallConv::Fast) {
    Signature s;
    for (Type t : params)
      s.params.push_back(AbiParam{t});
    for (Type t : returns)
      s.returns.push_back(AbiParam{t});
    s.callConv = cc;
    return s;
  }

  /// The source position of the next entity, one line per entity.
  SourceLoc here() { return SourceLoc{++line_, 1, 0}; }

private:
  uint32_t line_ = 1;
};

} // namespace irc::ir::test
