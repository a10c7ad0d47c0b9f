#pragma once
// rptdose::nuclides — nuclide name parsing. Accepts "Lu-177", "177Lu", "lu177", "Lu177", "LU 177", "177-Lu",
// metastable "Tc-99m", "99mTc", "tc99m" (ICRP-107 writes a second isomer as "n": "Ir-192n").
//
// Module nuclides owns decay data, names and chains; it depends on core only, never on ITK or DCMTK.
#include <string>
#include <string_view>
#include <vector>

namespace rptdose::nuclides {

/// Canonical ICRP-107 spellings ("Lu-177", "Tc-99m") that `name` may mean, most likely first. Forms such as
/// "99mo" are ambiguous (Mo-99 or O-99m), so both readings are returned. Empty when `name` is not of a nuclide form.
std::vector<std::string> candidate_nuclide_names(std::string_view name);

/// Levenshtein edit distance (case-insensitive), used to suggest close matches for unknown names.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace rptdose::nuclides
