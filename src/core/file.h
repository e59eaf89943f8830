// Whole-file reading, for inputs small enough to hold (profiles, answers,
// VEX documents, SBOMs to keep as submitted).
#pragma once

#include <optional>
#include <string>

namespace vigil {

// The file's bytes, or nullopt when it cannot be opened or read; callers
// say what the file was meant to be.
std::optional<std::string> read_file(const std::string& path);

}  // namespace vigil
