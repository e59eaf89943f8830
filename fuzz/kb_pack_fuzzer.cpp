// Fuzzes the pack decoder (kb/pack.h) that every CPE and package lookup
// and every vulnerability's description walks, and the matching form of a
// record (kb/matching_form.h) that a scan reads for every candidate.
// Properties: no input is read past its end or crashes them; the rows of
// any input, written again, read back as the same rows; a form that reads,
// written again, reads back as the same advisory.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "kb/matching_form.h"
#include "kb/pack.h"

namespace {

template <size_t N>
void check(std::string_view input) {
  using vigil::kb::detail::PackedRow;
  using vigil::kb::detail::PackReader;
  std::vector<PackedRow<N>> rows;
  PackReader<N> reader(input);
  PackedRow<N> row;
  while (reader.next(row)) rows.push_back(row);
  std::string again;
  vigil::kb::detail::PackWriter writer(again);
  for (const auto& r : rows) writer.add(r.advisory, {r.fields.begin(), r.fields.end()});
  PackReader<N> back(again);
  for (const auto& r : rows) {
    if (!back.next(row) || row.advisory != r.advisory || row.fields != r.fields) std::abort();
  }
  if (back.next(row) || back.damaged()) std::abort();
}

void check_matching_form(std::string_view input) {
  const auto a = vigil::kb::detail::read_matching_form(input);
  if (!a) return;
  const auto back = vigil::kb::detail::read_matching_form(vigil::kb::detail::matching_form(*a));
  if (!back || *back != *a) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check<2>(input);  // descriptions: field kind, text, source
  check<4>(input);  // package rows: scheme, low, high, high inclusive
  check<5>(input);  // CPE rows: version and four bounds
  check_matching_form(input);
  return 0;
}
