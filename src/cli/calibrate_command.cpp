// rptdose calibrate: a calibration file from phantom scans (docs/calibration.md): the camera sensitivity from a
// uniform phantom, recovery coefficients and their fitted curve from a sphere phantom. The work is the library's
// (pipeline::calibrate); here: the options, the provenance of the file and the printed summary.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "options.hpp"
#include "rptdose/pipeline/calibrate.hpp"

namespace rptdose::cli {
namespace {

const CommandSpec kSpec{
    .name = "calibrate",
    .description =
        "Writes a calibration file (JSON) for one camera, collimator, energy window and reconstruction, for one\n"
        "nuclide, that studies name with \"calibration\" (docs/calibration.md):\n"
        "  sensitivity (cps/MBq +- u) from a uniform phantom of known activity: the counts of the whole image (or a\n"
        "  mask/threshold VOI) over duration x activity decayed to the scan x the decay during it (MIRD 23);\n"
        "  recovery coefficients RC = (mean - B)/(C - B) in each sphere's true volume (NEMA IEC body phantom), and\n"
        "  the fitted curve RC(V) = a/(1 + (b/V)^c) with its covariance.\n"
        "Times are ISO 8601 date-times (2026-12-01T10:00:00). Bad input: exit code 2.",
    .options =
        {text("nuclide", "NAME", "the phantoms' nuclide (e.g. Lu-177)").required(),
         path("out", "FILE", "the calibration file to write").required(),
         text("camera", "TEXT", "camera, collimator, energy window, reconstruction (free text, recorded)"),
         path("uniform-image", "FILE", "uniform phantom: SPECT in counts (the whole acquisition)"),
         number("uniform-activity-MBq", "MBQ", "uniform phantom: its activity at --uniform-activity-time", positive())
             .needs("uniform-image"),
         number("uniform-activity-u-MBq", "MBQ", "uniform phantom: the activity's standard uncertainty (default 0)",
                at_least(0))
             .needs("uniform-image"),
         text("uniform-activity-time", "TIME", "uniform phantom: when the activity was measured")
             .needs("uniform-image"),
         text("uniform-acquisition-time", "TIME", "uniform phantom: acquisition start").needs("uniform-image"),
         number("uniform-duration-s", "S", "uniform phantom: acquisition duration", positive()).needs("uniform-image"),
         path("uniform-mask", "FILE", "uniform phantom: VOI mask (voxels != 0; default: the whole image)")
             .needs("uniform-image"),
         number("uniform-threshold", "F", "uniform phantom: VOI of voxels >= F x maximum (0 < F < 1)", between(0, 1))
             .needs("uniform-image")
             .conflicts("uniform-mask"),
         number("uniform-volume-mL", "ML", "uniform phantom: fill volume, with a mask or threshold (concentration)",
                positive())
             .needs("uniform-image"),
         path("spheres-image", "FILE", "sphere phantom: SPECT in Bq/mL or counts"),
         typed("spheres-units", "UNIT", "sphere phantom: Bq/mL (default), Bq (per voxel) or counts",
               [](std::string_view text) { return timeactivity::parse_unit(text); })
             .needs("spheres-image"),
         number("spheres-cps-per-MBq", "S", "sphere phantom in counts: its sensitivity (default: the uniform's)",
                positive())
             .needs("spheres-image"),
         number("sphere-kBq-per-mL", "C", "sphere phantom: the spheres' concentration at --spheres-concentration-time",
                positive())
             .needs("spheres-image"),
         number("background-kBq-per-mL", "B", "sphere phantom: the background's concentration (default 0)", at_least(0))
             .needs("spheres-image"),
         text("spheres-concentration-time", "TIME", "sphere phantom: when the concentrations were measured")
             .needs("spheres-image"),
         text("spheres-acquisition-time", "TIME", "sphere phantom: acquisition start").needs("spheres-image"),
         number("spheres-duration-s", "S", "sphere phantom: acquisition duration", positive()).needs("spheres-image"),
         numbers("sphere", "X,Y,Z,D",
                 "a sphere: centre in the image's patient coordinates (mm) and inner diameter (mm); once per sphere "
                 "(NEMA: 10, 13, 17, 22, 28, 37)",
                 4)
             .repeatable()
             .needs("spheres-image")},
};

/// The command line as one string, each argument with a space quoted.
std::string command_line(const std::vector<std::string>& args) {
  std::string line = "rptdose calibrate";
  for (const auto& a : args) line += a.find(' ') == std::string::npos ? " " + a : " '" + a + "'";
  return line;
}

/// Every option given, by name without "--" (a repeated one's values joined by "; ").
std::map<std::string, std::string> given_inputs(const std::vector<std::string>& args) {
  std::map<std::string, std::string> inputs;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i].rfind("--", 0) != 0) continue;
    auto& value = inputs[args[i].substr(2)];
    value += (value.empty() ? "" : "; ") + args[i + 1];
    ++i;
  }
  return inputs;
}

void print(const quantification::Calibration& c, const std::filesystem::path& out) {
  char line[200];
  if (const auto& s = c.sensitivity) {
    std::snprintf(line, sizeof line, "sensitivity %.5g +- %.2g cps/MBq (%.3g counts, %.5g MBq at the scan; %s)\n",
                  s->cps_per_MBq, s->u_cps_per_MBq, s->counts, s->activity_at_acquisition_MBq, s->voi.c_str());
    std::cout << line;
  }
  if (const auto& r = c.recovery) {
    std::cout << "recovery coefficients (RC = (mean - B)/(C - B) in the sphere's true volume):\n";
    for (const auto& p : c.recovery_points) {
      std::snprintf(line, sizeof line, "  %-22s %8.3f mL  RC %6.4f  curve %6.4f\n", p.name.c_str(), p.volume_mL,
                    p.recovery, r->recovery(p.volume_mL));
      std::cout << line;
    }
    const auto u = [&](int k) { return std::sqrt(r->covariance[static_cast<std::size_t>(4 * k)]); };
    std::snprintf(line, sizeof line,
                  "  RC(V) = a/(1 + (b/V)^c): a %.4g +- %.2g, b %.4g +- %.2g mL, c %.4g +- %.2g (fitted over "
                  "%.3g-%.3g mL)\n",
                  r->a, u(0), r->b_mL, u(1), r->c, u(2), r->volume_min_mL, r->volume_max_mL);
    std::cout << line;
  }
  std::cout << "wrote " << out.string() << "\n";
}

}  // namespace

int run_calibrate(const std::vector<std::string>& args) {
  const ParsedOptions o = kSpec.parse(args);
  pipeline::CalibrationRequest request;
  request.nuclide = o.value<std::string>("nuclide");
  request.camera = o.text("camera").value_or("");
  if (o.has("uniform-image")) {
    pipeline::UniformPhantomInput u;
    u.image = o.value<std::filesystem::path>("uniform-image");
    u.activity_MBq = o.value<double>("uniform-activity-MBq");
    u.activity_u_MBq = o.number("uniform-activity-u-MBq").value_or(0.0);
    u.activity_time = o.value<std::string>("uniform-activity-time");
    u.acquisition_time = o.value<std::string>("uniform-acquisition-time");
    u.acquisition_duration_s = o.value<double>("uniform-duration-s");
    u.mask = o.path("uniform-mask");
    u.threshold_fraction = o.number("uniform-threshold");
    u.phantom_volume_mL = o.number("uniform-volume-mL");
    request.uniform = u;
  }
  if (o.has("spheres-image")) {
    pipeline::SpherePhantomInput s;
    s.image = o.value<std::filesystem::path>("spheres-image");
    s.units = o.get<timeactivity::SampleUnit>("spheres-units").value_or(timeactivity::SampleUnit::BqPerMl);
    s.sensitivity_cps_per_MBq = o.number("spheres-cps-per-MBq");
    s.sphere_concentration_kBq_per_mL = o.value<double>("sphere-kBq-per-mL");
    s.background_concentration_kBq_per_mL = o.number("background-kBq-per-mL").value_or(0.0);
    s.concentration_time = o.value<std::string>("spheres-concentration-time");
    s.acquisition_time = o.value<std::string>("spheres-acquisition-time");
    s.acquisition_duration_s = o.value<double>("spheres-duration-s");
    for (const auto& v : o.all<std::vector<double>>("sphere"))
      s.spheres.push_back({"", Vector3(v[0], v[1], v[2]), v[3]});
    request.spheres = s;
  }
  request.command = command_line(args);
  request.inputs = given_inputs(args);
  const auto out = o.value<std::filesystem::path>("out");
  const auto calibration = pipeline::calibrate(request);
  quantification::write_calibration(calibration, out);
  print(calibration, out);
  return 0;
}

}  // namespace rptdose::cli
