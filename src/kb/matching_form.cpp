#include "kb/matching_form.h"

#include <vector>

#include "kb/pack.h"

namespace vigil::kb::detail {
namespace {

using advisory::Advisory;

// How many values each enumeration has: a stored number beyond is damage.
constexpr uint64_t kSources = static_cast<uint64_t>(advisory::Source::csaf) + 1;
constexpr uint64_t kRangeTypes = static_cast<uint64_t>(version::RangeType::git) + 1;
constexpr uint64_t kEventKinds = static_cast<uint64_t>(version::EventKind::limit) + 1;

uint64_t flags(bool all, bool negate) { return (all ? 1 : 0) | (negate ? 2 : 0); }

void put_list(std::string& out, const std::vector<std::string>& list) {
  put_varint(out, list.size());
  for (const auto& s : list) put_text(out, s);
}

// Each read answers whether it succeeded; the first that fails ends the
// read (the bytes are then not a matching form).
class FormReader {
 public:
  explicit FormReader(std::string_view bytes) : in_(bytes) {}

  bool text(std::string& out) {
    std::string_view v;
    if (!in_.text(v)) return false;
    out.assign(v);
    return true;
  }
  // A list's length: each element takes a byte at least, so a length the
  // bytes left cannot hold is damage, found before anything is reserved.
  bool count(size_t& n) {
    uint64_t v = 0;
    if (!in_.varint(v) || v > in_.remaining()) return false;
    n = static_cast<size_t>(v);
    return true;
  }
  template <class E>
  bool enumerator(E& out, uint64_t limit) {
    uint64_t v = 0;
    if (!in_.varint(v) || v >= limit) return false;
    out = static_cast<E>(v);
    return true;
  }
  bool boolean(bool& out) {
    uint64_t v = 0;
    if (!in_.varint(v) || v > 1) return false;
    out = v == 1;
    return true;
  }
  bool flags(bool& all, bool& negate) {
    uint64_t v = 0;
    if (!in_.varint(v) || v > 3) return false;
    all = v & 1;
    negate = v & 2;
    return true;
  }
  bool list(std::vector<std::string>& out) {
    size_t n = 0;
    if (!count(n)) return false;
    out.resize(n);
    for (auto& s : out) {
      if (!text(s)) return false;
    }
    return true;
  }
  bool at_end() const { return in_.at_end(); }

 private:
  ByteReader in_;
};

bool read_affected(FormReader& in, advisory::Affected& af) {
  size_t ranges = 0;
  if (!in.text(af.ecosystem) || !in.text(af.name) || !in.text(af.purl) || !in.count(ranges))
    return false;
  af.ranges.resize(ranges);
  for (auto& r : af.ranges) {
    size_t events = 0;
    if (!in.enumerator(r.type, kRangeTypes) || !in.count(events)) return false;
    r.events.resize(events);
    for (auto& ev : r.events) {
      if (!in.enumerator(ev.kind, kEventKinds) || !in.text(ev.version)) return false;
    }
  }
  return in.list(af.repos) && in.list(af.versions);
}

bool read_configuration(FormReader& in, advisory::CpeConfiguration& c) {
  size_t nodes = 0;
  if (!in.flags(c.all, c.negate) || !in.count(nodes)) return false;
  c.nodes.resize(nodes);
  for (auto& node : c.nodes) {
    size_t matches = 0;
    if (!in.flags(node.all, node.negate) || !in.count(matches)) return false;
    node.matches.resize(matches);
    for (auto& m : node.matches) {
      if (!in.text(m.criteria) || !in.boolean(m.vulnerable) || !in.text(m.start_including) ||
          !in.text(m.start_excluding) || !in.text(m.end_including) || !in.text(m.end_excluding)) {
        return false;
      }
    }
  }
  return true;
}

bool read_product(FormReader& in, advisory::CsafProduct& p) {
  return in.text(p.product_id) && in.text(p.vendor) && in.text(p.name) && in.text(p.full_name) &&
         in.text(p.version) && in.text(p.version_range) && in.text(p.status) && in.list(p.purls) &&
         in.list(p.cpes);
}

}  // namespace

std::string matching_form(const Advisory& a) {
  std::string out;
  put_text(out, a.id);
  put_varint(out, static_cast<uint64_t>(a.source));
  put_text(out, a.withdrawn);
  put_varint(out, a.affected.size());
  for (const auto& af : a.affected) {
    put_text(out, af.ecosystem);
    put_text(out, af.name);
    put_text(out, af.purl);
    put_varint(out, af.ranges.size());
    for (const auto& r : af.ranges) {
      put_varint(out, static_cast<uint64_t>(r.type));
      put_varint(out, r.events.size());
      for (const auto& ev : r.events) {
        put_varint(out, static_cast<uint64_t>(ev.kind));
        put_text(out, ev.version);
      }
    }
    put_list(out, af.repos);
    put_list(out, af.versions);
  }
  put_varint(out, a.configurations.size());
  for (const auto& c : a.configurations) {
    put_varint(out, flags(c.all, c.negate));
    put_varint(out, c.nodes.size());
    for (const auto& node : c.nodes) {
      put_varint(out, flags(node.all, node.negate));
      put_varint(out, node.matches.size());
      for (const auto& m : node.matches) {
        put_text(out, m.criteria);
        put_varint(out, m.vulnerable ? 1 : 0);
        for (const std::string* bound :
             {&m.start_including, &m.start_excluding, &m.end_including, &m.end_excluding})
          put_text(out, *bound);
      }
    }
  }
  put_varint(out, a.products.size());
  for (const auto& p : a.products) {
    for (const std::string* s :
         {&p.product_id, &p.vendor, &p.name, &p.full_name, &p.version, &p.version_range, &p.status})
      put_text(out, *s);
    put_list(out, p.purls);
    put_list(out, p.cpes);
  }
  return out;
}

std::optional<Advisory> read_matching_form(std::string_view bytes) {
  FormReader in(bytes);
  Advisory a;
  size_t n = 0;
  if (!in.text(a.id) || !in.enumerator(a.source, kSources) || !in.text(a.withdrawn) ||
      !in.count(n)) {
    return std::nullopt;
  }
  a.affected.resize(n);
  for (auto& af : a.affected) {
    if (!read_affected(in, af)) return std::nullopt;
  }
  if (!in.count(n)) return std::nullopt;
  a.configurations.resize(n);
  for (auto& c : a.configurations) {
    if (!read_configuration(in, c)) return std::nullopt;
  }
  if (!in.count(n)) return std::nullopt;
  a.products.resize(n);
  for (auto& p : a.products) {
    if (!read_product(in, p)) return std::nullopt;
  }
  if (!in.at_end()) return std::nullopt;
  return a;
}

}  // namespace vigil::kb::detail
