// rptdose.Nuclide and rptdose.nuclide_names: the ICRP-107 decay data (half-lives, decay modes, emissions, chains).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "nuclide_arguments.hpp"
#include "rptdose/core/data_path.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/chain.hpp"
#include "rptdose/nuclides/decay_database.hpp"

namespace py = pybind11;

namespace rptdose::python {

namespace {

using nuclides::EnergyByCategory;
using nuclides::Radiation;

py::dict energy_dict(const EnergyByCategory& e) {
  py::dict d;
  d["alpha"] = e.alpha_MeV;
  d["alpha_recoil"] = e.alpha_recoil_MeV;
  d["electron"] = e.electron_MeV;
  d["photon"] = e.photon_MeV;
  d["total"] = e.total_MeV();
  return d;
}

Radiation parse_radiation(const std::string& key) {
  for (const Radiation r : nuclides::kAllRadiations)
    if (nuclides::radiation_key(r) == key) return r;
  std::string known;
  for (const Radiation r : nuclides::kAllRadiations)
    known += (known.empty() ? "" : ", ") + std::string(radiation_key(r));
  throw InvalidInput("unknown radiation type '" + key + "': use one of " + known);
}

/// An (n, 2) float64 array from pairs.
template <typename Pair, typename First, typename Second>
py::array_t<double> pairs_array(const Pair* begin, std::size_t count, First first, Second second) {
  py::array_t<double> out({static_cast<py::ssize_t>(count), py::ssize_t{2}});
  auto view = out.mutable_unchecked<2>();
  for (std::size_t n = 0; n < count; ++n) {
    view(static_cast<py::ssize_t>(n), 0) = first(begin[n]);
    view(static_cast<py::ssize_t>(n), 1) = second(begin[n]);
  }
  return out;
}

constexpr const char* kChainArgsDoc = R"(
    max_daughter_half_life_s: daughters with longer half-lives are not followed (default 30 days: every member
        of the 225Ac, 212Pb, 223Ra and 227Th chains; cuts e.g. 207Bi from 211At).
    leaving_fraction: {daughter: fraction 0..1} of its decays that happen away from the site (its own daughters
        inherit the loss), e.g. {"Bi-213": 0.3}. Default: in-situ equilibrium.)";

}  // namespace

void bind_nuclides(py::module_& module) {
  py::class_<NuclideHandle>(module, "Nuclide", R"(A radionuclide of the ICRP-107 decay data (read-only).

    Nuclide("Lu-177"), Nuclide("177Lu"), Nuclide("lu177"), Nuclide("Tc-99m"): any accepted spelling; an unknown
    name raises rptdose.UnknownNuclide (a ValueError) listing close matches.)")
      .def(py::init([](const std::string& name) { return NuclideHandle{&database().get(name)}; }), py::arg("name"))
      .def_property_readonly(
          "name", [](const NuclideHandle& n) { return n.nuclide->name(); }, "Canonical name, e.g. 'Lu-177'.")
      .def_property_readonly(
          "half_life_s", [](const NuclideHandle& n) { return n.nuclide->half_life_s(); }, "Half-life in seconds.")
      .def_property_readonly(
          "half_life_h", [](const NuclideHandle& n) { return n.nuclide->half_life_s() / units::kSecondsPerHour; },
          "Half-life in hours.")
      .def_property_readonly(
          "decay_constant_per_s", [](const NuclideHandle& n) { return n.nuclide->decay_constant_per_s(); },
          "Physical decay constant ln 2 / half-life, in 1/s.")
      .def_property_readonly(
          "decay_modes",
          [](const NuclideHandle& n) {
            py::list modes;
            for (const auto& m : n.nuclide->decay_modes()) {
              py::dict d;
              d["mode"] = m.mode;
              d["fraction"] = m.fraction;
              d["progeny"] = m.progeny;
              modes.append(d);
            }
            return modes;
          },
          "Decay modes: [{'mode': 'alpha' | 'beta-' | 'beta+/EC' | 'EC' | 'IT' | 'SF', 'fraction': 0..1, "
          "'progeny': name ('' for SF)}].")
      .def(
          "energy_per_decay_MeV",
          [](const NuclideHandle& n, bool chain, double max_daughter_half_life_s,
             const std::map<std::string, double>& leaving_fraction) {
            if (!chain) return energy_dict(n.nuclide->energy_per_decay());
            const auto options = chain_options(max_daughter_half_life_s, leaving_fraction);
            return energy_dict(
                nuclides::expand_chain(n.nuclide->name(), options, database()).energy_per_parent_decay());
          },
          py::kw_only(), py::arg("chain") = false, py::arg("max_daughter_half_life_s") = kDefaultMaxDaughterHalfLife_s,
          py::arg("leaving_fraction") = std::map<std::string, double>{},
          (std::string(R"(Mean energy emitted per decay in MeV, by category: {'alpha', 'alpha_recoil', 'electron'
(beta-, beta+ kinetic, delayed beta, conversion and Auger electrons), 'photon' (gamma, X-ray, annihilation),
'total'}. Neutrons and fission fragments are not included.

    chain: False: this nucleus alone; True: its whole decay chain per decay of this parent (each member's energy
        times its decays per parent decay).)") +
           kChainArgsDoc)
              .c_str())
      .def(
          "chain",
          [](const NuclideHandle& n, double max_daughter_half_life_s,
             const std::map<std::string, double>& leaving_fraction) {
            const auto chain = nuclides::expand_chain(
                n.nuclide->name(), chain_options(max_daughter_half_life_s, leaving_fraction), database());
            py::list members;
            for (const auto& m : chain.members()) {
              py::dict d;
              d["name"] = m.nuclide->name();
              d["decays_per_parent_decay"] = m.decays_per_parent_decay;
              d["half_life_s"] = m.nuclide->half_life_s();
              d["energy_per_decay_MeV"] = energy_dict(m.nuclide->energy_per_decay());
              members.append(d);
            }
            return members;
          },
          py::kw_only(), py::arg("max_daughter_half_life_s") = kDefaultMaxDaughterHalfLife_s,
          py::arg("leaving_fraction") = std::map<std::string, double>{},
          (std::string(R"(The decay chain in decay order, the parent first: one dict per member with 'name',
'decays_per_parent_decay' (time-integrated decays of the member per decay of the parent, in-situ equilibrium),
'half_life_s' and 'energy_per_decay_MeV' (per decay of that member, as energy_per_decay_MeV()).)") +
           kChainArgsDoc)
              .c_str())
      .def(
          "cut_daughters",
          [](const NuclideHandle& n, double max_daughter_half_life_s,
             const std::map<std::string, double>& leaving_fraction) {
            const auto chain = nuclides::expand_chain(
                n.nuclide->name(), chain_options(max_daughter_half_life_s, leaving_fraction), database());
            py::list cut;
            for (const auto& c : chain.cut()) {
              py::dict d;
              d["name"] = c.name;
              d["half_life_s"] = c.half_life_s;
              d["decays_per_parent_decay"] = c.decays_per_parent_decay;
              cut.append(d);
            }
            return cut;
          },
          py::kw_only(), py::arg("max_daughter_half_life_s") = kDefaultMaxDaughterHalfLife_s,
          py::arg("leaving_fraction") = std::map<std::string, double>{},
          "The radioactive daughters left out of chain() because their half-life exceeds max_daughter_half_life_s: "
          "[{'name', 'half_life_s', 'decays_per_parent_decay' (the decays they would have had)}].")
      .def(
          "lines",
          [](const NuclideHandle& n, const std::string& radiation) {
            const auto lines = n.nuclide->lines(parse_radiation(radiation));
            return pairs_array(
                lines.data(), lines.size(), [](const nuclides::EmissionLine& l) { return l.energy_MeV; },
                [](const nuclides::EmissionLine& l) { return l.yield_per_decay; });
          },
          py::arg("radiation"),
          "Emission lines of one ICRP-107 radiation type ('alpha', 'alpha recoil', 'beta-', 'beta+', "
          "'annihilation', 'IE' (conversion electrons), 'auger', 'gamma', 'X', 'neutron', 'fission', 'betaD'): "
          "an (n, 2) float64 array of [energy in MeV, yield per decay]; beta branches give their mean energies.")
      .def(
          "beta_spectrum",
          [](const NuclideHandle& n) {
            const auto s = n.nuclide->beta_spectrum();
            return pairs_array(
                s.data(), s.size(), [](const nuclides::SpectrumPoint& p) { return p.energy_MeV; },
                [](const nuclides::SpectrumPoint& p) { return p.per_MeV_per_decay; });
          },
          "The summed beta- spectrum: an (n, 2) float64 array of [energy in MeV, beta particles per MeV per decay] "
          "(empty without beta- decay).")
      .def("__repr__",
           [](const NuclideHandle& n) {
             return "rptdose.Nuclide('" + n.nuclide->name() + "')  # half-life " +
                    number_text(n.nuclide->half_life_s() / units::kSecondsPerHour) + " h";
           })
      .def("__str__", [](const NuclideHandle& n) { return n.nuclide->name(); })
      .def("__eq__",
           [](const NuclideHandle& a, const py::object& b) {
             return py::isinstance<NuclideHandle>(b) && b.cast<const NuclideHandle&>().nuclide == a.nuclide;
           })
      .def("__hash__", [](const NuclideHandle& n) { return py::hash(py::str(n.nuclide->name())); });

  module.def(
      "nuclide_names", [] { return database().names(); },
      "Canonical names of every nuclide in the decay data (ICRP-107, 1252 nuclides), in the data file's order.");
  module.def(
      "data_directory", [] { return rptdose::data_directory().string(); },
      "The data folder in use (decay tables, point kernels): $RPTDOSE_DATA_DIR, the folder shipped with an "
      "installed package, or the source tree of a build.");
}

}  // namespace rptdose::python
