#include "service/knowledge.h"

#include <filesystem>
#include <thread>

namespace vigil::service {

struct KnowledgeService::Worker {
  explicit Worker(kb::KnowledgeBase k, match::Options o)
      : kb(std::make_unique<kb::KnowledgeBase>(std::move(k))), matcher(*kb, o) {}
  // The Matcher keeps a reference: the connection must not move.
  std::unique_ptr<kb::KnowledgeBase> kb;
  match::Matcher matcher;
};

namespace {

size_t workers_for(const KnowledgeOptions& o) {
  if (o.max_workers) return o.max_workers;
  const unsigned n = std::thread::hardware_concurrency();
  return n ? n : 2;
}

Result<kb::KnowledgeBase> open_existing(const std::string& path) {
  // Opening creates a missing file: a mistyped path must not read as a kb
  // that knows of no vulnerability.
  if (std::error_code ec; !std::filesystem::is_regular_file(path, ec)) {
    return Error{"no knowledge base at " + path + " (build one with 'vigil db import')",
                 {},
                 ErrorKind::not_found};
  }
  auto kb = kb::KnowledgeBase::open(path);
  if (!kb) return with_kind(kb.error(), ErrorKind::damaged);
  return kb;
}

}  // namespace

Result<std::unique_ptr<KnowledgeService>> KnowledgeService::open(const std::string& path,
                                                                 KnowledgeOptions options) {
  auto watch = open_existing(path);
  if (!watch) return watch.error();
  if (auto empty = watch->empty(); !empty || *empty) {
    return Error{
        "the knowledge base " + path + " holds no advisories", {}, ErrorKind::invalid_input};
  }
  std::unique_ptr<KnowledgeService> s(new KnowledgeService(path, options, std::move(*watch)));
  std::lock_guard lock(s->mutex_);
  auto g = s->watch_.generation();
  if (!g) return with_kind(g.error(), ErrorKind::io);
  s->seen_version_ = *g;
  return s;
}

KnowledgeService::KnowledgeService(std::string path, KnowledgeOptions options,
                                   kb::KnowledgeBase watch)
    : path_(std::move(path)),
      options_(options),
      max_workers_(workers_for(options)),
      watch_(std::move(watch)) {}

KnowledgeService::~KnowledgeService() = default;

Result<int64_t> KnowledgeService::refresh_locked() {
  auto v = watch_.generation();
  if (!v) return with_kind(v.error(), ErrorKind::io);
  if (*v != seen_version_) {
    seen_version_ = *v;
    ++generation_;
  }
  return generation_;
}

Result<int64_t> KnowledgeService::generation() {
  std::lock_guard lock(mutex_);
  return refresh_locked();
}

Result<KnowledgeService::Lease> KnowledgeService::lease() {
  std::unique_ptr<Worker> worker;
  int64_t generation = 0;
  {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || opened_ < max_workers_; });
    if (!idle_.empty()) {
      worker = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++opened_;  // reserved now, opened outside the lock
    }
    ++leased_;
    auto g = refresh_locked();
    if (!g) {
      --leased_;
      if (worker) {
        idle_.push_back(std::move(worker));
      } else {
        --opened_;
      }
      returned_.notify_one();
      return g.error();
    }
    generation = *g;
  }
  if (!worker) {
    auto kb = open_existing(path_);
    if (!kb) {
      std::lock_guard lock(mutex_);
      --leased_;
      --opened_;
      returned_.notify_one();
      return kb.error();
    }
    worker = std::make_unique<Worker>(
        std::move(*kb), match::Options{.max_cached_records = options_.max_cached_records});
  }
  return Lease(*this, std::move(worker), generation);
}

void KnowledgeService::give_back(std::unique_ptr<Worker> worker) {
  {
    std::lock_guard lock(mutex_);
    --leased_;
    idle_.push_back(std::move(worker));
  }
  returned_.notify_one();
}

Result<kb::ImportReport> KnowledgeService::import_paths(const std::vector<std::string>& paths,
                                                        const std::vector<kb::Cursor>& cursors) {
  std::lock_guard imports(import_mutex_);
  auto writer = open_existing(path_);
  if (!writer) return writer.error();
  auto report = writer->import_paths(paths, cursors);
  if (!report) return report.error();
  std::lock_guard lock(mutex_);
  if (auto g = refresh_locked(); !g) return g.error();
  return report;
}

KnowledgeService::Lease::Lease(KnowledgeService& service, std::unique_ptr<Worker> worker,
                               int64_t generation)
    : service_(&service),
      worker_(std::move(worker)),
      snapshot_(std::make_unique<kb::KnowledgeBase::ReadScope>(*worker_->kb)),
      generation_(generation) {}

KnowledgeService::Lease::Lease(Lease&& o) noexcept
    : service_(o.service_),
      worker_(std::move(o.worker_)),
      snapshot_(std::move(o.snapshot_)),
      generation_(o.generation_) {}

KnowledgeService::Lease::~Lease() {
  snapshot_.reset();  // the read transaction ends before the worker is shared again
  if (worker_) service_->give_back(std::move(worker_));
}

match::Matcher& KnowledgeService::Lease::matcher() { return worker_->matcher; }
const kb::KnowledgeBase& KnowledgeService::Lease::knowledge_base() const { return *worker_->kb; }

}  // namespace vigil::service
