#include "advisory/gzip.h"

#include <zlib.h>

namespace vigil::advisory {

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Result<std::string> gunzip(std::string_view in, std::string_view source) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
    return Error{"cannot start gzip decompression", std::string(source)};
  std::string out;
  char buf[1 << 16];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      return Error{"corrupt gzip data", std::string(source)};
    }
    out.append(buf, sizeof buf - z.avail_out);
    // A daily EPSS file is tens of MB; far beyond that is a decompression bomb.
    if (out.size() > (size_t{1} << 30)) {
      inflateEnd(&z);
      return Error{"gzip data expands beyond 1 GiB", std::string(source)};
    }
  } while (rc != Z_STREAM_END && (z.avail_in > 0 || z.avail_out == 0));
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return Error{"truncated gzip data", std::string(source)};
  return out;
}

}  // namespace vigil::advisory
