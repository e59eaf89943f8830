// The pack format (kb schema 7, 9 and 12: index packs and descriptions), and the varints and texts
// it and the matching form (kb/matching_form.h) are made of. Internal to kb/, and to its fuzzer.
//
// A pack holds every index row of one lookup key, in the index's order (by
// advisory key). Each row is the advisory key's distance from the previous
// row's, then its columns; numbers are varints (seven bits a byte, low
// first), and a column is its length and its bytes. A lookup walks the
// bytes; a pack that does not decode says so, and is never read past its
// end.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::kb::detail {

inline void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

inline void put_text(std::string& out, std::string_view text) {
  put_varint(out, text.size());
  out += text;
}

// Appends rows to a pack.
class PackWriter {
 public:
  explicit PackWriter(std::string& out) : out_(out) {}
  void add(int64_t advisory, const std::vector<std::string_view>& fields) {
    // Unsigned: a key below the previous one wraps, and the reader wraps back.
    put_varint(out_, static_cast<uint64_t>(advisory) - previous_);
    previous_ = static_cast<uint64_t>(advisory);
    for (std::string_view f : fields) put_text(out_, f);
  }

 private:
  std::string& out_;
  uint64_t previous_ = 0;
};

// Reads varints and length-prefixed texts from bytes, never past their end:
// a read that would fails, and the reader stays damaged.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes)
      : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}
  bool varint(uint64_t& v) {
    // Nearly every varint is one byte (a field's length, a key's distance
    // from the previous): the kernel's CPE pack alone has 93,000 rows of six.
    if (p_ != end_ && (static_cast<unsigned char>(*p_) & 0x80) == 0) {
      v = static_cast<unsigned char>(*p_++);
      return true;
    }
    v = 0;
    for (int shift = 0; shift < 64 && p_ != end_; shift += 7) {
      const auto byte = static_cast<unsigned char>(*p_++);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    damaged_ = true;
    return false;
  }
  bool text(std::string_view& out) {
    uint64_t n = 0;
    if (!varint(n)) return false;
    if (n > remaining()) {
      damaged_ = true;
      return false;
    }
    out = std::string_view(p_, n);
    p_ += n;
    return true;
  }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  const char* position() const { return p_; }
  bool at_end() const { return p_ == end_; }
  bool damaged() const { return damaged_; }

 private:
  const char* p_;
  const char* end_;
  bool damaged_ = false;
};

template <size_t N>
struct PackedRow {
  int64_t advisory = 0;
  std::array<std::string_view, N> fields;
  // The bytes the fields were read from: rows read from equal bytes have
  // equal fields (each field carries its length), so a lookup can key a
  // memo on them.
  std::string_view encoded;
};

// Reads a pack of rows of N columns.
template <size_t N>
class PackReader {
 public:
  explicit PackReader(std::string_view body) : in_(body) {}

  // The next row, or false at the end or when the pack is damaged.
  bool next(PackedRow<N>& row) {
    if (in_.at_end()) return false;
    uint64_t delta = 0;
    if (!in_.varint(delta)) return false;
    advisory_ += delta;
    row.advisory = static_cast<int64_t>(advisory_);
    const char* start = in_.position();
    for (auto& f : row.fields) {
      if (!in_.text(f)) return false;
    }
    row.encoded = std::string_view(start, static_cast<size_t>(in_.position() - start));
    return true;
  }
  bool damaged() const { return in_.damaged(); }

 private:
  ByteReader in_;
  uint64_t advisory_ = 0;
};

}  // namespace vigil::kb::detail
