// TargetIsa: a code generator for one target, as tools/irc sees it. The one place that
// picks a target makes a TargetIsa (x86_64 or s390x); everything after that goes
// through this interface.
//
// A target implements its backend as a plain type satisfying TargetBackend (Compile.h)
// and wraps it in BackendIsa, so the pipeline is instantiated once per target and the
// driver needs no templates.
#pragma once

#include "codegen/ir/Function.h"
#include "codegen/mach/Compile.h"
#include "codegen/mach/CompiledCode.h"
#include "support/Expected.h"

#include <string_view>
#include <utility>

namespace irc::mach {

class TargetIsa {
public:
  virtual ~TargetIsa() = default;
  virtual std::string_view name() const = 0;
  virtual unsigned pointerBits() const = 0;
  virtual bool bigEndian() const = 0;
  /// Compiles one verified function. Safe to call from several threads at once.
  virtual Expected<CompiledCode> compile(const ir::Function &func,
                                         const CompileOptions &options) const = 0;
};

template <TargetBackend B> class BackendIsa final : public TargetIsa {
public:
  BackendIsa(B backend, unsigned pointerBits)
      : backend_(std::move(backend)), pointerBits_(pointerBits) {}
  std::string_view name() const override { return backend_.name(); }
  unsigned pointerBits() const override { return pointerBits_; }
  bool bigEndian() const override { return backend_.bigEndian(); }
  Expected<CompiledCode> compile(const ir::Function &func,
                                 const CompileOptions &options) const override {
    return compileFunction(func, backend_, options);
  }
  const B &backend() const { return backend_; }

private:
  B backend_;
  unsigned pointerBits_;
};

} // namespace irc::mach
