// PrimaryMap hands out entities and owns their data; SecondaryMap attaches data to
// entities someone else created, with a default for entities it has not seen.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

namespace irc::ir {

template <typename K, typename V> class PrimaryMap {
public:
  K push(V value) {
    K key(static_cast<uint32_t>(data_.size()));
    data_.push_back(std::move(value));
    return key;
  }
  K nextKey() const { return K(static_cast<uint32_t>(data_.size())); }
  uint32_t size() const { return static_cast<uint32_t>(data_.size()); }
  bool empty() const { return data_.empty(); }
  bool contains(K key) const { return key.isValid() && key.index() < data_.size(); }
  void reserve(size_t n) { data_.reserve(n); }
  void clear() { data_.clear(); }

  V &operator[](K key) {
    assert(contains(key));
    return data_[key.index()];
  }
  const V &operator[](K key) const {
    assert(contains(key));
    return data_[key.index()];
  }

  /// Iterates keys in creation order.
  struct Keys {
    uint32_t n;
    struct It {
      uint32_t i;
      K operator*() const { return K(i); }
      It &operator++() {
        ++i;
        return *this;
      }
      bool operator!=(const It &o) const { return i != o.i; }
    };
    It begin() const { return {0}; }
    It end() const { return {n}; }
  };
  Keys keys() const { return Keys{size()}; }

  const std::vector<V> &values() const { return data_; }

private:
  std::vector<V> data_;
};

template <typename K, typename V> class SecondaryMap {
public:
  SecondaryMap() = default;
  explicit SecondaryMap(V defaultValue) : default_(std::move(defaultValue)) {}

  /// Read access never grows the map.
  const V &operator[](K key) const {
    return key.index() < data_.size() ? data_[key.index()] : default_;
  }
  /// Write access grows the map to hold the key.
  V &operator[](K key) {
    assert(key.isValid());
    if (key.index() >= data_.size())
      data_.resize(key.index() + 1, default_);
    return data_[key.index()];
  }
  const V &get(K key) const { return (*this)[key]; }
  void resize(uint32_t n) { data_.resize(n, default_); }
  void clear() { data_.clear(); }
  uint32_t size() const { return static_cast<uint32_t>(data_.size()); }

private:
  std::vector<V> data_;
  V default_{};
};

} // namespace irc::ir
