// The records through the service layer: a bounded pool of connections that
// many threads write through at once, every change audited and the trail
// intact afterwards. Runs under ThreadSanitizer in `make test`.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "service/records_service.h"
#include "support/fixtures.h"

namespace vigil::service {
namespace {

namespace fs = std::filesystem;

TEST(ServiceRecords, ABadLocationIsReportedWhenOpenedNotOnFirstUse) {
  const fs::path other = testing::fresh_dir("service-records-bad") / "notes.db";
  std::ofstream(other) << "these are not SQLite pages, and there are enough of them to tell";
  auto s = RecordsService::open(other.string());
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(s.error().to_string().empty());
}

TEST(ServiceRecords, ThreadsWriteThroughTheirOwnLeasesAndEveryChangeIsAudited) {
  const fs::path path = testing::fresh_dir("service-records-threads") / "records.db";
  auto s = RecordsService::open(path.string(), {.max_connections = 2});
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  constexpr int kThreads = 4, kEach = 5;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto lease = (*s)->lease();
        if (!lease) {
          ++failures;
          continue;
        }
        const std::string name = "device-" + std::to_string(t) + "-" + std::to_string(i);
        if (!(*lease)->add_product(name, std::nullopt, {"alice", "added by a thread"})) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);

  auto lease = (*s)->lease();
  ASSERT_TRUE(lease.ok());
  auto products = (*lease)->products();
  ASSERT_TRUE(products.ok());
  EXPECT_EQ(products->size(), static_cast<size_t>(kThreads * kEach));
  auto v = (*lease)->verify();
  ASSERT_TRUE(v.ok()) << v.error().to_string();
  EXPECT_TRUE(v->intact);
  EXPECT_EQ(v->entries, kThreads * kEach);
}

TEST(ServiceRecords, AtMostMaxConnectionsAreLeasedAndOthersWait) {
  const fs::path path = testing::fresh_dir("service-records-pool") / "records.db";
  auto s = RecordsService::open(path.string(), {.max_connections = 1});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->max_connections(), 1u);
  auto first = (*s)->lease();
  ASSERT_TRUE(first.ok());
  std::atomic<bool> second{false};
  std::thread waiter([&] {
    auto l = (*s)->lease();
    EXPECT_TRUE(l.ok());
    second = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(second.load());  // the one connection is out
  { auto give_back = std::move(*first); }
  waiter.join();
  EXPECT_TRUE(second.load());
}

}  // namespace
}  // namespace vigil::service
