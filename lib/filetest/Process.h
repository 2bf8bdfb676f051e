// Process and file-system helpers of the filetest runner: running a tool with its output
// captured and a time limit, temporary directories, whole-file reads, atomic writes.
//
// Everything here is safe to call from several threads at once: pipes are close-on-exec,
// so a child never holds another child's pipe open.
#pragma once

#include "support/Expected.h"

#include <string>
#include <string_view>
#include <vector>

namespace irc::filetest {

struct ProcessResult {
  int exitCode = -1; // when the process exited normally
  int signal = 0;    // the signal that ended it, or 0
  bool timedOut = false;
  std::string out; // standard output
  std::string err; // standard error

  bool succeeded() const { return !timedOut && signal == 0 && exitCode == 0; }
  /// "exit status 3", "killed by signal 11 (SIGSEGV)", "timed out after 60 s".
  std::string statusText(unsigned timeoutSeconds) const;
};

/// Runs argv[0] (searched in PATH) with `argv`, in `workDir` when not empty, stdin from
/// /dev/null. Kills it after `timeoutSeconds`. Fails only when it cannot be started.
Expected<ProcessResult> runProcess(const std::vector<std::string> &argv, unsigned timeoutSeconds,
                                   const std::string &workDir = {});

/// The full path of an executable found in PATH (or `name` itself if it has a '/' and is
/// executable); empty if there is none.
std::string findExecutable(std::string_view name);

/// A fresh directory under `root` that is removed with its contents on destruction unless
/// keep() was called.
class TempDir {
public:
  static Expected<TempDir> create(const std::string &root, std::string_view prefix);
  TempDir(TempDir &&other) noexcept;
  TempDir &operator=(TempDir &&) = delete;
  TempDir(const TempDir &) = delete;
  ~TempDir();

  const std::string &path() const { return path_; }
  void keep() { keep_ = true; }

private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
  bool keep_ = false;
};

Expected<std::string> readWholeFile(const std::string &path);
/// Writes `bytes` to `path` (replacing it).
Expected<void> writeWholeFile(const std::string &path, std::string_view bytes);
/// Writes to a temporary file beside `path`, then renames it over `path`: readers see the
/// old or the new contents, never a mix. The file keeps its permission bits.
Expected<void> writeFileAtomically(const std::string &path, std::string_view bytes);

} // namespace irc::filetest
