#include "plots.hpp"

#include <algorithm>
#include <iterator>

#include <nlohmann/json.hpp>

#include "rptdose/core/atomic_file.hpp"

namespace rptdose::pipeline::detail {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// Rows (second index) × columns (first index) of a plane of `v`: axial (x, y at z = k) or coronal (x, z at y = j).
json plane(const Volume<float>& v, bool axial, std::size_t fixed) {
  const auto& n = v.grid().size();
  json rows = json::array();
  const std::size_t row_count = axial ? n[1] : n[2];
  for (std::size_t r = 0; r < row_count; ++r) {
    json row = json::array();
    for (std::size_t i = 0; i < n[0]; ++i)
      row.push_back(axial ? v[v.grid().linear_index(i, r, fixed)] : v[v.grid().linear_index(i, fixed, r)]);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

void write_overlay_data(const fs::path& path, const Volume<float>& dose_Gy, const Volume<float>* ct_HU) {
  const auto values = dose_Gy.values();
  const std::size_t hottest =
      static_cast<std::size_t>(std::distance(values.begin(), std::max_element(values.begin(), values.end())));
  const auto& n = dose_Gy.grid().size();
  const std::size_t k = hottest / (n[0] * n[1]), j = (hottest / n[0]) % n[1];
  const auto& s = dose_Gy.grid().spacing_mm();
  json data = {{"spacing_mm", {s.x(), s.y(), s.z()}},
               {"axial_slice", k},
               {"coronal_slice", j},
               {"axial", {{"dose_Gy", plane(dose_Gy, true, k)}}},
               {"coronal", {{"dose_Gy", plane(dose_Gy, false, j)}}}};
  if (ct_HU) {
    data["axial"]["ct_HU"] = plane(*ct_HU, true, k);
    data["coronal"]["ct_HU"] = plane(*ct_HU, false, j);
  }
  write_file_atomically(path, [&](std::ostream& out) { out << data.dump() << "\n"; });
}

}  // namespace rptdose::pipeline::detail
