#include "service/errors.h"

namespace vigil::service {

int exit_status(ErrorKind) { return 2; }

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return 400;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::busy:
      return 503;
    case ErrorKind::damaged:
    case ErrorKind::io:
      return 500;
  }
  return 500;
}

}  // namespace vigil::service
