// The records for many threads. records::Records is one connection, for one
// thread; this holds a bounded pool of them (service/pool.h), so that a
// server runs records calls on threads of its own, each leasing a
// connection, and a one-shot command leases the one it opened. Every call a
// face makes is then a records::Records call through a lease: the domain
// rules live in records/, never in a face.
//
// Thread-safety: lease() may be called from many threads at once; a Lease
// is used by one thread at a time and must not outlive its service.
#pragma once

#include <memory>
#include <string>

#include "core/error.h"
#include "records/records.h"
#include "service/pool.h"

namespace vigil::service {

struct RecordsOptions {
  // Connections open at once; 0 means one per hardware thread.
  size_t max_connections = 0;
  // Missing records are created (a face about to write); otherwise not
  // found, so that reading a mistyped path never makes an empty file that
  // then verifies "intact".
  bool create = true;
};

class RecordsService {
 public:
  // Opens the first connection now (records::Records::open: the schema is
  // brought up to date), so a bad location is reported here, not on first
  // use.
  static Result<std::unique_ptr<RecordsService>> open(const std::string& location,
                                                      RecordsOptions options = {});

  using Lease = Pool<records::Records>::Item;
  // Waits while every connection is leased.
  Result<Lease> lease() { return connections_.acquire(); }

  const std::string& location() const { return location_; }
  size_t max_connections() const { return connections_.capacity(); }

 private:
  RecordsService(std::string location, size_t capacity, std::unique_ptr<records::Records> first);
  const std::string location_;
  Pool<records::Records> connections_;
};

}  // namespace vigil::service
