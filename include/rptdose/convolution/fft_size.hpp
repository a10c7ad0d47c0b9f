#pragma once
// rptdose::convolution — padded transform sizes. FFTs of lengths whose prime factors are 2, 3 and 5 are the fast
// ones (FFTW and kissfft both have dedicated codelets); a prime length can be several times slower. Factors of 7
// are left out: with FFTW_ESTIMATE plans on the development machine, lengths with a 7 cost 25–40 % more per point
// than their 2·3·5 neighbours (140 vs 144: 31 vs 22 ms for a 128³ map with an 11³ kernel, one thread), so a
// slightly longer 2·3·5 length is faster.
//
// Module convolution owns the convolution engines; it depends on core and an FFT library (FFTW3 or Eigen's) only,
// never on ITK or DCMTK.
#include <cstddef>

namespace rptdose::convolution {

/// The smallest n' ≥ n whose prime factors are all in {2, 3, 5} (n' = 1 for n ≤ 1).
std::size_t next_fast_fft_size(std::size_t n);
/// The smallest n' ≥ n with those factors that is a multiple of 4 (n' = 1 for n ≤ 1). Real transforms of even
/// length run as half-length complex transforms, fastest when that half is even too: 288 beats 270 (half 135) by
/// 20 % on a 256³ map with an 11³ kernel, one thread, though it is 7 % longer.
std::size_t next_fast_even_fft_size(std::size_t n);

/// Padded length that makes circular convolution of `source_length` samples with a kernel spanning offsets
/// −half..half give the linear result at output indices [first_output, first_output + output_count) (relative to
/// the first source sample; first_output may be negative). No wrap-around reaches those outputs when
/// P ≥ max(source_length + half − first_output, first_output + output_count + half). Returns the fast even size
/// ≥ that.
std::size_t padded_length(std::size_t source_length, std::size_t half, long first_output, std::size_t output_count);

}  // namespace rptdose::convolution
