// Writes synthetic feeds at full-feed scale for the import and scan
// benchmarks (bench/feed_generator.h says what they look like):
//
//   make_feeds OUT_DIR [NVD_CVES] [OSV_RECORDS] [EPSS_ROWS]
//
// Defaults: 310,000 NVD CVEs in API 2.0 pages of 2,000, 520,000 OSV records
// one per file under osv/<ecosystem>/, 330,000 EPSS rows. A third of the OSV
// records alias an NVD CVE, so the kb has merging to do.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "feed_generator.h"

namespace fs = std::filesystem;
using vigil::bench::kEcosystems;
using vigil::bench::Rng;

namespace {

constexpr const char* kVectors[] = {
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N"};

std::string cve_id(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "CVE-%zu-%06zu", 2000 + i % 26, 100000 + i);
  return buf;
}

// Kernel CVEs look like the kernel CNA's: several stable branches, each a
// range from the commit that introduced the flaw to the fix.
std::string kernel_matches(Rng& rng) {
  std::string s;
  const size_t branches[][2] = {{4, 19}, {5, 4}, {5, 10}, {5, 15}, {6, 1}, {6, 6}};
  for (size_t b = 0; b < 6; ++b) {
    const size_t fix = 50 + rng.below(300);
    char buf[512];
    std::snprintf(
        buf, sizeof buf,
        R"(%s{"vulnerable":true,"criteria":"cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*",)"
        R"("versionStartIncluding":"%zu.%zu.%zu","versionEndExcluding":"%zu.%zu.%zu"})",
        b ? "," : "", branches[b][0], branches[b][1], fix / 2, branches[b][0], branches[b][1], fix);
    s += buf;
  }
  return s;
}

std::string product_matches(Rng& rng, size_t product) {
  const std::string cpe = "cpe:2.3:a:" + vigil::bench::nvd_vendor(product) + ":" +
                          vigil::bench::nvd_product(product) + ":";
  std::string s;
  const size_t n = 1 + rng.below(4);
  for (size_t k = 0; k < n; ++k) {
    const size_t major = 1 + rng.below(5), minor = rng.below(10);
    if (rng.below(3) == 0) {  // an exact version, as older records list them
      s += std::string(k ? "," : "") + R"({"vulnerable":true,"criteria":")" + cpe +
           vigil::bench::version3(major, minor, rng.below(20)) + R"(:*:*:*:*:*:*:*"})";
    } else {
      s += std::string(k ? "," : "") + R"({"vulnerable":true,"criteria":")" + cpe +
           R"(*:*:*:*:*:*:*:*","versionStartIncluding":")" +
           vigil::bench::version3(major, minor, 0) + R"(","versionEndExcluding":")" +
           vigil::bench::version3(major, minor, 1 + rng.below(30)) + "\"}";
    }
  }
  return s;
}

void write_nvd(const fs::path& dir, size_t total) {
  fs::create_directories(dir);
  Rng rng(1);
  constexpr size_t kPage = 2000;
  for (size_t start = 0; start < total; start += kPage) {
    char name[64];
    std::snprintf(name, sizeof name, "nvdcve-2.0-%03zu.json", start / kPage);
    FILE* f = std::fopen((dir / name).c_str(), "w");
    if (!f) std::abort();
    std::fprintf(f,
                 R"({"resultsPerPage":%zu,"startIndex":%zu,"totalResults":%zu,"format":"NVD_CVE",)"
                 R"("version":"2.0","timestamp":"2026-11-01T00:00:00.000","vulnerabilities":[)",
                 kPage, start, total);
    for (size_t i = start; i < std::min(total, start + kPage); ++i) {
      const bool kernel = rng.below(100) < 5;
      const size_t product = kernel ? 0 : 1 + rng.skewed(vigil::bench::kNvdProducts - 1);
      const std::string matches = kernel ? kernel_matches(rng) : product_matches(rng, product);
      std::fprintf(
          f,
          R"(%s{"cve":{"id":"%s","sourceIdentifier":"cna@example.org","published":"2024-0%zu-1%zuT10:15:00.000",)"
          R"("lastModified":"2025-01-01T00:00:00.000","vulnStatus":"Analyzed","descriptions":[{"lang":"en",)"
          R"("value":"A flaw in %s %s allows a remote attacker to cause a denial of service or execute code via crafted input; versions before the fix are affected."}],)"
          R"("metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"3.1","vectorString":"%s","baseScore":7.5}}]},)"
          R"("weaknesses":[{"source":"nvd@nist.gov","type":"Primary","description":[{"lang":"en","value":"CWE-%zu"}]}],)"
          R"("configurations":[{"nodes":[{"operator":"OR","negate":false,"cpeMatch":[%s]}]}],)"
          R"("references":[{"url":"https://example.org/advisories/%zu","source":"cna@example.org"},)"
          R"({"url":"https://example.org/commit/%zu","source":"cna@example.org","tags":["Patch"]}]}})",
          i > start ? "," : "", cve_id(i).c_str(), 1 + i % 9, i % 10,
          vigil::bench::nvd_vendor(product).c_str(), vigil::bench::nvd_product(product).c_str(),
          kVectors[i % 6], 20 + i % 900, matches.c_str(), i, i);
    }
    std::fputs("]}\n", f);
    std::fclose(f);
  }
}

void write_osv(const fs::path& dir, size_t total, size_t nvd_total) {
  Rng rng(2);
  size_t written = 0;
  for (const auto& e : kEcosystems) {
    const fs::path sub = dir / e.osv;
    fs::create_directories(sub);
    const size_t n = total * e.share / 100;
    const bool semver = std::string(e.osv) == "Go" || std::string(e.osv) == "npm" ||
                        std::string(e.osv) == "crates.io";
    for (size_t k = 0; k < n; ++k, ++written) {
      char id[48];
      std::snprintf(id, sizeof id, "GHSA-%04zx-%04zx-%04zx", written % 65536,
                    (written >> 16) % 65536, k % 65536);
      const std::string name = vigil::bench::package_name(e, rng.skewed(e.packages));
      const size_t major = rng.below(6), minor = rng.below(12);
      const std::string alias = rng.below(3) == 0 ? cve_id(rng.below(nvd_total)) : "";
      FILE* f = std::fopen((sub / (std::string(id) + ".json")).c_str(), "w");
      if (!f) std::abort();
      std::fprintf(
          f,
          R"({"schema_version":"1.6.0","id":"%s","modified":"2025-06-0%zuT00:00:00Z","published":"2024-01-01T00:00:00Z",)"
          R"("aliases":[%s],"summary":"Improper input validation in %s","details":"%s before %s mishandles crafted input, which lets a remote attacker cause a denial of service.",)"
          R"("severity":[{"type":"CVSS_V3","score":"%s"}],)"
          R"("affected":[{"package":{"ecosystem":"%s","name":"%s"},"ranges":[{"type":"%s","events":[{"introduced":"%s"},{"fixed":"%s"}]}]}],)"
          R"("references":[{"type":"ADVISORY","url":"https://example.org/%s"},{"type":"FIX","url":"https://example.org/fix/%s"}]})"
          "\n",
          id, 1 + k % 9, alias.empty() ? "" : ("\"" + alias + "\"").c_str(), name.c_str(),
          name.c_str(), vigil::bench::version3(major, minor, 5).c_str(), kVectors[k % 6], e.osv,
          name.c_str(), semver ? "SEMVER" : "ECOSYSTEM",
          vigil::bench::version3(major, minor, 0).c_str(),
          vigil::bench::version3(major, minor, 1 + rng.below(20)).c_str(), id, id);
      std::fclose(f);
    }
  }
}

void write_epss(const fs::path& dir, size_t rows) {
  fs::create_directories(dir);
  FILE* f = std::fopen((dir / "epss_scores-2026-11-01.csv").c_str(), "w");
  if (!f) std::abort();
  std::fputs(
      "#model_version:v2025.03.14,score_date:2026-11-01T00:00:00+0000\ncve,epss,percentile\n", f);
  Rng rng(3);
  for (size_t i = 0; i < rows; ++i) {
    const double epss = static_cast<double>(rng.below(100000)) / 100000.0;
    std::fprintf(f, "%s,%.5f,%.5f\n", cve_id(i).c_str(), epss * epss, epss);
  }
  std::fclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: make_feeds OUT_DIR [NVD_CVES] [OSV_RECORDS] [EPSS_ROWS]\n");
    return 2;
  }
  const fs::path out = argv[1];
  const size_t nvd = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 310000;
  const size_t osv = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 520000;
  const size_t epss = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 330000;
  write_nvd(out / "nvd", nvd);
  write_osv(out / "osv", osv, nvd);
  write_epss(out / "epss", epss);
  std::printf("make_feeds: %zu NVD CVEs, %zu OSV records, %zu EPSS rows in %s\n", nvd, osv, epss,
              out.c_str());
  return 0;
}
