#include "support/fixtures.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vigil::testing {

std::filesystem::path data_dir() { return VIGIL_TEST_DATA_DIR; }

std::optional<std::filesystem::path> corpus_dir() {
  const char* env = std::getenv("VIGIL_CORPUS");
  if (env == nullptr || *env == '\0') return std::nullopt;
  std::filesystem::path p(env);
  if (!std::filesystem::is_directory(p)) return std::nullopt;
  return p;
}

std::string corpus_skip_message() {
  return "VIGIL_CORPUS is not set (or not a folder): corpus conformance test skipped";
}

std::vector<Line> case_lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  std::vector<Line> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.rfind("# ", 0) == 0 || line.rfind("// ", 0) == 0 || line == "#") {
      continue;
    }
    out.push_back({line, n});
  }
  return out;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::filesystem::path> files_ending(const std::filesystem::path& dir,
                                                std::string_view suffix) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.size() >= suffix.size() &&
        std::string_view(name).substr(name.size() - suffix.size()) == suffix)
      out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::filesystem::path fresh_dir(const std::string& name) {
  const auto d = std::filesystem::path(::testing::TempDir()) /
                 ("vigil-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

std::filesystem::path demo_dir() { return data_dir().parent_path().parent_path() / "demo"; }

std::vector<std::string> one_character_changes(const std::string& base) {
  std::vector<std::string> out;
  for (size_t i = 0; i < base.size(); ++i) {
    for (int c = 0; c < 256; ++c) {
      std::string s = base;
      s[i] = static_cast<char>(c);
      out.push_back(std::move(s));
    }
    out.push_back(base.substr(0, i) + base.substr(i + 1));
    out.push_back(base.substr(0, i + 1) + base.substr(i));
  }
  return out;
}

}  // namespace vigil::testing
