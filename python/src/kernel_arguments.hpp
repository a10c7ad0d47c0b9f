#pragma once
// Kernel requests from Python, shared by rptdose.voxel_s_values and rptdose.dose / rptdose.DoseCalculator: the
// process-wide kernel cache and the translation of Python arguments ((z, y, x) order) into KernelOptions.
#include <pybind11/pybind11.h>

#include <map>
#include <optional>
#include <string>

#include "rptdose/kernels/kernel_cache.hpp"
#include "rptdose/kernels/kernel_generation.hpp"

namespace rptdose::python {

/// The kernels generated in this process (kernels_bindings.cpp): the same request twice (every time point, every
/// patient on one scanner) is generated once. In memory only, least recently used dropped beyond 16 kernels.
kernels::KernelCache& kernel_cache();

/// KernelOptions from Python arguments: spacing (z, y, x) or a number, half_size an int or (z, y, x) (default 5 when
/// neither it nor radius_mm is given), radius_mm (instead of half_size), medium and density, photon radius, chain.
/// Throws InvalidInput for bad or conflicting values.
kernels::KernelOptions kernel_options(const pybind11::object& spacing_mm, const pybind11::object& half_size,
                                      std::optional<double> radius_mm, const std::string& medium,
                                      std::optional<double> density_g_per_mL, std::optional<double> photon_radius_mm,
                                      double max_daughter_half_life_s,
                                      const std::map<std::string, double>& leaving_fraction,
                                      std::optional<unsigned> threads);

/// A kernel's provenance as a dict (nuclide, chain, medium, density_g_per_mL, photon_radius_mm, method, source,
/// shape [z, y, x], spacing_mm (z, y, x)).
pybind11::dict kernel_info_dict(const kernels::DoseKernel& kernel);

}  // namespace rptdose::python
