// vigil release add | list | scan, vigil installed-base set | list
#include "records_common.h"

#include <cstdio>
#include <filesystem>

#include "core/file.h"
#include "service/release_scan.h"

namespace vigil::cli {
namespace {

void add_release_scan_command(CLI::App& release, int& status) {
  auto* cmd = release.add_subcommand(
      "scan", "Match a release's SBOM, triage and keep its findings (analyses carried forward)");
  struct Args : Common {
    std::string product, version, db, learned, as_of;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("product", a->product, "The product")->required();
  cmd->add_option("version", a->version, "The release")->required();
  cmd->add_option("--db", a->db, "Knowledge base file (also VIGIL_DB)")
      ->envname("VIGIL_DB")
      ->required();
  cmd->add_option("--learned", a->learned,
                  "The day new findings were learned of (YYYY-MM-DD; default today)");
  cmd->add_option("--as-of", a->as_of, "The day of the scan (YYYY-MM-DD; default today)");
  add_common(*cmd, *a, true);
  cmd->callback([a, &status] {
    auto knowledge = service::KnowledgeService::open(
        a->db, {.max_workers = 1, .max_cached_records = 0});  // one scan: no cache bound
    if (!knowledge) return fail("release scan", knowledge.error(), status);
    auto rec = open_records(*a, "release scan", status);
    if (!rec) return;
    const std::string today = report_time("%Y-%m-%d");
    auto s = service::scan_release(**knowledge, *rec,
                                   {a->product, a->version, a->learned.empty() ? today : a->learned,
                                    a->as_of.empty() ? today : a->as_of},
                                   {a->user, a->reason.empty() ? "release scanned" : a->reason});
    if (!s) return fail("release scan", s.error(), status);
    if (a->format == "json") return print_json(records::to_json(a->product, a->version, *s));
    std::printf(
        "%s %s: %lld finding(s), %lld new (%lld with the previous release's analysis, to "
        "confirm), %lld no longer found\n",
        inert(a->product).c_str(), inert(a->version).c_str(), static_cast<long long>(s->findings),
        static_cast<long long>(s->added), static_cast<long long>(s->inherited),
        static_cast<long long>(s->gone));
  });
}

void print_releases(const std::vector<records::Release>& rs) {
  std::printf("%-5s %-16s %-15s %-11s %-10s %-8s %s\n", "id", "version", "status", "released",
              "components", "devices", "sbom");
  for (const auto& r : rs)
    std::printf("%-5lld %-16s %-15s %-11s %-10lld %-8lld %s (%s)\n", static_cast<long long>(r.id),
                inert(r.version).c_str(), inert(r.status).c_str(),
                r.released_on.empty() ? "-" : inert(r.released_on).c_str(),
                static_cast<long long>(r.components), static_cast<long long>(r.devices),
                inert(r.sbom_file).c_str(), inert(r.sbom_format).c_str());
}
}  // namespace

void add_release_commands(CLI::App& app, int& status) {
  auto* release = app.add_subcommand("release", "Releases of a product")->require_subcommand(1);
  add_release_scan_command(*release, status);
  {
    auto* cmd = release->add_subcommand("add", "Add a release with the SBOM it ships with");
    struct Args : Common {
      records::NewRelease r;
      std::string sbom;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("product", a->r.product, "The product")->required();
    cmd->add_option("version", a->r.version, "The release's version")->required();
    cmd->add_option("--sbom", a->sbom, "Its SBOM (CycloneDX or SPDX, any encoding)")->required();
    cmd->add_option("--status", a->r.status, "development, marketed or end-of-support")
        ->check(CLI::IsMember({"development", "marketed", "end-of-support"}));
    cmd->add_option("--released", a->r.released_on, "Release date (YYYY-MM-DD)");
    cmd->add_option("--end-of-support", a->r.end_of_support_on, "End of support (YYYY-MM-DD)");
    add_common(*cmd, *a, true);
    cmd->callback([a, &status] {
      auto bytes = read_input(a->sbom, kSbomInput);
      if (!bytes) return fail("release add", bytes.error(), status);
      a->r.sbom_bytes = std::move(*bytes);
      a->r.sbom_file = std::filesystem::path(a->sbom).filename().string();
      auto rec = open_records(*a, "release add", status);
      if (!rec) return;
      auto r = rec->add_release(a->r, {a->user, a->reason.empty() ? "release added" : a->reason});
      if (!r) return fail("release add", r.error(), status);
      if (a->format == "json") return print_json(records::to_json(*r));
      std::printf("release %lld: %s %s, %lld components from %s (%s)\n",
                  static_cast<long long>(r->id), inert(r->product).c_str(),
                  inert(r->version).c_str(), static_cast<long long>(r->components),
                  inert(r->sbom_file).c_str(), inert(r->sbom_format).c_str());
    });
  }
  {
    auto* cmd = release->add_subcommand("list", "List a product's releases");
    struct Args : Common {
      std::string product;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("product", a->product, "The product")->required();
    add_common(*cmd, *a, false);
    cmd->callback([a, &status] {
      list(
          *a, "release list", status, [a](records::Records& r) { return r.releases(a->product); },
          print_releases);
    });
  }
}

void add_installed_base_commands(CLI::App& app, int& status) {
  auto* base = app.add_subcommand("installed-base", "Where a product's releases are in use")
                   ->require_subcommand(1);
  {
    auto* cmd = base->add_subcommand("set", "Set how many devices of a release a site has");
    struct Args : Common {
      std::string product, version, site;
      int64_t devices = -1;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("product", a->product, "The product")->required();
    cmd->add_option("version", a->version, "The release")->required();
    cmd->add_option("--site", a->site, "The site (a hospital, a clinic)")->required();
    cmd->add_option("--devices", a->devices, "Number of devices (0: none left)")
        ->required()
        ->check(whole_number_in(0, records::kMaxDevicesPerSite));
    add_common(*cmd, *a, true);
    cmd->callback([a, &status] {
      auto rec = open_records(*a, "installed-base set", status);
      if (!rec) return;
      auto s = rec->set_installed_base(
          a->product, a->version, a->site, a->devices,
          {a->user, a->reason.empty() ? "installed base updated" : a->reason});
      if (!s) return fail("installed-base set", s.error(), status);
      if (a->format == "json") return print_json(records::to_json(*s));
      std::printf("%s %s at %s: %lld device(s)\n", inert(s->product).c_str(),
                  inert(s->version).c_str(), inert(s->site).c_str(),
                  static_cast<long long>(s->devices));
    });
  }
  {
    auto* cmd = base->add_subcommand("list", "List a product's installed base");
    struct Args : Common {
      std::string product;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("product", a->product, "The product")->required();
    add_common(*cmd, *a, false);
    cmd->callback([a, &status] {
      list(
          *a, "installed-base list", status,
          [a](records::Records& r) { return r.installed_base(a->product); },
          [](const std::vector<records::Site>& sites) {
            std::printf("%-16s %-40s %s\n", "version", "site", "devices");
            for (const auto& s : sites)
              std::printf("%-16s %-40s %lld\n", inert(s.version).c_str(), inert(s.site).c_str(),
                          static_cast<long long>(s.devices));
          });
    });
  }
}

}  // namespace vigil::cli
