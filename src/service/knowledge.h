// The knowledge service: one knowledge base shared by every thread of a
// long-running process (the server, the monitor) or by a one-shot command.
//
// It owns a small pool of workers, each a kb connection with its Matcher and
// their caches. A caller leases a worker for one unit of work (a scan); at
// most `max_workers` are leased at once, and further callers wait for one to
// come back, so memory is bounded by the pool, not by the number of threads.
// Each worker's Matcher keeps at most `max_cached_records` records between
// scans (match::Options), and drops its caches when the kb changes.
//
// Generations: a lease reads the kb through one read transaction (a
// snapshot), so everything one scan reads, matching and describing alike, is
// the kb as one import left it; an import committing meanwhile, through this
// service or by another process (`vigil db update`), is seen whole by the
// next lease and never in part. generation() counts the changes of the kb
// this service has seen: it grows by one or more with every import.
//
// Thread-safety: every member is safe to call from many threads at once; a
// Lease is used by one thread at a time.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "kb/kb.h"
#include "match/match.h"

namespace vigil::service {

struct KnowledgeOptions {
  // Workers leased at once; 0 means one per hardware thread.
  size_t max_workers = 0;
  // Records a worker's Matcher keeps between scans (0: no bound, for a
  // one-shot command).
  size_t max_cached_records = 200'000;
};

class KnowledgeService {
  struct Worker;

 public:
  // The kb at `path`. Not found (no such file: it is never created here),
  // damaged (not a kb, or a newer schema), or invalid input (it holds no
  // advisories, so every scan would be silently clean).
  static Result<std::unique_ptr<KnowledgeService>> open(const std::string& path,
                                                        KnowledgeOptions options = {});
  ~KnowledgeService();
  KnowledgeService(const KnowledgeService&) = delete;
  KnowledgeService& operator=(const KnowledgeService&) = delete;

  // One worker, for one thread, until the Lease is destroyed. Inside it, a
  // read transaction is held: one snapshot of the kb.
  class Lease {
   public:
    Lease(Lease&&) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    match::Matcher& matcher();
    const kb::KnowledgeBase& knowledge_base() const;
    // The service's generation when this lease's snapshot was taken.
    int64_t generation() const { return generation_; }

   private:
    friend class KnowledgeService;
    Lease(KnowledgeService& service, std::unique_ptr<Worker> worker, int64_t generation);
    KnowledgeService* service_;
    std::unique_ptr<Worker> worker_;
    std::unique_ptr<kb::KnowledgeBase::ReadScope> snapshot_;
    int64_t generation_;
  };
  // Waits while every worker is leased. An Error when a new worker's
  // connection cannot be opened.
  Result<Lease> lease();

  // Imports feed files through the service's one writing connection (imports
  // are serialised); the next lease sees the result whole.
  Result<kb::ImportReport> import_paths(const std::vector<std::string>& paths,
                                        const std::vector<kb::Cursor>& cursors = {});

  // The count of kb changes seen so far (see above), checked now.
  Result<int64_t> generation();
  const std::string& path() const { return path_; }
  size_t max_workers() const { return max_workers_; }

 private:
  KnowledgeService(std::string path, KnowledgeOptions options, kb::KnowledgeBase watch);
  // Notes a commit by another connection since the last look; mutex_ held.
  Result<int64_t> refresh_locked();
  void give_back(std::unique_ptr<Worker> worker);

  const std::string path_;
  const KnowledgeOptions options_;
  const size_t max_workers_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Worker>> idle_;
  size_t leased_ = 0, opened_ = 0;
  // A connection that only watches the kb's data version, and writes imports.
  kb::KnowledgeBase watch_;
  std::mutex import_mutex_;
  int64_t seen_version_ = 0, generation_ = 1;
};

}  // namespace vigil::service
