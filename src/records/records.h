// The maker's own records: products with their clinical profiles, releases
// with the SBOM each was submitted with, and the installed base. This is
// the repository the CLI (and the server) call; every change goes through
// the audit trail (audit::Writer) in the transaction that makes it, and a
// command that fails leaves the records as they were.
//
// Thread-safety: one Records per thread; several processes may share the
// records, writers queueing (or told the records are busy).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "core/error.h"
#include "store/connection.h"

namespace vigil::records {

// Market status of a release.
inline constexpr std::string_view kStatuses[] = {"development", "marketed", "end-of-support"};

struct Product {
  int64_t id = 0;
  std::string name;
  std::string profile_sha256;  // empty: no profile
  std::string created_at;
  int64_t releases = 0;
};

struct Release {
  int64_t id = 0;
  std::string product, version, status, released_on, end_of_support_on, created_at;
  std::string sbom_sha256, sbom_format, sbom_file;
  int64_t components = 0, devices = 0;
};

struct Site {
  std::string product, version, site;
  int64_t devices = 0;
};

struct NewRelease {
  std::string product, version;
  std::string status = "development";
  std::string released_on, end_of_support_on;  // YYYY-MM-DD or empty
  std::string sbom_bytes, sbom_file;           // the SBOM as submitted
};

class Records {
 public:
  // Opens the records at `location` (store::open), bringing their schema
  // up to date.
  static Result<Records> open(const std::string& location);

  // `profile` is the product profile's JSON (docs/triage.md), checked
  // before it is kept.
  Result<Product> add_product(std::string_view name, const std::optional<std::string>& profile,
                              const audit::Actor& actor);
  Result<std::vector<Product>> products();
  // The profile kept for a product; nullopt when it has none.
  Result<std::optional<std::string>> profile(std::string_view product);

  // Reads the SBOM (any format Vigil reads) and keeps it as submitted with
  // its components. An SBOM with errors creates nothing.
  Result<Release> add_release(const NewRelease& r, const audit::Actor& actor);
  Result<std::vector<Release>> releases(std::string_view product);
  Result<Release> release(std::string_view product, std::string_view version);

  // Sets how many devices of a release a site has (0 to record none left).
  Result<Site> set_installed_base(std::string_view product, std::string_view version,
                                  std::string_view site, int64_t devices,
                                  const audit::Actor& actor);
  Result<std::vector<Site>> installed_base(std::string_view product);

  store::Connection& connection() { return *c_; }

 private:
  explicit Records(std::unique_ptr<store::Connection> c) : c_(std::move(c)) {}
  Result<int64_t> product_id(std::string_view name);
  std::unique_ptr<store::Connection> c_;
};

}  // namespace vigil::records
