// How each face answers an Error, by its kind (core/error.h): the CLI with an
// exit status, the server with an HTTP status. One table, so that the faces
// can never disagree about what a failure is.
//
// Thread-safety: pure functions.
#pragma once

#include "core/error.h"

namespace vigil::service {

// The vigil command's status for a failed verb: 2 for every kind ("input that
// cannot be used at all", the contract scripts rely on; 1 stays a negative
// answer such as a gate that tripped).
int exit_status(ErrorKind kind);

// The HTTP status of a failed request: invalid input 400, not found 404,
// conflict 409, busy 503, damaged and I/O 500.
int http_status(ErrorKind kind);

}  // namespace vigil::service
