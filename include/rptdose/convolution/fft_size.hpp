#pragma once
// rptdose::convolution — padded transform sizes. FFTs of lengths whose prime factors are 2, 3, 5 and 7 are the
// fast ones (FFTW and kissfft both have dedicated codelets); a prime length can be several times slower.
#include <cstddef>

namespace rptdose::convolution {

/// The smallest n' ≥ n whose prime factors are all in {2, 3, 5, 7} (n' = 1 for n ≤ 1).
std::size_t next_fast_fft_size(std::size_t n);
/// The smallest even n' ≥ n with those factors (n' = 1 for n ≤ 1). Real transforms of even length run as
/// half-length complex transforms: measured 1.3–2.3× faster than odd neighbours (135 vs 140, 128³ map, 11³ kernel).
std::size_t next_fast_even_fft_size(std::size_t n);

/// Padded length that makes circular convolution of `source_length` samples with a kernel spanning offsets
/// −half..half give the linear result at output indices [first_output, first_output + output_count) (relative to
/// the first source sample; first_output may be negative). No wrap-around reaches those outputs when
/// P ≥ max(source_length + half − first_output, first_output + output_count + half). Returns the fast even size
/// ≥ that.
std::size_t padded_length(std::size_t source_length, std::size_t half, long first_output, std::size_t output_count);

}  // namespace rptdose::convolution
