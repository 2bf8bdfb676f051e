#include "codegen/ir/DataFlowGraph.h"

#include <cassert>

namespace irc::ir {

DataFlowGraph::DataFlowGraph() {
  pool_.push_back(0); // handle 0: the empty list
  memFlags_.push_back(MemFlags());
}

Value DataFlowGraph::resolveAliases(Value v) const {
  // Alias chains are short in practice; the step bound guards malformed cycles.
  for (uint32_t steps = 0; steps <= values_.size(); ++steps) {
    const ValueData &d = values_[v];
    if (d.kind != ValueKind::Alias)
      return v;
    v = Value(d.owner);
  }
  return v;
}

Value DataFlowGraph::makeAlias(Value original, Type type) {
  return values_.push(ValueData{ValueKind::Alias, type, 0, original.index()});
}

void DataFlowGraph::changeToAlias(Value v, Value original) {
  ValueData &d = values_[v];
  d.kind = ValueKind::Alias;
  d.num = 0;
  d.owner = original.index();
}

std::optional<Inst> DataFlowGraph::valueInst(Value v) const {
  const ValueData &d = values_[v];
  if (d.kind == ValueKind::Result)
    return Inst(d.owner);
  return std::nullopt;
}

Value DataFlowGraph::makeUndefinedValue() {
  return values_.push(ValueData{ValueKind::Result, types::Invalid, 0, Inst::kNone});
}

void DataFlowGraph::attachResult(Inst i, Value v, Type type) {
  uint32_t num = results_[i].handle == 0 ? 0 : pool_[results_[i].handle];
  values_[v] = ValueData{ValueKind::Result, type, num, i.index()};
  results_[i].handle = appendToList(results_[i].handle, v.index());
}

void DataFlowGraph::attachBlockParam(Block b, Value v, Type type) {
  uint32_t num = blocks_[b].params.handle == 0 ? 0 : pool_[blocks_[b].params.handle];
  values_[v] = ValueData{ValueKind::Param, type, num, b.index()};
  blocks_[b].params.handle = appendToList(blocks_[b].params.handle, v.index());
}

Inst DataFlowGraph::makeInst(const InstData &data) { return insts_.push(data); }

ValueRange DataFlowGraph::instArgs(Inst i) const {
  const InstData &d = insts_[i];
  const FormatInfo &f = formatInfo(d.format());
  if (f.varArgs)
    return listRange(d.valueList());
  return ValueRange(d.w.data(), f.fixedValues);
}

ValueRange DataFlowGraph::fixedArgs(Inst i) const {
  const InstData &d = insts_[i];
  const FormatInfo &f = formatInfo(d.format());
  if (f.varArgs) {
    ValueRange all = listRange(d.valueList());
    uint32_t n = std::min<uint32_t>(f.fixedValues, all.size());
    return n == 0 ? ValueRange() : ValueRange(&pool_[d.valueList().handle + 1], n);
  }
  return ValueRange(d.w.data(), f.fixedValues);
}

ValueRange DataFlowGraph::varArgs(Inst i) const {
  const InstData &d = insts_[i];
  const FormatInfo &f = formatInfo(d.format());
  if (!f.varArgs)
    return ValueRange();
  ValueRange all = listRange(d.valueList());
  if (all.size() <= f.fixedValues)
    return ValueRange();
  return ValueRange(&pool_[d.valueList().handle + 1 + f.fixedValues],
                    all.size() - f.fixedValues);
}

void DataFlowGraph::setInstArg(Inst i, uint32_t n, Value v) {
  InstData &d = insts_[i];
  const FormatInfo &f = formatInfo(d.format());
  if (f.varArgs) {
    uint32_t h = d.valueList().handle;
    assert(h != 0 && n < pool_[h]);
    pool_[h + 1 + n] = v.index();
  } else {
    assert(n < f.fixedValues);
    d.w[n] = v.index();
  }
}

uint32_t DataFlowGraph::appendToList(uint32_t handle, uint32_t item) {
  if (handle == 0) {
    handle = static_cast<uint32_t>(pool_.size());
    pool_.push_back(1);
    pool_.push_back(item);
    return handle;
  }
  uint32_t len = pool_[handle];
  if (handle + 1 + len == pool_.size()) {
    pool_.push_back(item);
    ++pool_[handle];
    return handle;
  }
  // Not at the end: move the list there. The old words become garbage.
  uint32_t moved = static_cast<uint32_t>(pool_.size());
  pool_.push_back(len + 1);
  for (uint32_t k = 0; k < len; ++k)
    pool_.push_back(pool_[handle + 1 + k]);
  pool_.push_back(item);
  return moved;
}

Value DataFlowGraph::appendResult(Inst i, Type type) {
  uint32_t num = results_[i].handle == 0 ? 0 : pool_[results_[i].handle];
  Value v = values_.push(ValueData{ValueKind::Result, type, num, i.index()});
  results_[i].handle = appendToList(results_[i].handle, v.index());
  return v;
}

ValueRange DataFlowGraph::results(Inst i) const { return listRange(results_[i]); }

Type DataFlowGraph::ctrlType(Inst i) const {
  const InstData &d = insts_[i];
  const OpcodeInfo &info = d.info();
  switch (info.typeVar) {
  case TypeVar::None:
    return types::Invalid;
  case TypeVar::Result: {
    ValueRange r = results(i);
    return r.empty() ? types::Invalid : valueType(r[0]);
  }
  case TypeVar::Op0:
  case TypeVar::Op1:
  case TypeVar::Op2: {
    uint32_t n = static_cast<uint32_t>(info.typeVar) - static_cast<uint32_t>(TypeVar::Op0);
    ValueRange args = fixedArgs(i);
    return n < args.size() ? valueType(args[n]) : types::Invalid;
  }
  }
  return types::Invalid;
}

std::optional<SigRef> DataFlowGraph::callSignature(Inst i) const {
  const InstData &d = insts_[i];
  switch (d.format()) {
  case Format::Call:
  case Format::TryCall:
    return extFuncs[d.funcRef()].signature;
  case Format::CallIndirect:
    return d.sigRef();
  case Format::TryCallIndirect:
    return exceptionTables[d.exceptionTable()].signature;
  default:
    return std::nullopt;
  }
}

std::vector<BlockCall> DataFlowGraph::branchDestinations(Inst i) const {
  const InstData &d = insts_[i];
  switch (d.format()) {
  case Format::Jump:
    return {d.jumpDest()};
  case Format::Brif:
    return {d.brifThen(), d.brifElse()};
  case Format::BranchTable:
    return jumpTables[d.jumpTable()].entries;
  case Format::TryCall:
  case Format::TryCallIndirect: {
    const ExceptionTableData &et = exceptionTables[d.exceptionTable()];
    std::vector<BlockCall> out{et.normalReturn};
    for (const ExceptionTableItem &item : et.items)
      if (item.kind != ExceptionTableItem::Kind::Context)
        out.push_back(item.handler);
    return out;
  }
  default:
    return {};
  }
}

MemFlagsRef DataFlowGraph::internMemFlags(const MemFlags &flags) {
  for (size_t k = 0; k < memFlags_.size(); ++k)
    if (memFlags_[k] == flags)
      return MemFlagsRef{static_cast<uint16_t>(k)};
  // A function with more than 65535 distinct flag combinations is not a real program;
  // the parser reports it before getting here.
  assert(memFlags_.size() < 0xffff);
  memFlags_.push_back(flags);
  return MemFlagsRef{static_cast<uint16_t>(memFlags_.size() - 1)};
}

Block DataFlowGraph::makeBlock() { return blocks_.push(BlockData{}); }

Value DataFlowGraph::appendBlockParam(Block b, Type type) {
  uint32_t num = blocks_[b].params.handle == 0 ? 0 : pool_[blocks_[b].params.handle];
  Value v = values_.push(ValueData{ValueKind::Param, type, num, b.index()});
  blocks_[b].params.handle = appendToList(blocks_[b].params.handle, v.index());
  return v;
}

BlockCall DataFlowGraph::makeBlockCall(Block target, const std::vector<BlockArg> &args) {
  uint32_t handle = static_cast<uint32_t>(pool_.size());
  pool_.push_back(static_cast<uint32_t>(args.size() + 1));
  pool_.push_back(target.index());
  for (const BlockArg &a : args)
    pool_.push_back(a.raw());
  return BlockCall(handle);
}

ValueList DataFlowGraph::makeValueList(const std::vector<Value> &values) {
  if (values.empty())
    return ValueList{0};
  uint32_t handle = static_cast<uint32_t>(pool_.size());
  pool_.push_back(static_cast<uint32_t>(values.size()));
  for (Value v : values)
    pool_.push_back(v.index());
  return ValueList{handle};
}

} // namespace irc::ir
