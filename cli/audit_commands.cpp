// vigil user add, vigil audit log | verify
#include "records_common.h"

#include <unistd.h>

#include <cstdio>

namespace vigil::cli {

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
    if (a->records.empty()) return (void)open_records(*a, "user add", status);  // says why
    // The password before the records: input refused here leaves no file.
    const std::string password = read_password("password for the new user: ");
    if (isatty(STDIN_FILENO) && read_password("again: ") != password)
      return fail("user add", Error{"the passwords differ; nothing was added", {}}, status);
    auto rec = open_records(*a, "user add", status);
    if (!rec) return;
    auto r = rec->add_user(a->name, a->role, password,
                           {a->user, a->reason.empty() ? "user added" : a->reason});
    if (!r) return fail("user add", r.error(), status);
    std::printf("user %s (%s) added\n", inert(a->name).c_str(), inert(a->role).c_str());
  });
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
          *a, "audit log", status, [&](records::Records& r) { return r.audit_log(type, id); },
          [](const std::vector<audit::Entry>& entries) {
            for (const auto& e : entries)
              std::printf("%6lld  %s  %-12s %-7s %-22s %s\n", static_cast<long long>(e.seq),
                          inert(e.at).c_str(), inert(e.actor).c_str(), inert(e.action).c_str(),
                          inert(e.record_type + "/" + std::to_string(e.record_id)).c_str(),
                          inert(e.reason).c_str());
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
      auto v = rec->verify(anchor);
      if (!v) return fail("audit verify", v.error(), status);
      status = v->intact ? 0 : 1;
      if (a->format == "json") return print_json(records::to_json(*v));
      for (const auto& p : v->problems) std::printf("TAMPERED: %s\n", inert(p).c_str());
      if (v->intact && v->entries == 0) {
        // Nothing to prove yet: say so, rather than call nothing intact.
        std::printf("empty: no audited change has been made to these records yet\n");
        return;
      }
      std::printf("%s: %lld entries, %lld records; head %lld:%s\n",
                  v->intact ? "intact" : "NOT intact", static_cast<long long>(v->entries),
                  static_cast<long long>(v->records), static_cast<long long>(v->head_seq),
                  inert(v->head_hash).c_str());
    });
  }
}

}  // namespace vigil::cli
