// SPDX 2.2 and 2.3 tag-value ("Tag: value" lines, <text>...</text> spanning
// lines) into the model. Packages are components; a package's fields run
// from its PackageName to the next PackageName, FileName or SnippetSPDXID.
// Locations are line numbers.
#include <algorithm>
#include <map>

#include "core/text.h"
#include "sbom/readers.h"
#include "sbom/spdx_common.h"

namespace vigil::sbom::detail {
namespace {

enum class Section : uint8_t { document, package, other };

struct Annotation {
  std::string target;
  std::string comment;
};

}  // namespace

Result<Document> read_spdx_tagvalue(std::string_view bytes, std::string_view source) {
  Document doc;
  doc.format = Format::spdx;
  doc.encoding = Encoding::tag_value;
  Diagnostics d(doc.diagnostics);
  Section section = Section::document;
  Component* pkg = nullptr;
  std::string described;
  std::vector<Annotation> annotations;
  std::vector<std::pair<size_t, std::string>> package_lines;  // for diagnostics
  size_t pos = 0;
  int line_no = 0;
  bool saw_version = false;
  const auto next_line = [&](std::string_view& line) {
    if (pos >= bytes.size()) return false;
    const size_t end = bytes.find('\n', pos);
    line = bytes.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end == std::string_view::npos ? bytes.size() : end + 1;
    ++line_no;
    return true;
  };
  std::string_view line;
  while (next_line(line)) {
    const std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    const int at = line_no;
    const size_t colon = t.find(':');
    if (colon == std::string_view::npos) {
      d.error("line " + std::to_string(at), "expected 'Tag: value', got " + quote(t));
      continue;
    }
    const std::string_view tag = trim(t.substr(0, colon));
    std::string value(trim(t.substr(colon + 1)));
    if (value.rfind("<text>", 0) == 0) {
      value.erase(0, 6);
      while (value.find("</text>") == std::string::npos) {
        std::string_view more;
        if (!next_line(more)) {
          d.error("line " + std::to_string(at), "<text> is never closed by </text>");
          break;
        }
        value += "\n";
        value += more;
      }
      value = std::string(trim(value.substr(0, value.find("</text>"))));
    }
    if (tag == "SPDXVersion") {
      saw_version = true;
      if (!supported_spdx_version(value)) {
        d.error("line " + std::to_string(at),
                quote(value) + " is not an SPDX version Vigil reads (SPDX-2.2, SPDX-2.3)");
      }
      doc.spec_version = value.rfind("SPDX-", 0) == 0 ? value.substr(5) : value;
    } else if (tag == "PackageName") {
      doc.components.emplace_back();
      pkg = &doc.components.back();
      pkg->name = value;
      pkg->type = "library";
      section = Section::package;
      package_lines.emplace_back(doc.components.size() - 1, "line " + std::to_string(at));
    } else if (tag == "FileName" || tag == "SnippetSPDXID" || tag == "LicenseID") {
      section = Section::other;
      pkg = nullptr;
    } else if (tag == "Relationship") {
      const auto parts = split(value, ' ');
      std::vector<std::string_view> words;
      for (std::string_view w : parts) {
        if (!w.empty()) words.push_back(w);
      }
      if (words.size() < 3) {
        d.error("line " + std::to_string(at),
                "a relationship is 'ELEMENT TYPE RELATED', got " + quote(value));
      } else {
        add_spdx_relationship(doc, words[0], words[1], words[2], described);
      }
    } else if (tag == "SPDXREF") {
      annotations.push_back({value, ""});
    } else if (tag == "AnnotationComment") {
      if (!annotations.empty()) annotations.back().comment = value;
    } else if (section == Section::document) {
      if (tag == "DocumentName")
        doc.name = value;
      else if (tag == "DocumentNamespace")
        doc.serial_number = value;
      else if (tag == "Created")
        doc.timestamp = value;
      else if (tag == "Creator")
        (value.rfind("Tool:", 0) == 0 ? doc.tools : doc.authors).push_back(spdx_actor(value));
    } else if (section == Section::package && pkg) {
      if (tag == "SPDXID")
        pkg->ref = value;
      else if (tag == "PackageVersion")
        pkg->version = value;
      else if (tag == "PackageSupplier")
        pkg->supplier = spdx_actor(value);
      else if (tag == "PackageOriginator")
        pkg->author = spdx_actor(value);
      else if (tag == "PrimaryPackagePurpose")
        pkg->type = spdx_purpose_to_type(value);
      else if (tag == "ValidUntilDate")
        pkg->end_of_support = value;
      else if (tag == "PackageChecksum") {
        const size_t c = value.find(':');
        if (c == std::string::npos) {
          d.error("line " + std::to_string(at),
                  "a checksum is 'ALGORITHM: value', got " + quote(value));
        } else {
          pkg->hashes.push_back({spdx_hash_algorithm(trim(std::string_view(value).substr(0, c))),
                                 ascii_lower(trim(std::string_view(value).substr(c + 1)))});
        }
      } else if (tag == "PackageLicenseConcluded" || tag == "PackageLicenseDeclared") {
        if (value != "NOASSERTION" && value != "NONE" &&
            std::find(pkg->licenses.begin(), pkg->licenses.end(), value) == pkg->licenses.end()) {
          pkg->licenses.push_back(value);
        }
      } else if (tag == "ExternalRef") {
        std::vector<std::string_view> words;
        for (std::string_view w : split(value, ' ')) {
          if (!w.empty()) words.push_back(w);
        }
        if (words.size() < 3) {
          d.error("line " + std::to_string(at),
                  "an external reference is 'CATEGORY TYPE LOCATOR', got " + quote(value));
        } else {
          add_spdx_external_ref(*pkg, words[0], words[1], words[2]);
        }
      } else if (tag == "PackageDownloadLocation" && value != "NOASSERTION" && value != "NONE") {
        pkg->external_references.push_back({"distribution", value});
      } else if (tag == "PackageHomePage" && value != "NOASSERTION" && value != "NONE") {
        pkg->external_references.push_back({"website", value});
      }
    }
  }
  if (!saw_version) {
    return Error{"not an SBOM: no 'SPDXVersion:' line", std::string(source)};
  }
  for (const auto& [index, where] : package_lines) {
    if (doc.components[index].ref.empty()) d.error(where, "a package needs an SPDXID");
  }
  for (const Annotation& a : annotations) {
    const size_t colon = a.comment.find(':');
    if (colon == std::string::npos) continue;
    for (Component& c : doc.components) {
      if (c.ref == a.target) {
        c.properties.push_back({std::string(trim(std::string_view(a.comment).substr(0, colon))),
                                std::string(trim(std::string_view(a.comment).substr(colon + 1)))});
      }
    }
  }
  finish_spdx(doc, described, d);
  finish(doc);
  return doc;
}

}  // namespace vigil::sbom::detail
