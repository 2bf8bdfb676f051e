// Process and file-system helpers: posix_spawn with two close-on-exec pipes read through
// poll() until both close or the deadline passes.
#include "filetest/Process.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace irc::filetest {

namespace fs = std::filesystem;

namespace {

std::string errnoText(int err) { return std::strerror(err); }

struct Pipe {
  int read = -1, write = -1;
  ~Pipe() {
    if (read >= 0)
      ::close(read);
    if (write >= 0)
      ::close(write);
  }
};

} // namespace

std::string ProcessResult::statusText(unsigned timeoutSeconds) const {
  if (timedOut)
    return "timed out after " + std::to_string(timeoutSeconds) + " s";
  if (signal != 0) {
    const char *name = sigabbrev_np(signal);
    return "killed by signal " + std::to_string(signal) +
           (name ? " (SIG" + std::string(name) + ")" : std::string());
  }
  return "exit status " + std::to_string(exitCode);
}

std::string findExecutable(std::string_view name) {
  if (name.empty())
    return {};
  if (name.find('/') != std::string_view::npos)
    return ::access(std::string(name).c_str(), X_OK) == 0 ? std::string(name) : std::string();
  const char *path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/bin:/bin";
  while (!dirs.empty()) {
    size_t colon = dirs.find(':');
    std::string_view dir = dirs.substr(0, colon);
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    std::string candidate = std::string(dir.empty() ? "." : dir) + "/" + std::string(name);
    struct stat st;
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0)
      return candidate;
  }
  return {};
}

Expected<ProcessResult> runProcess(const std::vector<std::string> &argv, unsigned timeoutSeconds,
                                   const std::string &workDir) {
  if (argv.empty())
    return makeError("no command to run");
  Pipe out, err;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return makeError("pipe: " + errnoText(errno));
  out.read = fds[0], out.write = fds[1];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return makeError("pipe: " + errnoText(errno));
  err.read = fds[0], err.write = fds[1];

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write, 1);
  posix_spawn_file_actions_adddup2(&actions, err.write, 2);
  if (!workDir.empty())
    posix_spawn_file_actions_addchdir_np(&actions, workDir.c_str());
  std::vector<char *> args;
  for (const std::string &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int spawnError = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawnError != 0)
    return makeError("cannot run '" + argv[0] + "': " + errnoText(spawnError));
  ::close(out.write);
  ::close(err.write);
  out.write = err.write = -1;

  ProcessResult result;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  pollfd polls[2] = {{out.read, POLLIN, 0}, {err.read, POLLIN, 0}};
  std::string *sinks[2] = {&result.out, &result.err};
  int open = 2;
  char buffer[1 << 14];
  while (open > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timedOut = true;
      ::kill(pid, SIGKILL);
      break;
    }
    int ready = ::poll(polls, 2, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready < 0)
      break;
    for (int k = 0; k < 2; ++k) {
      if (polls[k].fd < 0 || polls[k].revents == 0)
        continue;
      ssize_t n = ::read(polls[k].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[k]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        polls[k].fd = -1;
        --open;
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status))
    result.exitCode = WEXITSTATUS(status);
  else if (WIFSIGNALED(status) && !result.timedOut)
    result.signal = WTERMSIG(status);
  return result;
}

Expected<TempDir> TempDir::create(const std::string &root, std::string_view prefix) {
  std::string pattern =
      (fs::path(root.empty() ? "/tmp" : root) / std::string(prefix)).string() + "XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (!::mkdtemp(buffer.data()))
    return makeError("cannot create a temporary directory '" + pattern + "': " + errnoText(errno));
  return TempDir(std::string(buffer.data()));
}

TempDir::TempDir(TempDir &&other) noexcept : path_(std::move(other.path_)), keep_(other.keep_) {
  other.path_.clear();
}

TempDir::~TempDir() {
  if (path_.empty() || keep_)
    return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

Expected<std::string> readWholeFile(const std::string &path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return makeError("cannot read '" + path + "': " + errnoText(errno));
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return makeError("cannot read '" + path + "': " + errnoText(e));
    }
    if (n == 0)
      break;
    text.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return text;
}

namespace {

Expected<void> writeAll(int fd, std::string_view bytes, const std::string &path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return makeError("cannot write '" + path + "': " + errnoText(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

} // namespace

Expected<void> writeWholeFile(const std::string &path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return makeError("cannot write '" + path + "': " + errnoText(errno));
  auto written = writeAll(fd, bytes, path);
  if (::close(fd) != 0 && written)
    return makeError("cannot write '" + path + "': " + errnoText(errno));
  return written;
}

Expected<void> writeFileAtomically(const std::string &path, std::string_view bytes) {
  fs::path target(path);
  std::string pattern =
      (target.parent_path() / ("." + target.filename().string() + ".irc-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0)
    return makeError("cannot write '" + path + "': " + errnoText(errno));
  std::string temp(name.data());
  struct stat st;
  if (::stat(path.c_str(), &st) == 0)
    ::fchmod(fd, st.st_mode & 07777);
  auto written = writeAll(fd, bytes, temp);
  if (written && ::fsync(fd) != 0)
    written = makeError("cannot write '" + temp + "': " + errnoText(errno));
  ::close(fd);
  if (written && ::rename(temp.c_str(), path.c_str()) != 0)
    written = makeError("cannot replace '" + path + "': " + errnoText(errno));
  if (!written)
    ::unlink(temp.c_str());
  return written;
}

} // namespace irc::filetest
