#pragma once
// rptdose::results — the summary side of the red-marrow dose (rptdose marrow): which VOIs of a run are the marrow
// and the remainder of body, and the parent TIAs the blood-based method's cross-doses need
// (radiobiology/red_marrow.hpp holds the physics).
#include <optional>
#include <string>
#include <string_view>

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

}  // namespace rptdose::results
