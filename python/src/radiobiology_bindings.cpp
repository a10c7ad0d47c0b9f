// rptdose.bed, plan, rbe_weighted_dose, cumulative_bed, red_marrow_blood_method, read_blood_samples,
// redistribute_daughter, redistribute_daughter_over_vois and compare_therapies: the radiobiology module and the
// planning built on it (docs/radiobiology.md, docs/compare.md).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "bindings.hpp"
#include "nuclide_arguments.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/radiobiology/cycles.hpp"
#include "rptdose/radiobiology/daughter_redistribution.hpp"
#include "rptdose/radiobiology/linear_quadratic.hpp"
#include "rptdose/radiobiology/rbe.hpp"
#include "rptdose/radiobiology/red_marrow.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"
#include "rptdose/results/daughters.hpp"
#include "rptdose/results/planning.hpp"
#include "rptdose/results/run_summary.hpp"
#include "rptdose/results/therapy_comparison.hpp"
#include "rptdose/timeactivity/models.hpp"

namespace py = pybind11;

namespace rptdose::python {

namespace {

using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

bool is_scalar(const py::handle& object) {
  if (py::isinstance<py::array>(object)) return py::reinterpret_borrow<py::array>(object).ndim() == 0;
  return py::isinstance<py::float_>(object) || py::isinstance<py::int_>(object);
}

DoubleArray as_array(const py::handle& object, const char* what) {
  try {
    return DoubleArray::ensure(object);
  } catch (const py::error_already_set&) {
  }
  throw InvalidInput(std::string(what) + " must be a number or a numeric array");
}

/// "organ:kind:value" from a string or an (organ, kind, value) tuple.
radiobiology::OrganValue organ_value(const py::handle& item, const char* what) {
  if (py::isinstance<py::str>(item)) return radiobiology::parse_organ_value(item.cast<std::string>(), what);
  if (py::isinstance<py::sequence>(item) && py::len(item) == 3) {
    const auto t = item.cast<py::sequence>();
    const std::string text = py::str(t[0]).cast<std::string>() + ":" + py::str(t[1]).cast<std::string>() + ":" +
                             py::str(t[2]).cast<std::string>();
    return radiobiology::parse_organ_value(text, what);
  }
  throw InvalidInput(std::string(what) + " entries are 'organ:bed:GY' strings or (organ, kind, GY) tuples");
}

/// A run's summary.json from a dict (its keys) or a path.
results::RunSummary summary_of(const py::object& summary) {
  if (py::isinstance<py::dict>(summary)) {
    const std::string text = py::module_::import("json").attr("dumps")(summary).cast<std::string>();
    return results::parse_run_summary(text, "summary");
  }
  if (py::isinstance<py::str>(summary) || py::hasattr(summary, "__fspath__"))
    return results::read_run_summary(summary.cast<std::filesystem::path>());
  throw py::type_error("summary must be the path of a summary.json or a dict of its keys, got " +
                       py::repr(summary).cast<std::string>());
}

py::object optional_number(const std::optional<double>& value) {
  return value ? py::object(py::float_(*value)) : py::object(py::none());
}

std::vector<std::pair<std::string, double>> organ_numbers(const std::optional<py::dict>& values, double scale) {
  std::vector<std::pair<std::string, double>> out;
  if (values)
    for (const auto& [organ, value] : *values)
      out.emplace_back(py::str(organ).cast<std::string>(), value.cast<double>() * scale);
  return out;
}

}  // namespace

void bind_radiobiology(py::module_& module) {
  module.def(
      "bed",
      [](const py::object& dose_Gy, double alpha_beta_Gy, double repair_half_time_h, double effective_half_life_h,
         std::optional<double> uptake_half_time_h, const py::object& alpha_dose_Gy, double rbe_alpha) {
        radiobiology::Kinetics kinetics;
        kinetics.effective_half_life_s = effective_half_life_h * units::kSecondsPerHour;
        if (uptake_half_time_h) kinetics.uptake_half_time_s = *uptake_half_time_h * units::kSecondsPerHour;
        const double g = radiobiology::g_factor(kinetics, repair_half_time_h * units::kSecondsPerHour);
        // BED of one voxel or VOI: with an alpha part (of the dose), the mixed-LET form.
        const auto bed_of = [&](double dose, double alpha) {
          if (alpha_dose_Gy.is_none()) return radiobiology::bed_with_g(dose, g, alpha_beta_Gy).bed_Gy;
          if (!(alpha >= 0.0 && alpha <= dose))
            throw InvalidInput("alpha dose " + py::str(py::float_(alpha)).cast<std::string>() +
                               " Gy is the alpha part of the dose " + py::str(py::float_(dose)).cast<std::string>() +
                               " Gy: give a value from 0 to that");
          return radiobiology::mixed_let_bed_Gy(alpha, dose - alpha, g, alpha_beta_Gy, rbe_alpha);
        };
        py::dict out;
        out["g_factor"] = g;
        if (is_scalar(dose_Gy)) {
          if (!alpha_dose_Gy.is_none() && !is_scalar(alpha_dose_Gy))
            throw InvalidInput("alpha_dose_Gy must be a number when dose_Gy is one");
          const double dose = py::float_(dose_Gy).cast<double>();
          const double bed = bed_of(dose, alpha_dose_Gy.is_none() ? 0.0 : py::float_(alpha_dose_Gy).cast<double>());
          out["bed_Gy"] = bed;
          out["eqd2_Gy"] = radiobiology::eqd2_Gy(bed, alpha_beta_Gy);
          return out;
        }
        const DoubleArray dose = as_array(dose_Gy, "dose_Gy");
        std::optional<DoubleArray> alpha;
        if (!alpha_dose_Gy.is_none() && !is_scalar(alpha_dose_Gy)) {
          alpha = as_array(alpha_dose_Gy, "alpha_dose_Gy");
          if (alpha->ndim() != dose.ndim() || !std::equal(dose.shape(), dose.shape() + dose.ndim(), alpha->shape()))
            throw InvalidInput("alpha_dose_Gy must have the shape of dose_Gy (or be a number)");
        }
        const double alpha_scalar = !alpha_dose_Gy.is_none() && !alpha ? py::float_(alpha_dose_Gy).cast<double>() : 0.0;
        DoubleArray bed(std::vector<py::ssize_t>(dose.shape(), dose.shape() + dose.ndim()));
        DoubleArray eqd2(std::vector<py::ssize_t>(dose.shape(), dose.shape() + dose.ndim()));
        const double* d = dose.data();
        double* b = bed.mutable_data();
        double* e = eqd2.mutable_data();
        for (py::ssize_t n = 0; n < dose.size(); ++n) {
          b[n] = bed_of(d[n], alpha ? alpha->data()[n] : alpha_scalar);
          e[n] = radiobiology::eqd2_Gy(b[n], alpha_beta_Gy);
        }
        out["bed_Gy"] = bed;
        out["eqd2_Gy"] = eqd2;
        return out;
      },
      py::arg("dose_Gy"), py::arg("alpha_beta_Gy"), py::arg("repair_half_time_h"), py::arg("effective_half_life_h"),
      py::arg("uptake_half_time_h") = py::none(), py::kw_only(), py::arg("alpha_dose_Gy") = py::none(),
      py::arg("rbe_alpha") = radiobiology::kDefaultAlphaRbe,
      R"(Biologically effective dose of an absorbed dose delivered at a decaying dose rate (LQ model, incomplete repair).

    BED = D (1 + G D / (alpha/beta)), EQD2 = BED / (1 + 2 / (alpha/beta)), G the Lea-Catcheside factor of a
    mono-exponential dose rate (G = T_rep / (T_rep + T_eff)) or, with uptake_half_time_h, of
    R(t) ~ exp(-ln2 t / T_eff) - exp(-ln2 t / T_up), T_up = uptake_half_time_h < T_eff. dose_Gy may be a number or an
    array (element-wise; doses must be >= 0). alpha_dose_Gy (alpha emitters; a number or an array of dose_Gy's
    shape) is the alpha part of dose_Gy: it enters linearly, BED = rbe_alpha D_a + (D - D_a)(1 + G (D - D_a) /
    (alpha/beta)) (as `rptdose bed --alpha-dose`). Returns {"bed_Gy", "eqd2_Gy", "g_factor"}: numbers, or arrays of
    dose_Gy's shape for bed_Gy and eqd2_Gy. Times in hours.)");

  module.def(
      "rbe_weighted_dose",
      [](const py::object& alpha_Gy, const py::object& other_Gy, double rbe) -> py::object {
        if (is_scalar(alpha_Gy) && is_scalar(other_Gy))
          return py::float_(radiobiology::rbe_weighted_dose_Gy(py::float_(alpha_Gy).cast<double>(),
                                                               py::float_(other_Gy).cast<double>(), rbe));
        const DoubleArray a = as_array(alpha_Gy, "alpha"), o = as_array(other_Gy, "other");
        if (a.ndim() != o.ndim() || !std::equal(a.shape(), a.shape() + a.ndim(), o.shape()))
          throw InvalidInput("alpha and other dose maps must have the same shape");
        DoubleArray out(std::vector<py::ssize_t>(a.shape(), a.shape() + a.ndim()));
        double* w = out.mutable_data();
        for (py::ssize_t n = 0; n < a.size(); ++n)
          w[n] = radiobiology::rbe_weighted_dose_Gy(a.data()[n], o.data()[n], rbe);
        return py::object(std::move(out));
      },
      py::arg("alpha"), py::arg("other"), py::arg("rbe") = radiobiology::kDefaultAlphaRbe,
      R"(RBE-weighted dose RBE * D_alpha + D_other (Gy): numbers or same-shape arrays (float64 result).

    rbe defaults to 5, the value MIRD Pamphlet No. 22 (Sgouros et al. 2010) recommends for deterministic effects.)");

  module.def(
      "plan",
      [](const py::object& summary, const py::iterable& limits, const py::iterable& received, int cycles,
         const std::optional<py::dict>& alpha_beta, const std::optional<py::dict>& repair_half_time_h,
         const std::optional<std::string>& tissues) {
        const auto parsed = summary_of(summary);
        radiobiology::PlanRequest request;
        for (const auto& item : limits) request.limits.push_back(organ_value(item, "limit"));
        for (const auto& item : received) request.received.push_back(organ_value(item, "received"));
        request.cycles = cycles;
        results::TissueOverrides overrides;
        overrides.alpha_beta_Gy = organ_numbers(alpha_beta, 1.0);
        overrides.repair_half_time_s = organ_numbers(repair_half_time_h, units::kSecondsPerHour);
        const auto table =
            tissues ? radiobiology::TissueTable::read(*tissues) : radiobiology::TissueTable::load_default();
        request.vois = results::plan_vois(parsed, table, overrides);
        const auto plan = radiobiology::plan_activity(request);
        return py::module_::import("json").attr("loads")(results::plan_to_json(plan, parsed.nuclide, -1));
      },
      py::arg("summary"), py::arg("limits"), py::kw_only(), py::arg("received") = py::tuple(), py::arg("cycles") = 1,
      py::arg("alpha_beta") = py::none(), py::arg("repair_half_time_h") = py::none(), py::arg("tissues") = py::none(),
      R"(Activity per cycle for the next `cycles` cycles that keeps every organ under its limit.

    summary: a dict or the path of a summary.json ({"nuclide", "administered_activity_Bq", "vois": [{"name",
    "mean_dose_Gy", "effective_half_life_h", "uptake_half_time_h", ...}]}). limits / received: "organ:bed:GY" or
    "organ:dose:GY" strings (or (organ, kind, GY) tuples); an organ matches VOI names by prefix ("kidney" matches
    kidney_left) and applies to each matched VOI. alpha_beta / repair_half_time_h: {organ: value} overrides of the
    tissue table (data/radiobiology/tissue_parameters.csv, or `tissues`). Returns the plan as a dict (activity_Bq,
    activity_GBq, cycles, limiting, vois, tumours; docs/radiobiology.md).)");

  module.def(
      "compare_therapies",
      [](const py::object& summary, const std::vector<std::string>& nuclides, const py::iterable& limits, int cycles,
         const py::object& rbe_alpha, const std::vector<std::string>& daughters, bool daughter_photons_local,
         const std::optional<py::dict>& alpha_beta, const std::optional<py::dict>& repair_half_time_h,
         const std::optional<std::string>& tissues) {
        const auto parsed = summary_of(summary);
        results::ComparisonRequest request;
        request.nuclides = nuclides;
        for (const auto& item : limits) request.limits.push_back(organ_value(item, "limit"));
        request.cycles = cycles;
        if (!rbe_alpha.is_none())
          request.rbe_alpha = results::parse_value_or_range(py::str(rbe_alpha).cast<std::string>(), "rbe_alpha");
        for (const auto& d : daughters) request.daughters.push_back(results::parse_daughter_release(d, "daughters"));
        request.daughter_photons_local = daughter_photons_local;
        request.overrides.alpha_beta_Gy = organ_numbers(alpha_beta, 1.0);
        request.overrides.repair_half_time_s = organ_numbers(repair_half_time_h, units::kSecondsPerHour);
        const auto table =
            tissues ? radiobiology::TissueTable::read(*tissues) : radiobiology::TissueTable::load_default();
        results::Comparison comparison;
        {
          py::gil_scoped_release release;
          comparison = results::compare_therapies(parsed, request, table);
        }
        return py::module_::import("json").attr("loads")(results::comparison_to_json(comparison, -1));
      },
      py::arg("summary"), py::arg("nuclides"), py::arg("limits"), py::kw_only(), py::arg("cycles") = 1,
      py::arg("rbe_alpha") = py::none(), py::arg("daughters") = std::vector<std::string>{},
      py::arg("daughter_photons_local") = false, py::arg("alpha_beta") = py::none(),
      py::arg("repair_half_time_h") = py::none(), py::arg("tissues") = py::none(),
      R"(Beta or alpha for this patient (as `rptdose compare --json`, docs/compare.md): each candidate nuclide's
predicted residence times, dose and RBE-weighted dose per GBq by component, organ-limited activity per cycle,
limiting organ, tumour doses and BEDs, therapeutic index (lowest tumour BED) and rank, from one measured run.

    summary: the path of a run's summary.json or a dict of its keys (per VOI tia_Bq_s, mass_g, volume_mL, fit, tac
    and the dose components). nuclides: candidates, e.g. ["Lu-177", "Tb-161", "Pb-212", "Ac-225"]. limits:
    "organ:bed:GY" / "organ:dose:GY" strings (or (organ, kind, GY) tuples), as plan. rbe_alpha: RBE of alpha dose
    for every VOI, a number or a range "3:7" (nominal its midpoint; the sensitivity intervals span it). daughters:
    "Bi-213:0.1:kidney_left_cortex" or "Bi-213:0:0.3:lost" releases. alpha_beta / repair_half_time_h / tissues as
    plan. Returns a dict: measured, cycles, candidates [{nuclide, activity_GBq, limiting {organ, voi, kind,
    limit_Gy}, therapeutic_index_Gy, rank, sensitivity, vois [{name, residence_time_h,
    dose_per_activity_Gy_per_GBq, rbe_weighted_dose_per_activity_Gy_per_GBq, components_Gy_per_GBq, dose_Gy,
    rbe_weighted_dose_Gy, bed_Gy, ...}], warnings}], assumptions, warnings. Raises InvalidInput (ValueError) for bad
    input (what is wrong and what to do), UnknownNuclide for unknown names.)");

  module.def(
      "cumulative_bed",
      [](const std::vector<std::pair<std::string, std::vector<std::tuple<std::string, double, double>>>>& cycles,
         const std::optional<std::map<std::string, double>>& alpha_beta_Gy) {
        std::vector<radiobiology::Cycle> parsed;
        for (const auto& [label, vois] : cycles) {
          radiobiology::Cycle cycle{label, {}};
          for (const auto& [voi, dose, g] : vois) cycle.vois.push_back({voi, dose, g});
          parsed.push_back(std::move(cycle));
        }
        const auto table = radiobiology::TissueTable::load_default();
        const auto rows = radiobiology::cumulative_table(parsed, [&](std::string_view voi) {
          if (alpha_beta_Gy) {
            const auto it = alpha_beta_Gy->find(std::string(voi));
            if (it != alpha_beta_Gy->end()) return it->second;
          }
          return table.for_voi(voi).lq.alpha_beta_Gy;
        });
        py::list out;
        for (const auto& r : rows) {
          py::dict row;
          row["voi"] = r.voi;
          row["cycle_index"] = r.cycle_index;
          row["cycle"] = r.cycle;
          row["alpha_beta_Gy"] = r.alpha_beta_Gy;
          row["dose_Gy"] = r.dose_Gy;
          row["bed_Gy"] = r.bed_Gy;
          row["cumulative_dose_Gy"] = r.cumulative_dose_Gy;
          row["cumulative_bed_Gy"] = r.cumulative_bed_Gy;
          row["cumulative_eqd2_Gy"] = r.cumulative_eqd2_Gy;
          out.append(row);
        }
        return out;
      },
      py::arg("cycles"), py::arg("alpha_beta_Gy") = py::none(),
      R"(Dose and BED accumulated over a patient's cycles, with full repair between cycles (BEDs add).

    cycles: [(label, [(voi, mean_dose_Gy, g_factor), ...]), ...] in treatment order (each cycle its own dose,
    kinetics and nuclide; g_factor from rptdose.bed or a run's summary.json). alpha_beta_Gy: {voi: α/β} overrides,
    else the tissue table by VOI name (a VOI that matches no tissue is an InvalidInput). Returns one dict per VOI and
    cycle: voi, cycle_index, cycle, alpha_beta_Gy, dose_Gy, bed_Gy, cumulative_dose_Gy, cumulative_bed_Gy,
    cumulative_eqd2_Gy.)");

  module.def(
      "redistribute_daughter",
      [](const std::string& parent, const std::string& daughter, double leaving_fraction, double parent_tia_Bq_s,
         double site_mass_g, std::optional<double> destination_mass_g, bool include_photons) {
        radiobiology::DaughterRedistribution input;
        input.parent = parent;
        input.daughter = daughter;
        input.leaving_fraction = leaving_fraction;
        input.parent_tia_Bq_s = parent_tia_Bq_s;
        input.site_mass_kg = site_mass_g * units::kKgPerGram;
        if (destination_mass_g) input.destination_mass_kg = *destination_mass_g * units::kKgPerGram;
        input.include_photons = include_photons;
        const auto c = radiobiology::redistribute_daughter(input);
        py::dict out;
        out["daughter_decays_per_parent_decay"] = c.daughter_decays_per_parent_decay;
        out["energy_per_daughter_decay_MeV"] = c.energy_per_daughter_decay_MeV;
        out["energy_moved_per_parent_decay_MeV"] = c.energy_moved_per_parent_decay_MeV;
        out["site_dose_change_Gy"] = c.site_dose_change_Gy;
        out["destination_dose_change_Gy"] = c.destination_dose_change_Gy;
        return out;
      },
      py::arg("parent"), py::arg("daughter"), py::arg("leaving_fraction"), py::arg("parent_tia_Bq_s"),
      py::arg("site_mass_g"), py::kw_only(), py::arg("destination_mass_g") = py::none(),
      py::arg("include_photons") = false,
      R"(Mean-dose change when a fraction of an alpha daughter (e.g. Bi-213 of Ac-225, Bi-212 of Pb-212) leaves the
site where its parent decayed and decays in another organ (destination_mass_g) or is lost (None): local energy
deposition of the daughter and its descendants, ΔD_site = −Ã·f·N_d·E_d/m_site, ΔD_organ = +Ã·f·N_d·E_d/m_organ
(docs/radiobiology.md). Returns daughter_decays_per_parent_decay, energy_per_daughter_decay_MeV,
energy_moved_per_parent_decay_MeV, site_dose_change_Gy, destination_dose_change_Gy.)");

  module.def(
      "red_marrow_blood_method",
      [](const std::vector<double>& times_h, const std::vector<double>& blood_Bq_per_ml, const std::string& nuclide,
         const std::variant<double, std::string>& s_rm_rm_Gy_per_Bq_s, double rmblr, double red_marrow_mass_g,
         double remainder_tia_Bq_s, double s_rm_rb_Gy_per_Bq_s) {
        std::vector<double> times_s;
        for (const double t : times_h) times_s.push_back(t * units::kSecondsPerHour);
        const double lambda = nuclides::DecayDatabase::instance().get(nuclide).decay_constant_per_s();
        const auto blood = radiobiology::integrate_blood_curve(times_s, blood_Bq_per_ml, lambda);
        radiobiology::BloodMethodInput input;
        input.blood_tia_concentration_Bq_s_per_ml = blood.integral;
        input.rmblr = rmblr;
        input.red_marrow_mass_g = red_marrow_mass_g;
        std::optional<double> non_penetrating_MeV;
        if (const auto* text = std::get_if<std::string>(&s_rm_rm_Gy_per_Bq_s)) {
          if (*text != "auto")
            throw InvalidInput("s_rm_rm_Gy_per_Bq_s is '" + *text +
                               "': give S(RM<-RM) in Gy/(Bq s) (from OLINDA/EXM, IDAC-Dose or MIRD tables), or "
                               "'auto' for the non-penetrating approximation");
          // For the patient's marrow mass itself: S ∝ 1/m, so no phantom scaling is needed.
          const auto np = radiobiology::non_penetrating_self_s_value(nuclide, red_marrow_mass_g);
          non_penetrating_MeV = np.energy_per_decay_MeV;
          input.s_rm_rm_Gy_per_Bq_s = np.s_value_Gy_per_Bq_s;
        } else {
          input.s_rm_rm_Gy_per_Bq_s = std::get<double>(s_rm_rm_Gy_per_Bq_s);
        }
        input.remainder_of_body = {remainder_tia_Bq_s, s_rm_rb_Gy_per_Bq_s};
        const auto d = radiobiology::red_marrow_dose_blood_method(input);
        py::dict out;
        out["blood_tia_Bq_s_per_mL"] = blood.integral;
        out["blood_model"] = std::string(timeactivity::model_name(blood.model));
        out["s_rm_rm_Gy_per_Bq_s"] = input.s_rm_rm_Gy_per_Bq_s;
        out["s_rm_rm_source"] =
            non_penetrating_MeV ? "non-penetrating approximation (absorbed fraction 1)" : "s_rm_rm_Gy_per_Bq_s";
        out["non_penetrating_energy_per_decay_MeV"] = optional_number(non_penetrating_MeV);
        out["red_marrow_tia_Bq_s"] = d.red_marrow_tia_Bq_s;
        out["self_dose_Gy"] = d.self_dose_Gy;
        out["remainder_cross_dose_Gy"] = d.remainder_cross_dose_Gy;
        out["total_Gy"] = d.total_Gy;
        return out;
      },
      py::arg("times_h"), py::arg("blood_Bq_per_mL"), py::arg("nuclide"), py::arg("s_rm_rm_Gy_per_Bq_s"), py::kw_only(),
      py::arg("rmblr") = radiobiology::kRmblrNonBinding,
      py::arg("red_marrow_mass_g") = radiobiology::kRedMarrowMassAdultMale_g, py::arg("remainder_tia_Bq_s") = 0.0,
      py::arg("s_rm_rb_Gy_per_Bq_s") = 0.0,
      R"(Red-marrow absorbed dose by the blood-based method of the EANM guideline (Hindorf et al., EJNMMI 37:1238,
2010): the blood activity concentration (Bq/mL, not decay-corrected) at times_h is integrated with the
time-activity fits, Ã_RM = [Ã_blood]·RMBLR·m_RM, D = Ã_RM·S(RM←RM) + Ã_RB·S(RM←RB). S values (Gy/(Bq·s)) are
required inputs (OLINDA/EXM, IDAC-Dose, MIRD tables) for a marrow of red_marrow_mass_g; s_rm_rm_Gy_per_Bq_s="auto"
uses the non-penetrating approximation S = E_np / m_RM (alpha, recoil and electron energy per decay of the chain
absorbed in the marrow, photons ignored: an upper bound of the non-penetrating self-dose, for when no phantom value
is at hand). RMBLR 1 for peptides, ICRP 89 adult male marrow 1170 g by default. Times and concentrations can come
from rptdose.read_blood_samples. Returns blood_tia_Bq_s_per_mL, blood_model, s_rm_rm_Gy_per_Bq_s (the value used),
s_rm_rm_source, non_penetrating_energy_per_decay_MeV (None unless "auto"), red_marrow_tia_Bq_s, self_dose_Gy,
remainder_cross_dose_Gy, total_Gy.)");

  module.def(
      "read_blood_samples",
      [](const std::filesystem::path& path) {
        const auto samples = radiobiology::read_blood_samples_csv(path);
        const auto n = static_cast<py::ssize_t>(samples.times_s.size());
        DoubleArray times_h(n), concentration(n);
        for (py::ssize_t i = 0; i < n; ++i) {
          times_h.mutable_data()[i] = samples.times_s[static_cast<std::size_t>(i)] / units::kSecondsPerHour;
          concentration.mutable_data()[i] = samples.concentration_Bq_per_ml[static_cast<std::size_t>(i)];
        }
        return py::make_tuple(times_h, concentration);
      },
      py::arg("path"),
      R"(Reads a CSV of whole-blood samples (as `rptdose marrow --blood`): returns (times_h, concentration_Bq_per_mL),
two float64 arrays. The header names a column time_h (hours after injection) and one concentration column
Bq_per_mL, kBq_per_mL or MBq_per_mL (case-insensitive; converted to Bq/mL); other columns (e.g. a sample id), '#'
lines and blank lines are ignored. Concentrations are as measured (not decay-corrected). Raises InvalidInput
(ValueError, naming the line) for a missing or ambiguous column, non-numbers, negative, duplicate or unsorted
times, negative concentrations, fewer than 2 samples; IoError (OSError) for a file that cannot be read.)");

  module.def(
      "redistribute_daughter_over_vois",
      [](const py::object& summary, const py::object& daughter, double leaving_fraction, const std::string& destination,
         const std::optional<std::vector<std::string>>& sources, bool include_photons, const py::object& parent) {
        namespace rb = radiobiology;
        const auto parsed = summary_of(summary);
        rb::VoiRedistributionRequest request;
        if (!parent.is_none()) request.parent = nuclide_name_of(parent);
        request.daughter = nuclide_name_of(daughter);
        request.leaving_fraction = leaving_fraction;
        if (sources) request.sources = *sources;
        if (destination != "lost") request.destination = destination;
        request.include_photons = include_photons;
        const auto result = results::redistribute_daughter_over_vois(parsed, request);
        // The keys of `rptdose daughters --json` (docs/radiobiology.md).
        return py::module_::import("json").attr("loads")(
            results::redistribution_to_json(result, parsed, include_photons, -1));
      },
      py::arg("summary"), py::arg("daughter"), py::arg("leaving_fraction"), py::arg("destination"), py::kw_only(),
      py::arg("sources") = py::none(), py::arg("include_photons") = false, py::arg("parent") = py::none(),
      R"(Change of every VOI's mean dose when a fraction of an alpha daughter (Bi-213 of Ac-225, Bi-212 of Pb-212)
leaves the VOIs where its parent decayed (as `rptdose daughters --json`).

    summary: the path of a run's summary.json or a dict of its keys (schema_version; per VOI name, mass_g, tia_Bq_s,
    mean_dose_Gy; the nuclide, which is the parent: `parent`, when given, must name it). destination: the VOI where the
    daughter's moved decays happen, or "lost" (nowhere scored). sources: the VOIs it leaves (default: every VOI
    with a TIA > 0 except the destination). Each source loses Ã·f·N_d·E_d / m, the destination gains the sum over
    the sources divided by its mass (local energy deposition of alphas, recoils and electrons; photons too with
    include_photons): Σ dose_change_Gy·mass is 0 when nothing is lost. The run's mean dose ("before") includes
    kernel cross-fire, the change is local deposition: "after" is an estimate, not a new transport calculation.
    Returns a dict: parent, daughter, leaving_fraction, destination (None: lost), include_photons, model,
    daughter_decays_per_parent_decay, energy_per_daughter_decay_MeV, energy_moved_per_parent_decay_MeV,
    energy_moved_J, energy_lost_J, vois [{name, role ("source", "destination" or "-"), mass_g, tia_Bq_s,
    mean_dose_before_Gy, dose_change_Gy, mean_dose_after_Gy, dose_change_percent (None when the dose before is 0),
    energy_out_J, energy_in_J}] in the summary's order, negative_after (VOIs whose dose after is below 0). Raises
    InvalidInput (ValueError) for a fraction outside [0, 1], a daughter not in the parent's chain, a destination or
    source that is not a VOI (the VOIs are listed), a destination without mass, a source without TIA or mass;
    UnknownNuclide for unknown names; IoError (OSError) for an unreadable summary.)");
}

}  // namespace rptdose::python
