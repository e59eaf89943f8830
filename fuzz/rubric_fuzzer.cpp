// Fuzzes the two readers of rubric answers: the answers file and the
// extended vector. Properties: no input crashes them; answers that are
// accepted rate to an extended vector that reads back to the same rating.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cvss/rubric.h"
#include "triage/profile.h"

namespace {

void round_trip(const vigil::cvss::rubric::Answers& a, vigil::cvss::Version v) {
  const auto rating = vigil::cvss::rubric::rate(a, v);
  auto back = vigil::cvss::rubric::parse_extended(rating.extended);
  if (!back || vigil::cvss::rubric::rate(*back, v).extended != rating.extended) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto a = vigil::triage::read_rubric_answers(input, "fuzz"))
    round_trip(a->answers, a->version);
  if (auto a = vigil::cvss::rubric::parse_extended(input)) {
    round_trip(*a, input.starts_with("CVSS:3.1/") ? vigil::cvss::Version::v3_1
                                                  : vigil::cvss::Version::v3_0);
  }
  return 0;
}
