// rptdose plan: the activity of the next cycle(s) that keeps every organ under its limit (BED or absorbed dose),
// from the summary.json of a previous run (docs/radiobiology.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "options.hpp"
#include "planning_options.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/results/planning.hpp"
#include "rptdose/results/run_summary.hpp"

namespace rptdose::cli {
namespace {

const CommandSpec kSpec{
    .name = "plan",
    .description =
        "Activity per cycle for the next N cycles (equal activities, full repair between cycles) that keeps\n"
        "every limited organ at or below its limit, from one cycle's dose per activity and kinetics:\n"
        "BED(A) = d A + G (d A)^2 / (alpha/beta), solved exactly. ORGAN matches VOI names by prefix\n"
        "(kidney: kidney_left, kidney_right) and a limit applies to each matched VOI. Tissue parameters\n"
        "come from the tissue table by VOI-name prefix. Bad input: exit code 2. See docs/radiobiology.md.",
    .options = join(
        {{path("summary", "FILE", "summary.json of a previous run (per-VOI mean dose, kinetics; docs/radiobiology.md)")
              .required(),
          limit_option(),
          typed("received", "ORGAN:KIND:GY", "already received in prior cycles, e.g. kidney:bed:12.5 (repeatable)",
                [](std::string_view text) { return radiobiology::parse_organ_value(text, "--received"); })
              .repeatable(),
          cycles_option("plan N further cycles of equal activity (default 1)")},
         tissue_options(),
         {flag("json", "print the plan as JSON")}}),
};

std::string cell(const std::optional<double>& value, const char* pattern) {
  return value ? format_number(pattern, *value) : std::string("-");
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text;
}

}  // namespace

int run_plan(const std::vector<std::string>& args) {
  const ParsedOptions parsed = kSpec.parse(args);
  radiobiology::PlanRequest request;
  request.limits = limits(parsed);
  request.received = parsed.all<radiobiology::OrganValue>("received");
  request.cycles = static_cast<int>(parsed.whole("cycles").value_or(1));
  const auto summary = results::read_run_summary(parsed.value<std::filesystem::path>("summary"));
  request.vois = results::plan_vois(summary, tissue_table(parsed), tissue_overrides(parsed));
  const auto plan = radiobiology::plan_activity(request);

  if (parsed.flag("json")) {
    std::cout << results::plan_to_json(plan, summary.nuclide) << "\n";
    return 0;
  }
  std::size_t name_width = 18;  // the widest VOI name and two spaces
  for (const auto& vp : plan.vois) name_width = std::max(name_width, vp.voi.name.size() + 2);
  std::cout << "activity per cycle: " << format_number("%.4g", plan.activity_Bq / 1e9) << " GBq"
            << (plan.cycles > 1 ? " in each of " + std::to_string(plan.cycles) + " cycles" : std::string())
            << (summary.nuclide.empty() ? "" : " of " + summary.nuclide) << "\n"
            << "limited by " << plan.limiting_voi << " (" << plan.limiting_limit.organ << " "
            << radiobiology::limit_kind_name(plan.limiting_limit.kind) << " "
            << format_number("%g", plan.limiting_limit.value_Gy) << " Gy)\n\n"
            << "  " << pad("VOI", name_width) << pad("tissue", 16) << pad("a/b Gy", 8) << pad("G", 9)
            << pad("Gy/GBq", 9) << pad("dose/cyc", 10) << pad("BED/cyc", 10) << pad("total dose", 12) << "total BED\n";
  for (const auto& vp : plan.vois) {
    std::cout << "  " << pad(vp.voi.name, name_width) << pad(vp.voi.tissue.empty() ? "-" : vp.voi.tissue, 16)
              << pad(cell(vp.voi.alpha_beta_Gy, "%g"), 8) << pad(cell(vp.voi.g_factor, "%.4f"), 9)
              << pad(format_number("%.4g", vp.voi.dose_per_activity_Gy_per_Bq * 1e9), 9)
              << pad(format_number("%.4g", vp.dose_per_cycle_Gy), 10) << pad(cell(vp.bed_per_cycle_Gy, "%.4g"), 10)
              << pad(format_number("%.4g", vp.total_dose_Gy), 12) << cell(vp.total_bed_Gy, "%.4g") << "\n";
    for (const auto& check : vp.limits) {
      std::cout << "      limit " << radiobiology::limit_kind_name(check.limit.kind) << " "
                << format_number("%g", check.limit.value_Gy) << " Gy (received "
                << format_number("%g", check.received_Gy) << "): at most "
                << format_number("%.4g", check.max_activity_Bq / 1e9) << " GBq per cycle, total at plan "
                << format_number("%.4g", check.total_at_plan_Gy) << " Gy\n";
    }
  }
  return 0;
}

}  // namespace rptdose::cli
