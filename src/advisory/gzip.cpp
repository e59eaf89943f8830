#include "advisory/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

#include "core/file.h"

namespace vigil::advisory {

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Result<std::string> gunzip(std::string_view in, std::string_view source, uint64_t limit) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
    return Error{"cannot start gzip decompression", std::string(source)};
  struct End {
    z_stream* z;
    ~End() { inflateEnd(z); }
  } end{&z};
  std::string out;
  char buf[1 << 16];
  // zlib counts input in uInt: more than 4 GiB is fed in pieces.
  size_t fed = 0;
  const auto feed = [&] {
    const size_t n = std::min<size_t>(in.size() - fed, UINT_MAX);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + fed));
    z.avail_in = static_cast<uInt>(n);
    fed += n;
  };
  feed();
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    const int rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
      return Error{"corrupt gzip data", std::string(source)};
    const size_t got = sizeof buf - z.avail_out;
    if (out.size() + got > limit)
      return Error{"gzip data expands beyond " + limit_of(kGzipInput, limit), std::string(source)};
    out.append(buf, got);
    if (z.avail_in == 0 && fed < in.size()) feed();
    if (rc == Z_STREAM_END) return out;
    // No progress with nothing left to read: the stream ends early.
    if (got == 0 && z.avail_in == 0 && fed == in.size())
      return Error{"truncated gzip data", std::string(source)};
  }
}

}  // namespace vigil::advisory
