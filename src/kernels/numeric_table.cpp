#include "numeric_table.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "rptdose/core/error.hpp"

namespace rptdose::kernels {

std::vector<NumericRow> read_numeric_csv(std::istream& in, const std::string& source) {
  std::vector<NumericRow> rows;
  std::string line;
  bool header_seen = false;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    if (!header_seen) {
      header_seen = true;
      continue;
    }
    NumericRow row{line_number, {}};
    std::stringstream stream(line);
    std::string cell;
    while (std::getline(stream, cell, ',')) {
      char* end = nullptr;
      const double v = std::strtod(cell.c_str(), &end);
      if (end == cell.c_str() || !std::isfinite(v))
        throw IoError(source + " line " + std::to_string(line_number) + ": '" + cell +
                      "' is not a number; restore the file from the rptdose distribution");
      row.values.push_back(v);
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw IoError(source + ": no data rows found");
  return rows;
}

}  // namespace rptdose::kernels
