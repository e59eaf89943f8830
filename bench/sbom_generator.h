// Generates CycloneDX 1.6 documents of a given size for benchmarks: each
// component carries what real SBOMs carry (supplier, purl, CPE, two hashes,
// a licence, an external reference, properties), about 1 KB of JSON.
#pragma once

#include <cstdio>
#include <string>

namespace vigil::bench {

inline std::string hex_digest(size_t seed, size_t digits) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
  while (out.size() < digits) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    out += hex[x & 15];
  }
  return out;
}

// `rich`: each component also has a description and a SHA-512 digest, about
// 1 KB of JSON in all (10k components: 10 MB) where the plain one is 0.8 KB.
inline std::string cyclonedx_json(size_t components, bool rich = false) {
  std::string s;
  s.reserve(components * 1100 + 1024);
  s +=
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":1,)";
  s += R"("metadata":{"timestamp":"2026-03-01T09:30:00Z","authors":[{"name":"Example Medical"}],)";
  s +=
      R"("component":{"type":"firmware","bom-ref":"root","name":"device-firmware","version":"1.0"}},"components":[)";
  char buf[2048];
  std::string description, sha512;
  for (size_t i = 0; i < components; ++i) {
    if (rich) {
      description =
          "\"description\":\"Component " + std::to_string(i) + " of the device firmware build\",";
      sha512 = ",{\"alg\":\"SHA-512\",\"content\":\"" + hex_digest(i + 3, 128) + "\"}";
    }
    std::snprintf(
        buf, sizeof buf,
        R"(%s{"type":"library","bom-ref":"c%zu","supplier":{"name":"Supplier %zu Inc."},%s)"
        R"("group":"org.example.group%zu","name":"component-%zu","version":"%zu.%zu.%zu",)"
        R"("hashes":[{"alg":"SHA-1","content":"%s"},{"alg":"SHA-256","content":"%s"}%s],)"
        R"("licenses":[{"license":{"id":"Apache-2.0"}}],)"
        R"("purl":"pkg:maven/org.example.group%zu/component-%zu@%zu.%zu.%zu",)"
        R"("cpe":"cpe:2.3:a:example%zu:component-%zu:%zu.%zu.%zu:*:*:*:*:*:*:*",)"
        R"("externalReferences":[{"type":"vcs","url":"https://git.example.com/group%zu/component-%zu.git"}],)"
        R"("properties":[{"name":"vigil:support:level","value":"actively maintained"},)"
        R"({"name":"vigil:support:end-date","value":"2030-12-31"},{"name":"build:id","value":"%s"}]})",
        i ? "," : "", i, i % 97, description.c_str(), i % 50, i, i % 9, i % 17, i % 23,
        hex_digest(i, 40).c_str(), hex_digest(i + 1, 64).c_str(), sha512.c_str(), i % 50, i, i % 9,
        i % 17, i % 23, i % 97, i, i % 9, i % 17, i % 23, i % 50, i, hex_digest(i + 2, 32).c_str());
    s += buf;
  }
  s += R"(],"dependencies":[{"ref":"root","dependsOn":[)";
  for (size_t i = 0; i < components; ++i) {
    std::snprintf(buf, sizeof buf, R"(%s"c%zu")", i ? "," : "", i);
    s += buf;
  }
  s += "]}]}\n";
  return s;
}

inline std::string cyclonedx_xml(size_t components) {
  std::string s;
  s.reserve(components * 1300 + 1024);
  s += R"(<?xml version="1.0" encoding="UTF-8"?>)"
       "\n";
  s +=
      R"(<bom xmlns="http://cyclonedx.org/schema/bom/1.6" serialNumber="urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79" version="1">)";
  s +=
      R"(<metadata><timestamp>2026-03-01T09:30:00Z</timestamp><component type="firmware" bom-ref="root"><name>device-firmware</name><version>1.0</version></component></metadata><components>)";
  char buf[2048];
  for (size_t i = 0; i < components; ++i) {
    std::snprintf(
        buf, sizeof buf,
        R"(<component type="library" bom-ref="c%zu"><supplier><name>Supplier %zu Inc.</name></supplier>)"
        R"(<group>org.example.group%zu</group><name>component-%zu</name><version>%zu.%zu.%zu</version>)"
        R"(<hashes><hash alg="SHA-1">%s</hash><hash alg="SHA-256">%s</hash></hashes>)"
        R"(<licenses><license><id>Apache-2.0</id></license></licenses>)"
        R"(<cpe>cpe:2.3:a:example%zu:component-%zu:%zu.%zu.%zu:*:*:*:*:*:*:*</cpe>)"
        R"(<purl>pkg:maven/org.example.group%zu/component-%zu@%zu.%zu.%zu</purl>)"
        R"(<externalReferences><reference type="vcs"><url>https://git.example.com/group%zu/component-%zu.git</url></reference></externalReferences>)"
        R"(<properties><property name="vigil:support:level">actively maintained</property>)"
        R"(<property name="vigil:support:end-date">2030-12-31</property></properties></component>)",
        i, i % 97, i % 50, i, i % 9, i % 17, i % 23, hex_digest(i, 40).c_str(),
        hex_digest(i + 1, 64).c_str(), i % 97, i, i % 9, i % 17, i % 23, i % 50, i, i % 9, i % 17,
        i % 23, i % 50, i);
    s += buf;
  }
  s += R"(</components><dependencies><dependency ref="root">)";
  for (size_t i = 0; i < components; ++i) {
    std::snprintf(buf, sizeof buf, R"(<dependency ref="c%zu"/>)", i);
    s += buf;
  }
  s += "</dependency></dependencies></bom>\n";
  return s;
}

}  // namespace vigil::bench
