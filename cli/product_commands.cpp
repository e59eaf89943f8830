// vigil product add | list
#include "records_common.h"

#include <cstdio>

#include "core/file.h"

namespace vigil::cli {

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
        auto text = read_input(a->profile, kProfileInput);
        if (!text) return fail("product add", text.error(), status);
        profile = std::move(*text);
      }
      auto rec = open_records(*a, "product add", status);
      if (!rec) return;
      auto p = rec->add_product(a->name, profile,
                                {a->user, a->reason.empty() ? "product added" : a->reason});
      if (!p) return fail("product add", p.error(), status);
      if (a->format == "json") return print_json(records::to_json(*p));
      std::printf("product %lld: %s%s\n", static_cast<long long>(p->id), inert(p->name).c_str(),
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
              std::printf("%-5lld %-40s %-8lld %s\n", static_cast<long long>(p.id),
                          inert(p.name).c_str(), static_cast<long long>(p.releases),
                          p.profile_sha256.empty() ? "-" : p.profile_sha256.substr(0, 12).c_str());
          });
    });
  }
}

}  // namespace vigil::cli
