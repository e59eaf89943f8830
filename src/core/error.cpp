#include "core/error.h"

namespace vigil {

std::string_view error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return "invalid_input";
    case ErrorKind::not_found:
      return "not_found";
    case ErrorKind::conflict:
      return "conflict";
    case ErrorKind::busy:
      return "busy";
    case ErrorKind::damaged:
      return "damaged";
    case ErrorKind::io:
      return "io";
  }
  return "invalid_input";
}

}  // namespace vigil
