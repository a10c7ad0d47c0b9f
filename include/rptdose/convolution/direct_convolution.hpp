#pragma once
// rptdose::convolution — direct (spatial) convolution: output(r) = Σ_d K(d) · source(r − d) over the kernel's
// offsets d, cropped to the source grid. O(N · K) work, exact up to the rounding of the value type, threaded
// over output planes and vectorised along x. The reference for the FFT engine in tests, and the faster engine
// for small kernels (for a kernel with one non-zero value, such as local deposition, it is a scaling).
//
// The kernel is a Volume<double> with odd sizes, centred on the source voxel; its spacing is not checked here
// (convolver.hpp checks geometry).
//
// Module convolution owns the convolution engines; it depends on core and an FFT library (FFTW3 or Eigen's) only,
// never on ITK or DCMTK.
#include "rptdose/core/parallel.hpp"
#include "rptdose/core/volume.hpp"

namespace rptdose::convolution {

/// Linear convolution cropped to the source grid; the result is on the source's grid.
Volume<float> direct_convolve(const Volume<float>& source, const Volume<double>& kernel, ParallelOptions parallel = {});
Volume<double> direct_convolve(const Volume<double>& source, const Volume<double>& kernel,
                               ParallelOptions parallel = {});

}  // namespace rptdose::convolution
