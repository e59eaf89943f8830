// The records verbs (docs/records.md):
//   vigil product add NAME [--profile FILE]      vigil product list
//   vigil release add PRODUCT VERSION --sbom FILE [--status S] [--released DATE]
//                 [--end-of-support DATE]        vigil release list PRODUCT
//   vigil installed-base set PRODUCT VERSION --site NAME --devices N
//   vigil installed-base list PRODUCT
//   vigil release scan PRODUCT VERSION --db KB [--learned DATE] [--as-of DATE]
//   vigil finding list [--product P] [--release V] [--state S] [--limit N] [--after ID]
//   vigil finding show ID
//   vigil finding analyze ID --state S [--justification J] [--response R] [--detail D]
//                 --reason TEXT [--sign authored|reviewed|approved]
//   vigil user add NAME --role ROLE              (password on stdin, or asked)
//   vigil audit log [--record TYPE/ID]           vigil audit verify [--anchor SEQ:HASH]
// Each takes --records PATH (or VIGIL_RECORDS) and --format table|json;
// those that change a record take --user NAME (or VIGIL_USER) and --reason,
// both kept in the audit trail. JSON lists are arrays of objects, `id`
// first. Exit 0 on success, 2 on an error (nothing changed), and for
// `audit verify` 1 when the trail or the records were tampered with.
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "core/file.h"
#include "kb/kb.h"
#include "match/match.h"
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

// A record id or entry number: digits only.
std::optional<int64_t> whole_number(std::string_view s) {
  if (s.empty() || s.size() > 18 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stoll(std::string(s));
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
  return {{"id", e.seq},
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

Json to_json(const records::Site& s) {
  return {{"id", s.id},
          {"product", s.product},
          {"version", s.version},
          {"site", s.site},
          {"devices", s.devices}};
}

// A password: asked without echo on a terminal, else the first line of
// standard input.
std::string read_password(const char* prompt) {
  std::string line;
  if (isatty(STDIN_FILENO)) {
    std::cerr << prompt << std::flush;
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::getline(std::cin, line);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  } else {
    std::getline(std::cin, line);
  }
  return line;
}

Json to_json(const records::Finding& f) {
  Json triage = f.triage.empty() ? Json(nullptr) : Json::parse(f.triage, nullptr, false);
  return {
      {"id", f.id},
      {"product", f.product},
      {"version", f.version},
      {"component",
       {{"name", f.component}, {"version", f.component_version}, {"purl", null_if_empty(f.purl)}}},
      {"vulnerability", f.vulnerability},
      {"severity", f.severity},
      {"state", f.state},
      {"needs_confirmation", f.needs_confirmation},
      {"first_seen", f.first_seen},
      {"last_seen", f.last_seen},
      {"risk", null_if_empty(f.risk)},
      {"triage", triage}};
}

Json to_json(const records::Analysis& a) {
  Json sigs = Json::array();
  for (const auto& s : a.signatures)
    sigs.push_back({{"id", s.id},
                    {"signer", s.signer},
                    {"meaning", s.meaning},
                    {"signed_at", s.signed_at},
                    {"record_sha256", s.record_sha256}});
  return {{"id", a.id},
          {"finding", a.finding},
          {"state", a.state},
          {"justification", null_if_empty(a.justification)},
          {"response", null_if_empty(a.response)},
          {"detail", null_if_empty(a.detail)},
          {"risk", a.risk.empty() ? Json(nullptr) : Json::parse(a.risk, nullptr, false)},
          {"inherited_from", a.inherited_from ? Json(a.inherited_from) : Json(nullptr)},
          {"needs_confirmation", a.needs_confirmation},
          {"created_at", a.created_at},
          {"created_by", a.created_by},
          {"signatures", sigs}};
}

// A list verb: opens the records, fetches the items, and prints them as a
// JSON array or as the table `table` prints.
template <class Fetch, class Table>
void list(const Common& c, const char* verb, int& status, Fetch fetch, Table table) {
  auto rec = open_records(c, verb, status);
  if (!rec) return;
  auto items = fetch(*rec);
  if (!items) return fail(verb, items.error(), status);
  if (c.format == "json") {
    Json out = Json::array();
    for (const auto& x : *items) out.push_back(to_json(x));
    return print_json(out);
  }
  table(*items);
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
        profile = read_file(a->profile);
        if (!profile)
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
      list(
          *a, "product list", status, [](records::Records& r) { return r.products(); },
          [](const std::vector<records::Product>& ps) {
            std::printf("%-5s %-40s %-8s %s\n", "id", "product", "releases", "profile");
            for (const auto& p : ps)
              std::printf("%-5lld %-40s %-8lld %s\n", static_cast<long long>(p.id), p.name.c_str(),
                          static_cast<long long>(p.releases),
                          p.profile_sha256.empty() ? "-" : p.profile_sha256.substr(0, 12).c_str());
          });
    });
  }
}

void add_release_scan_command(CLI::App& release, int& status);

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
      auto bytes = read_file(a->sbom);
      if (!bytes) return fail("release add", Error{"cannot read the SBOM", a->sbom}, status);
      a->r.sbom_bytes = std::move(*bytes);
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
      list(
          *a, "release list", status, [a](records::Records& r) { return r.releases(a->product); },
          print_releases);
    });
  }
}

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
    auto kb = kb::KnowledgeBase::open(a->db);
    if (!kb) return fail("release scan", kb.error(), status);
    auto rec = open_records(*a, "release scan", status);
    if (!rec) return;
    match::Matcher matcher(*kb);
    const std::string today = report_time("%Y-%m-%d");
    auto s =
        rec->scan_release(a->product, a->version, matcher, a->learned.empty() ? today : a->learned,
                          a->as_of.empty() ? today : a->as_of,
                          {a->user, a->reason.empty() ? "release scanned" : a->reason});
    if (!s) return fail("release scan", s.error(), status);
    if (a->format == "json")
      return print_json({{"product", a->product},
                         {"version", a->version},
                         {"findings", s->findings},
                         {"new", s->added},
                         {"inherited", s->inherited},
                         {"no_longer_found", s->gone},
                         {"learned", s->learned}});
    std::printf(
        "%s %s: %lld finding(s), %lld new (%lld with the previous release's analysis, to "
        "confirm), %lld no longer found\n",
        a->product.c_str(), a->version.c_str(), static_cast<long long>(s->findings),
        static_cast<long long>(s->added), static_cast<long long>(s->inherited),
        static_cast<long long>(s->gone));
  });
}

void print_findings(const std::vector<records::Finding>& fs) {
  std::printf("%-6s %-20s %-9s %-16s %-24s %-9s %-12s %-13s %s\n", "id", "product", "release",
              "vulnerability", "component", "severity", "risk", "state", "first seen");
  for (const auto& f : fs) {
    std::string who = f.component + " " + f.component_version;
    if (who.size() > 24) who = who.substr(0, 23) + "~";
    std::printf("%-6lld %-20s %-9s %-16s %-24s %-9s %-12s %-13s %s\n", static_cast<long long>(f.id),
                f.product.substr(0, 20).c_str(), f.version.c_str(), f.vulnerability.c_str(),
                who.c_str(), f.severity.c_str(), f.risk.empty() ? "-" : f.risk.c_str(),
                (f.state + (f.needs_confirmation ? "?" : "")).c_str(), f.first_seen.c_str());
  }
}

void add_finding_commands(CLI::App& app, int& status) {
  auto* finding = app.add_subcommand("finding", "Findings kept in the records and their analyses")
                      ->require_subcommand(1);
  {
    auto* cmd = finding->add_subcommand("list", "List findings, oldest first");
    struct Args : Common {
      records::FindingFilter filter;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("--product", a->filter.product, "Only this product's");
    cmd->add_option("--release", a->filter.version, "Only this release's");
    cmd->add_option("--state", a->filter.state, "Only those in this analysis state");
    cmd->add_option("--limit", a->filter.limit, "At most this many")->check(CLI::NonNegativeNumber);
    cmd->add_option("--after", a->filter.after, "Those with an id above this (the next page)");
    add_common(*cmd, *a, false);
    cmd->callback([a, &status] {
      list(
          *a, "finding list", status, [a](records::Records& r) { return r.findings(a->filter); },
          print_findings);
    });
  }
  {
    auto* cmd = finding->add_subcommand("show", "A finding with every analysis and signature");
    struct Args : Common {
      int64_t id = 0;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("id", a->id, "The finding")->required();
    add_common(*cmd, *a, false);
    cmd->callback([a, &status] {
      auto rec = open_records(*a, "finding show", status);
      if (!rec) return;
      auto f = rec->finding(a->id);
      if (!f) return fail("finding show", f.error(), status);
      auto history = rec->analyses(a->id);
      if (!history) return fail("finding show", history.error(), status);
      Json out = to_json(*f);
      Json list = Json::array();
      for (const auto& x : *history) list.push_back(to_json(x));
      out["analyses"] = list;
      if (a->format == "json") return print_json(out);
      std::printf("finding %lld: %s in %s %s (%s %s), %s; first seen %s, last seen %s\n",
                  static_cast<long long>(f->id), f->vulnerability.c_str(), f->component.c_str(),
                  f->component_version.c_str(), f->product.c_str(), f->version.c_str(),
                  f->state.c_str(), f->first_seen.c_str(), f->last_seen.c_str());
      for (const auto& x : *history) {
        std::printf("  analysis %lld, %s by %s: %s%s%s%s%s\n", static_cast<long long>(x.id),
                    x.created_at.c_str(), x.created_by.c_str(), x.state.c_str(),
                    x.justification.empty() ? "" : (" (" + x.justification + ")").c_str(),
                    x.response.empty() ? "" : (", response " + x.response).c_str(),
                    x.detail.empty() ? "" : (": " + x.detail).c_str(),
                    x.inherited_from
                        ? (" [inherited from analysis " + std::to_string(x.inherited_from) +
                           (x.needs_confirmation ? ", needs confirmation]" : "]"))
                              .c_str()
                        : "");
        if (const Json risk = Json::parse(x.risk.empty() ? "null" : x.risk, nullptr, false);
            risk.is_object()) {
          const auto field = [&risk](const char* a, const char* b = nullptr) {
            const Json* j = risk.contains(a) ? &risk[a] : nullptr;
            if (j && b) j = j->contains(b) ? &(*j)[b] : nullptr;
            return j && j->is_string() ? j->get<std::string>() : std::string("-");
          };
          std::printf(
              "    on a risk evaluation: %s risk, SSVC %s, inform by %s, fix by %s, 806 %s\n",
              field("risk").c_str(), field("ssvc", "decision").c_str(),
              field("deadlines", "communicate_by").c_str(), field("deadlines", "fix_by").c_str(),
              field("report_806", "status").c_str());
        }
        for (const auto& s : x.signatures)
          std::printf("    signed %s by %s, %s (record %s)\n", s.meaning.c_str(), s.signer.c_str(),
                      s.signed_at.c_str(), s.record_sha256.substr(0, 16).c_str());
      }
    });
  }
  {
    auto* cmd = finding->add_subcommand("analyze", "Record an analysis of a finding");
    struct Args : Common {
      records::NewAnalysis n;
      std::string sign;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("id", a->n.finding, "The finding")->required();
    cmd->add_option("--state", a->n.state, "in_triage, exploitable, resolved, ...")->required();
    cmd->add_option("--justification", a->n.justification,
                    "Why not affected (code_not_present, ...)");
    cmd->add_option("--response", a->n.response, "can_not_fix, will_not_fix, update, ...");
    cmd->add_option("--detail", a->n.detail, "The analysis in words");
    cmd->add_option("--sign", a->sign,
                    "Sign it: authored, reviewed or approved (asks for your password)");
    add_common(*cmd, *a, true);
    cmd->get_option("--reason")->required();
    cmd->callback([a, &status] {
      auto rec = open_records(*a, "finding analyze", status);
      if (!rec) return;
      std::optional<records::Signing> signing;
      if (!a->sign.empty()) signing = records::Signing{a->sign, read_password("password: ")};
      auto x = rec->analyze(a->n, {a->user, a->reason}, signing);
      if (!x) return fail("finding analyze", x.error(), status);
      if (a->format == "json") return print_json(to_json(*x));
      std::printf(
          "analysis %lld of finding %lld: %s%s\n", static_cast<long long>(x->id),
          static_cast<long long>(x->finding), x->state.c_str(),
          x->signatures.empty() ? "" : (", signed " + x->signatures.front().meaning).c_str());
    });
  }
}

void add_user_commands(CLI::App& app, int& status) {
  auto* user = app.add_subcommand("user", "Users of the records")->require_subcommand(1);
  auto* cmd = user->add_subcommand("add", "Add a user who can sign (password on stdin, or asked)");
  struct Args : Common {
    std::string name, role;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("name", a->name, "The user's name")->required();
  cmd->add_option("--role", a->role, "Their role (product security, quality, regulatory ...)")
      ->required();
  add_common(*cmd, *a, true);
  cmd->callback([a, &status] {
    auto rec = open_records(*a, "user add", status);
    if (!rec) return;
    const std::string password = read_password("password for the new user: ");
    if (isatty(STDIN_FILENO) && read_password("again: ") != password)
      return fail("user add", Error{"the passwords differ; nothing was added", {}}, status);
    auto r = rec->add_user(a->name, a->role, password,
                           {a->user, a->reason.empty() ? "user added" : a->reason});
    if (!r) return fail("user add", r.error(), status);
    std::printf("user %s (%s) added\n", a->name.c_str(), a->role.c_str());
  });
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
      if (a->format == "json") return print_json(to_json(*s));
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
      list(
          *a, "installed-base list", status,
          [a](records::Records& r) { return r.installed_base(a->product); },
          [](const std::vector<records::Site>& sites) {
            std::printf("%-16s %-40s %s\n", "version", "site", "devices");
            for (const auto& s : sites)
              std::printf("%-16s %-40s %lld\n", s.version.c_str(), s.site.c_str(),
                          static_cast<long long>(s.devices));
          });
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
        const auto n =
            slash == std::string::npos ? std::nullopt : whole_number(a->record.substr(slash + 1));
        if (slash == 0 || !n)
          return fail("audit log", Error{"--record must be TYPE/ID, as in products/1", {}}, status);
        type = a->record.substr(0, slash);
        id = *n;
      }
      list(
          *a, "audit log", status,
          [&](records::Records& r) { return audit::log(r.connection(), type, id); },
          [](const std::vector<audit::Entry>& entries) {
            for (const auto& e : entries)
              std::printf("%6lld  %s  %-12s %-7s %-22s %s\n", static_cast<long long>(e.seq),
                          e.at.c_str(), e.actor.c_str(), e.action.c_str(),
                          (e.record_type + "/" + std::to_string(e.record_id)).c_str(),
                          e.reason.c_str());
          });
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
        const auto seq =
            colon == std::string::npos ? std::nullopt : whole_number(a->anchor.substr(0, colon));
        if (!seq || colon + 65 != a->anchor.size())
          return fail("audit verify",
                      Error{"--anchor must be SEQ:HASH, as `audit verify` prints its head", {}},
                      status);
        anchor.emplace(*seq, a->anchor.substr(colon + 1));
      }
      auto rec = open_records(*a, "audit verify", status);
      if (!rec) return;
      auto v = audit::verify(rec->connection(), anchor);
      if (!v) return fail("audit verify", v.error(), status);
      auto signatures = rec->verify_signatures();
      if (!signatures) return fail("audit verify", signatures.error(), status);
      for (auto& p : *signatures) {
        v->intact = false;
        v->problems.push_back(std::move(p));
      }
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
  add_finding_commands(app, status);
  add_user_commands(app, status);
  add_audit_commands(app, status);
}

}  // namespace vigil::cli
