#include "service/records_service.h"

#include <algorithm>
#include <thread>

namespace vigil::service {

namespace {

Result<std::unique_ptr<records::Records>> connect(const std::string& location, bool create) {
  auto r = records::Records::open(location, create);
  if (!r) return r.error();
  return std::make_unique<records::Records>(std::move(*r));
}

}  // namespace

Result<std::unique_ptr<RecordsService>> RecordsService::open(const std::string& location,
                                                             RecordsOptions options) {
  auto first = connect(location, options.create);
  if (!first) return first.error();
  size_t capacity = options.max_connections;
  if (!capacity) capacity = std::max(2u, std::thread::hardware_concurrency());
  return std::unique_ptr<RecordsService>(new RecordsService(location, capacity, std::move(*first)));
}

RecordsService::RecordsService(std::string location, size_t capacity,
                               std::unique_ptr<records::Records> first)
    : location_(std::move(location)),
      connections_(
          capacity, [l = location_] { return connect(l, false); },  // the first one made them
          std::move(first)) {}

}  // namespace vigil::service
