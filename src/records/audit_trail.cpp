// The records' audit trail as the faces read it: the log, and the whole
// verification (chain, records, signatures) in one call.
#include "records/records.h"

namespace vigil::records {

Result<std::vector<audit::Entry>> Records::audit_log(std::string_view record_type,
                                                     int64_t record_id) {
  return audit::log(*c_, record_type, record_id);
}

Result<audit::Verification> Records::verify(std::optional<std::pair<int64_t, std::string>> anchor) {
  auto v = audit::verify(*c_, anchor);
  if (!v) return v.error();
  auto signatures = verify_signatures();
  if (!signatures) return signatures.error();
  for (auto& p : *signatures) {
    v->intact = false;
    v->problems.push_back(std::move(p));
  }
  return v;
}

}  // namespace vigil::records
