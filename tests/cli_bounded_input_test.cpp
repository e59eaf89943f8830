// Input that cannot be used ends in exit 2 with its message, never a
// signal, and writes no records: every case of tests/data/inputs/
// bounded.txt (devices that never end, folders given as files, limits set
// in words, memory running out) and of numbers.txt (numeric options past
// their range).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/fixtures.h"
#include "support/run.h"

namespace {

namespace fs = std::filesystem;
using vigil::testing::case_lines;
using vigil::testing::shell_quote;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kCanCapMemory = false;  // the sanitizers reserve terabytes of address space
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kCanCapMemory = false;
#else
constexpr bool kCanCapMemory = true;
#endif
#else
constexpr bool kCanCapMemory = true;
#endif

std::vector<std::string> split(const std::string& s, const std::string& by) {
  std::vector<std::string> out;
  size_t at = 0;
  for (size_t next; (next = s.find(by, at)) != std::string::npos; at = next + by.size())
    out.push_back(s.substr(at, next - at));
  out.push_back(s.substr(at));
  return out;
}

// Runs every case of tests/data/inputs/FILE; returns how many ran.
size_t run_cases(const char* file) {
  const fs::path top = vigil::testing::demo_dir().parent_path();
  const std::string kb = vigil::testing::demo_kb();
  const fs::path dir = vigil::testing::fresh_dir(std::string("inputs-") + file);
  const char* bin = std::getenv("VIGIL_BIN");
  EXPECT_NE(bin, nullptr);
  if (!bin) return 0;
  const fs::path was = fs::current_path();
  fs::current_path(top);
  size_t ran = 0;
  for (const auto& line : case_lines(vigil::testing::data_dir() / "inputs" / file)) {
    const auto fields = split(line.text, " | ");
    EXPECT_EQ(fields.size(), 4u) << file << ":" << line.number;
    if (fields.size() != 4) continue;
    const std::string& name = fields[0];
    if (name.starts_with("oom-") && !kCanCapMemory) continue;
    const fs::path records = dir / (name + ".records");
    const fs::path err = dir / (name + ".err");
    std::string cmd = "ulimit -v " + std::string(kCanCapMemory ? "3000000" : "unlimited") + "; ";
    std::istringstream words(fields[3]);
    std::string w;
    bool env = true;
    std::string args;
    while (words >> w) {
      if (env && w.find('=') != std::string::npos &&
          std::isupper(static_cast<unsigned char>(w[0]))) {
        cmd += w + " ";
        continue;
      }
      if (env) cmd += "exec " + shell_quote(bin);
      env = false;
      if (w == "KB") w = kb;
      if (w == "RECORDS") w = records.string();
      if (w == "PUMP") w = "demo/sboms/infusion-pump.cdx.json";
      cmd += " " + shell_quote(w);
    }
    cmd += " <" + fields[1] + " >/dev/null 2>" + shell_quote(err.string());
    const int raw = std::system(("sh -c " + shell_quote(cmd)).c_str());
    EXPECT_TRUE(WIFEXITED(raw)) << name;
    const std::string said = vigil::testing::read_file(err);
    EXPECT_EQ(WEXITSTATUS(raw), 2) << name << " (a signal shows as 128 + its number): " << said;
    EXPECT_NE(said.find(fields[2]), std::string::npos) << name << ": " << said;
    EXPECT_EQ(std::count(said.begin(), said.end(), '\n'), 1) << name << ": one line\n" << said;
    EXPECT_FALSE(fs::exists(records)) << name << ": nothing is written";
    ++ran;
  }
  fs::current_path(was);
  return ran;
}

TEST(CliBoundedInput, EveryUnboundedOrWrongInputEndsInExit2WithItsMessage) {
  EXPECT_GE(run_cases("bounded.txt"), 15u);
}

TEST(CliBoundedInput, EveryNumberPastItsRangeEndsInExit2WithTheRangeInWords) {
  EXPECT_EQ(run_cases("numbers.txt"), 9u);
}

}  // namespace
