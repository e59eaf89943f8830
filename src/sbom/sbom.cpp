#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/file.h"
#include "core/text.h"
#include "sbom/json_split.h"
#include "sbom/readers.h"
#include "sbom/sbom.h"

namespace vigil::sbom {

std::string_view format_name(Format f) { return f == Format::cyclonedx ? "CycloneDX" : "SPDX"; }

std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::json:
      return "json";
    case Encoding::xml:
      return "xml";
    case Encoding::tag_value:
      return "tag-value";
  }
  return "json";
}

std::string_view severity_name(Severity s) { return s == Severity::error ? "error" : "warning"; }

bool Document::has_errors() const { return error_count() > 0; }

size_t Document::error_count() const {
  return static_cast<size_t>(
      std::count_if(diagnostics.begin(), diagnostics.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

namespace {

// XML and tag-value text is not checked by its parser; JSON is (simdjson).
Result<Document> with_utf8_check(Result<Document> doc, std::string_view bytes) {
  if (!doc) return doc;
  if (const size_t bad = invalid_utf8_offset(bytes); bad != std::string_view::npos) {
    const auto line =
        1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    doc->diagnostics.push_back(
        {Severity::error, "line " + std::to_string(line),
         "the document is not valid UTF-8 (byte " + std::to_string(bad) + ")"});
  }
  return doc;
}

// A NUL in a name would be kept from JSON (\u0000) and cut short from XML
// (&#0;, which XML 1.0 forbids, ends the parser's string): both are refused,
// so that no name is ever cut silently and every encoding agrees.
Result<Document> with_nul_check(Result<Document> doc) {
  if (!doc) return doc;
  for (size_t i = 0; i < doc->components.size(); ++i) {
    const Component& c = doc->components[i];
    for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"name", &c.name},
                                       {"version", &c.version},
                                       {"group", &c.group},
                                       {"supplier", &c.supplier},
                                       {"ref", &c.ref}}) {
      if (value->find('\0') != std::string::npos) {
        doc->diagnostics.push_back(
            {Severity::error, "component " + std::to_string(i + 1),
             std::string("its ") + field + " holds a NUL character, which no SBOM name may hold"});
      }
    }
  }
  return doc;
}

// XML's character references to NUL (&#0;, &#x00;), by line.
Result<Document> with_xml_nul_check(Result<Document> doc, std::string_view bytes) {
  if (!doc) return doc;
  for (size_t at = bytes.find("&#"); at != std::string_view::npos; at = bytes.find("&#", at + 2)) {
    size_t i = at + 2;
    const bool hex = i < bytes.size() && (bytes[i] == 'x' || bytes[i] == 'X');
    if (hex) ++i;
    const size_t digits = i;
    while (i < bytes.size() && bytes[i] == '0') ++i;
    if (i == digits || i >= bytes.size() || bytes[i] != ';') continue;
    const auto line =
        1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    doc->diagnostics.push_back(
        {Severity::error, "line " + std::to_string(line),
         "the character reference " + std::string(bytes.substr(at, i + 1 - at)) +
             " stands for NUL, which XML does not allow and no SBOM name may hold"});
  }
  return doc;
}

Result<Document> read_any(std::string_view bytes, std::string_view source) {
  switch (detail::sniff(bytes)) {
    case detail::Kind::json:
      return detail::read_json(bytes, source);
    case detail::Kind::xml:
      return with_xml_nul_check(with_utf8_check(detail::read_cyclonedx_xml(bytes, source), bytes),
                                bytes);
    case detail::Kind::tag_value:
      return with_utf8_check(detail::read_spdx_tagvalue(bytes, source), bytes);
    case detail::Kind::unknown:
      if (const auto what = detail::recognise_other_text(bytes); !what.empty())
        return detail::unsupported(what, source);
      break;
  }
  return Error{"not an SBOM: expected CycloneDX (JSON or XML) or SPDX (JSON or tag-value)",
               std::string(source)};
}

}  // namespace

Result<Document> read(std::string_view bytes, std::string_view source) {
  return with_nul_check(read_any(bytes, source));
}

Result<Document> read_in_place(std::string& text, std::string_view source) {
  if (detail::sniff(text) != detail::Kind::json) return read(text, source);
  return with_nul_check(detail::read_json_in_place(text, source));
}

namespace {

// A JSON file read in pieces through the splitter: neither its whole text nor
// a parse tree of all of it is ever held. nullopt when the splitter gave up
// (the caller then reads the whole file); an Error when the file cannot be read.
std::optional<Result<Document>> read_json_in_pieces(std::FILE* file, std::unique_ptr<char[]>& piece,
                                                    size_t size, size_t got,
                                                    const std::string& path) {
  detail::JsonSplitter splitter(detail::split_keys());
  bool ok = splitter.feed(std::string_view(piece.get(), got));
  while (ok && got == size) {
    got = std::fread(piece.get(), 1, size, file);
    ok = splitter.feed(std::string_view(piece.get(), got));
  }
  if (std::ferror(file)) return Result<Document>(Error{"cannot read the file", path});
  auto split = ok ? splitter.finish() : std::nullopt;
  if (!split) return std::nullopt;
  piece.reset();
  detail::FileSpans spans(file);
  return detail::read_split_json(*split, spans, path);
}

}  // namespace

Result<Document> read_file(const std::string& path) {
  // The bound every input has (core/file.h). A file that is not a regular
  // one (a pipe, a device) is read whole through that bound; a regular one
  // in pieces, below.
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!ec && !std::filesystem::is_regular_file(status)) {
    auto bytes = read_input(path, kSbomInput);
    if (!bytes) return bytes.error();
    return read(*bytes, path);
  }
  auto limit = input_limit(kSbomInput);
  if (!limit) return limit.error();
  if (const auto size = std::filesystem::file_size(path, ec); !ec && size > *limit)
    return too_large(kSbomInput, *limit, path);
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) return Error{"cannot open the file: " + std::string(std::strerror(errno)), path};
  constexpr size_t kPiece = 4u << 20;
  std::unique_ptr<char[]> piece(new char[kPiece]);  // not zeroed: read over at once
  const size_t got = std::fread(piece.get(), 1, kPiece, file.get());
  if (std::ferror(file.get())) return Error{"cannot read the file", path};
  const std::string_view first(piece.get(), got);
  const detail::Kind kind = detail::sniff(first);
  if (kind == detail::Kind::json) {
    if (auto doc = read_json_in_pieces(file.get(), piece, kPiece, got, path))
      return with_nul_check(std::move(*doc));
  } else if (got < kPiece) {
    return read(first, path);  // XML or tag-value that fitted in the first piece
  }
  // Whole: larger XML and tag-value, and JSON the splitter does not take apart.
  if (std::fseek(file.get(), 0, SEEK_END) != 0) return Error{"cannot read the file", path};
  const long size = std::ftell(file.get());
  if (size < 0 || std::fseek(file.get(), 0, SEEK_SET) != 0)
    return Error{"cannot read the file", path};
  // One buffer, with the padding simdjson reads past the end.
  constexpr size_t kPadding = 64;
  std::string bytes(static_cast<size_t>(size) + kPadding, '\0');
  if (std::fread(bytes.data(), 1, static_cast<size_t>(size), file.get()) !=
      static_cast<size_t>(size))
    return Error{"cannot read the file", path};
  const std::string_view text(bytes.data(), static_cast<size_t>(size));
  if (kind == detail::Kind::json) {
    return with_nul_check(
        detail::read_json_padded(std::move(bytes), static_cast<size_t>(size), path));
  }
  return read(text, path);
}

}  // namespace vigil::sbom
