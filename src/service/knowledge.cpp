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

Result<kb::KnowledgeBase> open_existing(const std::string& path, bool create = false) {
  // Opening creates a missing file: a mistyped path must not read as a kb
  // that knows of no vulnerability.
  if (std::error_code ec; !create && !std::filesystem::is_regular_file(path, ec)) {
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
  auto watch = open_existing(path, options.create);
  if (!watch) return watch.error();
  if (!options.allow_empty && !options.create) {
    auto empty = watch->empty();
    if (!empty) return with_kind(empty.error(), ErrorKind::damaged);
    if (*empty) {
      return Error{
          "the knowledge base " + path + " holds no advisories", {}, ErrorKind::invalid_input};
    }
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
      workers_(
          workers_for(options),
          [path = path_, max = options.max_cached_records]() -> Result<std::unique_ptr<Worker>> {
            auto kb = open_existing(path);
            if (!kb) return kb.error();
            return std::make_unique<Worker>(std::move(*kb),
                                            match::Options{.max_cached_records = max});
          }),
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
  auto worker = workers_.acquire();
  if (!worker) return worker.error();
  std::lock_guard lock(mutex_);
  auto g = refresh_locked();
  if (!g) return g.error();  // the worker goes back as `worker` ends
  return Lease(std::move(*worker), *g);
}

template <class Write>
auto KnowledgeService::write(Write write) -> decltype(write(std::declval<kb::KnowledgeBase&>())) {
  std::lock_guard imports(import_mutex_);
  auto writer = open_existing(path_);
  if (!writer) return writer.error();
  auto report = write(*writer);
  if (!report) return report.error();
  std::lock_guard lock(mutex_);
  if (auto g = refresh_locked(); !g) return g.error();
  return report;
}

Result<kb::ImportReport> KnowledgeService::import_paths(const std::vector<std::string>& paths,
                                                        const std::vector<kb::Cursor>& cursors) {
  return write([&](kb::KnowledgeBase& kb) { return kb.import_paths(paths, cursors); });
}

Result<feeds::UpdateReport> KnowledgeService::update(const feeds::UpdateOptions& options,
                                                     feeds::Progress& progress) {
  return write([&](kb::KnowledgeBase& kb) { return feeds::update(kb, options, progress); });
}

Result<kb::Stats> KnowledgeService::stats() {
  auto lease = this->lease();
  if (!lease) return lease.error();
  return lease->knowledge_base().stats();
}

Result<std::optional<kb::Vulnerability>> KnowledgeService::find(const std::string& id) {
  auto lease = this->lease();
  if (!lease) return lease.error();
  return lease->knowledge_base().find(id);
}

KnowledgeService::Lease::Lease(Pool<Worker>::Item worker, int64_t generation)
    : worker_(std::move(worker)),
      snapshot_(std::make_unique<kb::KnowledgeBase::ReadScope>(*worker_->kb)),
      generation_(generation) {}

KnowledgeService::Lease::Lease(Lease&& o) noexcept = default;

KnowledgeService::Lease::~Lease() = default;

match::Matcher& KnowledgeService::Lease::matcher() { return worker_->matcher; }
const kb::KnowledgeBase& KnowledgeService::Lease::knowledge_base() const { return *worker_->kb; }

}  // namespace vigil::service
