// A local HTTP/1.1 server for tests of the feed updater: it answers on
// 127.0.0.1 from a handler the test writes, one connection at a time, and
// keeps a log of what it was asked. Tests never touch the internet.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace vigil::testing {

struct HttpRequest {
  std::string method;
  std::string path;                            // without the query
  std::string query;                           // after '?', still encoded
  std::map<std::string, std::string> headers;  // names in lower case
  // A query parameter, percent-decoded; empty when absent.
  std::string param(const std::string& name) const;
};

struct HttpReply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class HttpServer {
 public:
  using Handler = std::function<HttpReply(const HttpRequest&)>;
  explicit HttpServer(Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // "http://127.0.0.1:PORT"
  std::string base() const;
  // Every request so far, in order.
  std::vector<HttpRequest> log() const;
  void clear_log();

 private:
  void serve();
  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<HttpRequest> log_;
  std::thread thread_;
};

}  // namespace vigil::testing
