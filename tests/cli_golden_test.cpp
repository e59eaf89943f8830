// The vigil command's outputs, byte for byte, against goldens made by the
// build before the engine moved behind the service layer (tests/data/golden/
// cases.txt says how). A face that changes what it prints fails here.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "support/fixtures.h"
#include "support/run.h"

namespace vigil::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string transcript(const Outcome& r) {
  return r.out + "[exit " + std::to_string(r.status) + "]\n" + r.err;
}

TEST(CliGolden, EveryVerbPrintsWhatItPrintedBefore) {
  const fs::path golden = data_dir() / "golden";
  const fs::path top = demo_dir().parent_path();
  const std::string kb = demo_kb();
  const std::string records = (fresh_dir("golden-records") / "golden.records").string();
  // Fixed report time and width, and no records or kb from the environment.
  setenv("SOURCE_DATE_EPOCH", "1764633600", 1);
  setenv("COLUMNS", "120", 1);
  unsetenv("VIGIL_RECORDS");
  unsetenv("VIGIL_DB");
  unsetenv("VIGIL_USER");
  const bool update = std::getenv("VIGIL_UPDATE_GOLDENS") != nullptr;
  const fs::path was = fs::current_path();
  fs::current_path(top);  // outputs name the inputs as given: relative paths
  size_t cases = 0;
  for (const auto& line : case_lines(golden / "cases.txt")) {
    const size_t colon = line.text.find(':');
    ASSERT_NE(colon, std::string::npos) << "cases.txt:" << line.number;
    const std::string name = line.text.substr(0, colon);
    std::vector<std::string> args = words(line.text.substr(colon + 1));
    for (auto& a : args) {
      if (a == "KB") a = kb;
      if (a == "RECORDS") a = records;
    }
    const std::string got = transcript(run_vigil(args));
    const fs::path file = golden / (name + ".txt");
    ++cases;
    if (update) {
      std::ofstream(file, std::ios::binary) << got;
      continue;
    }
    ASSERT_TRUE(fs::exists(file)) << "cases.txt:" << line.number << ": no golden " << file;
    EXPECT_EQ(got, read_file(file)) << "cases.txt:" << line.number << ": " << name;
  }
  fs::current_path(was);
  EXPECT_GT(cases, 30u);
}

}  // namespace
}  // namespace vigil::testing
