#include "sbom/spdx_common.h"

#include <algorithm>

#include "core/text.h"

namespace vigil::sbom::detail {

std::string spdx_actor(std::string_view s) {
  s = trim(s);
  if (s == "NOASSERTION" || s == "NONE" || s.empty()) return "";
  for (std::string_view prefix : {"Organization:", "Person:", "Tool:"}) {
    if (s.rfind(prefix, 0) == 0) {
      s = trim(s.substr(prefix.size()));
      break;
    }
  }
  // Drop a trailing "(email)".
  if (const size_t paren = s.rfind(" ("); paren != std::string_view::npos && s.back() == ')') {
    s = trim(s.substr(0, paren));
  }
  return std::string(s);
}

std::string spdx_hash_algorithm(std::string_view alg) {
  struct Map {
    std::string_view spdx, cdx;
  };
  constexpr Map kMap[] = {{"MD5", "MD5"},
                          {"SHA1", "SHA-1"},
                          {"SHA256", "SHA-256"},
                          {"SHA384", "SHA-384"},
                          {"SHA512", "SHA-512"},
                          {"SHA3-256", "SHA3-256"},
                          {"SHA3-384", "SHA3-384"},
                          {"SHA3-512", "SHA3-512"},
                          {"BLAKE2b-256", "BLAKE2b-256"},
                          {"BLAKE2b-384", "BLAKE2b-384"},
                          {"BLAKE2b-512", "BLAKE2b-512"},
                          {"BLAKE3", "BLAKE3"}};
  for (const Map& m : kMap) {
    if (iequals(m.spdx, alg)) return std::string(m.cdx);
  }
  return std::string(alg);
}

std::string spdx_purpose_to_type(std::string_view purpose) {
  const std::string p = ascii_lower(purpose);
  if (p == "application" || p == "framework" || p == "library" || p == "container" ||
      p == "firmware" || p == "file" || p == "device") {
    return p;
  }
  if (p == "operating-system" || p == "operating_system") return "operating-system";
  return "library";  // SOURCE, ARCHIVE, INSTALL, OTHER and unstated
}

void add_spdx_external_ref(Component& c, std::string_view category, std::string_view type,
                           std::string_view locator) {
  const std::string t = ascii_lower(type);
  if (t == "purl") {
    c.purls.emplace_back(locator);
  } else if (t == "cpe23type" || t == "cpe22type") {
    c.cpes.emplace_back(locator);
  } else if (t == "swid") {
    c.other_ids.push_back("swid:" + std::string(locator));
  } else if (t == "gitoid" || t == "swh") {
    c.other_ids.emplace_back(locator);
  } else {
    c.external_references.push_back(
        {ascii_lower(category) == "security" ? "advisories" : "other", std::string(locator)});
  }
}

void add_spdx_relationship(Document& doc, std::string_view element, std::string_view type,
                           std::string_view related, std::string& described) {
  const std::string t = ascii_upper(trim(type));
  const std::string a(trim(element));
  const std::string b(trim(related));
  if (b == "NONE" || b == "NOASSERTION") return;
  if (t == "DESCRIBES") {
    if (described.empty()) described = b;
    return;
  }
  if (t == "DESCRIBED_BY") {
    if (described.empty()) described = a;
    return;
  }
  // "A DEPENDS_ON B", "A CONTAINS B", "A STATIC_LINK B": A -> B.
  if (t == "DEPENDS_ON" || t == "CONTAINS" || t == "STATIC_LINK" || t == "DYNAMIC_LINK" ||
      t == "HAS_PREREQUISITE") {
    doc.dependencies.push_back({a, b});
    return;
  }
  // "A DEPENDENCY_OF B", "A CONTAINED_BY B": B -> A.
  if (t == "DEPENDENCY_OF" || t == "CONTAINED_BY" || t == "BUILD_DEPENDENCY_OF" ||
      t == "DEV_DEPENDENCY_OF" || t == "OPTIONAL_DEPENDENCY_OF" || t == "PROVIDED_DEPENDENCY_OF" ||
      t == "TEST_DEPENDENCY_OF" || t == "RUNTIME_DEPENDENCY_OF" || t == "PREREQUISITE_FOR") {
    doc.dependencies.push_back({b, a});
  }
}

bool supported_spdx_version(std::string_view v) { return v == "SPDX-2.2" || v == "SPDX-2.3"; }

void finish_spdx(Document& doc, const std::string& described, Diagnostics& d) {
  // Edges may name files and snippets, which are not components: keep only
  // edges between packages (and the document itself, for DESCRIBES).
  std::vector<std::string_view> refs;
  refs.reserve(doc.components.size());
  for (const Component& c : doc.components) refs.push_back(c.ref);
  std::sort(refs.begin(), refs.end());
  const auto known = [&refs](const std::string& r) {
    return std::binary_search(refs.begin(), refs.end(), std::string_view(r));
  };
  std::vector<Dependency> kept;
  for (Dependency& dep : doc.dependencies) {
    const bool from_known = known(dep.from);
    const bool to_known = known(dep.to);
    if (from_known && to_known) {
      kept.push_back(std::move(dep));
    } else if (from_known != to_known &&
               (from_known ? dep.to : dep.from).rfind("SPDXRef-File", 0) != 0 &&
               (from_known ? dep.to : dep.from) != "SPDXRef-DOCUMENT") {
      // An edge to something that is neither a package nor a file of this
      // document: a dangling reference (or one to another document).
      const std::string& missing = from_known ? dep.to : dep.from;
      if (missing.rfind("DocumentRef-", 0) != 0) {
        d.warning("relationship " + quote(dep.from) + " -> " + quote(dep.to),
                  "refers to " + quote(missing) + ", which is not a package of this document");
      }
    }
  }
  doc.dependencies = std::move(kept);
  for (const Component& c : doc.components) {
    if (c.ref == described) {
      doc.has_primary = true;
      doc.primary = c;
    }
  }
  if (doc.timestamp.empty())
    d.warning("creationInfo", "the document has no creation time");
  else if (!valid_date_time(doc.timestamp))
    d.error("creationInfo/created", quote(doc.timestamp) + " is not an RFC 3339 date-time");
  if (doc.authors.empty() && doc.tools.empty())
    d.warning("creationInfo", "the document names no creator");
}

}  // namespace vigil::sbom::detail
