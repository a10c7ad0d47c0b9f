#pragma once
// Internal: reading the comma-separated numeric tables of data/kernels/ ('#' comment lines, one header line,
// then rows of finite numbers). Not installed.
#include <istream>
#include <string>
#include <vector>

namespace rptdose::kernels {

struct NumericRow {
  int line;                    ///< 1-based line number in the source, for error messages
  std::vector<double> values;  ///< the row's cells
};

/// Throws IoError naming `source` and the line for a cell that is not a finite number, and for a table without
/// rows.
std::vector<NumericRow> read_numeric_csv(std::istream& in, const std::string& source);

}  // namespace rptdose::kernels
