#include "rptdose/convolution/fft_size.hpp"

#include <algorithm>

namespace rptdose::convolution {

namespace {
bool has_only_small_factors(std::size_t n) {
  for (const std::size_t p : {2u, 3u, 5u})
    while (n % p == 0) n /= p;
  return n == 1;
}
}  // namespace

std::size_t next_fast_fft_size(std::size_t n) {
  if (n <= 1) return 1;
  while (!has_only_small_factors(n)) ++n;
  return n;
}

std::size_t next_fast_even_fft_size(std::size_t n) {
  if (n <= 1) return 1;
  std::size_t half = next_fast_fft_size((n + 1) / 2);
  while (half % 2 != 0) half = next_fast_fft_size(half + 1);
  return 2 * half;
}

std::size_t padded_length(std::size_t source_length, std::size_t half, long first_output, std::size_t output_count) {
  // Output m receives aliases from m ± P; the linear result is non-zero on [−half, source_length − 1 + half].
  const long n = static_cast<long>(source_length), h = static_cast<long>(half);
  const long no_alias_from_above = n + h - first_output;
  const long no_alias_from_below = first_output + static_cast<long>(output_count) + h;
  return next_fast_even_fft_size(static_cast<std::size_t>(std::max({no_alias_from_above, no_alias_from_below, 1L})));
}

}  // namespace rptdose::convolution
