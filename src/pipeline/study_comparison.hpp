#pragma once
// Internal: the keys methods.compare_nuclides, compare_limits, compare_cycles, compare_rbe_alpha and
// compare_daughters of a study file (docs/study-file.md; the options of `rptdose compare` in the same text forms).
#include <nlohmann/json.hpp>
#include <optional>

#include "rptdose/pipeline/study.hpp"

namespace rptdose::pipeline::detail {

/// The compare_* keys of `methods` (none when compare_nuclides is absent). Throws InvalidInput naming the key: a
/// compare_* key without compare_nuclides, no limit, an unknown nuclide, a malformed limit, RBE or daughter.
std::optional<ComparisonSpec> parse_comparison(const nlohmann::json& methods);

/// The methods.* keys parse_comparison reads.
inline constexpr const char* kComparisonKeys[] = {"compare_nuclides", "compare_limits", "compare_cycles",
                                                  "compare_rbe_alpha", "compare_daughters"};

}  // namespace rptdose::pipeline::detail
