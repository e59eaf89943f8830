#include "service/release_scan.h"

namespace vigil::service {

Result<ReleasePlan> plan_release_scan(KnowledgeService& knowledge, records::Records& records,
                                      const ReleaseScanRequest& request) {
  auto lease = knowledge.lease();
  if (!lease) return lease.error();
  ReleasePlan out;
  out.generation = lease->generation();
  auto plan = records.plan_release_scan(request.product, request.version, lease->matcher(),
                                        request.learned, request.as_of);
  if (!plan) return plan.error();
  out.plan = std::move(*plan);
  return out;
}

Result<records::ScanSummary> scan_release(KnowledgeService& knowledge, records::Records& records,
                                          const ReleaseScanRequest& request,
                                          const audit::Actor& actor) {
  auto planned = plan_release_scan(knowledge, records, request);
  if (!planned) return planned.error();
  // The lease is given back before the write: a slow writer never holds a
  // kb worker another scan could use.
  return records.record_scan(planned->plan, actor);
}

}  // namespace vigil::service
