// How the JSON readers find an object's members and say where they are:
// a JSON pointer built only for a diagnostic, and a table of the member
// names a CycloneDX component and its small objects use, found in one walk
// of each object. Internal to sbom/.
#pragma once

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace vigil::sbom::detail {

// A JSON pointer that becomes text only when a diagnostic needs it: a clean
// document of 100k components then builds no location strings at all.
// Children point at their parent, so a Path must outlive the ones made from it.
class Path {
 public:
  Path() = default;
  Path(const Path& parent, std::string_view key) : parent_(&parent), key_(key) {}
  Path(const Path& parent, size_t index) : parent_(&parent), index_(index), is_index_(true) {}
  Path(const Path&) = delete;
  Path& operator=(const Path&) = delete;

  std::string str() const {
    if (!parent_) return "";
    std::string s = parent_->str();
    s += '/';
    s += is_index_ ? std::to_string(index_) : std::string(key_);
    return s;
  }

 private:
  const Path* parent_ = nullptr;
  std::string_view key_;
  size_t index_ = 0;
  bool is_index_ = false;
};

inline const Path kRoot;

// The keys of a component and of the small objects read for each (hashes,
// licences, properties, references, organisations), found in one walk of
// the object: a component has some twenty optional keys, and simdjson finds
// each by walking the object again. A key's slot comes from a hash of its
// length and two letters, with no two keys sharing one (checked when
// compiling), and one comparison.
inline constexpr std::string_view kKnownKeys[] = {"type",
                                                  "bom-ref",
                                                  "group",
                                                  "name",
                                                  "version",
                                                  "purl",
                                                  "cpe",
                                                  "supplier",
                                                  "hashes",
                                                  "licenses",
                                                  "scope",
                                                  "author",
                                                  "authors",
                                                  "publisher",
                                                  "manufacturer",
                                                  "properties",
                                                  "externalReferences",
                                                  "versionRange",
                                                  "isExternal",
                                                  "swid",
                                                  "omniborId",
                                                  "swhid",
                                                  "evidence",
                                                  "pedigree",
                                                  "components",
                                                  "alg",
                                                  "content",
                                                  "value",
                                                  "expression",
                                                  "license",
                                                  "id",
                                                  "text",
                                                  "encoding",
                                                  "url"};
inline constexpr size_t kKnownKeyCount = std::size(kKnownKeys);
static_assert(kKnownKeyCount <= 64);

constexpr size_t key_hash(std::string_view key) {
  return (key.size() + static_cast<unsigned char>(key[0]) * 14 +
          static_cast<unsigned char>(key[key.size() - 1]) * 2) &
         127;
}

constexpr std::array<uint8_t, 128> key_table() {
  std::array<uint8_t, 128> t{};
  for (auto& x : t) x = kKnownKeyCount;
  for (size_t k = 0; k < kKnownKeyCount; ++k) t[key_hash(kKnownKeys[k])] = static_cast<uint8_t>(k);
  return t;
}
inline constexpr std::array<uint8_t, 128> kKeyTable = key_table();

constexpr bool key_table_is_collision_free() {
  for (size_t k = 0; k < kKnownKeyCount; ++k) {
    if (kKeyTable[key_hash(kKnownKeys[k])] != k) return false;
  }
  return true;
}
static_assert(key_table_is_collision_free(), "two component keys share a slot: change key_hash");

// Whether two texts of length n hold the same bytes, by two loads each that
// overlap rather than reach past either text: a call to memcmp per member
// of every small object was a twentieth of reading an SBOM.
inline bool same_bytes(const char* a, const char* b, size_t n) {
  const auto differ = [](const char* x, const char* y, auto word) {
    std::memcpy(&word, x, sizeof word);
    auto other = word;
    std::memcpy(&other, y, sizeof other);
    return word != other;
  };
  if (n > 16) return std::memcmp(a, b, n) == 0;
  if (n >= 8) return !differ(a, b, uint64_t{}) && !differ(a + n - 8, b + n - 8, uint64_t{});
  if (n >= 4) return !differ(a, b, uint32_t{}) && !differ(a + n - 4, b + n - 4, uint32_t{});
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

constexpr size_t slot_of(std::string_view key) {
  if (key.empty()) return kKnownKeyCount;
  const size_t k = kKeyTable[key_hash(key)];
  if (k == kKnownKeyCount || kKnownKeys[k].size() != key.size()) return kKnownKeyCount;
  if (std::is_constant_evaluated()) return kKnownKeys[k] == key ? k : kKnownKeyCount;
  return same_bytes(kKnownKeys[k].data(), key.data(), key.size()) ? k : kKnownKeyCount;
}

// A member name as the readers ask for it: a literal, whose table slot is
// worked out when compiling (every component asks some twenty of them).
class Key {
 public:
  consteval Key(const char* name)  // NOLINT: implicit by design
      : name_(name), slot_(static_cast<uint8_t>(slot_of(name_))) {}
  // A name known only at run time.
  static Key of(std::string_view name) { return Key(name, slot_of(name)); }
  operator std::string_view() const { return name_; }  // NOLINT: implicit by design
  size_t slot() const { return slot_; }

 private:
  Key(std::string_view name, size_t slot) : name_(name), slot_(static_cast<uint8_t>(slot)) {}
  std::string_view name_;
  uint8_t slot_;
};

class KnownKeys {
 public:
  explicit KnownKeys(simdjson::dom::object o) {
    for (auto [key, value] : o) {
      const size_t k = slot_of(key);
      if (k < kKnownKeyCount && !(present_ & (uint64_t{1} << k))) {
        values_[k].value = value;
        present_ |= uint64_t{1} << k;
      }
    }
  }

  // Whether `key` is one of the table's; if so, its value when present.
  bool find(Key key, bool& present, simdjson::dom::element& out) const {
    const size_t k = key.slot();
    if (k == kKnownKeyCount) return false;
    present = present_ & (uint64_t{1} << k);
    if (present) out = values_[k].value;
    return true;
  }

 private:
  // Left unconstructed: only the slots marked present are read, and
  // constructing every slot cost more than the walk of a small object.
  union Slot {
    Slot() {}  // NOLINT: leaves `value` unconstructed on purpose
    simdjson::dom::element value;
  };
  static_assert(std::is_trivially_copy_assignable_v<simdjson::dom::element> &&
                std::is_trivially_destructible_v<simdjson::dom::element>);
  uint64_t present_ = 0;
  Slot values_[kKnownKeyCount];
};

// An object's members by name: straight from simdjson, or, for an object
// indexed when made (a component and its small objects), from the key table.
class Fields {
 public:
  Fields(simdjson::dom::object o) : o_(o) {}  // NOLINT: implicit by design
  struct Indexed {};
  Fields(simdjson::dom::object o, Indexed) : o_(o), keys_(std::in_place, o) {}

  bool get(Key key, simdjson::dom::element& out) const {
    bool present = false;
    if (keys_ && keys_->find(key, present, out)) return present;
    return o_[std::string_view(key)].get(out) == simdjson::SUCCESS;
  }

 private:
  simdjson::dom::object o_;
  std::optional<KnownKeys> keys_;
};

}  // namespace vigil::sbom::detail
