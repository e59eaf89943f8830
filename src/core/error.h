// Error values for library boundaries.
//
// Libraries never let an exception cross their public interface: a fallible
// call returns Result<T>, which holds either the value or an Error naming the
// input and what is wrong with it. Messages are written for the person who
// supplied the input ("version '1.2.3!x': invalid character '!' at 6").
//
// Thread-safety: plain values; safe to copy between threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace vigil {

// What kind of failure an Error is, so that each face answers it in its own
// terms (the CLI an exit status, the server an HTTP status: service/errors.h)
// without reading the message.
enum class ErrorKind : unsigned char {
  invalid_input,  // the caller's input is wrong: a malformed SBOM, a bad date
  not_found,      // what the caller named does not exist: a kb file, a product
  conflict,       // the request contradicts what is stored: a duplicate, a stale write
  busy,           // a resource is held elsewhere: try again later
  damaged,        // stored data fails its own checks: a kb or records file
  io,             // the system failed: a read, a write, memory
};

// "invalid_input", "not_found", ...
std::string_view error_kind_name(ErrorKind kind);

struct Error {
  std::string message;
  // Where in the input the problem is (a path, a JSON pointer, "line 3"); may be empty.
  std::string location;
  ErrorKind kind = ErrorKind::invalid_input;
  // The problems a refusal rests on, each with its own location: every
  // structural error of an SBOM that was refused as a whole.
  std::vector<Error> details = {};

  std::string to_string() const { return location.empty() ? message : location + ": " + message; }
};

// The same error as another kind.
inline Error with_kind(Error e, ErrorKind kind) {
  e.kind = kind;
  return e;
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace vigil
