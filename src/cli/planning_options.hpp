#pragma once
// The option rows that rptdose plan and rptdose compare share (organ limits, cycles, tissue overrides), declared
// once so both commands check and describe them the same way, and their readers.
#include <initializer_list>
#include <vector>

#include "options.hpp"
#include "rptdose/radiobiology/planning.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"
#include "rptdose/results/planning.hpp"

namespace rptdose::cli {

/// The rows of several lists, in order (a command's table built from shared rows).
std::vector<Option> join(std::initializer_list<std::vector<Option>> parts);

/// --limit ORGAN:KIND:GY (required, repeatable), read as radiobiology::OrganValue.
Option limit_option();
/// --cycles N (default 1).
Option cycles_option(std::string help);
/// --alpha-beta ORGAN:GY, --repair-half-time-h ORGAN:H (repeatable) and --tissues FILE.
std::vector<Option> tissue_options();

/// The --limit values.
std::vector<radiobiology::OrganValue> limits(const ParsedOptions& parsed);
/// The --alpha-beta and --repair-half-time-h overrides (hours converted to seconds).
results::TissueOverrides tissue_overrides(const ParsedOptions& parsed);
/// The --tissues table, or the bundled one.
radiobiology::TissueTable tissue_table(const ParsedOptions& parsed);

}  // namespace rptdose::cli
