#pragma once
// rptdose::results — the summary side of the red-marrow dose (rptdose marrow): which VOIs of a run are the marrow
// and the remainder of body, and the parent TIAs the blood-based method's cross-doses need
// (radiobiology/red_marrow.hpp holds the physics).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/radiobiology/red_marrow.hpp"

#include "rptdose/results/run_summary.hpp"

namespace rptdose::results {

/// The marrow VOI: the one named `name` (as require_voi, `option` in the message), else the single VOI whose name
/// matches the red_marrow tissue prefixes of the default tissue table; nullptr when none. Throws InvalidInput for
/// an unknown name or several matching VOIs.
const VoiRecord* marrow_voi(const RunSummary& summary, std::optional<std::string_view> name, std::string_view option);

/// The remainder-of-body VOI: the one named `name` (as require_voi), else the first of remainder_of_body,
/// remainder, rest_of_body, body_remainder found (as find_voi); nullptr when none.
const VoiRecord* remainder_voi(const RunSummary& summary, std::optional<std::string_view> name,
                               std::string_view option);

/// The VOI's parent TIA; InvalidInput naming `why` it is needed when the summary gives none.
double voi_tia_Bq_s(const VoiRecord& voi, const std::string& why);

/// The VOIs of a run that a red-marrow request takes from the summary: the marrow VOI (image-based estimate; as
/// marrow_voi), the remainder VOI (as remainder_voi; used when the request has an S(RM←RB) and no remainder TIA),
/// and the cross-dose organs with their S(RM←VOI) in Gy/(Bq·s) (TIAs from the summary).
struct RedMarrowVoiSelection {
  std::optional<std::string> marrow_voi;
  std::optional<std::string> remainder_voi;
  std::vector<std::pair<std::string, double>> organ_s_values_Gy_per_Bq_s;
};

/// radiobiology::red_marrow_report with the run's part from `summary`: the nuclide (`request.nuclide` empty or the
/// summary's), the remainder TIA, the organs' TIAs, the marrow VOI's mean dose and the administered activity.
/// Throws InvalidInput for another nuclide, an unknown VOI, an organ that is the marrow or remainder VOI or named
/// twice, a VOI without TIA, and as radiobiology::red_marrow_report.
radiobiology::RedMarrowReport red_marrow_report(
    const RunSummary& summary, radiobiology::RedMarrowRequest request, const RedMarrowVoiSelection& selection,
    const nuclides::DecayDatabase& database = nuclides::DecayDatabase::instance());

/// The report as JSON (the keys of `rptdose marrow --json`, every key with its unit); indent < 0: one line.
std::string red_marrow_to_json(const radiobiology::RedMarrowReport& report, int indent = 2);

/// The report as the text of `rptdose marrow` (one line per dose term); `from_summary`: the request came with a
/// summary (without a marrow VOI, the text says how to name one).
std::string red_marrow_to_text(const radiobiology::RedMarrowReport& report, bool from_summary);

}  // namespace rptdose::results
