#pragma once
// rptdose — radiopharmaceutical therapy dosimetry. Including this header gives the whole public C++ API.
#include "rptdose/version.hpp"

#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/grid.hpp"
#include "rptdose/core/memory.hpp"
#include "rptdose/core/parallel.hpp"
#include "rptdose/core/progress.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/core/volume.hpp"
#include "rptdose/core/volume_checks.hpp"

#include "rptdose/nuclides/chain.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/nuclides/nuclide.hpp"
#include "rptdose/nuclides/nuclide_name.hpp"

#include "rptdose/core/atomic_file.hpp"

#include "rptdose/kernels/dose_kernel.hpp"
#include "rptdose/kernels/kernel_cache.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/kernels/kernel_io.hpp"
#include "rptdose/kernels/kernel_resampling.hpp"
#include "rptdose/kernels/point_kernel_table.hpp"
#include "rptdose/kernels/voxel_integration.hpp"

#include "rptdose/convolution/convolver.hpp"
#include "rptdose/convolution/direct_convolution.hpp"
#include "rptdose/convolution/fft_size.hpp"

#include "rptdose/dose/density_correction.hpp"
#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/dose/local_deposition.hpp"

#include "rptdose/timeactivity/cross_nuclide.hpp"
#include "rptdose/timeactivity/curve_fit.hpp"
#include "rptdose/timeactivity/image_series.hpp"
#include "rptdose/timeactivity/models.hpp"
#include "rptdose/timeactivity/single_time_point.hpp"
#include "rptdose/timeactivity/voi_fit.hpp"
#include "rptdose/timeactivity/voxel_fit.hpp"

#include "rptdose/analysis/voi_statistics.hpp"

#include "rptdose/registration/resample.hpp"
