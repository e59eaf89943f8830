// Package keys: an OSV affected package and the purl of the same package meet
// on one key, with names normalised as each ecosystem compares them.
#include <gtest/gtest.h>

#include "advisory/package_key.h"

namespace vigil::advisory {
namespace {

PackageKey of(std::string_view text) {
  auto p = purl::parse(text);
  EXPECT_TRUE(p.ok()) << text;
  auto k = key_for(*p);
  EXPECT_TRUE(k.has_value()) << text;
  return k.value_or(PackageKey{});
}

TEST(PackageKey, PurlAndOsvNamesMeet) {
  EXPECT_EQ(of("pkg:pypi/Django_REST.framework@3.14"), key_for("PyPI", "django--rest__framework"));
  EXPECT_EQ(of("pkg:npm/%40angular/core@16.0.0"), key_for("npm", "@angular/core"));
  EXPECT_EQ(of("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
            key_for("Maven", "org.apache.logging.log4j:log4j-core"));
  EXPECT_EQ(of("pkg:golang/golang.org/x/net@v0.7.0"), key_for("Go", "golang.org/x/net"));
  EXPECT_EQ(of("pkg:nuget/Newtonsoft.Json@13.0.1"), key_for("NuGet", "newtonsoft.json"));
  EXPECT_EQ(of("pkg:composer/Laravel/Framework@10.0.0"), key_for("Packagist", "laravel/framework"));
  EXPECT_EQ(of("pkg:cargo/tokio@1.0.0"), key_for("crates.io", "tokio"));
  EXPECT_EQ(of("pkg:gem/rails@7.0.0"), key_for("RubyGems", "rails"));
}

TEST(PackageKey, OsPackagesCarryTheirRelease) {
  EXPECT_EQ(of("pkg:deb/debian/openssl@3.0.11-1?distro=debian-12"),
            key_for("Debian:12", "openssl"));
  EXPECT_EQ(of("pkg:deb/debian/openssl@3.0.11-1?distro=bookworm"), key_for("Debian:12", "openssl"));
  EXPECT_EQ(of("pkg:apk/alpine/busybox@1.36.1-r5?distro=alpine-3.18.4"),
            key_for("Alpine:v3.18", "busybox"));
  EXPECT_EQ(of("pkg:rpm/redhat/openssl@3.0.7"), (PackageKey{"Red Hat", "openssl", ""}));
  const PackageKey ubuntu = of("pkg:deb/ubuntu/curl@7.81.0?distro=ubuntu-22.04");
  EXPECT_EQ(ubuntu.ecosystem, "Ubuntu");
  EXPECT_EQ(ubuntu.release, "22.04");
  EXPECT_EQ(key_for("Debian:12", "OpenSSL").name, "openssl");
}

TEST(PackageKey, TypesNoFeedUsesHaveNoKey) {
  for (const char* text : {"pkg:generic/openssl@3.0.2", "pkg:github/curl/curl@8.0.0",
                           "pkg:docker/library/nginx@1.25", "pkg:deb/raspbian/zlib@1.2"}) {
    auto p = purl::parse(text);
    ASSERT_TRUE(p.ok()) << text;
    EXPECT_FALSE(key_for(*p).has_value()) << text;
  }
}

TEST(PackageKey, VendorAndProductNamesNormalise) {
  EXPECT_EQ(normalize_vendor("B. Braun Medical Inc."), "b braun medical");
  EXPECT_EQ(normalize_vendor("Becton, Dickinson and Company (BD)"),
            "becton dickinson and company bd");
  EXPECT_EQ(normalize_vendor("Siemens Healthineers AG"), "siemens healthineers");
  EXPECT_EQ(normalize_vendor("Philips"), "philips");
  EXPECT_EQ(normalize_product("  Alaris  8015 PC-Unit "), "alaris 8015 pc unit");
}

}  // namespace
}  // namespace vigil::advisory
