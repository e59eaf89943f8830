#include "sbom/json_split.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace vigil::sbom::detail {
namespace {

constexpr size_t kPadding = 64;  // simdjson::SIMDJSON_PADDING, without the header

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The first '"' or '\\' at or after i, or n. Most of an SBOM's bytes are
// inside strings, so this loop is the splitter's cost.
size_t find_quote_or_backslash(const char* p, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const int mask =
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (mask) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < n; ++i) {
    if (p[i] == '"' || p[i] == '\\') return i;
  }
  return n;
}

}  // namespace

const SplitJson::Array* SplitJson::find(std::string_view key) const {
  for (const Array& a : arrays) {
    if (a.key == key) return &a;
  }
  return nullptr;
}

JsonSplitter::JsonSplitter(std::vector<std::string_view> keys)
    : keys_(std::move(keys)), seen_(keys_.size(), false) {}

bool JsonSplitter::feed(std::string_view piece) {
  const char* p = piece.data();
  const size_t n = piece.size();
  size_t i = 0;
  while (i < n) {
    switch (state_) {
      case State::start:
        if (is_space(p[i])) {
          ++i;
        } else if (p[i] == '{') {
          out_.root += '{';
          depth_ = 1;
          expect_key_ = true;
          state_ = State::root;
          ++i;
        } else {
          state_ = State::failed;
        }
        break;
      case State::root:
        i = scan_root(p, i, n);
        break;
      case State::array:
        i = scan_array(p, i, n);
        break;
      case State::element:
        i = scan_element(p, i, n);
        break;
      case State::done:
        if (!is_space(p[i])) state_ = State::failed;
        ++i;
        break;
      case State::failed:
        return false;
    }
  }
  base_ += n;
  return state_ != State::failed;
}

std::optional<SplitJson> JsonSplitter::finish() {
  if (state_ != State::done) return std::nullopt;
  return std::move(out_);
}

// In a string from p[i] on: returns where it closes (after the quote) or n.
size_t JsonSplitter::skip_string(const char* p, size_t i, size_t n, std::string* capture) {
  while (i < n) {
    if (escape_) {
      escape_ = false;
      if (capture) *capture += p[i];
      ++i;
      continue;
    }
    const size_t j = find_quote_or_backslash(p, i, n);
    if (capture) capture->append(p + i, j - i);
    if (j == n) return n;
    if (p[j] == '\\') {
      escape_ = true;
      if (capture) *capture += '\\';
      i = j + 1;
      continue;
    }
    in_string_ = false;
    return j + 1;
  }
  return n;
}

// Copies the root's bytes, watching its members for a key to split.
size_t JsonSplitter::scan_root(const char* p, size_t i, size_t n) {
  const size_t from = i;
  while (i < n) {
    if (in_string_) {
      i = skip_string(p, i, n, capturing_ ? &key_ : nullptr);
      if (!in_string_) capturing_ = false;
      continue;
    }
    const char c = p[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (depth_ == 1 && expect_value_) {
      expect_value_ = false;
      // Only a key's first member is split: a reader asks the root for the
      // first, whatever its value, and must find that one.
      const auto k = std::find(keys_.begin(), keys_.end(), key_);
      const bool first = k != keys_.end() && !seen_[static_cast<size_t>(k - keys_.begin())];
      if (k != keys_.end()) seen_[static_cast<size_t>(k - keys_.begin())] = true;
      if (c == '[' && first) {
        out_.root.append(p + from, i - from);
        out_.root += "[]";
        array_ = &out_.arrays.emplace_back();
        array_->key = key_;
        had_element_ = after_comma_ = false;
        state_ = State::array;
        return i + 1;
      }
    }
    switch (c) {
      case '"':
        in_string_ = true;
        if (depth_ == 1 && expect_key_) {
          capturing_ = true;
          expect_key_ = false;
          key_.clear();
        }
        break;
      case ':':
        if (depth_ == 1) expect_value_ = true;
        break;
      case ',':
        if (depth_ == 1) expect_key_ = true;
        break;
      case '{':
      case '[':
        ++depth_;
        break;
      case '}':
      case ']':
        if (--depth_ == 0) {
          out_.root.append(p + from, i + 1 - from);
          state_ = State::done;
          return i + 1;
        }
        break;
      default:
        break;
    }
    ++i;
  }
  out_.root.append(p + from, i - from);
  return i;
}

// Between the elements of a split array.
size_t JsonSplitter::scan_array(const char* p, size_t i, size_t n) {
  while (i < n) {
    const char c = p[i];
    if (is_space(c)) {
      ++i;
    } else if (c == ',') {
      if (!had_element_) {
        state_ = State::failed;
        return n;
      }
      had_element_ = false;
      after_comma_ = true;
      ++i;
    } else if (c == ']') {
      if (after_comma_ && !had_element_) {
        state_ = State::failed;
        return n;
      }
      array_ = nullptr;
      state_ = State::root;
      return i + 1;
    } else {
      if (had_element_) {
        state_ = State::failed;
        return n;
      }
      element_start_ = base_ + i;
      element_depth_ = 0;
      if (c == '{' || c == '[') {
        kind_ = Kind::container;
        element_depth_ = 1;
      } else if (c == '"') {
        kind_ = Kind::string;
        in_string_ = true;
      } else {
        kind_ = Kind::scalar;
      }
      state_ = State::element;
      return i + 1;
    }
  }
  return n;
}

// Inside one element: finds where it ends.
size_t JsonSplitter::scan_element(const char* p, size_t i, size_t n) {
  while (i < n) {
    if (in_string_) {
      i = skip_string(p, i, n, nullptr);
      if (!in_string_ && kind_ == Kind::string) {
        end_element(base_ + i);
        return i;
      }
      continue;
    }
    const char c = p[i];
    if (kind_ == Kind::scalar) {
      if (is_space(c) || c == ',' || c == ']') {
        end_element(base_ + i);
        return i;
      }
      ++i;
      continue;
    }
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++element_depth_;
    } else if (c == '}' || c == ']') {
      if (--element_depth_ == 0) {
        end_element(base_ + i + 1);
        return i + 1;
      }
    }
    ++i;
  }
  return n;
}

void JsonSplitter::end_element(size_t end) {
  array_->elements.push_back({element_start_, end - element_start_});
  had_element_ = true;
  state_ = State::array;
}

std::optional<std::string_view> MemorySpans::read(Span span) {
  if (span.offset > bytes_.size() || span.length > bytes_.size() - span.offset) return std::nullopt;
  if (bytes_.size() - span.offset - span.length >= kPadding)
    return bytes_.substr(span.offset, span.length);
  // Too near the end for the parser to read past it: a padded copy.
  scratch_.assign(bytes_.substr(span.offset, span.length));
  scratch_.append(kPadding, '\0');
  return std::string_view(scratch_.data(), span.length);
}

std::optional<std::string_view> FileSpans::read(Span span) {
  constexpr size_t kWindow = 4u << 20;
  if (span.offset < window_offset_ || span.offset + span.length > window_offset_ + window_length_) {
    const size_t want = std::max(kWindow, span.length);
    window_.resize(want + kPadding);
    if (std::fseek(file_, static_cast<long>(span.offset), SEEK_SET) != 0) return std::nullopt;
    window_offset_ = span.offset;
    window_length_ = std::fread(window_.data(), 1, want, file_);
    if (window_length_ < span.length) return std::nullopt;
  }
  return std::string_view(window_.data() + (span.offset - window_offset_), span.length);
}

}  // namespace vigil::sbom::detail
