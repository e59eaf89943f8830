// vigil version compare ECOSYSTEM [A B]   prints <, = or >; without A and B,
//                                         reads "A B" pairs from stdin, one a line
// vigil version sort ECOSYSTEM            sorts stdin's versions, one a line
// vigil version in ECOSYSTEM VERSION RANGE
//     exit 0 when VERSION is in RANGE (a vers: URI, or for npm a node-semver
//     range), 1 when not, 2 on invalid input.
#include <algorithm>
#include <iostream>
#include <string>

#include "commands.h"
#include "core/text.h"
#include "version/npm_range.h"
#include "version/vers.h"
#include "version/version.h"

namespace vigil::cli {
namespace {

// Resolves an ecosystem argument or throws a usage error naming it.
version::Scheme scheme_arg(const std::string& ecosystem) {
  auto s = version::scheme_for(ecosystem);
  if (!s) {
    throw CLI::ValidationError(
        "unknown ecosystem " + quote(ecosystem) +
        " (use an OSV name such as PyPI, npm, Maven, Go, crates.io, NuGet, RubyGems, Packagist, "
        "Debian, Alpine, Red Hat, CRAN, Hex, Pub, or a purl type such as pypi, deb, rpm, generic)");
  }
  return *s;
}

bool check(version::Scheme scheme, std::string_view v, const char* where) {
  if (auto ok = version::validate(scheme, v); !ok) {
    std::cerr << "vigil version " << where << ": " << ok.error().message << "\n";
    return false;
  }
  return true;
}

char symbol(int c) { return c < 0 ? '<' : (c > 0 ? '>' : '='); }

int compare_stdin(version::Scheme scheme) {
  std::ios::sync_with_stdio(false);
  std::string out;
  int n = 0;
  while (const auto got = input_line()) {
    const std::string& line = *got;
    ++n;
    std::string_view l = trim(line);
    if (l.empty()) continue;
    const size_t space = l.find_first_of(" \t");
    const std::string_view a = l.substr(0, space);
    const std::string_view b =
        space == std::string_view::npos ? std::string_view() : trim(l.substr(space));
    if (b.empty() || b.find_first_of(" \t") != std::string_view::npos) {
      std::cout << out;
      std::cerr << "vigil version compare: line " << n << ": expected two versions 'A B', got "
                << quote(l) << "\n";
      return 2;
    }
    const std::string where = "compare: line " + std::to_string(n);
    if (!check(scheme, a, where.c_str()) || !check(scheme, b, where.c_str())) {
      std::cout << out;
      return 2;
    }
    out += symbol(version::compare(scheme, a, b));
    out += '\n';
    if (out.size() > (1 << 16)) {
      std::cout << out;
      out.clear();
    }
  }
  std::cout << out;
  return 0;
}

}  // namespace

void add_version_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("version", "Compare, sort and range-check versions");
  cmd->require_subcommand(1);

  auto* compare = cmd->add_subcommand("compare", "Compare two versions: prints <, = or >");
  auto cmp_args = std::make_shared<std::vector<std::string>>();
  compare->add_option("args", *cmp_args, "ECOSYSTEM [A B]; without A B, pairs from stdin")
      ->required();
  compare->callback([cmp_args, &status] {
    const auto& a = *cmp_args;
    if (a.size() != 1 && a.size() != 3) {
      throw CLI::ValidationError("version compare takes ECOSYSTEM A B, or ECOSYSTEM alone");
    }
    const auto scheme = scheme_arg(a[0]);
    if (a.size() == 1) {
      status = compare_stdin(scheme);
      return;
    }
    if (!check(scheme, a[1], "compare") || !check(scheme, a[2], "compare")) {
      status = 2;
      return;
    }
    std::cout << symbol(version::compare(scheme, a[1], a[2])) << "\n";
  });

  auto* sort = cmd->add_subcommand("sort", "Sort stdin's versions (one a line), ascending");
  auto sort_eco = std::make_shared<std::string>();
  sort->add_option("ecosystem", *sort_eco, "Ecosystem")->required();
  sort->callback([sort_eco, &status] {
    const auto scheme = scheme_arg(*sort_eco);
    std::vector<std::string> versions;
    int n = 0;
    while (const auto got = input_line()) {
      const std::string& line = *got;
      ++n;
      const std::string_view v = trim(line);
      if (v.empty()) continue;
      const std::string where = "sort: line " + std::to_string(n);
      if (!check(scheme, v, where.c_str())) {
        status = 2;
        return;
      }
      versions.emplace_back(v);
    }
    std::stable_sort(versions.begin(), versions.end(), [scheme](const auto& x, const auto& y) {
      return version::compare(scheme, x, y) < 0;
    });
    for (const auto& v : versions) std::cout << v << "\n";
  });

  auto* in = cmd->add_subcommand("in", "Exit 0 when VERSION is in RANGE (a vers: URI), else 1");
  auto in_args = std::make_shared<std::vector<std::string>>();
  in->add_option("args", *in_args, "ECOSYSTEM VERSION RANGE")->required()->expected(3);
  in->callback([in_args, &status] {
    const auto& a = *in_args;
    const auto scheme = scheme_arg(a[0]);
    if (!check(scheme, a[1], "in")) {
      status = 2;
      return;
    }
    bool inside;
    if (a[2].rfind("vers:", 0) == 0 || a[2].rfind("VERS:", 0) == 0) {
      auto range = version::parse_vers(a[2]);
      if (!range) {
        std::cerr << "vigil version in: " << range.error().message << "\n";
        status = 2;
        return;
      }
      if (range->scheme != scheme) {
        std::cerr << "vigil version in: the range's scheme '" << range->scheme_text
                  << "' does not order versions as " << a[0] << " does\n";
        status = 2;
        return;
      }
      inside = range->contains(a[1]);
    } else if (scheme == version::Scheme::semver && iequals(a[0], "npm")) {
      auto range = version::parse_npm_range(a[2]);
      if (!range) {
        std::cerr << "vigil version in: " << range.error().message << "\n";
        status = 2;
        return;
      }
      inside = range->satisfied_by(a[1]);
    } else {
      std::cerr << "vigil version in: RANGE must be a vers: URI such as 'vers:"
                << version::scheme_name(scheme) << "/>=1.0|<2.0', got " << quote(a[2]) << "\n";
      status = 2;
      return;
    }
    status = inside ? 0 : 1;
  });
}

}  // namespace vigil::cli
