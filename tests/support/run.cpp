#include "support/run.h"

#include "support/fixtures.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace vigil::testing {

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

Outcome run_vigil(const std::vector<std::string>& args, const std::string& input) {
  const char* bin = std::getenv("VIGIL_BIN");
  EXPECT_NE(bin, nullptr) << "VIGIL_BIN is not set";
  // Unique files per call: ctest runs tests in parallel processes.
  std::string in_path = ::testing::TempDir() + "/vigil_in_XXXXXX";
  std::string err_path = ::testing::TempDir() + "/vigil_err_XXXXXX";
  for (std::string* path : {&in_path, &err_path}) {
    const int fd = mkstemp(path->data());
    EXPECT_GE(fd, 0) << *path;
    close(fd);
  }
  std::ofstream(in_path) << input;
  std::string cmd = shell_quote(bin ? bin : "vigil");
  for (const auto& a : args) cmd += " " + shell_quote(a);
  cmd += " <" + shell_quote(in_path) + " 2>" + shell_quote(err_path);
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int raw = pclose(p);
  std::stringstream err;
  err << std::ifstream(err_path).rdbuf();
  std::remove(in_path.c_str());
  std::remove(err_path.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out, err.str()};
}

const std::string& demo_kb() {
  static const std::string path = [] {
    const std::string p = (fresh_dir("demo-kb") / "demo.kb").string();
    const Outcome r = run_vigil({"db", "import", (demo_dir() / "kb").string(), "--db", p});
    EXPECT_EQ(r.status, 0) << r.err;
    return p;
  }();
  return path;
}

}  // namespace vigil::testing
