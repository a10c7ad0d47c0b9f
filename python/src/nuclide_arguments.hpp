#pragma once
// Nuclides as Python arguments: rptdose.Nuclide objects (a handle on the read-only decay database) and names in
// any accepted spelling, plus the chain options shared by rptdose.Nuclide, voxel_s_values and dose.
#include <pybind11/pybind11.h>

#include <map>
#include <string>

#include "arrays.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/chain.hpp"
#include "rptdose/nuclides/decay_database.hpp"

namespace rptdose::python {

/// What rptdose.Nuclide holds: a nuclide owned by the process-wide DecayDatabase (never freed).
struct NuclideHandle {
  const nuclides::Nuclide* nuclide;
};

inline const nuclides::DecayDatabase& database() {
  return nuclides::DecayDatabase::instance();
}

/// nuclides::ChainOptions' default, for Python signatures.
inline constexpr double kDefaultMaxDaughterHalfLife_s = 30.0 * units::kSecondsPerDay;

/// The canonical name of a nuclide given as an rptdose.Nuclide or a string ("Lu-177", "177Lu", "lu177").
/// Throws InvalidInput for other types; UnknownNuclide (from the database) for unknown names.
inline std::string nuclide_name_of(const pybind11::handle& nuclide) {
  if (pybind11::isinstance<NuclideHandle>(nuclide)) return nuclide.cast<const NuclideHandle&>().nuclide->name();
  if (pybind11::isinstance<pybind11::str>(nuclide)) return database().get(nuclide.cast<std::string>()).name();
  throw InvalidInput("nuclide must be a name such as 'Lu-177' or an rptdose.Nuclide, got " +
                     pybind11::repr(nuclide).cast<std::string>());
}

inline nuclides::ChainOptions chain_options(double max_daughter_half_life_s,
                                            const std::map<std::string, double>& leaving_fraction) {
  if (!(max_daughter_half_life_s > 0.0))
    throw InvalidInput("max_daughter_half_life_s must be positive, got " + number_text(max_daughter_half_life_s));
  nuclides::ChainOptions options;
  options.max_daughter_half_life_s = max_daughter_half_life_s;
  options.leaving_fraction = leaving_fraction;
  return options;
}

}  // namespace rptdose::python
