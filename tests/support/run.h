// Runs the vigil binary named by VIGIL_BIN, for tests of the command's
// contracts (output shapes and exit statuses).
#pragma once

#include <string>
#include <vector>

namespace vigil::testing {

struct Outcome {
  int status;  // the exit status; -1 when the process did not exit normally
  std::string out;
  std::string err;
};

// Runs vigil with `args`, feeding `input` on stdin.
Outcome run_vigil(const std::vector<std::string>& args, const std::string& input = "");

std::string shell_quote(const std::string& s);

// The demo knowledge base (demo/kb), imported by `vigil db import` once per
// test process.
const std::string& demo_kb();

}  // namespace vigil::testing
