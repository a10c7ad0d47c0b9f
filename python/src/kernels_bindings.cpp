// rptdose.voxel_s_values: voxel S-value kernels (Gy/(Bq·s)) of any nuclide chain, voxel size and medium.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "bindings.hpp"
#include "kernel_arguments.hpp"
#include "nuclide_arguments.hpp"

namespace py = pybind11;

namespace rptdose::python {

kernels::KernelCache& kernel_cache() {
  static kernels::KernelCache cache(16);
  return cache;
}

kernels::KernelOptions kernel_options(const py::object& spacing_mm, const py::object& half_size,
                                      std::optional<double> radius_mm, const std::string& medium,
                                      std::optional<double> density_g_per_mL, std::optional<double> photon_radius_mm,
                                      double max_daughter_half_life_s,
                                      const std::map<std::string, double>& leaving_fraction,
                                      std::optional<unsigned> threads) {
  kernels::KernelOptions options;
  options.spacing_mm = spacing_of(spacing_mm);
  options.medium = kernels::parse_medium(medium);
  options.density_g_per_ml = density_g_per_mL;
  options.photon_radius_mm = photon_radius_mm;
  options.chain = chain_options(max_daughter_half_life_s, leaving_fraction);
  options.parallel.threads = threads_of(threads);
  if (!half_size.is_none() && radius_mm) throw InvalidInput("give either half_size or radius_mm, not both");
  if (radius_mm) {
    options.half_size = kernels::half_size_for_radius(options.spacing_mm, *radius_mm);
  } else if (!half_size.is_none()) {
    const auto bad = [&] {
      return InvalidInput(
          "half_size must be a whole number N >= 0 or three of them (z, y, x): the kernel spans -N..N "
          "voxels; got " +
          py::repr(half_size).cast<std::string>());
    };
    std::vector<double> zyx;
    try {
      if (py::hasattr(half_size, "__len__"))
        zyx = half_size.cast<std::vector<double>>();
      else
        zyx.assign(3, py::float_(half_size).cast<double>());
    } catch (const py::cast_error&) {
      throw bad();
    } catch (const py::error_already_set&) {
      throw bad();
    }
    if (zyx.size() != 3) throw bad();
    for (int a = 0; a < 3; ++a) {
      const double n = zyx[2 - a];
      if (!(n >= 0.0) || n != std::floor(n)) throw bad();
      if (n > kernels::kMaxKernelHalfSize)
        throw InvalidInput("half_size " + number_text(n) + " is too large: at most " +
                           std::to_string(kernels::kMaxKernelHalfSize) + " (use larger voxels or a smaller radius)");
      options.half_size[a] = static_cast<int>(n);
    }
  }
  options.validate();
  return options;
}

py::dict kernel_info_dict(const kernels::DoseKernel& kernel) {
  const auto& info = kernel.info();
  const auto& size = kernel.grid().size();
  const auto& spacing = kernel.spacing_mm();
  py::dict d;
  d["nuclide"] = info.nuclide;
  d["chain"] = info.chain;
  d["medium"] = info.medium;
  d["density_g_per_mL"] = info.density_g_per_ml;
  d["photon_radius_mm"] = info.photon_radius_mm;
  d["method"] = info.method;
  d["source"] = info.source;
  d["shape"] = py::make_tuple(size[2], size[1], size[0]);
  d["spacing_mm"] = py::make_tuple(spacing[2], spacing[1], spacing[0]);
  return d;
}

void bind_kernels(py::module_& module) {
  module.def(
      "voxel_s_values",
      [](const py::object& nuclide, const py::object& spacing_mm, const py::object& half_size,
         std::optional<double> radius_mm, const std::string& medium, const std::string& component,
         std::optional<double> density_g_per_mL, std::optional<double> photon_radius_mm,
         double max_daughter_half_life_s, const std::map<std::string, double>& leaving_fraction,
         std::optional<unsigned> threads) {
        const std::string name = nuclide_name_of(nuclide);
        const auto options = kernel_options(spacing_mm, half_size, radius_mm, medium, density_g_per_mL,
                                            photon_radius_mm, max_daughter_half_life_s, leaving_fraction, threads);
        const auto which = kernels::parse_component(component);
        Volume<double> values;
        {
          py::gil_scoped_release release;
          values = kernel_cache().get(name, options)->values(which).clone();
        }
        return to_numpy(std::move(values));
      },
      py::arg("nuclide"), py::arg("spacing_mm"), py::arg("half_size") = py::none(), py::kw_only(),
      py::arg("radius_mm") = py::none(), py::arg("medium") = "soft-tissue", py::arg("component") = "total",
      py::arg("density_g_per_mL") = py::none(), py::arg("photon_radius_mm") = py::none(),
      py::arg("max_daughter_half_life_s") = kDefaultMaxDaughterHalfLife_s,
      py::arg("leaving_fraction") = std::map<std::string, double>{}, py::arg("threads") = py::none(),
      R"(Voxel S-values of a nuclide and its decay chain: the mean absorbed dose (Gy) to the voxel at each offset
per decay (Bq·s) uniformly spread in the centre voxel, in Gy/(Bq·s), from ICRP-107 emissions (alphas locally,
electron and photon point kernels of water integrated over source and target voxels; docs/physics.md).

    nuclide: name ("Lu-177", "177Lu", "lu177") or rptdose.Nuclide; the in-situ chain is included.
    spacing_mm: voxel size (z, y, x) in mm, or one number for cubic voxels; any shape is exact.
    half_size: N (or (Nz, Ny, Nx)): the kernel spans -N..N voxels per axis; default 5 (11³ voxels).
    radius_mm: instead of half_size: reach at least this far along every axis.
    medium: "soft-tissue" (1.04 g/mL, default) or "water" (1.00 g/mL); density_g_per_mL overrides the density
        (water scaled by density: distances ∝ 1/ρ, dose per energy ∝ 1/ρ).
    component: "total" (default), "alpha" (with recoils), "electron" or "photon".
    photon_radius_mm: photons are followed to this radius (default: the kernel's farthest corner; 0: none).
    max_daughter_half_life_s, leaving_fraction: chain options, as in Nuclide.chain().
    threads: worker threads; None uses $RPTDOSE_NUM_THREADS or all cores.

Returns a float64 array of shape (2Nz+1, 2Ny+1, 2Nx+1) indexed [z, y, x], the source voxel at the centre.
Kernels are cached per process (same request → same kernel, generated once). The GIL is released.)");

  module.def(
      "kernel_cache_info",
      [] {
        auto& cache = kernel_cache();
        py::dict d;
        d["size"] = cache.size();
        d["hits"] = cache.hits();
        d["misses"] = cache.misses();
        return d;
      },
      "The process's kernel cache (shared by voxel_s_values, dose and DoseCalculator): {'size', 'hits', "
      "'misses'}.");
}

}  // namespace rptdose::python
