// vigil finding list | show | analyze
#include "records_common.h"

#include <cstdio>

namespace vigil::cli {
namespace {

void print_findings(const std::vector<records::Finding>& fs) {
  std::printf("%-6s %-20s %-9s %-16s %-24s %-9s %-12s %-13s %s\n", "id", "product", "release",
              "vulnerability", "component", "severity", "risk", "state", "first seen");
  for (const auto& f : fs) {
    std::string who = f.component + " " + f.component_version;
    if (who.size() > 24) who = who.substr(0, 23) + "~";
    std::printf("%-6lld %-20s %-9s %-16s %-24s %-9s %-12s %-13s %s\n", static_cast<long long>(f.id),
                inert(f.product.substr(0, 20)).c_str(), inert(f.version).c_str(),
                inert(f.vulnerability).c_str(), inert(who).c_str(), inert(f.severity).c_str(),
                f.risk.empty() ? "-" : inert(f.risk).c_str(),
                inert(f.state + (f.needs_confirmation ? "?" : "")).c_str(),
                inert(f.first_seen).c_str());
  }
}
}  // namespace

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
    cmd->add_option("--limit", a->filter.limit, "At most this many (0: all)")
        ->check(whole_number_in(0, kMaxPage));
    cmd->add_option("--after", a->filter.after, "Those with an id above this (the next page)")
        ->check(whole_number_in(0, kMaxId));
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
    cmd->add_option("id", a->id, "The finding")->required()->check(whole_number_in(1, kMaxId));
    add_common(*cmd, *a, false);
    cmd->callback([a, &status] {
      auto rec = open_records(*a, "finding show", status);
      if (!rec) return;
      auto f = rec->finding(a->id);
      if (!f) return fail("finding show", f.error(), status);
      auto history = rec->analyses(a->id);
      if (!history) return fail("finding show", history.error(), status);
      if (a->format == "json") return print_json(records::to_json(*f, *history));
      std::printf("finding %lld: %s in %s %s (%s %s), %s; first seen %s, last seen %s\n",
                  static_cast<long long>(f->id), inert(f->vulnerability).c_str(),
                  inert(f->component).c_str(), inert(f->component_version).c_str(),
                  inert(f->product).c_str(), inert(f->version).c_str(), inert(f->state).c_str(),
                  inert(f->first_seen).c_str(), inert(f->last_seen).c_str());
      for (const auto& x : *history) {
        std::printf(
            "  analysis %lld, %s by %s: %s%s%s%s%s\n", static_cast<long long>(x.id),
            inert(x.created_at).c_str(), inert(x.created_by).c_str(), inert(x.state).c_str(),
            x.justification.empty() ? "" : inert(" (" + x.justification + ")").c_str(),
            x.response.empty() ? "" : inert(", response " + x.response).c_str(),
            x.detail.empty() ? "" : inert(": " + x.detail).c_str(),
            x.inherited_from ? (" [inherited from analysis " + std::to_string(x.inherited_from) +
                                (x.needs_confirmation ? ", needs confirmation]" : "]"))
                                   .c_str()
                             : "");
        if (const Json& risk = x.risk; risk.is_object()) {
          const auto field = [&risk](const char* a, const char* b = nullptr) {
            const Json* j = risk.contains(a) ? &risk[a] : nullptr;
            if (j && b) j = j->contains(b) ? &(*j)[b] : nullptr;
            return j && j->is_string() ? inert(j->get<std::string>()) : std::string("-");
          };
          std::printf(
              "    on a risk evaluation: %s risk, SSVC %s, inform by %s, fix by %s, 806 %s\n",
              field("risk").c_str(), field("ssvc", "decision").c_str(),
              field("deadlines", "communicate_by").c_str(), field("deadlines", "fix_by").c_str(),
              field("report_806", "status").c_str());
        }
        for (const auto& s : x.signatures)
          std::printf("    signed %s by %s, %s (record %s)\n", inert(s.meaning).c_str(),
                      inert(s.signer).c_str(), inert(s.signed_at).c_str(),
                      s.record_sha256.substr(0, 16).c_str());
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
    cmd->add_option("id", a->n.finding, "The finding")
        ->required()
        ->check(whole_number_in(1, kMaxId));
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
      if (a->format == "json") return print_json(records::to_json(*x));
      std::printf(
          "analysis %lld of finding %lld: %s%s\n", static_cast<long long>(x->id),
          static_cast<long long>(x->finding), inert(x->state).c_str(),
          x->signatures.empty() ? "" : inert(", signed " + x->signatures.front().meaning).c_str());
    });
  }
}

}  // namespace vigil::cli
