#pragma once
// rptdose — radiopharmaceutical therapy dosimetry. Including this header gives the public C++ API of the compute
// library rptdose::core: every compute module and the results layer, with no ITK or DCMTK header behind it
// (tests/core/umbrella_contract.cmake checks both). Image files, DICOM and registration (rptdose::itk) and whole
// studies (rptdose::pipeline) have their own headers: rptdose/io/*.hpp, rptdose/registration/*.hpp,
// rptdose/pipeline/*.hpp.
#include "rptdose/version.hpp"

// core: geometry, volumes, units, errors, threads, progress, data files
#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/data_path.hpp"
#include "rptdose/core/enum_names.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/grid.hpp"
#include "rptdose/core/memory.hpp"
#include "rptdose/core/parallel.hpp"
#include "rptdose/core/progress.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/core/volume.hpp"
#include "rptdose/core/volume_checks.hpp"

// nuclides: decay data and chains
#include "rptdose/nuclides/chain.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/nuclides/nuclide.hpp"
#include "rptdose/nuclides/nuclide_name.hpp"

// kernels: voxel S-value kernels
#include "rptdose/kernels/dose_kernel.hpp"
#include "rptdose/kernels/electron_monte_carlo.hpp"
#include "rptdose/kernels/electron_physics.hpp"
#include "rptdose/kernels/photon_far_field.hpp"
#include "rptdose/kernels/kernel_cache.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/kernels/kernel_io.hpp"
#include "rptdose/kernels/kernel_resampling.hpp"
#include "rptdose/kernels/photon_interactions.hpp"
#include "rptdose/kernels/photon_monte_carlo.hpp"
#include "rptdose/kernels/point_kernel_table.hpp"
#include "rptdose/kernels/radial_profile.hpp"
#include "rptdose/kernels/voxel_integration.hpp"

// convolution: FFT and direct convolution
#include "rptdose/convolution/convolver.hpp"
#include "rptdose/convolution/direct_convolution.hpp"
#include "rptdose/convolution/fft_size.hpp"

// dose: absorbed dose from TIA or activity
#include "rptdose/dose/body_outline.hpp"
#include "rptdose/dose/density_correction.hpp"
#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/dose/dose_method.hpp"
#include "rptdose/dose/hu_to_density.hpp"
#include "rptdose/dose/local_deposition.hpp"

// timeactivity: time-activity curves, fits, TIA
#include "rptdose/timeactivity/cross_nuclide.hpp"
#include "rptdose/timeactivity/curve_fit.hpp"
#include "rptdose/timeactivity/image_series.hpp"
#include "rptdose/timeactivity/models.hpp"
#include "rptdose/timeactivity/single_time_point.hpp"
#include "rptdose/timeactivity/voi_fit.hpp"
#include "rptdose/timeactivity/voxel_fit.hpp"

// quantification: camera calibration, recovery coefficients, partial-volume correction
#include "rptdose/quantification/activity_scaling.hpp"
#include "rptdose/quantification/calibration.hpp"
#include "rptdose/quantification/gaussian_psf.hpp"
#include "rptdose/quantification/partial_volume.hpp"
#include "rptdose/quantification/phantoms.hpp"
#include "rptdose/quantification/recovery_curve.hpp"

// analysis: VOI statistics and DVHs, planar contours onto a grid
#include "rptdose/analysis/planar_contours.hpp"
#include "rptdose/analysis/voi_statistics.hpp"

// radiobiology: RBE, BED/EQD2, cycles, planning
#include "rptdose/radiobiology/cycles.hpp"
#include "rptdose/radiobiology/daughter_redistribution.hpp"
#include "rptdose/radiobiology/dose_protraction.hpp"
#include "rptdose/radiobiology/equivalent_uniform.hpp"
#include "rptdose/radiobiology/linear_quadratic.hpp"
#include "rptdose/radiobiology/planning.hpp"
#include "rptdose/radiobiology/rbe.hpp"
#include "rptdose/radiobiology/red_marrow.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"

// results: the typed record of a run (summary.json) and what is computed from it
#include "rptdose/results/daughters.hpp"
#include "rptdose/results/planning.hpp"
#include "rptdose/results/red_marrow.hpp"
#include "rptdose/results/run_summary.hpp"
#include "rptdose/results/therapy_comparison.hpp"
