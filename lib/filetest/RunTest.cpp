// `test run`: every function of the file (and a trampoline per function that C cannot
// call directly) compiled into one ELF object, linked with a generated C harness
// (Harness.h), and run once: natively on an x86_64 host, under qemu-s390x for s390x.
//
// The functions' symbols get a prefix (%f becomes __irc_fn_f, calls between them too),
// so a test function called `main` or `sqrt` cannot clash with the C library.
#include "codegen/mach/Compile.h"
#include "filetest/Harness.h"
#include "filetest/Process.h"
#include "filetest/Subtest.h"
#include "filetest/Trampoline.h"
#include "obj/ObjectWriter.h"
#include "parser/Parser.h"
#include "parser/RunCommand.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include <cctype>
#include <map>
#include <set>

namespace irc::filetest {

namespace {

constexpr std::string_view kSymbolPrefix = "__irc_fn_";
constexpr std::string_view kTrampolinePrefix = "__irc_run_";
constexpr size_t kMaxToolOutputLines = 20;

#if defined(__x86_64__)
bool cpuidBit(unsigned leaf, unsigned reg, unsigned bit) {
  unsigned r[4] = {0, 0, 0, 0};
  if (!__get_cpuid(leaf, &r[0], &r[1], &r[2], &r[3]))
    return false;
  return (r[reg] >> bit) & 1;
}

/// CPUID.(07H,01H):EAX bit `bit`.
bool cpuidBit7Sub1Eax(unsigned bit) {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx))
    return false;
  return (eax >> bit) & 1;
}

bool hostHas(target::X86_64Flag flag) {
  using F = target::X86_64Flag;
  __builtin_cpu_init();
  switch (flag) {
  case F::HasSse3:
    return __builtin_cpu_supports("sse3");
  case F::HasSsse3:
    return __builtin_cpu_supports("ssse3");
  case F::HasCmpxchg16b:
    return cpuidBit(1, 2, 13);
  case F::HasSse41:
    return __builtin_cpu_supports("sse4.1");
  case F::HasSse42:
    return __builtin_cpu_supports("sse4.2");
  case F::HasPopcnt:
    return __builtin_cpu_supports("popcnt");
  case F::HasAvx:
    return __builtin_cpu_supports("avx");
  case F::HasAvx2:
    return __builtin_cpu_supports("avx2");
  case F::HasFma:
    return __builtin_cpu_supports("fma");
  case F::HasBmi1:
    return __builtin_cpu_supports("bmi");
  case F::HasBmi2:
    return __builtin_cpu_supports("bmi2");
  case F::HasLzcnt:
    return cpuidBit(0x80000001u, 2, 5);
  case F::HasAvx512bitalg:
    return __builtin_cpu_supports("avx512bitalg");
  case F::HasAvx512dq:
    return __builtin_cpu_supports("avx512dq");
  case F::HasAvx512vl:
    return __builtin_cpu_supports("avx512vl");
  case F::HasAvx512vbmi:
    return __builtin_cpu_supports("avx512vbmi");
  case F::HasAvx512f:
    return __builtin_cpu_supports("avx512f");
  case F::HasAvx512vnni:
    return __builtin_cpu_supports("avx512vnni");
  case F::HasAvxVnni:
    return cpuidBit7Sub1Eax(4); // clang 14 has no "avxvnni" feature string
  case F::HasApx:
    return false; // no host check yet: never assumed
  }
  return false;
}
#endif

/// Why this machine cannot run the target's code, or empty.
std::string cannotRunReason(const Toolchain &tools, const target::TargetConfig &config) {
  switch (config.isa) {
  case target::Isa::X86_64: {
#if defined(__x86_64__)
    for (size_t i = 0; i < target::isaFlagInfos(config.isa).size(); ++i) {
      auto flag = static_cast<target::X86_64Flag>(i);
      if (config.flags.has(flag) && !hostHas(flag))
        return "the host CPU lacks " + std::string(target::isaFlagInfos(config.isa)[i].name);
    }
    if (findExecutable(tools.hostCc.at(0)).empty())
      return "no C compiler '" + tools.hostCc.at(0) + "' (set CC)";
    return {};
#else
    (void)tools;
    return "x86_64 code runs only on an x86_64 host";
#endif
  }
  case target::Isa::S390x:
    if (config.flags.has(target::S390xFlag::HasMie4))
      return "qemu-s390x does not run has_mie4 (z17) code";
    if (findExecutable(tools.s390xCc.at(0)).empty())
      return "no s390x C compiler '" + tools.s390xCc.at(0) + "' (set IRC_S390X_CC)";
    if (findExecutable(tools.qemuS390x.at(0)).empty())
      return "no '" + tools.qemuS390x.at(0) + "' (set IRC_QEMU_S390X)";
    return {};
  }
  return "unknown target";
}

/// The function a directive calls: "%name" after "run:"/"print:", or empty (bare form).
std::string directiveFunction(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos)
    return {};
  size_t pct = text.find('%', colon);
  if (pct == std::string_view::npos)
    return {};
  size_t end = pct + 1;
  while (end < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))
    ++end;
  return std::string(text.substr(pct + 1, end - pct - 1));
}

/// "%f(1, 2) == 3": the directive after "run:" / "print:", trimmed.
std::string directiveText(std::string_view text, const std::string &function) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos)
    return "%" + function + "()";
  std::string_view rest = text.substr(colon + 1);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t'))
    rest.remove_prefix(1);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t' || rest.back() == '\r'))
    rest.remove_suffix(1);
  return std::string(rest);
}

void addToolOutput(SubtestBuilder &builder, std::string_view output) {
  size_t lines = 0, start = 0;
  while (start < output.size() && lines < kMaxToolOutputLines) {
    size_t nl = output.find('\n', start);
    if (nl == std::string_view::npos)
      nl = output.size();
    builder.fail("  " + std::string(output.substr(start, nl - start)));
    start = nl + 1;
    ++lines;
  }
  if (start < output.size())
    builder.fail("  ...");
}

/// The symbol a function had before renaming ("f" for %f, "u0_1" for u0:1).
std::string originalSymbol(const ir::ExternalName &renamed) {
  if (renamed.kind == ir::ExternalName::Kind::TestCase && renamed.name.starts_with(kSymbolPrefix))
    return renamed.name.substr(kSymbolPrefix.size());
  return renamed.symbol();
}

/// The name the file gave a function ("%f", "u0:1").
std::string displayName(const ir::ExternalName &renamed) {
  if (renamed.kind == ir::ExternalName::Kind::TestCase)
    return "%" + originalSymbol(renamed);
  return renamed.text();
}

void renameDefined(ir::ExternalName &name, const std::set<std::string> &defined) {
  if (name.kind == ir::ExternalName::Kind::TestCase && defined.count(name.name))
    name.name = std::string(kSymbolPrefix) + name.name;
}

} // namespace

SubtestResult runRunTest(FileContext &ctx, const TargetContext &target,
                         const mach::TargetIsa &isa) {
  const target::TargetConfig &config = *target.config;
  const RunnerOptions &opts = ctx.options;
  if (std::string why = cannotRunReason(opts.toolchain, config); !why.empty())
    return SubtestResult{Outcome::Skip, "test run: " + why, {}, {}};

  // A private copy of the functions: symbols are renamed, the other subtests keep theirs.
  auto reparsed = parser::parseTestFile(ctx.text);
  if (!reparsed)
    return SubtestResult{Outcome::Fail, "test run: the file does not parse twice alike", {}, {}};
  parser::TestFile &file = *reparsed;
  std::set<std::string> defined;
  std::map<std::string, size_t> byName;
  for (size_t i = 0; i < file.functions.size(); ++i) {
    const ir::ExternalName &name = file.functions[i].function->externalName;
    if (name.kind == ir::ExternalName::Kind::TestCase) {
      defined.insert(name.name);
      byName.emplace(name.name, i);
    }
  }
  for (parser::ParsedFunction &fn : file.functions) {
    ir::Function &func = *fn.function;
    renameDefined(func.externalName, defined);
    for (ir::FuncRef ref : func.dfg.extFuncs.keys())
      renameDefined(func.dfg.extFuncs[ref].name, defined);
    for (ir::GlobalValue gv : func.globalValues.keys())
      if (func.globalValues[gv].kind == ir::GlobalValueData::Kind::Symbol)
        renameDefined(func.globalValues[gv].name, defined);
  }

  SubtestBuilder builder;
  // The run and print lines, in file order.
  std::vector<HarnessCall> calls;
  std::vector<bool> needsTrampoline(file.functions.size(), false);
  for (const parser::ParsedFunction &fn : file.functions) {
    for (const parser::Comment &comment : fn.comments) {
      if (!parser::isRunDirective(comment.text))
        continue;
      std::string name = directiveFunction(comment.text);
      size_t index = 0;
      if (name.empty()) {
        index = static_cast<size_t>(&fn - file.functions.data());
        name = originalSymbol(fn.function->externalName);
      } else if (auto it = byName.find(name); it != byName.end()) {
        index = it->second;
      } else {
        builder.fail(fileLine(ctx, comment.loc.line) + "the run line calls %" + name +
                     ", which this file does not define");
        continue;
      }
      const ir::Function &callee = *file.functions[index].function;
      auto command = parser::parseRunCommand(comment.text, callee.signature);
      if (!command) {
        builder.fail(fileLine(ctx, comment.loc.line) + "bad run line: " + command.error().message);
        continue;
      }
      HarnessCall call;
      call.line = comment.loc.line;
      call.text = directiveText(comment.text, name);
      call.command = std::move(command).value();
      for (const ir::AbiParam &p : callee.signature.params)
        call.paramTypes.push_back(p.type);
      for (const ir::AbiParam &p : callee.signature.returns)
        call.resultTypes.push_back(p.type);
      call.direct = isDirectlyCallable(callee.signature, config.isa);
      if (call.direct) {
        call.symbol = callee.externalName.symbol();
      } else {
        call.symbol = std::string(kTrampolinePrefix) + originalSymbol(callee.externalName);
        needsTrampoline[index] = true;
      }
      calls.push_back(std::move(call));
    }
  }

  // Compile every function, then the trampolines.
  mach::CompileOptions options = mach::compileOptionsFromSettings(config.settings);
  std::vector<mach::CompiledCode> compiled;
  std::vector<std::string> symbols;
  compiled.reserve(2 * file.functions.size());
  auto compileOne = [&](const parser::ParsedFunction &fn, const std::string &what) {
    std::vector<std::string> errors;
    if (config.settings.enableVerifier())
      errors = verifierErrors(ctx, fn, target.pointerBits);
    else
      fn.function->pointerBits = target.pointerBits;
    if (!errors.empty()) {
      builder.failAll(std::move(errors));
      return;
    }
    auto code = isa.compile(*fn.function, options);
    if (!code) {
      if (!unsupportedReason(code.error().message).empty())
        builder.unsupported(code.error().message);
      else
        builder.fail(what + ": compile error: " + code.error().message);
      return;
    }
    compiled.push_back(std::move(code).value());
    symbols.push_back(fn.function->externalName.symbol());
  };
  for (const parser::ParsedFunction &fn : file.functions)
    compileOne(fn, fileLine(ctx, fn.loc.line) + displayName(fn.function->externalName));
  std::vector<parser::TestFile> trampolines;
  for (size_t i = 0; i < file.functions.size(); ++i) {
    if (!needsTrampoline[i])
      continue;
    const ir::Function &callee = *file.functions[i].function;
    std::string name = std::string(kTrampolinePrefix) + originalSymbol(callee.externalName);
    std::string text = generateTrampoline(name, callee.externalName, callee.signature);
    auto parsedTrampoline = parser::parseTestFile(text);
    if (!parsedTrampoline || parsedTrampoline->functions.size() != 1) {
      builder.fail("irc bug: the trampoline for " + callee.externalName.text() + " does not parse" +
                   (parsedTrampoline ? std::string() : ": " + parsedTrampoline.error().message));
      continue;
    }
    trampolines.push_back(std::move(parsedTrampoline).value());
    compileOne(trampolines.back().functions[0], "the trampoline %" + name);
  }
  if (builder.failed())
    return builder.finish("test run: compilation failed");
  if (calls.empty() || compiled.size() < file.functions.size() + trampolines.size())
    return builder.finish("test run");

  // One object, one harness, one run.
  auto dir = TempDir::create(opts.tempRoot, "irc-test-");
  if (!dir)
    return SubtestResult{Outcome::Fail, "test run: " + dir.error().message, {}, {}};
  if (opts.keepTemps) {
    dir->keep();
    builder.note("temporary files kept in " + dir->path());
  }
  obj::ObjectModule module;
  module.targetIsa = std::string(target::isaName(config.isa));
  for (size_t i = 0; i < compiled.size(); ++i)
    module.functions.push_back(obj::ObjectFunction{symbols[i], true, &compiled[i]});
  const std::string objectPath = dir->path() + "/functions.o";
  const std::string harnessPath = dir->path() + "/harness.c";
  const std::string exePath = dir->path() + "/harness";
  if (auto written = obj::writeElfObjectFile(module, objectPath); !written)
    return SubtestResult{Outcome::Fail, "test run: " + written.error().message, {}, {}};
  HarnessSpec spec{ctx.path + " [" + target.label + "]", calls};
  if (auto written = writeWholeFile(harnessPath, generateHarness(spec)); !written)
    return SubtestResult{Outcome::Fail, "test run: " + written.error().message, {}, {}};

  bool s390x = config.isa == target::Isa::S390x;
  std::vector<std::string> build = s390x ? opts.toolchain.s390xCc : opts.toolchain.hostCc;
  if (s390x)
    build.insert(build.end(), {"-march=z14", "-static"});
  else
    build.push_back("-no-pie");
  build.insert(build.end(), {"-O0", "-w", "-o", exePath, harnessPath, objectPath, "-lm"});
  auto built = runProcess(build, opts.timeoutSeconds);
  if (!built || !built->succeeded()) {
    builder.fail("building the harness failed: " +
                 (built ? built->statusText(opts.timeoutSeconds) : built.error().message));
    if (built)
      addToolOutput(builder, built->err + built->out);
    return builder.finish("test run: the harness does not build");
  }
  std::vector<std::string> run;
  if (s390x) {
    run = opts.toolchain.qemuS390x;
    run.insert(run.end(), {"-L", opts.toolchain.s390xSysroot});
  }
  run.push_back(exePath);
  auto ran = runProcess(run, opts.timeoutSeconds);
  if (!ran)
    return SubtestResult{Outcome::Fail, "test run: " + ran.error().message, {}, {}};
  auto output = parseHarnessOutput(ran->out);
  if (!output) {
    builder.fail(output.error().message);
    return builder.finish("test run: the harness misbehaved");
  }
  std::map<uint32_t, const HarnessCall *> callAt;
  for (const HarnessCall &call : calls)
    callAt.emplace(call.line, &call);
  size_t failedLines = 0;
  for (const HarnessEvent &event : output->events) {
    auto it = callAt.find(event.line);
    if (it == callAt.end()) {
      builder.fail("the harness reported an unknown line " + std::to_string(event.line));
      continue;
    }
    std::string text = formatHarnessEvent(ctx.path, *it->second, event);
    if (event.kind == HarnessEvent::Kind::Print) {
      builder.note(text);
    } else {
      builder.fail(text);
      ++failedLines;
    }
  }
  if (!output->finished || !ran->succeeded()) {
    builder.fail("the harness stopped early (" + ran->statusText(opts.timeoutSeconds) + ")");
    addToolOutput(builder, ran->err);
    return builder.finish("test run: the harness stopped early");
  }
  return builder.finish("test run: " + std::to_string(failedLines) + " of " +
                        std::to_string(calls.size()) + " run line(s) failed");
}

} // namespace irc::filetest
