#include "sbom/checks.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <utility>

#include "core/text.h"
#include "cpe/cpe.h"
#include "purl/purl.h"
#include "sbom/spdx_license_ids.h"

namespace vigil::sbom::detail {

const std::initializer_list<std::string_view> kComponentTypes = {"application",
                                                                 "framework",
                                                                 "library",
                                                                 "container",
                                                                 "platform",
                                                                 "operating-system",
                                                                 "device",
                                                                 "device-driver",
                                                                 "firmware",
                                                                 "file",
                                                                 "machine-learning-model",
                                                                 "data",
                                                                 "cryptographic-asset"};
const std::initializer_list<std::string_view> kScopes = {"required", "optional", "excluded"};
const std::initializer_list<std::string_view> kPatchTypes = {"unofficial", "monkey", "backport",
                                                             "cherry-pick"};
const std::initializer_list<std::string_view> kIssueTypes = {"defect", "enhancement", "security"};
const std::initializer_list<std::string_view> kDataFlows = {"inbound", "outbound", "bi-directional",
                                                            "unknown"};
const std::initializer_list<std::string_view> kExternalReferenceTypes = {
    "vcs",
    "issue-tracker",
    "website",
    "advisories",
    "bom",
    "mailing-list",
    "social",
    "chat",
    "documentation",
    "support",
    "source-distribution",
    "distribution",
    "distribution-intake",
    "license",
    "build-meta",
    "build-system",
    "release-notes",
    "security-contact",
    "model-card",
    "log",
    "configuration",
    "evidence",
    "formulation",
    "attestation",
    "threat-model",
    "adversary-model",
    "risk-assessment",
    "vulnerability-assertion",
    "exploitability-statement",
    "pentest-report",
    "static-analysis-report",
    "dynamic-analysis-report",
    "runtime-analysis-report",
    "component-analysis-report",
    "maturity-report",
    "certification-report",
    "codified-infrastructure",
    "quality-metrics",
    "poam",
    "electronic-signature",
    "digital-signature",
    "rfc-9116",
    "other"};

const std::initializer_list<std::string_view> kMetadataFields = {"timestamp",
                                                                 "lifecycles",
                                                                 "tools",
                                                                 "authors",
                                                                 "component",
                                                                 "manufacture",
                                                                 "manufacturer",
                                                                 "supplier",
                                                                 "licenses",
                                                                 "properties",
                                                                 "distributionConstraints"};

bool one_of(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

void check_enum(std::string_view value, std::initializer_list<std::string_view> allowed,
                const std::string& location, std::string_view what, Diagnostics& d) {
  if (!one_of(value, allowed)) {
    d.error(location,
            std::string(what) + " " + quote(value) + " is not one the specification allows");
  }
}

namespace {

// Each hash algorithm the specification allows, with the hex digits of its
// digests; 0 for BLAKE3, of any length the schema allows.
constexpr std::pair<std::string_view, size_t> kDigests[] = {
    {"MD5", 32},          {"SHA-1", 40},        {"SHA-256", 64},      {"SHA-384", 96},
    {"SHA-512", 128},     {"SHA3-256", 64},     {"SHA3-384", 96},     {"SHA3-512", 128},
    {"BLAKE2b-256", 64},  {"BLAKE2b-384", 96},  {"BLAKE2b-512", 128}, {"BLAKE3", 0},
    {"Streebog-256", 64}, {"Streebog-512", 128}};

// Hex digits of a digest of the algorithm; nothing for an algorithm the
// specification does not allow.
std::optional<size_t> digest_length(std::string_view a) {
  for (const auto& [name, length] : kDigests) {
    if (name == a) return length;
  }
  return std::nullopt;
}

bool right_length(size_t n, size_t want) {
  return want ? n == want : (n == 32 || n == 40 || n == 64 || n == 96 || n == 128);
}

constexpr std::array<bool, 256> kHexDigit = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  return t;
}();

// Eight bytes at a time (SWAR): the high bit of each byte of the result is
// set where that byte lies in [lo, hi]. Exact for bytes below 0x80; others
// can carry into the next byte, and callers refuse them apart.
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHigh = 0x8080808080808080ULL;
constexpr uint64_t in_range(uint64_t x, unsigned char lo, unsigned char hi) {
  const uint64_t at_least_lo = x + kOnes * (0x80 - lo);
  const uint64_t above_hi = x + kOnes * (0x7f - hi);
  return at_least_lo & ~above_hi & kHigh;
}
static_assert(in_range(0x2f303941'3a464760ULL, '0', '9') == 0x00808000'00000000ULL);

// Whether every byte of `v` is a hex digit, eight at a time (SWAR): no
// branch per character, as digests are random and a branch between digit and
// letter mispredicted often enough to be a tenth of reading. With `lowered`,
// the text is written there too, its letters in lower case, in the same pass.
bool hex_digits(std::string_view v, char* lowered) {
  bool hex = !v.empty();
  size_t i = 0;
  for (; i + 8 <= v.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, v.data() + i, 8);
    x = lower8(x);  // 'A'-'F' become 'a'-'f'; no other byte becomes a hex digit
    if (lowered) std::memcpy(lowered + i, &x, 8);
    hex &= (x & kHigh) == 0 && (in_range(x, '0', '9') | in_range(x, 'a', 'f')) == kHigh;
  }
  for (; i < v.size(); ++i) {
    if (lowered) lowered[i] = to_lower(v[i]);
    hex &= kHexDigit[static_cast<unsigned char>(v[i])];
  }
  return hex;
}

}  // namespace

bool valid_hash(const Hash& h) {
  const auto want = digest_length(h.algorithm);
  return want && hex_digits(h.value, nullptr) && right_length(h.value.size(), *want);
}

bool normalize_hash(Hash& h) {
  // Lowered and checked in one pass: reading a digest had been a lowered
  // copy and a second pass to check it.
  const bool hex = hex_digits(h.value, h.value.data());
  const auto want = digest_length(h.algorithm);
  return want && hex && right_length(h.value.size(), *want);
}

void check_hash(const Hash& h, const std::string& location, Diagnostics& d) {
  const auto length = digest_length(h.algorithm);
  if (!length) {
    d.error(location,
            "hash algorithm " + quote(h.algorithm) + " is not one the specification allows");
    return;
  }
  const size_t want = *length;
  if (!hex_digits(h.value, nullptr) || !right_length(h.value.size(), want)) {
    d.error(location, h.algorithm + " value " + quote(h.value) + " is not " +
                          (want ? std::to_string(want) + " hex digits" : "a hex digest"));
  }
}

bool valid_serial_number(std::string_view s) {
  if (s.size() != 45 || s.substr(0, 9) != "urn:uuid:") return false;
  const std::string_view u = s.substr(9);
  for (size_t i = 0; i < u.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (u[i] == '-')) return false;
    if (!dash && !(is_digit(u[i]) || (u[i] >= 'a' && u[i] <= 'f'))) return false;
  }
  return u[14] >= '1' && u[14] <= '5' &&
         (u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b');
}

namespace {

bool digits_at(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i])) return false;
  }
  return true;
}

}  // namespace

bool valid_date(std::string_view s) {
  if (!digits_at(s, 0, 4) || s.size() < 10 || s[4] != '-' || !digits_at(s, 5, 2) || s[7] != '-' ||
      !digits_at(s, 8, 2)) {
    return false;
  }
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return s.size() == 10 || valid_date_time(s);
}

bool valid_date_time(std::string_view s) {
  if (s.size() < 20 || !valid_date(s.substr(0, 10))) return false;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return false;
  if (!digits_at(s, 11, 2) || s[13] != ':' || !digits_at(s, 14, 2) || s[16] != ':' ||
      !digits_at(s, 17, 2)) {
    return false;
  }
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i == s.size()) return false;  // RFC 3339 requires an offset
  if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size();
  if (s[i] != '+' && s[i] != '-') return false;
  return i + 6 == s.size() && digits_at(s, i + 1, 2) && s[i + 3] == ':' && digits_at(s, i + 4, 2);
}

bool known_spdx_license(std::string_view id) { return spdx_license_known(id); }

void apply_lifecycle_properties(Component& c) {
  constexpr std::string_view kLevel[] = {
      "vigil:support:level", "support-level",        "supportlevel", "level-of-support",
      "levelofsupport",      "fda:level-of-support", "support_level"};
  constexpr std::string_view kEnd[] = {"vigil:support:end-date",
                                       "end-of-support",
                                       "endofsupport",
                                       "end-of-support-date",
                                       "eos",
                                       "eol",
                                       "end-of-life",
                                       "fda:end-of-support",
                                       "end_of_support"};
  const auto named = [](std::string_view name, const auto& names) {
    return std::any_of(std::begin(names), std::end(names), [name](std::string_view n) {
      return n.size() == name.size() && (n == name || iequals(n, name));
    });
  };
  for (const Property& p : c.properties) {
    if (c.support_level.empty() && named(p.name, kLevel)) c.support_level = p.value;
    if (c.end_of_support.empty() && named(p.name, kEnd)) c.end_of_support = p.value;
  }
}

namespace {

// Where a component is, for messages; built only when one is needed.
std::string where_is(const Component& c) {
  return "component " + quote(c.ref.empty() ? c.name : c.ref);
}

void check_identity(const Component& c, Diagnostics& d) {
  for (const std::string& p : c.purls) {
    if (auto r = purl::check(p); !r) d.error(where_is(c) + "/purl", r.error().message);
  }
  for (const std::string& s : c.cpes) {
    if (auto r = cpe::check(s); !r) d.error(where_is(c) + "/cpe", r.error().message);
  }
  if (c.name.empty()) d.error(where_is(c), "component has no name");
  if (c.version.empty()) d.warning(where_is(c), "component " + quote(c.name) + " has no version");
  if (!c.end_of_support.empty() && !valid_date(c.end_of_support)) {
    d.warning(where_is(c),
              "end of support " + quote(c.end_of_support) + " is not an ISO 8601 date");
  }
}

}  // namespace

bool at_least(std::string_view version, int major, int minor) {
  const size_t dot = version.find('.');
  if (dot == std::string_view::npos) return false;
  const int ma = std::atoi(std::string(version.substr(0, dot)).c_str());
  const int mi = std::atoi(std::string(version.substr(dot + 1)).c_str());
  return ma > major || (ma == major && mi >= minor);
}

namespace {

// Every reference of a document, for the duplicate and dangling-edge checks.
// Open addressing over one buffer holding the names: a lookup touches two
// compact arrays, where a node-based map reached into a component (and
// missed the cache) for every edge of the graph.
class RefSet {
 public:
  // Room for `most` references, the table at most two thirds full.
  explicit RefSet(size_t most) {
    size_t n = 16;
    while (n * 2 < most * 3) n *= 2;
    slots_.resize(n);
    names_.reserve(most * 8);
  }

  // False when `ref` is already in the set.
  bool insert(std::string_view ref) {
    if (ref.empty()) return !std::exchange(has_empty_, true);
    const size_t h = std::hash<std::string_view>{}(ref);
    Slot& s = slots_[find(ref, h)];
    if (s.size != 0) return false;
    s = Slot{names_.size(), static_cast<uint32_t>(h), static_cast<uint32_t>(ref.size())};
    names_.append(ref);
    return true;
  }

  bool contains(std::string_view ref) const {
    if (ref.empty()) return has_empty_;
    return slots_[find(ref, std::hash<std::string_view>{}(ref))].size != 0;
  }

 private:
  struct Slot {
    size_t offset = 0;
    uint32_t hash = 0;  // the low half, to compare names only when it agrees
    uint32_t size = 0;  // 0: free (the empty name is has_empty_)
  };

  // The slot holding `ref`, or the free slot where it would go.
  size_t find(std::string_view ref, size_t h) const {
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.size == 0 || (s.hash == static_cast<uint32_t>(h) && s.size == ref.size() &&
                          names_.compare(s.offset, s.size, ref) == 0))
        return i;
    }
  }

  std::vector<Slot> slots_;
  std::string names_;
  bool has_empty_ = false;
};

}  // namespace

void finish(Document& doc, const std::vector<std::string>& other_refs) {
  Diagnostics d(doc.diagnostics);
  RefSet refs(doc.components.size() + other_refs.size() + 1);
  for (size_t i = 0; i < doc.components.size(); ++i) {
    Component& c = doc.components[i];
    apply_lifecycle_properties(c);
    check_identity(c, d);
    if (c.ref.empty()) continue;
    if (!refs.insert(c.ref)) {
      d.error(where_is(c), "reference " + quote(c.ref) + " is used by more than one component");
    }
  }
  for (const std::string& r : other_refs) {
    if (!refs.insert(r)) {
      d.error("bom-ref " + quote(r), "is used by more than one element");
    }
  }
  if (doc.has_primary) {
    apply_lifecycle_properties(doc.primary);
    if (!doc.primary.ref.empty()) refs.insert(doc.primary.ref);
  }
  // Edges come grouped by where they start: each start is looked up once.
  const std::string* checked_from = nullptr;
  for (const Dependency& dep : doc.dependencies) {
    const bool same_from = checked_from && *checked_from == dep.from;
    checked_from = &dep.from;
    for (const std::string* r : {&dep.from, &dep.to}) {
      if (r == &dep.from && same_from) continue;
      if (!refs.contains(*r)) {
        d.error("dependency " + quote(dep.from) + " -> " + quote(dep.to),
                "refers to " + quote(*r) + ", which no component defines");
      }
    }
  }
}

}  // namespace vigil::sbom::detail
