#include "mono_fit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "rptdose/core/error.hpp"

// The kernel (mono_fit_kernel.inc) is written once for a SIMD width of W doubles with the vector extensions of GCC
// and Clang, and built for SSE2 (W = 2, every x86-64 CPU), AVX2 (4) and AVX-512F (8); the widest the CPU has is
// used (the same for the whole process). Every lane computes what fit_mono computes in Eigen's SSE2 packets,
// operation by operation, so all widths give fit_mono's bits. Contracting a·b + c into a fused multiply-add
// (available with AVX-512F) would change the rounding: it is off in this file.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace rptdose::timeactivity::detail {

namespace {

constexpr int C = MonoArrays::kCapacity;
static_assert(C % 8 == 0, "a batch is a whole number of the widest vectors");

// Largest argument whose exponential is finite (ln of the largest double, rounded down): log_linear's check that
// its amplitude e^c is finite, without computing it.
constexpr double kMaxExpArgument = 0x1.62e42fefa39efp+9;
constexpr double kLargest = std::numeric_limits<double>::max();
// 1.5·2^52: (x + kRound) − kRound rounds |x| < 2^51 to the nearest integer, and the sum's low bits hold it.
constexpr double kRound = 6755399441055744.0;

// fit_mono's expressions take the exponentials of the samples in packets of two, the last of an odd count on its
// own (std::exp), and the logarithm of a select() expression, which Eigen 3.4 evaluates coefficient by coefficient
// (std::log): mirrored by the kernel.
bool scalar_row(int n, int i) {
  return n % 2 == 1 && i == n - 1;
}

#define RPTDOSE_LANES [[gnu::always_inline]] inline
#define RPTDOSE_INLINE_LAMBDA __attribute__((always_inline))

#define RPTDOSE_MONO_WIDTH 2
#define RPTDOSE_MONO_NAMESPACE sse2
#include "mono_fit_kernel.inc"
#undef RPTDOSE_MONO_WIDTH
#undef RPTDOSE_MONO_NAMESPACE

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define RPTDOSE_MONO_X86 1
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2")
#endif
#define RPTDOSE_MONO_WIDTH 4
#define RPTDOSE_MONO_NAMESPACE avx2
#include "mono_fit_kernel.inc"
#undef RPTDOSE_MONO_WIDTH
#undef RPTDOSE_MONO_NAMESPACE
#if defined(__clang__)
#pragma clang attribute pop
#pragma clang attribute push(__attribute__((target("avx512f"))), apply_to = function)
#else
#pragma GCC pop_options
#pragma GCC push_options
#pragma GCC target("avx512f")
#endif
#define RPTDOSE_MONO_WIDTH 8
#define RPTDOSE_MONO_NAMESPACE avx512
#include "mono_fit_kernel.inc"
#undef RPTDOSE_MONO_WIDTH
#undef RPTDOSE_MONO_NAMESPACE
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif

using Kernel = void (*)(MonoArrays&, int, const FitOptions&);
struct InstructionSet {
  const char* name;
  Kernel kernel;
};

/// The kernels this CPU can run, widest first.
const std::vector<InstructionSet>& kernels() {
  static const std::vector<InstructionSet> list = [] {
    std::vector<InstructionSet> supported;
#ifdef RPTDOSE_MONO_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) supported.push_back({"avx512f", avx512::fit});
    if (__builtin_cpu_supports("avx2")) supported.push_back({"avx2", avx2::fit});
#endif
    supported.push_back({"sse2", sse2::fit});
    return supported;
  }();
  return list;
}

}  // namespace

MonoBatch::MonoBatch(int n, const double* t_h, double lambda_phys_per_h) {
  s_.n = n;
  s_.t = t_h;
  s_.lambda_phys = lambda_phys_per_h;
  double** rows[] = {&s_.y, &s_.w, &s_.work_y, &s_.work_w, &s_.e, &s_.trial_e, &s_.d1, &s_.r};
  double** curves[] = {&s_.a,    &s_.mu,        &s_.rss,      &s_.damping,     &s_.j00,        &s_.j01,
                       &s_.j11,  &s_.g0,        &s_.g1,       &s_.trial_a,     &s_.trial_mu,   &s_.trial_rss,
                       &s_.stop, &s_.converged, &s_.accepted, &s_.done,        &s_.stopped_at, &s_.f_a,
                       &s_.f_mu, &s_.f_rss,     &s_.f_j00,    &s_.f_j01,       &s_.f_j11,      &s_.f_converged,
                       &s_.sw,   &s_.r_squared, &s_.integral, &s_.integral_se, &s_.c00,        &s_.c01,
                       &s_.c11,  &s_.acceptable};
  const std::size_t row_block = static_cast<std::size_t>(n) * C;
  buffer_.reset(new double[std::size(rows) * row_block + std::size(curves) * C]);
  double* next = buffer_.get();
  for (double** p : rows) {
    *p = next;
    next += row_block;
  }
  for (double** p : curves) {
    *p = next;
    next += C;
  }
  indices_.reset(new int[3 * C]);
  s_.slot = indices_.get();
  s_.keep = s_.slot + C;
  s_.iterations = s_.keep + C;
}

void MonoBatch::fit(int count, const FitOptions& options) {
  static const Kernel kernel = kernels().front().kernel;
  kernel(s_, count, options);
}

std::span<const char* const> MonoBatch::instruction_sets() {
  static const std::vector<const char*> names = [] {
    std::vector<const char*> list;
    for (const InstructionSet& k : kernels()) list.push_back(k.name);
    return list;
  }();
  return names;
}

const char* MonoBatch::instruction_set() {
  return kernels().front().name;
}

void MonoBatch::fit_with(const char* instruction_set, int count, const FitOptions& options) {
  for (const InstructionSet& k : kernels())
    if (std::strcmp(k.name, instruction_set) == 0) return k.kernel(s_, count, options);
  throw InvalidInput(std::string("no mono-exponential kernel for ") + instruction_set + " on this CPU");
}

FitResult MonoBatch::result(int slot) const {
  const int n = s_.n;
  FitResult r;
  r.model = Model::MonoExponential;
  r.iterations = s_.iterations[slot];
  r.parameters = {s_.f_a[slot], s_.f_mu[slot]};
  r.r_squared = s_.r_squared[slot];
  if (n > 3) r.aicc = n * std::log(std::max(s_.f_rss[slot], 1e-300 * s_.sw[slot]) / n) + 4.0 + 12.0 / (n - 3);
  r.integral = s_.integral[slot];
  r.covariance.fill(std::numeric_limits<double>::quiet_NaN());
  r.covariance[0] = s_.c00[slot];
  r.covariance[1] = r.covariance[2] = s_.c01[slot];
  r.covariance[3] = s_.c11[slot];
  r.integral_se = s_.integral_se[slot];
  r.terminal_decay_constant_per_s = s_.lambda_phys + s_.f_mu[slot];
  r.status = acceptable(slot) ? FitStatus::Fitted : FitStatus::Fallback;
  for (int i = 0; i < n; ++i) r.negative_samples += value(i, slot) < 0 ? 1 : 0;
  return r;
}

void MonoBatch::curve(int slot, Curve& c) const {
  c.n = s_.n;
  c.lambda_phys = s_.lambda_phys;
  for (int i = 0; i < s_.n; ++i) {
    c.t[i] = s_.t[i];
    c.y[i] = s_.y[index(i, slot)];
    c.w[i] = s_.w[index(i, slot)];
  }
}

}  // namespace rptdose::timeactivity::detail
