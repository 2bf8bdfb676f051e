// The runner: file collection, target selection, the subtests of each file and target,
// blessing, and the thread pool that keeps reports in input order.
//
// Target selection (docs/testing.md):
// - each `target` line is one target, with its ISA flags and the `set` lines above it;
//   --target T keeps only lines naming T;
// - `test compile` and `test run` need an ISA irc generates code for; `test verifier`
//   runs for any ISA whose pointer width irc knows (pulley32 verifies with 32 bits);
// - a file without `target` lines runs `test run` on the host ISA (or T) and `test
//   verifier` without a pointer width; `test compile` needs a target line;
// - a file none of whose targets can run anything is SKIPped with the reason.
#include "filetest/Runner.h"

#include "filetest/Process.h"
#include "filetest/Subtest.h"
#include "parser/Parser.h"
#include "support/Diagnostic.h"
#include "target/Registry.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

namespace irc::filetest {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> splitWords(const char *text) {
  std::vector<std::string> words;
  std::string word;
  for (const char *p = text; *p; ++p) {
    if (*p == ' ' || *p == '\t') {
      if (!word.empty())
        words.push_back(std::move(word));
      word.clear();
    } else {
      word += *p;
    }
  }
  if (!word.empty())
    words.push_back(std::move(word));
  return words;
}

enum class Kind { Verifier, Compile, Run, Other };

Kind commandKind(const parser::TestCommand &command) {
  if (command.name == "verifier")
    return Kind::Verifier;
  if (command.name == "compile")
    return Kind::Compile;
  if (command.name == "run")
    return Kind::Run;
  return Kind::Other;
}

std::string targetLabel(const parser::TargetSpec &spec) {
  std::string label = spec.isa;
  for (const parser::Setting &flag : spec.isaFlags)
    label += " " + flag.name + (flag.value.empty() ? "" : "=" + flag.value);
  return label;
}

/// Applies `set` lines, then --set; file errors become details.
bool applySettings(const FileContext &ctx, const std::vector<parser::Setting> &fileSettings,
                   codegen::Settings &settings, std::vector<std::string> &errors) {
  for (const parser::Setting &s : fileSettings) {
    auto applied = s.value.empty() ? settings.enable(s.name) : settings.set(s.name, s.value);
    if (!applied)
      errors.push_back(fileLine(ctx, s.loc.line) + applied.error().message);
  }
  for (const std::string &assignment : ctx.options.settings)
    if (auto applied = settings.apply(assignment); !applied)
      errors.push_back("--set " + assignment + ": " + applied.error().message);
  return errors.empty();
}

/// Merges one subtest into the target's result: FAIL > UNSUPPORTED > PASS > SKIP.
void merge(TargetResult &into, bool &anyRan, SubtestResult &&sub) {
  auto rank = [](Outcome o) {
    switch (o) {
    case Outcome::Fail:
      return 3;
    case Outcome::Unsupported:
      return 2;
    case Outcome::Pass:
      return 1;
    case Outcome::Skip:
      return 0;
    }
    return 0;
  };
  if (!anyRan || rank(sub.outcome) > rank(into.outcome)) {
    into.outcome = sub.outcome;
    into.reason = sub.reason;
  }
  anyRan = true;
  for (std::string &d : sub.details)
    into.details.push_back(std::move(d));
}

void runTarget(FileContext &ctx, TargetContext &target, const std::vector<Kind> &kinds,
               TargetResult &result, std::vector<TextEdit> &edits) {
  bool anyRan = false;
  std::unique_ptr<mach::TargetIsa> isa;
  std::string isaError;
  if (target.isa) {
    auto made = ctx.options.makeIsa ? ctx.options.makeIsa(*target.config)
                                    : target::makeTargetIsa(*target.config);
    if (made)
      isa = std::move(made).value();
    else
      isaError = made.error().message;
  }
  for (size_t k = 0; k < ctx.file.commands.size(); ++k) {
    const parser::TestCommand &command = ctx.file.commands[k];
    switch (kinds[k]) {
    case Kind::Other:
      continue;
    case Kind::Verifier:
      merge(result, anyRan, runVerifierTest(ctx, target));
      continue;
    case Kind::Compile:
    case Kind::Run:
      break;
    }
    if (!target.spec && kinds[k] == Kind::Compile) {
      merge(result, anyRan,
            SubtestResult{Outcome::Skip, "test compile needs a target line", {}, {}});
      continue;
    }
    if (!target.isa)
      continue; // an ISA irc only verifies for
    if (!isa) {
      merge(result, anyRan, SubtestResult{Outcome::Skip, isaError, {}, {}});
      continue;
    }
    SubtestResult sub = kinds[k] == Kind::Compile ? runCompileTest(ctx, target, *isa, command)
                                                  : runRunTest(ctx, target, *isa);
    for (TextEdit &e : sub.edits)
      edits.push_back(std::move(e));
    merge(result, anyRan, std::move(sub));
  }
}

/// True if a line before the first function starts with the word `test`.
bool hasTestLine(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos)
      nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    start = nl + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
      line.remove_prefix(1);
    auto word = [&](std::string_view w) {
      return line.starts_with(w) && (line.size() == w.size() || line[w.size()] == ' ' ||
                                     line[w.size()] == '\t' || line[w.size()] == '\r');
    };
    if (word("test"))
      return true;
    if (word("function"))
      return false;
  }
  return false;
}

} // namespace

Toolchain Toolchain::fromEnvironment() {
  Toolchain tools;
  auto fromEnv = [](const char *name, std::vector<std::string> &into) {
    if (const char *value = std::getenv(name); value && *value) {
      std::vector<std::string> words = splitWords(value);
      if (!words.empty())
        into = std::move(words);
    }
  };
  fromEnv("CC", tools.hostCc);
  fromEnv("IRC_S390X_CC", tools.s390xCc);
  fromEnv("IRC_QEMU_S390X", tools.qemuS390x);
  return tools;
}

Expected<std::vector<std::string>> collectTestFiles(std::span<const std::string> paths,
                                                    std::string_view filter) {
  std::vector<std::string> files;
  for (const std::string &path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(path, fs::directory_options::follow_directory_symlink,
                                          ec);
      if (ec)
        return makeError("cannot read '" + path + "': " + ec.message());
      for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
          return makeError("cannot read '" + path + "': " + ec.message());
        std::string ext = it->path().extension().string();
        if ((ext == ".clif" || ext == ".ir") && it->is_regular_file(ec))
          found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      return makeError("cannot read '" + path + "': No such file or directory");
    }
  }
  if (!filter.empty())
    std::erase_if(files, [&](const std::string &f) { return f.find(filter) == std::string::npos; });
  return files;
}

FileResult runFileTest(const std::string &path, const RunnerOptions &options) {
  FileResult result{path, {}};
  auto skip = [&](std::string reason) {
    result.results.push_back(TargetResult{Outcome::Skip, "", std::move(reason), {}});
    return result;
  };
  auto fail = [&](std::string reason, std::vector<std::string> details = {}) {
    result.results.push_back(
        TargetResult{Outcome::Fail, "", std::move(reason), std::move(details)});
    return result;
  };
  auto text = readWholeFile(path);
  if (!text)
    return fail(text.error().message);
  // A file without a `test` line is not a filetest (testdata/cli holds such inputs, some
  // deliberately broken): it is skipped before parsing.
  if (!hasTestLine(*text))
    return skip("no `test` line");
  auto parsed = parser::parseTestFile(*text);
  if (!parsed) {
    std::string rendered = renderDiagnostic(path, *text, parsed.error());
    std::vector<std::string> details;
    size_t start = 0;
    while (start < rendered.size()) {
      size_t nl = rendered.find('\n', start);
      if (nl == std::string::npos)
        nl = rendered.size();
      details.push_back(rendered.substr(start, nl - start));
      start = nl + 1;
    }
    return fail("the file does not parse", std::move(details));
  }
  FileContext ctx{path, std::move(text).value(), std::move(parsed).value(), options};
  const parser::TestFile &file = ctx.file;

  // Which test kinds run.
  std::vector<Kind> kinds;
  std::vector<std::string> notRun;
  bool needsIsa = false, hasVerifier = false, hasRunnable = false;
  for (const parser::TestCommand &command : file.commands) {
    Kind kind = commandKind(command);
    kinds.push_back(kind);
    if (kind == Kind::Other) {
      if (std::find(notRun.begin(), notRun.end(), command.name) == notRun.end())
        notRun.push_back(command.name);
      continue;
    }
    hasRunnable = true;
    needsIsa |= kind == Kind::Run;
    hasVerifier |= kind == Kind::Verifier;
  }
  if (!hasRunnable) {
    if (notRun.empty())
      return skip("no `test` line");
    std::string names;
    for (const std::string &n : notRun)
      names += (names.empty() ? "test " : ", test ") + n;
    return skip(names + ": not supported by irc test");
  }
  size_t preciseCount = 0;
  for (const parser::TestCommand &command : file.commands)
    if (command.name == "compile" && std::find(command.options.begin(), command.options.end(),
                                               "precise-output") != command.options.end())
      ++preciseCount;

  // The targets.
  std::vector<TargetContext> targets;
  std::vector<std::string> unsupportedIsas;
  if (file.targets.empty()) {
    TargetContext t;
    if (needsIsa) {
      t.isa = options.target ? *options.target : target::hostIsa();
      t.label = std::string(target::isaName(*t.isa));
    }
    targets.push_back(std::move(t));
  } else {
    for (const parser::TargetSpec &spec : file.targets) {
      std::optional<target::Isa> isa = target::parseIsa(spec.isa);
      if (options.target && isa != options.target)
        continue;
      std::optional<unsigned> bits = target::pointerBitsOf(spec.isa);
      if (!isa && !(hasVerifier && bits)) {
        if (std::find(unsupportedIsas.begin(), unsupportedIsas.end(), spec.isa) ==
            unsupportedIsas.end())
          unsupportedIsas.push_back(spec.isa);
        continue;
      }
      TargetContext t;
      t.spec = &spec;
      t.label = targetLabel(spec);
      t.isa = isa;
      t.pointerBits = bits.value_or(64);
      targets.push_back(std::move(t));
    }
  }
  if (targets.empty()) {
    if (options.target)
      return skip("no target line for " + std::string(target::isaName(*options.target)));
    std::string names;
    for (const std::string &n : unsupportedIsas)
      names += (names.empty() ? "" : ", ") + n;
    return skip("no target irc supports (" + names + ")");
  }
  if (preciseCount > 0) {
    size_t isaTargets = std::count_if(targets.begin(), targets.end(),
                                      [](const TargetContext &t) { return t.isa.has_value(); });
    if (isaTargets > 1)
      return fail("test compile precise-output needs exactly one target, the file has " +
                  std::to_string(isaTargets) + " (choose one with --target)");
  }

  std::vector<TextEdit> edits;
  for (TargetContext &t : targets) {
    TargetResult r;
    r.target = t.label;
    std::vector<std::string> errors;
    const std::vector<parser::Setting> &fileSettings = t.spec ? t.spec->settings : file.settings;
    codegen::Settings settings;
    applySettings(ctx, fileSettings, settings, errors);
    if (t.isa) {
      target::TargetConfig config(*t.isa);
      config.settings = settings;
      if (t.spec)
        for (const parser::Setting &flag : t.spec->isaFlags) {
          auto applied = flag.value.empty() ? config.flags.enable(flag.name)
                                            : config.flags.set(flag.name, flag.value);
          if (!applied)
            errors.push_back(fileLine(ctx, flag.loc.line) + applied.error().message);
        }
      t.config = std::move(config);
      if (t.pointerBits == 0)
        t.pointerBits = target::pointerBits(*t.isa);
    }
    if (!errors.empty()) {
      r.outcome = Outcome::Fail;
      r.reason = "bad settings or ISA flags";
      r.details = std::move(errors);
    } else {
      runTarget(ctx, t, kinds, r, edits);
    }
    result.results.push_back(std::move(r));
  }
  if (options.bless && !edits.empty()) {
    if (auto written = writeFileAtomically(path, applyEdits(ctx.text, std::move(edits))); !written)
      return fail("--bless: " + written.error().message);
  }
  return result;
}

Summary runFileTests(std::span<const std::string> files, const RunnerOptions &options,
                     const std::function<void(const FileResult &)> &report) {
  Summary summary;
  const size_t count = files.size();
  const unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs, unsigned(count)));
  if (jobs == 1) {
    for (const std::string &file : files) {
      FileResult r = runFileTest(file, options);
      summary.add(r);
      report(r);
    }
    return summary;
  }
  // Workers take files in order; this thread reports each as soon as it and all files
  // before it are done.
  std::vector<std::optional<FileResult>> results(count);
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < count; i = next++) {
      FileResult r = runFileTest(files[i], options);
      std::lock_guard<std::mutex> lock(mutex);
      results[i] = std::move(r);
      ready.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned j = 0; j < jobs; ++j)
    pool.emplace_back(worker);
  for (size_t i = 0; i < count; ++i) {
    std::unique_lock<std::mutex> lock(mutex);
    ready.wait(lock, [&] { return results[i].has_value(); });
    FileResult r = std::move(*results[i]);
    results[i].reset();
    lock.unlock();
    summary.add(r);
    report(r);
  }
  for (std::thread &t : pool)
    t.join();
  return summary;
}

} // namespace irc::filetest
