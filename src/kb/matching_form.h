// The matching form of a record (kb schema 11): the fields the matcher reads
// (id, source, withdrawn, affected packages, NVD configurations, CSAF
// products) as varints and texts (kb/pack.h), in the order the Advisory
// declares them, each list preceded by its length. A scan reads thousands
// of records; reading each from its JSON body (text, references, scores and
// all) was a quarter of a one-shot scan. Internal to kb/, and to its fuzzer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "advisory/advisory.h"

namespace vigil::kb::detail {

std::string matching_form(const advisory::Advisory& a);

// The advisory a matching form holds, its other fields empty; nothing when
// the bytes are not one (damaged, or with bytes left over).
std::optional<advisory::Advisory> read_matching_form(std::string_view bytes);

}  // namespace vigil::kb::detail
