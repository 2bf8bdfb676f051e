// Harness generation: a fixed C prelude (signal handling, byte-order-free encoding of
// values) and one block per call. Every number is written as hexadecimal bits, so the C
// compiler never rounds a float or narrows an integer.
#include "filetest/Harness.h"

#include "filetest/Trampoline.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace irc::filetest {

using ir::LaneKind;
using ir::Type;

namespace {

/// The C type of a value in a direct call, or empty if C has none on `isa`.
std::string cType(Type type, target::Isa isa) {
  bool x86 = isa == target::Isa::X86_64;
  if (type.isDynamic() || !type.isValid())
    return {};
  if (type.isVector()) {
    if (type.bits() != 128)
      return {};
    switch (type.laneKind()) {
    case LaneKind::I8:
    case LaneKind::I16:
    case LaneKind::I32:
    case LaneKind::I64:
    case LaneKind::F32:
    case LaneKind::F64:
      return "irc_" + type.name();
    case LaneKind::Invalid:
    case LaneKind::I128:
    case LaneKind::F16:
    case LaneKind::F128:
      return {};
    }
    return {};
  }
  switch (type.laneKind()) {
  case LaneKind::I8:
    return "uint8_t";
  case LaneKind::I16:
    return "uint16_t";
  case LaneKind::I32:
    return "uint32_t";
  case LaneKind::I64:
    return "uint64_t";
  case LaneKind::I128:
    return x86 ? "unsigned __int128" : ""; // s390x passes __int128 by reference
  case LaneKind::F16:
    return x86 ? "_Float16" : "";
  case LaneKind::F32:
    return "float";
  case LaneKind::F64:
    return "double";
  case LaneKind::F128:
  case LaneKind::Invalid:
    return {};
  }
  return {};
}

std::string hex64(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "UINT64_C(0x%llx)", static_cast<unsigned long long>(v));
  return buf;
}

std::string byteList(std::span<const uint8_t> bytes) {
  std::string s;
  char buf[8];
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::snprintf(buf, sizeof buf, "0x%02x", bytes[i]);
    s += (i ? ", " : "") + std::string(buf);
  }
  return s;
}

/// Text safe inside a C comment.
std::string commentSafe(std::string_view text) {
  std::string s(text);
  for (size_t at = s.find("*/"); at != std::string::npos; at = s.find("*/", at))
    s.replace(at, 2, "* /");
  return s;
}

constexpr const char *kIncludes = R"(#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
)";

/// The run-time part; irc_args and irc_results are declared before it.
constexpr const char *kPrelude = R"(typedef uint8_t irc_i8x16 __attribute__((vector_size(16)));
typedef uint16_t irc_i16x8 __attribute__((vector_size(16)));
typedef uint32_t irc_i32x4 __attribute__((vector_size(16)));
typedef uint64_t irc_i64x2 __attribute__((vector_size(16)));
typedef float irc_f32x4 __attribute__((vector_size(16)));
typedef double irc_f64x2 __attribute__((vector_size(16)));

enum { IRC_NONZERO, IRC_EQUAL, IRC_NOT_EQUAL, IRC_PRINT };

/* An argument of a direct call, read back from its slot. */
#define IRC_ARG(T, offset) ({ T irc_v; memcpy(&irc_v, irc_args + (offset), sizeof irc_v); irc_v; })

static sigjmp_buf irc_trap_jump;
static volatile sig_atomic_t irc_in_call;
static volatile sig_atomic_t irc_signal;
static unsigned irc_done;

/* A trap during a call ends the call; anywhere else it ends the harness. */
static void irc_on_signal(int sig) {
  if (!irc_in_call) {
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  irc_in_call = 0;
  irc_signal = sig;
  siglongjmp(irc_trap_jump, 1);
}

static void irc_setup(void) {
  static char stack[1 << 16];
  stack_t ss;
  ss.ss_sp = stack;
  ss.ss_size = sizeof stack;
  ss.ss_flags = 0;
  sigaltstack(&ss, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = irc_on_signal;
  sa.sa_flags = SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  static const int sigs[] = {SIGILL, SIGTRAP, SIGFPE, SIGSEGV, SIGBUS};
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; ++i)
    sigaction(sigs[i], &sa, 0);
}

/* Stores a lane (lo, hi: its low and high 64 bits) in the target's byte order. */
static void irc_put(unsigned char *p, unsigned bytes, uint64_t lo, uint64_t hi) {
  uint8_t v8 = (uint8_t)lo;
  uint16_t v16 = (uint16_t)lo;
  uint32_t v32 = (uint32_t)lo;
  unsigned __int128 v128 = ((unsigned __int128)hi << 64) | lo;
  switch (bytes) {
  case 1: memcpy(p, &v8, 1); break;
  case 2: memcpy(p, &v16, 2); break;
  case 4: memcpy(p, &v32, 4); break;
  case 8: memcpy(p, &lo, 8); break;
  case 16: memcpy(p, &v128, 16); break;
  }
}

/* Encodes the results (shape: lane bytes and lane count per result, slot r at 16*r) as
   little-endian bytes, lane 0 first. */
static unsigned irc_encode(const unsigned char *shape, unsigned count, unsigned char *out) {
  unsigned n = 0;
  for (unsigned r = 0; r < count; ++r) {
    unsigned lane_bytes = shape[2 * r], lanes = shape[2 * r + 1];
    const unsigned char *p = irc_results + 16 * r;
    for (unsigned l = 0; l < lanes; ++l, p += lane_bytes) {
      uint64_t lo = 0, hi = 0;
      uint8_t v8;
      uint16_t v16;
      uint32_t v32;
      unsigned __int128 v128;
      switch (lane_bytes) {
      case 1: memcpy(&v8, p, 1); lo = v8; break;
      case 2: memcpy(&v16, p, 2); lo = v16; break;
      case 4: memcpy(&v32, p, 4); lo = v32; break;
      case 8: memcpy(&lo, p, 8); break;
      case 16: memcpy(&v128, p, 16); lo = (uint64_t)v128; hi = (uint64_t)(v128 >> 64); break;
      }
      for (unsigned b = 0; b < lane_bytes; ++b)
        out[n++] = (unsigned char)(b < 8 ? lo >> (8 * b) : hi >> (8 * (b - 8)));
    }
  }
  return n;
}

static void irc_report(const char *what, unsigned line, const unsigned char *bytes, unsigned n) {
  printf("%s %u ", what, line);
  for (unsigned i = 0; i < n; ++i)
    printf("%02x", bytes[i]);
  printf("\n");
  fflush(stdout);
}

static void irc_check(unsigned line, int cmp, const unsigned char *shape, unsigned count,
                      const unsigned char *want, unsigned want_bytes) {
  unsigned char got[sizeof irc_results];
  unsigned n = irc_encode(shape, count, got);
  int ok = 0;
  if (cmp == IRC_PRINT) {
    irc_report("print", line, got, n);
    return;
  }
  if (cmp == IRC_NONZERO) {
    for (unsigned i = 0; i < n; ++i)
      ok |= got[i] != 0;
  } else {
    int same = n == want_bytes && memcmp(got, want, n) == 0;
    ok = cmp == IRC_EQUAL ? same : !same;
  }
  if (!ok)
    irc_report("fail", line, got, n);
}

static void irc_trapped(unsigned line) {
  printf("trap %u %d\n", line, (int)irc_signal);
  fflush(stdout);
}

static void irc_begin(void) {
  memset(irc_args, 0, sizeof irc_args);
  memset(irc_results, 0, sizeof irc_results);
}
)";

const char *compareName(const parser::RunCommand &cmd) {
  if (cmd.kind == parser::RunCommand::Kind::Print)
    return "IRC_PRINT";
  switch (cmd.compare) {
  case parser::RunCommand::Compare::NonZero:
    return "IRC_NONZERO";
  case parser::RunCommand::Compare::Equal:
    return "IRC_EQUAL";
  case parser::RunCommand::Compare::NotEqual:
    return "IRC_NOT_EQUAL";
  }
  return "IRC_NONZERO";
}

/// irc_put calls writing a value's lanes into its slot.
std::string putValue(const parser::DataValue &value, size_t slot) {
  std::string out;
  Type lane = value.type.laneType();
  unsigned laneBytes = lane.bytes();
  for (unsigned l = 0; l < value.type.lanes(); ++l) {
    uint64_t lo = 0, hi = 0;
    for (unsigned b = 0; b < laneBytes; ++b) {
      uint64_t byte = value.bytes[l * laneBytes + b];
      if (b < 8)
        lo |= byte << (8 * b);
      else
        hi |= byte << (8 * (b - 8));
    }
    out += "  irc_put(irc_args + " + std::to_string(slot * kSlotBytes + l * laneBytes) + ", " +
           std::to_string(laneBytes) + ", " + hex64(lo) + ", " + hex64(hi) + ");\n";
  }
  return out;
}

} // namespace

bool isDirectlyCallable(const ir::Signature &signature, target::Isa isa) {
  if (signature.callConv != ir::CallConv::SystemV || signature.returns.size() > 1)
    return false;
  for (const ir::AbiParam &p : signature.params)
    if ((p.purpose != ir::ArgPurpose::Normal && p.purpose != ir::ArgPurpose::VMContext) ||
        cType(p.type, isa).empty())
      return false;
  for (const ir::AbiParam &p : signature.returns)
    if (p.purpose != ir::ArgPurpose::Normal || cType(p.type, isa).empty())
      return false;
  return true;
}

std::string generateHarness(const HarnessSpec &spec) {
  // Buffers big enough for every call; functions declared once per symbol, in order of
  // first use, with the isa that direct calls were checked against (x86_64 types are a
  // superset, so the declaration is right for either).
  size_t argSlots = 1, resultSlots = 1;
  std::vector<std::string> symbols;
  std::string declarations;
  for (const HarnessCall &call : spec.calls) {
    argSlots = std::max(argSlots, call.paramTypes.size());
    resultSlots = std::max(resultSlots, call.resultTypes.size());
    if (std::find(symbols.begin(), symbols.end(), call.symbol) != symbols.end())
      continue;
    std::string id = "irc_fn" + std::to_string(symbols.size());
    symbols.push_back(call.symbol);
    if (!call.direct) {
      declarations += "extern void " + id + "(void *, void *) __asm__(\"" + call.symbol + "\");\n";
      continue;
    }
    std::string params;
    for (Type t : call.paramTypes)
      params += (params.empty() ? "" : ", ") + cType(t, target::Isa::X86_64);
    std::string result =
        call.resultTypes.empty() ? "void" : cType(call.resultTypes[0], target::Isa::X86_64);
    declarations += "extern " + result + " " + id + "(" + (params.empty() ? "void" : params) +
                    ") __asm__(\"" + call.symbol + "\");\n";
  }

  std::string out = "/* irc test harness for " + commentSafe(spec.title) +
                    ". Generated by `irc test`: one block per run line. */\n";
  out += kIncludes;
  out += "\n";
  out += "static unsigned char irc_args[" + std::to_string(argSlots * kSlotBytes) +
         "] __attribute__((aligned(16)));\n";
  out += "static unsigned char irc_results[" + std::to_string(resultSlots * kSlotBytes) +
         "] __attribute__((aligned(16)));\n\n";
  out += kPrelude;
  out += "\n/* The functions under test, by object symbol. */\n" + declarations;
  out += "\nint main(void) {\n  irc_setup();\n";
  for (const HarnessCall &call : spec.calls) {
    std::string line = std::to_string(call.line);
    std::string id =
        "irc_fn" +
        std::to_string(std::find(symbols.begin(), symbols.end(), call.symbol) - symbols.begin());
    out += "\n  /* line " + line + ": " + commentSafe(call.text) + " */\n";
    out += "  irc_begin();\n";
    for (size_t k = 0; k < call.command.args.size(); ++k)
      out += putValue(call.command.args[k], k);
    out += "  if (sigsetjmp(irc_trap_jump, 1) == 0) {\n";
    out += "    irc_in_call = 1;\n";
    if (call.direct) {
      std::string args;
      for (size_t k = 0; k < call.paramTypes.size(); ++k)
        args += (k ? ", " : "") + std::string("IRC_ARG(") +
                cType(call.paramTypes[k], target::Isa::X86_64) + ", " +
                std::to_string(k * kSlotBytes) + ")";
      if (call.resultTypes.empty()) {
        out += "    " + id + "(" + args + ");\n";
      } else {
        out += "    " + cType(call.resultTypes[0], target::Isa::X86_64) + " irc_r = " + id + "(" +
               args + ");\n";
        out += "    memcpy(irc_results, &irc_r, sizeof irc_r);\n";
      }
    } else {
      out += "    " + id + "(irc_args, irc_results);\n";
    }
    out += "    irc_in_call = 0;\n";
    std::string shape, want;
    for (Type t : call.resultTypes)
      shape += (shape.empty() ? "" : ", ") + std::to_string(t.laneType().bytes()) + ", " +
               std::to_string(t.lanes());
    std::vector<uint8_t> wantBytes;
    for (const parser::DataValue &v : call.command.expected)
      wantBytes.insert(wantBytes.end(), v.bytes.begin(), v.bytes.begin() + v.type.bytes());
    std::string shapeArg = "0", wantArg = "0", wantSize = "0";
    if (!shape.empty()) {
      out += "    static const unsigned char shape[] = {" + shape + "};\n";
      shapeArg = "shape";
    }
    if (!wantBytes.empty()) {
      out += "    static const unsigned char want[] = {" + byteList(wantBytes) + "};\n";
      wantArg = "want";
      wantSize = "sizeof want";
    }
    out += "    irc_check(" + line + ", " + compareName(call.command) + ", " + shapeArg + ", " +
           std::to_string(call.resultTypes.size()) + ", " + wantArg + ", " + wantSize + ");\n";
    out += "  } else {\n    irc_trapped(" + line + ");\n  }\n";
    out += "  ++irc_done;\n";
  }
  out += "\n  printf(\"done %u\\n\", irc_done);\n  return 0;\n}\n";
  return out;
}

Expected<HarnessOutput> parseHarnessOutput(std::string_view out) {
  HarnessOutput result;
  size_t start = 0;
  auto hexValue = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    return -1;
  };
  while (start < out.size()) {
    size_t nl = out.find('\n', start);
    if (nl == std::string_view::npos)
      nl = out.size();
    std::string_view line = out.substr(start, nl - start);
    start = nl + 1;
    if (line.empty())
      continue;
    auto bad = [&] { return makeError("unexpected harness output: '" + std::string(line) + "'"); };
    std::vector<std::string_view> words;
    size_t w = 0;
    while (w <= line.size()) {
      size_t sp = line.find(' ', w);
      if (sp == std::string_view::npos)
        sp = line.size();
      words.push_back(line.substr(w, sp - w));
      w = sp + 1;
    }
    auto number = [](std::string_view s, uint32_t &value) {
      if (s.empty() || s.size() > 9)
        return false;
      value = 0;
      for (char c : s) {
        if (c < '0' || c > '9')
          return false;
        value = value * 10 + uint32_t(c - '0');
      }
      return true;
    };
    if (words[0] == "done") {
      if (words.size() != 2 || !number(words[1], result.callsRun))
        return bad();
      result.finished = true;
      continue;
    }
    HarnessEvent event;
    if (words[0] == "fail")
      event.kind = HarnessEvent::Kind::Fail;
    else if (words[0] == "print")
      event.kind = HarnessEvent::Kind::Print;
    else if (words[0] == "trap")
      event.kind = HarnessEvent::Kind::Trap;
    else
      return bad();
    if (!number(words[1 < words.size() ? 1 : 0], event.line) ||
        (event.kind == HarnessEvent::Kind::Trap ? words.size() != 3 : words.size() > 3))
      return bad();
    if (event.kind == HarnessEvent::Kind::Trap) {
      uint32_t sig = 0;
      if (!number(words[2], sig))
        return bad();
      event.signal = static_cast<int>(sig);
    } else if (words.size() == 3) {
      std::string_view hex = words[2];
      if (hex.size() % 2 != 0)
        return bad();
      for (size_t i = 0; i < hex.size(); i += 2) {
        int hi = hexValue(hex[i]), lo = hexValue(hex[i + 1]);
        if (hi < 0 || lo < 0)
          return bad();
        event.bytes.push_back(static_cast<uint8_t>(hi * 16 + lo));
      }
    }
    result.events.push_back(std::move(event));
  }
  return result;
}

Expected<std::vector<parser::DataValue>> decodeResults(std::span<const uint8_t> bytes,
                                                       std::span<const ir::Type> types) {
  std::vector<parser::DataValue> values;
  size_t at = 0;
  for (Type t : types) {
    if (t.bytes() > 16 || at + t.bytes() > bytes.size())
      return makeError("the harness reported " + std::to_string(bytes.size()) +
                       " bytes of results, fewer than the types need");
    parser::DataValue v;
    v.type = t;
    std::copy(bytes.begin() + at, bytes.begin() + at + t.bytes(), v.bytes.begin());
    at += t.bytes();
    values.push_back(v);
  }
  if (at != bytes.size())
    return makeError("the harness reported " + std::to_string(bytes.size()) +
                     " bytes of results, more than the types need");
  return values;
}

std::string resultsText(std::span<const parser::DataValue> values) {
  if (values.size() == 1)
    return values[0].text();
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i)
    s += (i ? ", " : "") + values[i].text();
  return s + "]";
}

std::string formatHarnessEvent(std::string_view path, const HarnessCall &call,
                               const HarnessEvent &event) {
  std::string where = std::string(path) + ":" + std::to_string(call.line) + ": " + call.text;
  switch (event.kind) {
  case HarnessEvent::Kind::Trap: {
    const char *name = sigabbrev_np(event.signal);
    return where + " failed: trap " +
           (name ? "SIG" + std::string(name) : "signal " + std::to_string(event.signal));
  }
  case HarnessEvent::Kind::Fail:
  case HarnessEvent::Kind::Print: {
    auto values = decodeResults(event.bytes, call.resultTypes);
    std::string got = values ? resultsText(*values) : "(" + values.error().message + ")";
    if (event.kind == HarnessEvent::Kind::Print)
      return where + " -> " + got;
    return where + " failed: got " + got;
  }
  }
  return where;
}

} // namespace irc::filetest
