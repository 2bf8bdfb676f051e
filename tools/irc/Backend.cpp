// Backend: hands verified functions to the TargetIsa that target/Registry.h makes for the
// configuration, then turns the compiled code into the requested output.
#include "Backend.h"

#include "codegen/mach/Compile.h"
#include "obj/ObjectWriter.h"
#include "target/Registry.h"

namespace irc::tool {

Expected<std::string> runBackend(const BackendRequest &request) {
  auto isa = target::makeTargetIsa(request.config);
  if (!isa)
    return isa.error();
  mach::CompileOptions options = mach::compileOptionsFromSettings(request.config.settings);
  options.emitAsm = request.emit == EmitKind::Assembly;
  options.emitVCode = request.emit == EmitKind::VCode;
  regalloc::Context regallocContext; // allocator memory shared by the module's functions
  options.regallocContext = &regallocContext;

  std::vector<mach::CompiledCode> compiled;
  compiled.reserve(request.functions.size());
  for (const ir::Function *func : request.functions) {
    auto code = (*isa)->compile(*func, options);
    if (!code)
      return makeError(func->externalName.text() + ": " + code.error().message);
    compiled.push_back(std::move(code).value());
    if (request.regallocTotals) {
      const mach::CompiledCode::RegallocReport &r = compiled.back().regalloc;
      mach::CompiledCode::RegallocReport &total = *request.regallocTotals;
      total.stats += r.stats;
      total.insts += r.insts;
      total.nanoseconds += r.nanoseconds;
    }
  }

  std::string text;
  switch (request.emit) {
  case EmitKind::Assembly:
  case EmitKind::VCode:
    for (size_t i = 0; i < compiled.size(); ++i) {
      text += "; " + request.functions[i]->externalName.text() + "\n";
      text += request.emit == EmitKind::Assembly ? compiled[i].asmText : compiled[i].vcodeText;
    }
    return text;
  case EmitKind::Object: {
    obj::ObjectModule module;
    module.targetIsa = std::string(target::isaName(request.config.isa));
    for (size_t i = 0; i < compiled.size(); ++i)
      module.functions.push_back(
          obj::ObjectFunction{request.functions[i]->externalName.symbol(), true, &compiled[i]});
    auto bytes = obj::writeElfObject(module);
    if (!bytes)
      return bytes.error();
    return std::string(bytes->begin(), bytes->end());
  }
  }
  return text;
}

} // namespace irc::tool
