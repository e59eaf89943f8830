// Version comparison per scheme, on pairs typical of feeds and SBOMs.
// Aim (issue: foundation): well under 100 ns per comparison.
#include <benchmark/benchmark.h>

#include "version/npm_range.h"
#include "version/osv_range.h"
#include "version/vers.h"
#include "version/version.h"

namespace {

using vigil::version::Scheme;

struct Pair {
  Scheme scheme;
  const char* a;
  const char* b;
};

const Pair kPairs[] = {
    {Scheme::semver, "1.2.3-beta.11", "1.2.3-beta.2"},
    {Scheme::pep440, "2.31.0rc1", "2.31.0.post1"},
    {Scheme::maven, "2.14.1", "2.15.0-rc1"},
    {Scheme::nuget, "13.0.1", "13.0.1-beta1"},
    {Scheme::rubygems, "7.0.8.1", "7.0.8.rc1"},
    {Scheme::packagist, "v5.4.12", "5.4.12-RC1"},
    {Scheme::debian, "1:2.36-9+deb12u4", "1:2.36-9+deb12u10"},
    {Scheme::rpm, "3.0.7-25.el9_3", "3.0.7-24.el9"},
    {Scheme::alpine, "1.36.1-r15", "1.36.1-r2"},
    {Scheme::cran, "1.0-12", "1.0-9"},
    {Scheme::pub, "1.2.3+4", "1.2.3"},
    {Scheme::hackage, "1.2.3.4", "1.2.3.5"},
    {Scheme::generic, "12.2.8.410", "12.2.8.44"},
};

void BM_Compare(benchmark::State& state) {
  const Pair& p = kPairs[state.range(0)];
  state.SetLabel(std::string(vigil::version::scheme_name(p.scheme)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(vigil::version::compare(p.scheme, p.a, p.b));
  }
}
BENCHMARK(BM_Compare)->DenseRange(0, std::size(kPairs) - 1);

void BM_VersContains(benchmark::State& state) {
  const auto r =
      vigil::version::parse_vers("vers:npm/>=1.0.0|<1.4.3|>=2.0.0|<2.7.1|>=3.0.0|<3.1.4");
  for (auto _ : state) benchmark::DoNotOptimize(r->contains("2.5.0"));
}
BENCHMARK(BM_VersContains);

void BM_OsvRangeEvaluate(benchmark::State& state) {
  using namespace vigil::version;
  const OsvRange r{RangeType::ecosystem,
                   {{EventKind::introduced, "0"}, {EventKind::fixed, "2.31.0"}}};
  for (auto _ : state) benchmark::DoNotOptimize(evaluate(r, Scheme::pep440, "2.28.2"));
}
BENCHMARK(BM_OsvRangeEvaluate);

void BM_NpmRangeSatisfied(benchmark::State& state) {
  const auto r = vigil::version::parse_npm_range("^1.2.3 || >=2.0.0 <2.5.0");
  for (auto _ : state) benchmark::DoNotOptimize(r->satisfied_by("2.4.9"));
}
BENCHMARK(BM_NpmRangeSatisfied);

}  // namespace

BENCHMARK_MAIN();
