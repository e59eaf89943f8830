// Helpers shared by the tests: locating fixtures and the shared corpus, and
// reading line-oriented case files.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::testing {

// The folder holding the repository's own fixtures (tests/data).
std::filesystem::path data_dir();

// The shared corpus named by VIGIL_CORPUS, or nullopt when it is not set or
// does not exist; callers skip with corpus_skip_message().
std::optional<std::filesystem::path> corpus_dir();
std::string corpus_skip_message();

struct Line {
  std::string text;
  int number;  // 1-based
};

// The lines of a file that are neither empty nor comments ("# " or "// ").
std::vector<Line> case_lines(const std::filesystem::path& file);

std::string read_file(const std::filesystem::path& file);

// The files under `dir` (and its subfolders) whose names end in `suffix`,
// sorted: a corpus folder's documents, without its README, LICENSE or NOTICE.
// Counts over a corpus come from this, never from constants.
std::vector<std::filesystem::path> files_ending(const std::filesystem::path& dir,
                                                std::string_view suffix);

// The bundled demo data (demo/ at the top of the repository).
std::filesystem::path demo_dir();

// An empty folder of this process's own under the test temporary folder
// ("vigil-NAME-PID"), emptied first if an earlier run left it.
std::filesystem::path fresh_dir(const std::string& name);

// Every text one character away from `base`: each position holding each of
// the 256 bytes, each character dropped, each doubled. For holding a fast
// path of a checker to its parser.
std::vector<std::string> one_character_changes(const std::string& base);

}  // namespace vigil::testing
