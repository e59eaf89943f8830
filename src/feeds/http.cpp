#include "feeds/http.h"

#include <curl/curl.h>

#include <charconv>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>

#include "core/text.h"

namespace vigil::feeds {
namespace {

void default_sleep(std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }

bool transient(long status, bool has_retry_after) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 ||
         (status == 403 && has_retry_after);
}

struct Sink {
  std::FILE* file = nullptr;
  std::string* memory = nullptr;
  int64_t bytes = 0;
  bool write_failed = false;
};

size_t write_body(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t len = size * n;
  if (sink->file != nullptr) {
    if (std::fwrite(data, 1, len, sink->file) != len) {
      sink->write_failed = true;
      return 0;  // aborts the transfer
    }
  } else {
    sink->memory->append(data, len);
  }
  sink->bytes += static_cast<int64_t>(len);
  return len;
}

struct Headers {
  std::string retry_after;
};

size_t read_header(char* data, size_t size, size_t n, void* user) {
  auto* h = static_cast<Headers*>(user);
  const std::string_view line(data, size * n);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size() && iequals(line.substr(0, kName.size()), kName))
    h->retry_after.assign(trim(line.substr(kName.size())));
  return size * n;
}

int on_progress(void* user, curl_off_t total, curl_off_t done, curl_off_t, curl_off_t) {
  const auto* request = static_cast<const Request*>(user);
  if (request->progress) request->progress(done, total);
  return 0;
}

}  // namespace

RateLimiter::RateLimiter(size_t requests, std::chrono::milliseconds window,
                         std::function<Clock::time_point()> now, Sleep sleep)
    : requests_(requests == 0 ? 1 : requests),
      window_(window),
      now_(std::move(now)),
      sleep_(sleep ? std::move(sleep) : Sleep(default_sleep)) {}

void RateLimiter::acquire() {
  Clock::time_point t = now_();
  while (!sent_.empty() && t - sent_.front() >= window_) sent_.pop_front();
  if (sent_.size() >= requests_) {
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(sent_.front() + window_ - t);
    sleep_(wait);
    t = now_();
    sent_.pop_front();
  }
  sent_.push_back(t);
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, int64_t now) {
  if (value.empty()) return std::nullopt;
  int64_t secs = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), secs);
  if (ec == std::errc() && end == value.data() + value.size()) {
    if (secs < 0) return std::nullopt;
    return std::chrono::seconds(secs);
  }
  const std::string text(value);
  const time_t when = curl_getdate(text.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::chrono::seconds(when > now ? when - now : 0);
}

struct HttpClient::State {
  Options options;
  CURL* curl = nullptr;
  ~State() {
    if (curl) curl_easy_cleanup(curl);
  }
};

HttpClient::HttpClient(std::unique_ptr<State> state) : state_(std::move(state)) {}
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;
HttpClient::~HttpClient() = default;

Result<HttpClient> HttpClient::create(Options options) {
  static std::once_flag once;
  static CURLcode init = CURLE_OK;
  std::call_once(once, [] { init = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (init != CURLE_OK)
    return Error{"cannot start libcurl: " + std::string(curl_easy_strerror(init)), {}};
  auto state = std::make_unique<State>();
  if (!options.sleep) options.sleep = default_sleep;
  if (options.attempts < 1) options.attempts = 1;
  state->options = std::move(options);
  // One handle for every request: libcurl keeps connections to a host alive
  // between them.
  state->curl = curl_easy_init();
  if (state->curl == nullptr) return Error{"cannot start libcurl", {}};
  return HttpClient(std::move(state));
}

Result<Response> HttpClient::get(const Request& request) {
  CURL* curl = state_->curl;
  const Options& o = state_->options;
  std::string last_failure;
  for (int attempt = 1; attempt <= o.attempts; ++attempt) {
    if (request.limiter) request.limiter->acquire();
    Response response;
    Sink sink;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, std::fclose);
    if (!request.to_file.empty()) {
      file.reset(std::fopen(request.to_file.c_str(), "wb"));
      if (!file) return Error{"cannot write the download", request.to_file};
      sink.file = file.get();
    } else {
      sink.memory = &response.body;
    }
    Headers headers;
    curl_slist* list = nullptr;
    for (const auto& h : request.headers) list = curl_slist_append(list, h.c_str());
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, o.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // gzip on the wire when offered
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(o.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(o.stall_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &headers);
    if (request.progress) {
      curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
      curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
      curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &request);
    }
    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(list);
    if (sink.write_failed) return Error{"cannot write the download (disk full?)", request.to_file};
    if (file && std::fflush(file.get()) != 0)
      return Error{"cannot write the download (disk full?)", request.to_file};
    std::optional<std::chrono::seconds> wait;
    if (rc != CURLE_OK) {
      last_failure = curl_easy_strerror(rc);
    } else {
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
      const char* type = nullptr;
      curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
      if (type) response.content_type = type;
      response.bytes = sink.bytes;
      if (!transient(response.status, !headers.retry_after.empty())) return response;
      last_failure = "HTTP " + std::to_string(response.status);
      wait = parse_retry_after(headers.retry_after, static_cast<int64_t>(std::time(nullptr)));
    }
    if (attempt == o.attempts) break;
    if (!wait) wait = std::chrono::seconds(1LL << std::min(attempt - 1, 5));
    if (*wait > o.longest_wait) {
      return Error{last_failure + ", and the server asks to wait " + std::to_string(wait->count()) +
                       " s, longer than Vigil waits",
                   request.url};
    }
    o.sleep(*wait);
  }
  return Error{last_failure + " after " + std::to_string(o.attempts) + " attempts", request.url};
}

Error http_error(const Response& r, const std::string& url) {
  return Error{"HTTP " + std::to_string(r.status), url};
}

}  // namespace vigil::feeds
