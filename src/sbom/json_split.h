// Reading a large JSON SBOM without holding its text and a parse tree of all
// of it at once. Internal to sbom/.
//
// An SBOM's size is its component list (and dependency list). The splitter
// walks the bytes once, in pieces of any size, and takes the named arrays of
// the root object out: the root's text keeps them as `[]`, and each element's
// place in the input is recorded. The root and then each element are parsed
// by simdjson on their own, so every byte of the document is still checked
// by the JSON parser, while memory stays near one element plus the model.
//
// The splitter understands only what it must: strings, nesting and the
// separators between elements. Anything else it does not expect (the root is
// not an object, a doubled or trailing comma between elements, bytes after the
// root) makes it give up, and the caller parses the whole document instead, so
// a malformed document gets the JSON parser's own message. A key written with
// escapes is not recognised and its array stays in the root, which the
// reader then reads as before: splitting never changes what a document means.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::sbom::detail {

struct Span {
  size_t offset = 0;
  size_t length = 0;
};

struct SplitJson {
  struct Array {
    std::string key;
    std::vector<Span> elements;
  };
  std::string root;  // the root object, each split array written as []
  std::vector<Array> arrays;

  const Array* find(std::string_view key) const;
};

class JsonSplitter {
 public:
  // Splits out the root's first member under each of `keys`, when its value
  // is an array.
  explicit JsonSplitter(std::vector<std::string_view> keys);

  // Takes the next piece of the input; false once the splitter has given up.
  bool feed(std::string_view piece);
  // The split document, when the input held one root object and nothing after.
  std::optional<SplitJson> finish();

 private:
  enum class State : uint8_t { start, root, array, element, done, failed };
  enum class Kind : uint8_t { container, string, scalar };

  size_t scan_root(const char* p, size_t i, size_t n);
  size_t scan_array(const char* p, size_t i, size_t n);
  size_t scan_element(const char* p, size_t i, size_t n);
  size_t skip_string(const char* p, size_t i, size_t n, std::string* capture);
  void end_element(size_t end);

  std::vector<std::string_view> keys_;
  std::vector<bool> seen_;  // per key: a member of that name came already
  SplitJson out_;
  State state_ = State::start;
  size_t base_ = 0;  // offset of the current piece in the input
  bool in_string_ = false, escape_ = false;
  // Inside the root: nesting depth (1 = the root's members) and which part
  // of a member comes next.
  int depth_ = 0;
  bool expect_key_ = false, expect_value_ = false, capturing_ = false;
  std::string key_;
  // Inside a split array.
  SplitJson::Array* array_ = nullptr;
  bool had_element_ = false, after_comma_ = false;
  Kind kind_ = Kind::container;
  int element_depth_ = 0;
  size_t element_start_ = 0;
};

// The bytes of a span, followed by at least simdjson's padding of readable
// memory, valid until the next call.
class SpanReader {
 public:
  virtual ~SpanReader() = default;
  virtual std::optional<std::string_view> read(Span span) = 0;
};

class MemorySpans final : public SpanReader {
 public:
  explicit MemorySpans(std::string_view bytes) : bytes_(bytes) {}
  std::optional<std::string_view> read(Span span) override;

 private:
  std::string_view bytes_;
  std::string scratch_;
};

// Reads spans from an open file through a window of a few megabytes, so that
// elements read in order cost one read per window.
class FileSpans final : public SpanReader {
 public:
  explicit FileSpans(std::FILE* file) : file_(file) {}
  std::optional<std::string_view> read(Span span) override;

 private:
  std::FILE* file_;
  std::string window_;
  size_t window_offset_ = 0, window_length_ = 0;
};

}  // namespace vigil::sbom::detail
