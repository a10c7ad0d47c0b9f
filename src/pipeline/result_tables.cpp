#include "result_tables.hpp"

#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/timeactivity/models.hpp"

namespace rptdose::pipeline::detail {

namespace {

constexpr int kTacCurvePoints = 200;
constexpr double kTacCurveExtent = 1.5;  // × the last time point

/// A CSV field: names are quoted when they hold a comma or a quote.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string percent_label(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

}  // namespace

double fitted_activity(const timeactivity::VoiFitResult& voi, double lambda_phys_per_s, double t_s) {
  using timeactivity::Model;
  const auto& fit = voi.fit;
  if (fit.model != Model::Trapezoid) return timeactivity::evaluate(fit.model, fit.parameters, lambda_phys_per_s, t_s);
  const auto& t = voi.times_s;
  const auto& a = voi.values;
  if (t.empty()) return 0.0;
  if (t_s <= t.front()) return a.front() * t_s / t.front();  // uptake head from 0 at injection
  for (std::size_t i = 1; i < t.size(); ++i)
    if (t_s <= t[i]) return a[i - 1] + (a[i] - a[i - 1]) * (t_s - t[i - 1]) / (t[i] - t[i - 1]);
  return a.back() * std::exp(-fit.terminal_decay_constant_per_s * (t_s - t.back()));
}

void write_voi_table(const std::filesystem::path& path, const std::vector<results::VoiRecord>& vois,
                     const OutputSpec& spec) {
  write_file_atomically(path, [&](std::ostream& out) {
    out << "label,name,voxels,volume_mL,mass_g,mean_Gy,median_Gy,min_Gy,max_Gy,sd_Gy";
    for (const double x : spec.dose_volume_percent) out << ",D" << percent_label(x) << "_Gy";
    for (const double x : spec.dose_thresholds_Gy) out << ",V" << percent_label(x) << "Gy_percent";
    out << ",mean_alpha_Gy,mean_electron_Gy,mean_photon_Gy,tia_MBq_h,tia_se_MBq_h,residence_time_h,model,"
           "fit_status,effective_half_life_h,r_squared,mean_rbe_weighted_Gy,tissue,g_factor,bed_Gy,eqd2_Gy,"
           "mean_voxel_bed_Gy,eubed_Gy,eud_Gy,mc_relative_uncertainty\n";
    out << std::setprecision(7);
    const auto optional = [&](const std::optional<double>& v) {
      if (v) out << *v;
    };
    for (const auto& v : vois) {
      out << v.label << ',' << field(v.name) << ',' << v.voxels << ',' << v.volume_mL << ',' << v.mass_g.value() << ','
          << v.mean_dose_Gy << ',' << v.median_dose_Gy << ',' << v.min_dose_Gy << ',' << v.max_dose_Gy << ','
          << v.sd_dose_Gy;
      for (const double x : spec.dose_volume_percent) out << ',' << v.dose_at_volume_percent_Gy.at(x);
      for (const double x : spec.dose_thresholds_Gy) out << ',' << v.volume_percent_at_dose.at(x);
      out << ',';
      optional(v.mean_alpha_dose_Gy);
      out << ',';
      optional(v.mean_electron_dose_Gy);
      out << ',';
      optional(v.mean_photon_dose_Gy);
      out << ',' << v.tia_Bq_s.value() / units::kBqSecondsPerMBqHour << ',' << v.tia_se_Bq_s / units::kBqSecondsPerMBqHour
          << ',';
      optional(v.residence_time_h);
      out << ',' << v.fit.model << ',' << v.fit.status << ',';
      optional(v.effective_half_life_h);
      out << ',' << v.fit.r_squared << ',';
      optional(v.mean_rbe_weighted_dose_Gy);
      if (const auto& r = v.radiobiology) {
        out << ',' << field(r->tissue) << ',' << r->g_factor << ',' << r->bed_Gy << ',' << r->eqd2_Gy << ','
            << r->mean_voxel_bed_Gy << ',';
        optional(r->eubed_Gy);
        out << ',';
        optional(r->eud_Gy);
      } else {
        out << ",,,,,,,";
      }
      out << ',';
      optional(v.monte_carlo_relative_uncertainty);
      out << '\n';
    }
  });
}

void write_dvh_table(const std::filesystem::path& path, const std::vector<results::VoiRecord>& vois,
                     const std::vector<analysis::Dvh>& dvhs) {
  write_file_atomically(path, [&](std::ostream& out) {
    out << "label,name,dose_Gy,volume_fraction\n" << std::setprecision(7);
    for (std::size_t i = 0; i < vois.size(); ++i)
      for (std::size_t b = 0; b < dvhs[i].dose.size(); ++b)
        out << vois[i].label << ',' << field(vois[i].name) << ',' << dvhs[i].dose[b] << ','
            << dvhs[i].volume_fraction[b] << '\n';
  });
}

void write_tac_table(const std::filesystem::path& path, const std::vector<results::VoiRecord>& vois,
                     const std::vector<timeactivity::VoiFitResult>& kinetics, double lambda_phys_per_s) {
  write_file_atomically(path, [&](std::ostream& out) {
    out << "label,name,kind,time_h,activity_MBq\n" << std::setprecision(7);
    for (std::size_t i = 0; i < vois.size(); ++i) {
      const auto& v = vois[i];
      const std::string prefix = std::to_string(v.label) + ',' + field(v.name) + ',';
      for (const auto& p : v.tac) out << prefix << "measured," << p.time_h << ',' << p.activity_MBq << '\n';
      const auto& k = kinetics[i];
      if (k.times_s.empty()) continue;
      const double end_s = kTacCurveExtent * k.times_s.back();
      for (int p = 0; p <= kTacCurvePoints; ++p) {
        const double t = end_s * p / kTacCurvePoints;
        out << prefix << "fit," << t / units::kSecondsPerHour << ','
            << fitted_activity(k, lambda_phys_per_s, t) / units::kBqPerMBq << '\n';
      }
    }
  });
}

}  // namespace rptdose::pipeline::detail
