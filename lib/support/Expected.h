// Expected<T>: a value or an error, returned across library boundaries instead of
// throwing (std::expected is C++23; irc is C++20).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace irc {

/// A plain error message with an optional location prefix already applied.
struct Error {
  std::string message;
};

template <typename T, typename E = Error> class [[nodiscard]] Expected {
public:
  Expected(T value) : storage_(std::move(value)) {}
  Expected(E error) : storage_(std::move(error)) {}

  bool hasValue() const { return storage_.index() == 0; }
  explicit operator bool() const { return hasValue(); }

  T &value() & {
    assert(hasValue());
    return std::get<0>(storage_);
  }
  const T &value() const & {
    assert(hasValue());
    return std::get<0>(storage_);
  }
  T &&value() && {
    assert(hasValue());
    return std::get<0>(std::move(storage_));
  }
  T &operator*() & { return value(); }
  const T &operator*() const & { return value(); }
  T *operator->() { return &value(); }
  const T *operator->() const { return &value(); }

  const E &error() const {
    assert(!hasValue());
    return std::get<1>(storage_);
  }

private:
  std::variant<T, E> storage_;
};

/// Expected<void>: success or an error.
template <> class [[nodiscard]] Expected<void, Error> {
public:
  Expected() = default;
  Expected(Error error) : error_(std::move(error)), failed_(true) {}
  bool hasValue() const { return !failed_; }
  explicit operator bool() const { return hasValue(); }
  const Error &error() const {
    assert(failed_);
    return error_;
  }

private:
  Error error_;
  bool failed_ = false;
};

inline Error makeError(std::string message) { return Error{std::move(message)}; }

} // namespace irc
