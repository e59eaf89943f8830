// The records verbs (docs/records.md):
//   vigil product add NAME [--profile FILE]      vigil product list
//   vigil release add PRODUCT VERSION --sbom FILE [--status S] [--released DATE]
//                 [--end-of-support DATE]        vigil release list PRODUCT
//   vigil installed-base set PRODUCT VERSION --site NAME --devices N
//   vigil installed-base list PRODUCT
//   vigil audit log [--record TYPE/ID]           vigil audit verify [--anchor SEQ:HASH]
// Each takes --records PATH (or VIGIL_RECORDS) and --format table|json;
// those that change a record take --user NAME (or VIGIL_USER) and --reason,
// both kept in the audit trail. JSON lists are arrays of objects, `id`
// first. Exit 0 on success, 2 on an error (nothing changed), and for
// `audit verify` 1 when the trail or the records were tampered with.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "records/records.h"

namespace vigil::cli {
namespace {

using Json = nlohmann::ordered_json;

struct Common {
  std::string records, user, reason, format = "table";
};

void add_common(CLI::App& cmd, Common& c, bool changes) {
  cmd.add_option("--records", c.records, "The records: a file (SQLite)")->envname("VIGIL_RECORDS");
  cmd.add_option("--format", c.format, "table or json")->check(CLI::IsMember({"table", "json"}));
  if (changes) {
    cmd.add_option("--user", c.user, "Who makes the change (kept in the audit trail)")
        ->envname("VIGIL_USER");
    cmd.add_option("--reason", c.reason, "Why (kept in the audit trail)");
  }
}

// Opens the records or reports why not (status 2).
std::optional<records::Records> open_records(const Common& c, const char* verb, int& status) {
  if (c.records.empty()) {
    std::cerr << "vigil " << verb << ": no records given: --records PATH or VIGIL_RECORDS\n";
    status = 2;
    return std::nullopt;
  }
  auto r = records::Records::open(c.records);
  if (!r) {
    std::cerr << "vigil " << verb << ": " << r.error().to_string() << "\n";
    status = 2;
    return std::nullopt;
  }
  return std::move(*r);
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

Json null_if_empty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json to_json(const records::Product& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"profile_sha256", null_if_empty(p.profile_sha256)},
          {"releases", p.releases},
          {"created_at", p.created_at}};
}

Json to_json(const records::Release& r) {
  return {{"id", r.id},
          {"product", r.product},
          {"version", r.version},
          {"status", r.status},
          {"released_on", null_if_empty(r.released_on)},
          {"end_of_support_on", null_if_empty(r.end_of_support_on)},
          {"sbom", {{"file", r.sbom_file}, {"format", r.sbom_format}, {"sha256", r.sbom_sha256}}},
          {"components", r.components},
          {"devices", r.devices},
          {"created_at", r.created_at}};
}

Json to_json(const audit::Entry& e) {
  const auto parsed = [](const std::optional<std::string>& s) {
    return s ? Json::parse(*s, nullptr, false) : Json(nullptr);
  };
  return {{"seq", e.seq},
          {"at", e.at},
          {"user", e.actor},
          {"action", e.action},
          {"record", e.record_type + "/" + std::to_string(e.record_id)},
          {"reason", e.reason},
          {"before", parsed(e.before)},
          {"after", parsed(e.after)},
          {"hash", e.hash}};
}

void fail(const char* verb, const Error& e, int& status) {
  std::cerr << "vigil " << verb << ": " << e.to_string() << "\n";
  status = 2;
}

void add_product_commands(CLI::App& app, int& status) {
  auto* product = app.add_subcommand("product", "The maker's products")->require_subcommand(1);
  {
    auto* cmd = product->add_subcommand("add", "Add a product, with its clinical profile");
    struct Args : Common {
      std::string name, profile;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("name", a->name, "The product's name")->required();
    cmd->add_option("--profile", a->profile, "Its product profile (docs/triage.md)");
    add_common(*cmd, *a, true);
    cmd->callback([a, &status] {
      std::optional<std::string> profile;
      if (!a->profile.empty()) {
        profile.emplace();
        if (!read_file(a->profile, *profile))
          return fail("product add", Error{"cannot read the profile", a->profile}, status);
      }
      auto rec = open_records(*a, "product add", status);
      if (!rec) return;
      auto p = rec->add_product(a->name, profile,
                                {a->user, a->reason.empty() ? "product added" : a->reason});
      if (!p) return fail("product add", p.error(), status);
      if (a->format == "json") return print_json(to_json(*p));
      std::printf("product %lld: %s%s\n", static_cast<long long>(p->id), p->name.c_str(),
                  profile ? " (with its profile)" : "");
    });
  }
  {
    auto* cmd = product->add_subcommand("list", "List the products");
    auto a = std::make_shared<Common>();
    add_common(*cmd, *a, false);
    cmd->callback([a, &status] {
      auto rec = open_records(*a, "product list", status);
      if (!rec) return;
      auto ps = rec->products();
      if (!ps) return fail("product list", ps.error(), status);
      if (a->format == "json") {
        Json out = Json::array();
        for (const auto& p : *ps) out.push_back(to_json(p));
        return print_json(out);
      }
      std::printf("%-5s %-40s %-8s %s\n", "id", "product", "releases", "profile");
      for (const auto& p : *ps)
        std::printf("%-5lld %-40s %-8lld %s\n", static_cast<long long>(p.id), p.name.c_str(),
                    static_cast<long long>(p.releases),
                    p.profile_sha256.empty() ? "-" : p.profile_sha256.substr(0, 12).c_str());
    });
  }
}

void print_releases(const std::vector<records::Release>& rs) {
  std::printf("%-5s %-16s %-15s %-11s %-10s %-8s %s\n", "id", "version", "status", "released",
              "components", "devices", "sbom");
  for (const auto& r : rs)
    std::printf("%-5lld %-16s %-15s %-11s %-10lld %-8lld %s (%s)\n", static_cast<long long>(r.id),
                r.version.c_str(), r.status.c_str(),
                r.released_on.empty() ? "-" : r.released_on.c_str(),
                static_cast<long long>(r.components), static_cast<long long>(r.devices),
                r.sbom_file.c_str(), r.sbom_format.c_str());
}

void add_release_commands(CLI::App& app, int& status) {
  auto* release = app.add_subcommand("release", "Releases of a product")->require_subcommand(1);
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
      if (!read_file(a->sbom, a->r.sbom_bytes))
        return fail("release add", Error{"cannot read the SBOM", a->sbom}, status);
      a->r.sbom_file = std::filesystem::path(a->sbom).filename().string();
      auto rec = open_records(*a, "release add", status);
      if (!rec) return;
      auto r = rec->add_release(a->r, {a->user, a->reason.empty() ? "release added" : a->reason});
      if (!r) return fail("release add", r.error(), status);
      if (a->format == "json") return print_json(to_json(*r));
      std::printf("release %lld: %s %s, %lld components from %s (%s)\n",
                  static_cast<long long>(r->id), r->product.c_str(), r->version.c_str(),
                  static_cast<long long>(r->components), r->sbom_file.c_str(),
                  r->sbom_format.c_str());
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
      auto rec = open_records(*a, "release list", status);
      if (!rec) return;
      auto rs = rec->releases(a->product);
      if (!rs) return fail("release list", rs.error(), status);
      if (a->format == "json") {
        Json out = Json::array();
        for (const auto& r : *rs) out.push_back(to_json(r));
        return print_json(out);
      }
      print_releases(*rs);
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
        ->check(CLI::NonNegativeNumber);
    add_common(*cmd, *a, true);
    cmd->callback([a, &status] {
      auto rec = open_records(*a, "installed-base set", status);
      if (!rec) return;
      auto s = rec->set_installed_base(
          a->product, a->version, a->site, a->devices,
          {a->user, a->reason.empty() ? "installed base updated" : a->reason});
      if (!s) return fail("installed-base set", s.error(), status);
      if (a->format == "json")
        return print_json({{"product", s->product},
                           {"version", s->version},
                           {"site", s->site},
                           {"devices", s->devices}});
      std::printf("%s %s at %s: %lld device(s)\n", s->product.c_str(), s->version.c_str(),
                  s->site.c_str(), static_cast<long long>(s->devices));
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
      auto rec = open_records(*a, "installed-base list", status);
      if (!rec) return;
      auto sites = rec->installed_base(a->product);
      if (!sites) return fail("installed-base list", sites.error(), status);
      if (a->format == "json") {
        Json out = Json::array();
        for (const auto& s : *sites)
          out.push_back({{"product", s.product},
                         {"version", s.version},
                         {"site", s.site},
                         {"devices", s.devices}});
        return print_json(out);
      }
      std::printf("%-16s %-40s %s\n", "version", "site", "devices");
      for (const auto& s : *sites)
        std::printf("%-16s %-40s %lld\n", s.version.c_str(), s.site.c_str(),
                    static_cast<long long>(s.devices));
    });
  }
}

void add_audit_commands(CLI::App& app, int& status) {
  auto* audit_cmd =
      app.add_subcommand("audit", "The audit trail of the records")->require_subcommand(1);
  {
    auto* cmd = audit_cmd->add_subcommand("log", "The audit trail, oldest first");
    struct Args : Common {
      std::string record;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("--record", a->record, "Only this record's entries (TYPE/ID: products/1)");
    add_common(*cmd, *a, false);
    cmd->callback([a, &status] {
      std::string type;
      int64_t id = 0;
      if (!a->record.empty()) {
        const auto slash = a->record.find('/');
        if (slash == std::string::npos || slash + 1 == a->record.size())
          return fail("audit log", Error{"--record must be TYPE/ID, as in products/1", {}}, status);
        type = a->record.substr(0, slash);
        id = std::atoll(a->record.c_str() + slash + 1);
      }
      auto rec = open_records(*a, "audit log", status);
      if (!rec) return;
      auto entries = audit::log(rec->connection(), type, id);
      if (!entries) return fail("audit log", entries.error(), status);
      if (a->format == "json") {
        Json out = Json::array();
        for (const auto& e : *entries) out.push_back(to_json(e));
        return print_json(out);
      }
      for (const auto& e : *entries)
        std::printf("%6lld  %s  %-12s %-7s %-22s %s\n", static_cast<long long>(e.seq), e.at.c_str(),
                    e.actor.c_str(), e.action.c_str(),
                    (e.record_type + "/" + std::to_string(e.record_id)).c_str(), e.reason.c_str());
    });
  }
  {
    auto* cmd = audit_cmd->add_subcommand(
        "verify", "Check the audit trail's chain and every audited record against it");
    struct Args : Common {
      std::string anchor;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("--anchor", a->anchor,
                    "SEQ:HASH from an earlier verify, kept elsewhere: that entry must be intact");
    add_common(*cmd, *a, false);
    cmd->callback([a, &status] {
      std::optional<std::pair<int64_t, std::string>> anchor;
      if (!a->anchor.empty()) {
        const auto colon = a->anchor.find(':');
        if (colon == std::string::npos || colon == 0)
          return fail("audit verify", Error{"--anchor must be SEQ:HASH", {}}, status);
        anchor.emplace(std::atoll(a->anchor.c_str()), a->anchor.substr(colon + 1));
      }
      auto rec = open_records(*a, "audit verify", status);
      if (!rec) return;
      auto v = audit::verify(rec->connection(), anchor);
      if (!v) return fail("audit verify", v.error(), status);
      status = v->intact ? 0 : 1;
      if (a->format == "json") {
        return print_json({{"intact", v->intact},
                           {"entries", v->entries},
                           {"records", v->records},
                           {"head", std::to_string(v->head_seq) + ":" + v->head_hash},
                           {"problems", v->problems}});
      }
      for (const auto& p : v->problems) std::printf("TAMPERED: %s\n", p.c_str());
      std::printf("%s: %lld entries, %lld records; head %lld:%s\n",
                  v->intact ? "intact" : "NOT intact", static_cast<long long>(v->entries),
                  static_cast<long long>(v->records), static_cast<long long>(v->head_seq),
                  v->head_hash.c_str());
    });
  }
}

}  // namespace

void add_records_commands(CLI::App& app, int& status) {
  add_product_commands(app, status);
  add_release_commands(app, status);
  add_installed_base_commands(app, status);
  add_audit_commands(app, status);
}

}  // namespace vigil::cli
