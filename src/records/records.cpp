#include "records/records.h"

#include <algorithm>

#include "core/dates.h"
#include "core/text.h"
#include "records/internal.h"
#include "sbom/sbom.h"
#include "store/schema.h"
#include "triage/profile.h"

namespace vigil::records {
namespace {

using store::Value;

constexpr const char* kProductSelect =
    "SELECT p.id, p.name, p.profile_sha256, p.created_at, "
    "(SELECT count(*) FROM releases r WHERE r.product_id = p.id) FROM products p";

constexpr const char* kReleaseSelect = R"(
SELECT r.id, p.name, r.version, r.status, r.released_on, r.end_of_support_on, r.created_at,
       s.sha256, s.format, s.file_name, s.components,
       (SELECT coalesce(sum(i.devices), 0) FROM installed_base i WHERE i.release_id = r.id)
FROM releases r JOIN products p ON p.id = r.product_id
LEFT JOIN sbom_documents s ON s.release_id = r.id
WHERE p.name = ?)";

Release release_of(const store::Row& r) {
  return {r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4),     r.text(5),
          r.text(6),    r.text(7), r.text(8), r.text(9), r.integer(10), r.integer(11)};
}

Result<void> check_date(const std::string& d, const char* what) {
  if (!d.empty() && !parse_date(d))
    return Error{std::string(what) + " must be YYYY-MM-DD, not " + quote(d), {}};
  return {};
}

}  // namespace

Result<Records> Records::open(const std::string& location, bool create) {
  auto c = store::open(location, create);
  if (!c) return c.error();
  if (auto r = store::migrate(**c); !r) return r.error();
  return Records(std::move(*c));
}

Result<int64_t> Records::product_id(std::string_view name) {
  auto rows = c_->query("SELECT id FROM products WHERE name = ?", {std::string(name)});
  if (!rows) return rows.error();
  if (rows->empty()) return Error{"no product " + quote(name) + " (see `vigil product list`)", {}};
  return rows->front().integer(0);
}

Result<Product> Records::add_product(std::string_view name,
                                     const std::optional<std::string>& profile,
                                     const audit::Actor& actor) {
  if (trim(name).empty()) return Error{"a product needs a name", {}};
  if (profile) {
    if (auto p = triage::read_profile(*profile, "the profile"); !p) return p.error();
  }
  int64_t id = 0;
  auto changed = audit::change(*c_, actor, [&](audit::Writer& w) -> Result<void> {
    auto exists = c_->query("SELECT count(*) FROM products WHERE name = ?", {std::string(name)});
    if (!exists) return exists.error();
    if (exists->front().integer(0) > 0)
      return Error{"product " + quote(name) + " already exists", {}};
    auto inserted = w.insert(
        "products", {{"name", std::string(name)},
                     {"profile", profile ? Value(*profile) : Value(std::monostate{})},
                     {"profile_sha256", or_null(profile ? audit::sha256_hex(*profile) : "")},
                     {"created_at", audit::now_utc()}});
    if (!inserted) return inserted.error();
    id = *inserted;
    return {};
  });
  if (!changed) return changed.error();
  auto rows = c_->query(std::string(kProductSelect) + " WHERE p.id = ?", {id});
  if (!rows) return rows.error();
  const auto& r = rows->front();
  return Product{r.integer(0), r.text(1), r.text(2), r.text(3), r.integer(4)};
}

Result<std::vector<Product>> Records::products() {
  auto rows = c_->query(std::string(kProductSelect) + " ORDER BY p.name");
  if (!rows) return rows.error();
  std::vector<Product> out;
  for (const auto& r : *rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.integer(4)});
  return out;
}

Result<std::optional<std::string>> Records::profile(std::string_view product) {
  auto rows = c_->query("SELECT profile FROM products WHERE name = ?", {std::string(product)});
  if (!rows) return rows.error();
  if (rows->empty()) return Error{"no product " + quote(product), {}};
  if (rows->front().is_null(0)) return std::optional<std::string>();
  return std::optional<std::string>(rows->front().text(0));
}

Result<Release> Records::add_release(const NewRelease& n, const audit::Actor& actor) {
  if (trim(n.version).empty()) return Error{"a release needs a version", {}};
  if (!listed(n.status, kStatuses))
    return Error{
        "the status must be development, marketed or end-of-support, not " + quote(n.status), {}};
  if (auto r = check_date(n.released_on, "the release date"); !r) return r.error();
  if (auto r = check_date(n.end_of_support_on, "the end-of-support date"); !r) return r.error();
  // Read before anything is written: an SBOM that fails leaves no trace.
  auto doc = sbom::read(n.sbom_bytes, n.sbom_file);
  if (!doc) return doc.error();
  for (const auto& d : doc->diagnostics) {
    if (d.severity == sbom::Severity::error)
      return Error{
          "the SBOM has errors (see `vigil sbom inspect`): " + d.location + ": " + d.message,
          n.sbom_file};
  }
  auto changed = audit::change(*c_, actor, [&](audit::Writer& w) -> Result<void> {
    auto product = product_id(n.product);
    if (!product) return product.error();
    auto exists = c_->query("SELECT count(*) FROM releases WHERE product_id = ? AND version = ?",
                            {*product, n.version});
    if (!exists) return exists.error();
    if (exists->front().integer(0) > 0)
      return Error{n.product + " " + n.version + " already exists", {}};
    const std::string now = audit::now_utc();
    auto release_id = w.insert("releases", {{"product_id", *product},
                                            {"version", n.version},
                                            {"status", n.status},
                                            {"released_on", or_null(n.released_on)},
                                            {"end_of_support_on", or_null(n.end_of_support_on)},
                                            {"created_at", now}});
    if (!release_id) return release_id.error();
    auto sbom_id =
        w.insert("sbom_documents", {{"release_id", *release_id},
                                    {"content", store::Blob{n.sbom_bytes}},
                                    {"sha256", audit::sha256_hex(n.sbom_bytes)},
                                    {"format", std::string(sbom::format_name(doc->format))},
                                    {"spec_version", doc->spec_version},
                                    {"encoding", std::string(sbom::encoding_name(doc->encoding))},
                                    {"file_name", n.sbom_file},
                                    {"components", static_cast<int64_t>(doc->components.size())},
                                    {"submitted_at", now},
                                    {"submitted_by", actor.user}});
    if (!sbom_id) return sbom_id.error();
    for (const auto& c : doc->components) {
      if (auto id = w.insert("components", component_fields(*release_id, *sbom_id, c)); !id)
        return id.error();
    }
    return {};
  });
  if (!changed) return changed.error();
  return release(n.product, n.version);
}

Result<std::vector<Release>> Records::releases(std::string_view product) {
  if (auto id = product_id(product); !id) return id.error();
  auto rows = c_->query(std::string(kReleaseSelect) + " ORDER BY r.id", {std::string(product)});
  if (!rows) return rows.error();
  std::vector<Release> out;
  for (const auto& r : *rows) out.push_back(release_of(r));
  return out;
}

Result<Release> Records::release(std::string_view product, std::string_view version) {
  auto rows = c_->query(std::string(kReleaseSelect) + " AND r.version = ?",
                        {std::string(product), std::string(version)});
  if (!rows) return rows.error();
  if (rows->empty())
    return Error{
        "no release " + quote(version) + " of " + quote(product) + " (see `vigil release list`)",
        {}};
  return release_of(rows->front());
}

Result<Site> Records::set_installed_base(std::string_view product, std::string_view version,
                                         std::string_view site, int64_t devices,
                                         const audit::Actor& actor) {
  if (devices < 0 || devices > kMaxDevicesPerSite) {
    return Error{"the number of devices must be from 0 to " + std::to_string(kMaxDevicesPerSite) +
                     ", not " + std::to_string(devices),
                 {}};
  }
  if (trim(site).empty()) return Error{"a site needs a name", {}};
  int64_t id = 0;
  auto changed = audit::change(*c_, actor, [&](audit::Writer& w) -> Result<void> {
    auto rel = release(product, version);
    if (!rel) return rel.error();
    auto site_rows = c_->query("SELECT id FROM sites WHERE name = ?", {std::string(site)});
    if (!site_rows) return site_rows.error();
    int64_t site_id = 0;
    if (site_rows->empty()) {
      auto inserted =
          w.insert("sites", {{"name", std::string(site)}, {"created_at", audit::now_utc()}});
      if (!inserted) return inserted.error();
      site_id = *inserted;
    } else {
      site_id = site_rows->front().integer(0);
    }
    auto current = c_->query("SELECT id FROM installed_base WHERE release_id = ? AND site_id = ?",
                             {rel->id, site_id});
    if (!current) return current.error();
    if (!current->empty()) {
      id = current->front().integer(0);
      return w.update("installed_base", id, {{"devices", devices}});
    }
    auto inserted = w.insert("installed_base",
                             {{"release_id", rel->id}, {"site_id", site_id}, {"devices", devices}});
    if (!inserted) return inserted.error();
    id = *inserted;
    return {};
  });
  if (!changed) return changed.error();
  return Site{id, std::string(product), std::string(version), std::string(site), devices};
}

Result<std::vector<Site>> Records::installed_base(std::string_view product) {
  if (auto id = product_id(product); !id) return id.error();
  auto rows = c_->query(
      "SELECT i.id, p.name, r.version, s.name, i.devices FROM installed_base i "
      "JOIN releases r ON r.id = i.release_id JOIN products p ON p.id = r.product_id "
      "JOIN sites s ON s.id = i.site_id WHERE p.name = ? ORDER BY r.id, s.name",
      {std::string(product)});
  if (!rows) return rows.error();
  std::vector<Site> out;
  for (const auto& r : *rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.integer(4)});
  return out;
}

}  // namespace vigil::records
