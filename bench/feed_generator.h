// Synthetic vulnerability feeds and device SBOMs at full-feed scale, for the
// import and scan benchmarks. Real NVD/OSV shapes (NVD API 2.0 pages of
// 2,000 CVEs with CPE configurations, one OSV record per file, the EPSS CSV)
// with a realistic skew: a few products (the Linux kernel above all) carry
// thousands of CVEs, most carry a handful. Deterministic for a seed, so the
// SBOM generator and the feed generator agree on which packages exist.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace vigil::bench {

// xorshift64*: fast, deterministic, good enough for picking names.
class Rng {
 public:
  explicit Rng(uint64_t seed) : x_(seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull) {}
  uint64_t next() {
    x_ ^= x_ >> 12;
    x_ ^= x_ << 25;
    x_ ^= x_ >> 27;
    return x_ * 0x2545f4914f6cdd1dull;
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  // Skewed towards small indexes: popular packages get most advisories.
  size_t skewed(size_t n) { return below(below(n) + 1); }

 private:
  uint64_t x_;
};

struct Ecosystem {
  const char* osv;        // OSV ecosystem name
  const char* purl_type;  // purl type
  size_t share;           // percent of OSV records
  size_t packages;        // distinct package names
};

inline constexpr Ecosystem kEcosystems[] = {
    {"npm", "npm", 40, 60000},       {"PyPI", "pypi", 15, 20000},
    {"Maven", "maven", 15, 20000},   {"Go", "golang", 10, 15000},
    {"NuGet", "nuget", 5, 8000},     {"RubyGems", "gem", 5, 6000},
    {"crates.io", "cargo", 5, 6000}, {"Packagist", "composer", 5, 6000},
};

// Package `i` of an ecosystem, as OSV names it.
inline std::string package_name(const Ecosystem& e, size_t i) {
  char buf[96];
  if (std::string(e.osv) == "Maven") {
    std::snprintf(buf, sizeof buf, "org.example%zu:lib-%zu", i % 500, i);
  } else if (std::string(e.osv) == "Go") {
    std::snprintf(buf, sizeof buf, "github.com/example%zu/mod%zu", i % 700, i);
  } else if (std::string(e.osv) == "Packagist") {
    std::snprintf(buf, sizeof buf, "vendor%zu/package%zu", i % 300, i);
  } else {
    std::snprintf(buf, sizeof buf, "package-%zu", i);
  }
  return buf;
}

// NVD products: index 0 is the Linux kernel; the rest are vendorN:productM.
inline constexpr size_t kNvdProducts = 40000;
inline std::string nvd_vendor(size_t i) {
  return i == 0 ? "linux" : "vendor" + std::to_string(i % 9000);
}
inline std::string nvd_product(size_t i) {
  return i == 0 ? "linux_kernel" : "product" + std::to_string(i);
}

inline std::string version3(size_t a, size_t b, size_t c) {
  return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c);
}

// A device SBOM (CycloneDX 1.6 JSON) of `n` components drawn from the same
// names as the feeds: 60% packages with purls, 30% C libraries with CPEs,
// the Linux kernel, and the rest named only (the name heuristic's work).
inline std::string device_sbom_json(size_t n, uint64_t seed = 7) {
  Rng rng(seed);
  std::string s =
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",)"
      R"("version":1,"metadata":{"timestamp":"2026-11-01T00:00:00Z","component":{"type":"device","bom-ref":"root",)"
      R"("name":"bench-device","version":"1.0"}},"components":[)"
      R"({"type":"operating-system","bom-ref":"kernel","name":"linux","version":"5.10.200",)"
      R"("cpe":"cpe:2.3:o:linux:linux_kernel:5.10.200:*:*:*:*:*:*:*"})";
  char buf[512];
  for (size_t i = 1; i < n; ++i) {
    const size_t kind = rng.below(10);
    const std::string version = version3(rng.below(6), rng.below(12), rng.below(25));
    if (kind < 6) {
      const Ecosystem& e = kEcosystems[rng.below(8)];
      std::string name = package_name(e, rng.skewed(e.packages));
      std::string ns;
      if (const size_t cut = name.find(':'); cut != std::string::npos) {  // Maven group:artifact
        ns = name.substr(0, cut) + "/";
        name = name.substr(cut + 1);
      } else if (const size_t slash = name.rfind('/'); slash != std::string::npos) {
        ns = name.substr(0, slash + 1);
        name = name.substr(slash + 1);
      }
      const bool go = std::string(e.osv) == "Go";
      std::snprintf(
          buf, sizeof buf,
          R"(,{"type":"library","bom-ref":"c%zu","name":"%s","version":"%s","purl":"pkg:%s/%s%s@%s%s"})",
          i, name.c_str(), version.c_str(), e.purl_type, ns.c_str(), name.c_str(), go ? "v" : "",
          version.c_str());
    } else if (kind < 9) {
      const size_t p = 1 + rng.skewed(kNvdProducts - 1);
      std::snprintf(
          buf, sizeof buf,
          R"(,{"type":"library","bom-ref":"c%zu","name":"%s","version":"%s","cpe":"cpe:2.3:a:%s:%s:%s:*:*:*:*:*:*:*"})",
          i, nvd_product(p).c_str(), version.c_str(), nvd_vendor(p).c_str(), nvd_product(p).c_str(),
          version.c_str());
    } else {
      std::snprintf(buf, sizeof buf,
                    R"(,{"type":"library","bom-ref":"c%zu","name":"%s","version":"%s"})", i,
                    nvd_product(1 + rng.skewed(kNvdProducts - 1)).c_str(), version.c_str());
    }
    s += buf;
  }
  s += "]}\n";
  return s;
}

}  // namespace vigil::bench
