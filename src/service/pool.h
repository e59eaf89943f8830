// A bounded pool of things that serve one thread at a time (a kb connection
// with its matcher, a records connection). At most `capacity` exist; each
// is opened when first needed and kept for the next caller, and a caller
// past the capacity waits until one comes back. So a server's memory and
// its database connections are bounded by the pool, not by its threads.
//
// Thread-safety: acquire() may be called from many threads at once; an Item
// is used by one thread at a time and must not outlive its Pool.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "core/error.h"

namespace vigil::service {

template <class T>
class Pool {
 public:
  using Open = std::function<Result<std::unique_ptr<T>>()>;

  // `first`, when given, is the first member, opened by the caller (to
  // report a bad location at once rather than on first use).
  Pool(size_t capacity, Open open, std::unique_ptr<T> first = nullptr)
      : capacity_(capacity ? capacity : 1), open_(std::move(open)) {
    if (first) {
      idle_.push_back(std::move(first));
      opened_ = 1;
    }
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // One member, back in the pool when the Item is destroyed.
  class Item {
   public:
    Item(Item&& o) noexcept : pool_(o.pool_), value_(std::move(o.value_)) {}
    Item& operator=(Item&&) = delete;
    ~Item() {
      if (value_) pool_->give_back(std::move(value_));
    }
    T& operator*() const { return *value_; }
    T* operator->() const { return value_.get(); }

   private:
    friend class Pool;
    Item(Pool& pool, std::unique_ptr<T> value) : pool_(&pool), value_(std::move(value)) {}
    Pool* pool_;
    std::unique_ptr<T> value_;
  };

  // Waits while every member is out; an Error when a new one cannot be
  // opened (the slot is freed for the next caller).
  Result<Item> acquire() {
    std::unique_ptr<T> value;
    {
      std::unique_lock lock(mutex_);
      returned_.wait(lock, [&] { return !idle_.empty() || opened_ < capacity_; });
      if (!idle_.empty()) {
        value = std::move(idle_.back());
        idle_.pop_back();
        return Item(*this, std::move(value));
      }
      ++opened_;  // reserved now, opened outside the lock
    }
    auto opened = open_();
    if (!opened) {
      {
        std::lock_guard lock(mutex_);
        --opened_;
      }
      returned_.notify_one();
      return opened.error();
    }
    return Item(*this, std::move(*opened));
  }

  size_t capacity() const { return capacity_; }

 private:
  void give_back(std::unique_ptr<T> value) {
    {
      std::lock_guard lock(mutex_);
      idle_.push_back(std::move(value));
    }
    returned_.notify_one();
  }

  const size_t capacity_;
  const Open open_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<T>> idle_;
  size_t opened_ = 0;
};

}  // namespace vigil::service
