// rptdose bed: BED, EQD2 and the Lea–Catcheside factor of one absorbed dose delivered with mono-exponential
// kinetics (optionally with an uptake phase), LQ model with incomplete repair (docs/radiobiology.md).
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "commands.hpp"
#include "options.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/radiobiology/linear_quadratic.hpp"
#include "rptdose/radiobiology/rbe.hpp"

namespace rptdose::cli {
namespace {

const CommandSpec kSpec{
    .name = "bed",
    .description =
        "Biologically effective dose of an absorbed dose delivered at an exponentially decreasing dose rate\n"
        "(LQ model, incomplete repair): BED = D (1 + G D / (alpha/beta)), EQD2 = BED / (1 + 2 / (alpha/beta)),\n"
        "G the Lea-Catcheside factor (T_rep / (T_rep + T_eff) without uptake). With --alpha-dose D_a (part of\n"
        "--dose): BED = RBE D_a + (D - D_a)(1 + G (D - D_a) / (alpha/beta)). Bad input: exit code 2.\n"
        "Method and sources: docs/radiobiology.md.",
    .options =
        {number("dose", "GY", "absorbed dose (Gy), e.g. a kidney dose of one cycle").required(),
         number("alpha-beta", "GY", "alpha/beta of the tissue (Gy), e.g. 2.6 for kidney, 10 for tumour").required(),
         number("repair-half-time-h", "H", "repair half-time of sublethal damage (h), e.g. 2.8 for kidney").required(),
         number("effective-half-life-h", "H", "effective half-life of the dose rate (h)").required(),
         number("uptake-half-time-h", "H",
                "uptake half-time (h) < T_eff: dose rate ~ e^(-ln2 t/T_eff) - e^(-ln2 t/T_up)"),
         number("alpha-dose", "GY",
                "the alpha part of --dose (alpha emitters): it enters linearly, weighted by --rbe-alpha"),
         number("rbe-alpha", "X", "RBE of the alpha dose (default 5, MIRD Pamphlet 22)", positive())
             .needs("alpha-dose"),
         flag("json", "print JSON: {\"bed_Gy\", \"eqd2_Gy\", \"g_factor\"}")},
};

}  // namespace

int run_bed(const std::vector<std::string>& args) {
  const ParsedOptions parsed = kSpec.parse(args);
  const double dose_Gy = parsed.value<double>("dose");
  radiobiology::LqParameters tissue;
  tissue.alpha_beta_Gy = parsed.value<double>("alpha-beta");
  tissue.repair_half_time_s = parsed.value<double>("repair-half-time-h") * units::kSecondsPerHour;
  radiobiology::Kinetics kinetics;
  kinetics.effective_half_life_s = parsed.value<double>("effective-half-life-h") * units::kSecondsPerHour;
  if (const auto uptake_h = parsed.number("uptake-half-time-h"))
    kinetics.uptake_half_time_s = *uptake_h * units::kSecondsPerHour;
  auto result = radiobiology::bed(dose_Gy, tissue, kinetics);
  const auto alpha_Gy = parsed.number("alpha-dose");
  const double rbe = parsed.number("rbe-alpha").value_or(radiobiology::kDefaultAlphaRbe);
  if (alpha_Gy) {  // BED = RBE·D_α + BED(D − D_α): radiobiology::mixed_let_bed_Gy
    if (!(*alpha_Gy >= 0.0 && *alpha_Gy <= dose_Gy))
      throw InvalidInput("--alpha-dose " + format_number("%g", *alpha_Gy) + " Gy is the alpha part of --dose " +
                         format_number("%g", dose_Gy) + " Gy: give a value from 0 to that");
    result.bed_Gy =
        radiobiology::mixed_let_bed_Gy(*alpha_Gy, dose_Gy - *alpha_Gy, result.g_factor, tissue.alpha_beta_Gy, rbe);
    result.eqd2_Gy = radiobiology::eqd2_Gy(result.bed_Gy, tissue.alpha_beta_Gy);
  }

  if (parsed.flag("json")) {
    const nlohmann::json out = {{"bed_Gy", result.bed_Gy}, {"eqd2_Gy", result.eqd2_Gy}, {"g_factor", result.g_factor}};
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "BED " << format_number("%.4g", result.bed_Gy) << " Gy, EQD2 " << format_number("%.4g", result.eqd2_Gy)
            << " Gy (G = " << format_number("%.5g", result.g_factor) << ")\n"
            << "  dose " << format_number("%g", dose_Gy) << " Gy, alpha/beta "
            << format_number("%g", tissue.alpha_beta_Gy) << " Gy, repair half-time "
            << format_number("%g", tissue.repair_half_time_s / units::kSecondsPerHour) << " h, effective half-life "
            << format_number("%g", kinetics.effective_half_life_s / units::kSecondsPerHour) << " h, "
            << (kinetics.uptake_half_time_s
                    ? "uptake half-time " + format_number("%g", *kinetics.uptake_half_time_s / units::kSecondsPerHour) +
                          " h"
                    : std::string("instantaneous uptake"))
            << (alpha_Gy ? ", alpha dose " + format_number("%g", *alpha_Gy) + " Gy at RBE " + format_number("%g", rbe)
                         : std::string())
            << "\n";
  return 0;
}

}  // namespace rptdose::cli
