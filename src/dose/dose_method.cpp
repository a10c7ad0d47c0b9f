#include "rptdose/dose/dose_method.hpp"

#include <string>

#include "rptdose/core/error.hpp"

namespace rptdose::dose {

std::string_view dose_method_name(DoseMethod method) {
  return enum_name(kDoseMethodNames, method);
}

std::string_view dose_method_description(DoseMethod method) {
  switch (method) {
    case DoseMethod::Kernel:
      return "voxel S-value kernel";
    case DoseMethod::LocalDeposition:
      return "local energy deposition";
    case DoseMethod::MonteCarlo:
      return "Monte Carlo transport in the voxels' tissues";
  }
  return "?";
}

DoseMethod parse_dose_method(std::string_view name) {
  if (const auto method = find_enum(kDoseMethodNames, name)) return *method;
  const auto methods = enum_values(kDoseMethodNames);
  std::string list;
  for (std::size_t i = 0; i < methods.size(); ++i)
    list += std::string(i == 0                    ? ""
                        : i + 1 == methods.size() ? " or "
                                                  : ", ") +
            "'" + std::string(dose_method_name(methods[i])) + "' (" + std::string(dose_method_description(methods[i])) +
            ")";
  throw InvalidInput("unknown dose method '" + std::string(name) + "': use " + list);
}

kernels::KernelOptions kernel_options(const DoseMethodSpec& spec, const Vector3& spacing_mm, unsigned threads) {
  kernels::KernelOptions options;
  options.spacing_mm = spacing_mm;
  options.half_size =
      kernels::half_size_for_radius(spacing_mm, spec.kernel_radius_mm.value_or(kFullRangePhotonSplitRadius_mm));
  if (!spec.kernel_radius_mm) options.photon_split_radius_mm = kFullRangePhotonSplitRadius_mm;
  options.medium = spec.medium;
  options.density_g_per_ml = spec.density_g_per_ml;
  options.photon_radius_mm = spec.photon_radius_mm;
  options.chain = spec.chain;
  options.parallel.threads = threads;
  return options;
}

kernels::DoseKernel make_dose_kernel(std::string_view nuclide, const Vector3& spacing_mm, const DoseMethodSpec& spec,
                                     unsigned threads, kernels::KernelCache* cache) {
  switch (spec.method) {
    case DoseMethod::LocalDeposition: {
      const double density = spec.density_g_per_ml.value_or(kernels::nominal_density_g_per_ml(spec.medium));
      return local_deposition_kernel(nuclides::expand_chain(nuclide, spec.chain), spacing_mm, density,
                                     spec.local_deposition);
    }
    case DoseMethod::Kernel: {
      const auto options = kernel_options(spec, spacing_mm, threads);
      return cache ? *cache->get(nuclide, options) : kernels::generate_kernel(nuclide, options);
    }
    case DoseMethod::MonteCarlo:
      throw InvalidInput("the dose method 'monte-carlo' has no kernel: it transports the decays of a TIA map "
                         "through a voxel geometry (methods.dose in a study, or rptdose.monte_carlo_dose)");
  }
  throw InvalidInput("unknown dose method");
}

}  // namespace rptdose::dose
