// NumberMap: text entity number (the 7 of v7) -> dense entity index.
//
// Text numbers are usually small and dense (v0..v99999), sometimes sparse (v1000000),
// and may be as large as 2^32-2. Small numbers go to a direct table that is never
// larger than a few times the number of entries (plus a constant); the rest go to an
// open-addressing hash table. So lookups of dense numbers are one array read, and memory
// follows the number of entries, never the size of the numbers.
// kNone (0xffffffff) marks empty slots; the lexer never produces it as a number.
#pragma once

#include <cstdint>
#include <vector>

namespace irc::parser {

class NumberMap {
public:
  static constexpr uint32_t kNone = 0xffffffffu;

  /// The index stored for `number`, or kNone.
  uint32_t find(uint32_t number) const {
    if (number < direct_.size() && direct_[number] != kNone)
      return direct_[number];
    return hashedSize_ == 0 ? kNone : findHashed(number);
  }

  /// Stores number -> index; number must not be present yet.
  void insert(uint32_t number, uint32_t index) {
    ++size_;
    if (number >= direct_.size() && uint64_t(number) < kDirectSlack + uint64_t(size_) * 4) {
      size_t grown = direct_.size() * 2;
      if (grown <= number)
        grown = size_t(number) + 1;
      if (grown > kDirectSlack + uint64_t(size_) * 4)
        grown = kDirectSlack + size_t(size_) * 4;
      direct_.resize(grown, kNone);
    }
    if (number < direct_.size()) {
      direct_[number] = index;
      return;
    }
    if ((hashedSize_ + 1) * 2 > hashed_.size())
      grow();
    place(number, index);
    ++hashedSize_;
  }

  uint32_t size() const { return size_; }
  void clear() {
    direct_.clear();
    hashed_.clear();
    size_ = hashedSize_ = 0;
  }

private:
  static constexpr uint64_t kDirectSlack = 4096;
  struct Slot {
    uint32_t key = kNone;
    uint32_t value = kNone;
  };
  static size_t hash(uint32_t k) { return (uint64_t(k) * 0x9E3779B97F4A7C15ull) >> 32; }
  uint32_t findHashed(uint32_t number) const {
    size_t mask = hashed_.size() - 1;
    for (size_t i = hash(number) & mask;; i = (i + 1) & mask) {
      const Slot &s = hashed_[i];
      if (s.key == number)
        return s.value;
      if (s.key == kNone)
        return kNone;
    }
  }
  void place(uint32_t key, uint32_t value) {
    size_t mask = hashed_.size() - 1;
    size_t i = hash(key) & mask;
    while (hashed_[i].key != kNone)
      i = (i + 1) & mask;
    hashed_[i] = Slot{key, value};
  }
  void grow() {
    std::vector<Slot> old = std::move(hashed_);
    hashed_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    for (const Slot &s : old)
      if (s.key != kNone)
        place(s.key, s.value);
  }

  std::vector<uint32_t> direct_;
  std::vector<Slot> hashed_;
  uint32_t size_ = 0;
  uint32_t hashedSize_ = 0;
};

} // namespace irc::parser
