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

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "feeds/update.h"
#include "kb/kb.h"
#include "match/match.h"
#include "service/pool.h"

namespace vigil::service {

struct KnowledgeOptions {
  // Workers leased at once; 0 means one per hardware thread.
  size_t max_workers = 0;
  // Records a worker's Matcher keeps between scans (0: no bound, for a
  // one-shot command).
  size_t max_cached_records = 200'000;
  // A kb that holds no advisories is refused, because every scan of it would
  // be silently clean; the kb's own verbs (stats, show, import, update) read
  // or fill an empty one.
  bool allow_empty = false;
  // A missing file becomes a new, empty kb (implies allow_empty): for the
  // first import or update, never for a scan, where a mistyped path must
  // not read as a kb that knows of nothing.
  bool create = false;
};

class KnowledgeService {
  struct Worker;

 public:
  // The kb at `path`. Not found (no such file, unless options.create),
  // damaged (not a kb, or a newer schema), or invalid input (it holds no
  // advisories, unless options allow that).
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
    Lease(Pool<Worker>::Item worker, int64_t generation);
    Pool<Worker>::Item worker_;
    // Declared after the worker: the read transaction ends before the
    // worker goes back to the pool.
    std::unique_ptr<kb::KnowledgeBase::ReadScope> snapshot_;
    int64_t generation_;
  };
  // Waits while every worker is leased. An Error when a new worker's
  // connection cannot be opened.
  Result<Lease> lease();

  // Imports feed files through the service's one writing connection (imports
  // are serialised); the next lease sees the result whole. Atomic: an Error
  // means nothing was imported.
  Result<kb::ImportReport> import_paths(const std::vector<std::string>& paths,
                                        const std::vector<kb::Cursor>& cursors = {});
  // Fetches and imports the public feeds (feeds::update), serialised with
  // imports; each feed's import is published as it commits.
  Result<feeds::UpdateReport> update(const feeds::UpdateOptions& options,
                                     feeds::Progress& progress);

  // What the kb holds, from one snapshot (a lease).
  Result<kb::Stats> stats();
  // One merged vulnerability by any of its ids; nullopt when none is known.
  Result<std::optional<kb::Vulnerability>> find(const std::string& id);

  // The count of kb changes seen so far (see above), checked now.
  Result<int64_t> generation();
  const std::string& path() const { return path_; }
  size_t max_workers() const { return workers_.capacity(); }

 private:
  KnowledgeService(std::string path, KnowledgeOptions options, kb::KnowledgeBase watch);
  // Notes a commit by another connection since the last look; mutex_ held.
  Result<int64_t> refresh_locked();
  // Runs `write` on a writer connection, one writer at a time, and notes
  // the generation it made.
  template <class Write>
  auto write(Write write) -> decltype(write(std::declval<kb::KnowledgeBase&>()));

  const std::string path_;
  Pool<Worker> workers_;
  std::mutex mutex_;
  // A connection that only watches the kb's data version.
  kb::KnowledgeBase watch_;
  std::mutex import_mutex_;
  int64_t seen_version_ = 0, generation_ = 1;
};

}  // namespace vigil::service
