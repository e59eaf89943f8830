// HTTP downloads for the feed updater: libcurl underneath, with the retry
// and rate-limit behaviour public feeds ask of their clients.
//
// A transient failure (a connection error, HTTP 429, 500, 502, 503, 504, or
// a 403 that carries Retry-After, which is how NVD throttles) is retried:
// after the server's Retry-After when it gives one, else after 1, 2, 4, ...
// seconds. Any other status is the caller's to judge.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace vigil::feeds {

using Clock = std::chrono::steady_clock;
using Sleep = std::function<void(std::chrono::milliseconds)>;

// At most `requests` requests in any rolling `window` (NVD: 5 per 30 s
// without an API key, 50 with one).
class RateLimiter {
 public:
  RateLimiter(size_t requests, std::chrono::milliseconds window,
              std::function<Clock::time_point()> now = Clock::now, Sleep sleep = {});
  // Waits, when needed, until one more request keeps within the limit.
  void acquire();

 private:
  size_t requests_;
  std::chrono::milliseconds window_;
  std::function<Clock::time_point()> now_;
  Sleep sleep_;
  std::deque<Clock::time_point> sent_;
};

// How long a Retry-After header asks to wait: delay-seconds or an HTTP date
// (relative to `now`, seconds since the epoch). Nullopt when unreadable.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, int64_t now);

struct Request {
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  // Where the body goes: a file (created or truncated) when set, else
  // Response::body.
  std::string to_file;
  // Bytes received and expected (0 when unknown), as they arrive.
  std::function<void(int64_t done, int64_t total)> progress;
  RateLimiter* limiter = nullptr;  // acquired before every attempt
};

struct Response {
  long status = 0;
  std::string body;  // unless the request named a file
  int64_t bytes = 0;
  std::string content_type;
};

class HttpClient {
 public:
  struct Options {
    std::string user_agent = "vigil";
    int attempts = 5;                        // tries per request, in all
    std::chrono::seconds longest_wait{300};  // cap on one Retry-After
    std::chrono::seconds connect_timeout{30};
    std::chrono::seconds stall_timeout{120};  // abort below 1 byte/s this long
    Sleep sleep;                              // default: this thread sleeps
  };
  static Result<HttpClient> create(Options options);
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;
  ~HttpClient();

  // A GET, retried as the header says. An Error only when no attempt got an
  // HTTP answer or the last answer was still transient; any other status
  // comes back in the Response.
  Result<Response> get(const Request& request);

 private:
  struct State;
  explicit HttpClient(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// The status as a message: "HTTP 404 for URL".
Error http_error(const Response& r, const std::string& url);

}  // namespace vigil::feeds
