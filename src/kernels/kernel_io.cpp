#include "rptdose/kernels/kernel_io.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/kernels/voxel_integration.hpp"

namespace rptdose::kernels {
namespace {

static_assert(std::endian::native == std::endian::little, "raw kernel files are little-endian");

constexpr int kRawFormatVersion = 1;
constexpr const char* kRawFormatName = "rptdose-kernel";

std::string lower(std::string_view text) {
  std::string s(text);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

bool parse_double(const std::string& token, double& value) {
  char* end = nullptr;
  value = std::strtod(token.c_str(), &end);
  return end != token.c_str() && *end == '\0';
}

bool parse_int(const std::string& token, int& value) {
  double d = 0.0;
  if (!parse_double(token, d) || d != std::floor(d) || std::abs(d) > 1e6) return false;
  value = static_cast<int>(d);
  return true;
}

std::vector<std::string> split_fields(const std::string& line) {
  std::string normalised = line;
  for (char& c : normalised)
    if (c == ',' || c == ';' || c == '\t') c = ' ';
  std::vector<std::string> fields;
  std::stringstream stream(normalised);
  std::string field;
  while (stream >> field) fields.push_back(field);
  return fields;
}

}  // namespace

KernelUnit parse_kernel_unit(std::string_view text) {
  const std::string s = lower(text);
  if (s == "gy/(bq*s)" || s == "gy/(bq·s)" || s == "gy/bq/s" || s == "gy_per_bq_s" || s == "gy/(bqs)")
    return KernelUnit::GyPerBqSecond;
  if (s == "mgy/(mbq*s)" || s == "mgy/(mbq·s)" || s == "mgy/mbq/s" || s == "mgy_per_mbq_s" || s == "mgy/(mbqs)")
    return KernelUnit::MilliGyPerMBqSecond;
  throw InvalidInput("unknown kernel unit '" + std::string(text) + "': use Gy/(Bq*s) or mGy/(MBq*s)");
}

double to_gy_per_bq_s(KernelUnit unit) {
  return unit == KernelUnit::GyPerBqSecond ? 1.0 : units::kGyPerBqSecondPerMilliGyPerMBqSecond;
}

DoseKernel read_kernel_table(std::istream& in, const KernelTableOptions& options, const std::string& source) {
  for (int a = 0; a < 3; ++a)
    if (!(options.spacing_mm[a] > 0.0) || !std::isfinite(options.spacing_mm[a]))
      throw InvalidInput(source + ": give the voxel spacing (mm) the kernel table was computed for");
  struct Entry {
    std::array<int, 3> offset;
    double value;
    int line;
  };
  std::vector<Entry> entries;
  std::string line;
  int line_number = 0;
  bool first_content_line = true;
  while (std::getline(in, line)) {
    ++line_number;
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    const auto fields = split_fields(line);
    if (fields.empty()) continue;
    std::array<int, 3> offset{};
    double value = 0.0;
    const bool numeric = fields.size() == 4 && parse_int(fields[0], offset[0]) && parse_int(fields[1], offset[1]) &&
                         parse_int(fields[2], offset[2]) && parse_double(fields[3], value);
    if (!numeric) {
      double ignored = 0.0;
      if (first_content_line && !parse_double(fields[0], ignored)) {  // a header line such as "i j k S"
        first_content_line = false;
        continue;
      }
      throw IoError(source + " line " + std::to_string(line_number) +
                    ": expected four numbers 'i j k S' (integer "
                    "offsets, then the S-value), got '" +
                    line + "'");
    }
    first_content_line = false;
    if (!std::isfinite(value) || value < 0.0)
      throw IoError(source + " line " + std::to_string(line_number) + ": S-value " + fields[3] +
                    " is negative or not finite; S-values are doses per decay");
    entries.push_back({offset, value, line_number});
  }
  if (entries.empty()) throw IoError(source + ": no 'i j k S' rows found");

  const bool octant = std::all_of(entries.begin(), entries.end(), [](const Entry& e) {
    return e.offset[0] >= 0 && e.offset[1] >= 0 && e.offset[2] >= 0;
  });
  std::array<int, 3> half{0, 0, 0};
  for (const auto& e : entries)
    for (int a = 0; a < 3; ++a) half[a] = std::max(half[a], std::abs(e.offset[a]));
  for (int a = 0; a < 3; ++a)
    if (half[a] > 200) throw IoError(source + ": kernel offsets up to " + std::to_string(half[a]) + " are too large");
  if (!octant)
    for (const auto& e : entries)
      for (int a = 0; a < 3; ++a)
        if (e.offset[a] < -half[a])
          throw IoError(source + " line " + std::to_string(e.line) + ": the full kernel must span −N..N on each axis");

  // Every offset of the octant (or full box) must be a row: count before allocating the box (one row
  // "200 200 200 1" would otherwise allocate 401³ values to find the gaps).
  std::size_t needed = 1;
  for (int a = 0; a < 3; ++a) needed *= static_cast<std::size_t>(octant ? half[a] + 1 : 2 * half[a] + 1);
  if (entries.size() < needed)
    throw IoError(source + ": the table has gaps: the table has " + std::to_string(entries.size()) + " rows but " +
                  (octant ? "an octant" : "a full") + " table up to (" + std::to_string(half[0]) + ", " +
                  std::to_string(half[1]) + ", " + std::to_string(half[2]) + ") needs " + std::to_string(needed));
  const Grid grid = kernel_grid(options.spacing_mm, half);
  Volume<double> values(grid, 0.0);
  std::vector<int> seen_line(grid.voxel_count(), 0);
  for (const auto& e : entries) {
    const std::size_t index = grid.linear_index(static_cast<std::size_t>(e.offset[0] + half[0]),
                                                static_cast<std::size_t>(e.offset[1] + half[1]),
                                                static_cast<std::size_t>(e.offset[2] + half[2]));
    if (seen_line[index])
      throw IoError(source + " line " + std::to_string(e.line) + ": offset (" + std::to_string(e.offset[0]) + ", " +
                    std::to_string(e.offset[1]) + ", " + std::to_string(e.offset[2]) + ") already given on line " +
                    std::to_string(seen_line[index]));
    seen_line[index] = e.line;
    values[index] = e.value * to_gy_per_bq_s(options.unit);
  }
  // Completeness: every offset of the octant (or of the full box) must be present.
  for (int k = octant ? 0 : -half[2]; k <= half[2]; ++k)
    for (int j = octant ? 0 : -half[1]; j <= half[1]; ++j)
      for (int i = octant ? 0 : -half[0]; i <= half[0]; ++i) {
        const std::size_t index =
            grid.linear_index(static_cast<std::size_t>(i + half[0]), static_cast<std::size_t>(j + half[1]),
                              static_cast<std::size_t>(k + half[2]));
        if (!seen_line[index])
          throw IoError(source + ": the table has a gap: offset (" + std::to_string(i) + ", " + std::to_string(j) +
                        ", " + std::to_string(k) + ") is missing (" + (octant ? "octant" : "full") + " table up to " +
                        std::to_string(half[0]) + ", " + std::to_string(half[1]) + ", " + std::to_string(half[2]) +
                        ")");
      }
  if (octant) {
    for (int k = -half[2]; k <= half[2]; ++k)
      for (int j = -half[1]; j <= half[1]; ++j)
        for (int i = -half[0]; i <= half[0]; ++i)
          values(static_cast<std::size_t>(i + half[0]), static_cast<std::size_t>(j + half[1]),
                 static_cast<std::size_t>(k + half[2])) =
              values(static_cast<std::size_t>(std::abs(i) + half[0]), static_cast<std::size_t>(std::abs(j) + half[1]),
                     static_cast<std::size_t>(std::abs(k) + half[2]));
  }
  KernelInfo info = options.info;
  if (info.source.empty()) info.source = source;
  if (info.method.empty()) info.method = std::string("imported ") + (octant ? "octant" : "full") + " i j k S table";
  return DoseKernel::from_total(std::move(values), std::move(info));
}

DoseKernel read_kernel_table(const std::filesystem::path& path, const KernelTableOptions& options) {
  std::ifstream in(path);
  if (!in) throw IoError("cannot read kernel table " + path.string() + ": check the path and permissions");
  return read_kernel_table(in, options, path.string());
}

namespace {

/// The formats hold values() only: a full-range kernel's far photons would be lost without a word.
void check_storable(const DoseKernel& kernel, const std::string& target) {
  if (!kernel.far_photon()) return;
  char split_mm[32];
  std::snprintf(split_mm, sizeof split_mm, "%g", kernel.far_photon()->split_radius_mm());
  throw InvalidInput("kernel output " + target + ": this kernel carries its photons beyond " + split_mm +
                     " mm as a separate far part (a full-range kernel) that kernel files cannot hold; write a "
                     "kernel without a photon split radius (photons then end at its box or photon_radius_mm)");
}

}  // namespace

void write_kernel_csv(std::ostream& out, const DoseKernel& kernel, KernelComponent component) {
  check_storable(kernel, "(CSV)");
  const auto& values = kernel.values(component);
  const auto n = kernel.half_size();
  out << "i,j,k,S_Gy_per_Bq_s\n";
  char buffer[96];
  for (int k = -n[2]; k <= n[2]; ++k)
    for (int j = -n[1]; j <= n[1]; ++j)
      for (int i = -n[0]; i <= n[0]; ++i) {
        const double s = values(static_cast<std::size_t>(i + n[0]), static_cast<std::size_t>(j + n[1]),
                                static_cast<std::size_t>(k + n[2]));
        std::snprintf(buffer, sizeof buffer, "%d,%d,%d,%.9e\n", i, j, k, s);
        out << buffer;
      }
}

void write_kernel_csv(const std::filesystem::path& path, const DoseKernel& kernel, KernelComponent component) {
  write_file_atomically(path, [&](std::ostream& out) { write_kernel_csv(out, kernel, component); });
}

namespace {

std::filesystem::path raw_path(const std::filesystem::path& json_path, KernelComponent component) {
  std::filesystem::path p = json_path;
  p.replace_extension(std::string(".") + std::string(component_name(component)) + ".raw");
  return p;
}

std::vector<KernelComponent> stored_components(const DoseKernel& kernel) {
  if (!kernel.has_components()) return {KernelComponent::Total};
  return {KernelComponent::Total, KernelComponent::Alpha, KernelComponent::Electron, KernelComponent::Photon};
}

}  // namespace

void write_kernel_raw(const std::filesystem::path& json_path, const DoseKernel& kernel) {
  if (json_path.extension() != ".json")
    throw InvalidInput("raw kernel output " + json_path.string() + " must end in .json (the sidecar)");
  check_storable(kernel, json_path.string());
  const auto& g = kernel.grid();
  const auto& info = kernel.info();
  nlohmann::json j;
  j["format"] = kRawFormatName;
  j["format_version"] = kRawFormatVersion;
  j["shape_zyx"] = {g.size()[2], g.size()[1], g.size()[0]};
  j["dtype"] = "<f8";
  j["order"] = "C (x fastest): numpy.fromfile(path, '<f8').reshape(shape_zyx)";
  j["spacing_mm_xyz"] = {g.spacing_mm()[0], g.spacing_mm()[1], g.spacing_mm()[2]};
  j["unit"] = "Gy/(Bq*s)";
  j["centre_index_zyx"] = {g.size()[2] / 2, g.size()[1] / 2, g.size()[0] / 2};
  j["nuclide"] = info.nuclide;
  j["chain"] = info.chain;
  j["medium"] = info.medium;
  j["density_g_per_ml"] = info.density_g_per_ml;
  j["photon_radius_mm"] = info.photon_radius_mm;
  j["method"] = info.method;
  j["source"] = info.source;
  nlohmann::json files = nlohmann::json::object();
  for (const auto c : stored_components(kernel)) {
    const auto path = raw_path(json_path, c);
    files[std::string(component_name(c))] = path.filename().string();
    const auto& v = kernel.values(c);
    write_file_atomically(
        path,
        [&](std::ostream& out) {
          out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(double)));
        },
        true);
  }
  j["components"] = files;
  write_file_atomically(json_path, [&](std::ostream& out) { out << j.dump(2) << "\n"; });
}

DoseKernel read_kernel_raw(const std::filesystem::path& json_path) {
  std::ifstream in(json_path);
  if (!in) throw IoError("cannot read kernel sidecar " + json_path.string());
  nlohmann::json j;
  try {
    in >> j;
    // Compared as JSON values: get<int>() of 9.2e19 or get<size_t>() of 1e30 is undefined behaviour (found by
    // fuzzing, tests/fuzz/kernel_sidecar/).
    if (j.at("format").get<std::string>() != kRawFormatName || j.at("format_version") != kRawFormatVersion)
      throw IoError(json_path.string() + " is not an rptdose-kernel version 1 sidecar");
    if (j.at("dtype").get<std::string>() != "<f8") throw IoError(json_path.string() + ": dtype must be <f8");
    constexpr std::size_t kLargestShape = 4001;  // 2 m at 0.5 mm: beyond any kernel; keeps int half-sizes exact
    const auto& shape_json = j.at("shape_zyx");
    if (!shape_json.is_array() || shape_json.size() != 3)
      throw IoError(json_path.string() + ": shape_zyx must be an array of 3 sizes");
    std::array<std::size_t, 3> shape{};
    for (std::size_t a = 0; a < 3; ++a) {
      const auto& n = shape_json[a];
      if (!n.is_number_unsigned() || n.get<std::uint64_t>() == 0 || n.get<std::uint64_t>() > kLargestShape)
        throw IoError(json_path.string() + ": shape_zyx " + n.dump() + " is not a kernel size (1.." +
                      std::to_string(kLargestShape) + ")");
      shape[a] = n.get<std::size_t>();
    }
    const auto spacing = j.at("spacing_mm_xyz").get<std::array<double, 3>>();
    const Grid grid =
        kernel_grid(Vector3(spacing[0], spacing[1], spacing[2]),
                    {static_cast<int>(shape[2] / 2), static_cast<int>(shape[1] / 2), static_cast<int>(shape[0] / 2)});
    if (grid.size()[0] != shape[2] || grid.size()[1] != shape[1] || grid.size()[2] != shape[0])
      throw IoError(json_path.string() + ": kernel shape must be odd along every axis");
    KernelInfo info;
    info.nuclide = j.value("nuclide", "");
    info.chain = j.value("chain", "");
    info.medium = j.value("medium", "");
    info.density_g_per_ml = j.value("density_g_per_ml", 1.0);
    info.photon_radius_mm = j.value("photon_radius_mm", 0.0);
    info.method = j.value("method", "");
    info.source = j.value("source", json_path.string());
    auto load = [&](const std::string& name) {
      const auto path = json_path.parent_path() / j.at("components").at(name).get<std::string>();
      std::ifstream raw(path, std::ios::binary);
      if (!raw) throw IoError("cannot read " + path.string() + " (listed in " + json_path.string() + ")");
      // The file's size against the shape before allocating the shape (a sidecar promising 10⁹ voxels).
      std::error_code size_error;
      const std::uintmax_t file_bytes = std::filesystem::file_size(path, size_error);
      const std::uintmax_t promised_bytes = static_cast<std::uintmax_t>(grid.voxel_count()) * sizeof(double);
      if (size_error || file_bytes != promised_bytes)
        throw IoError(path.string() + " holds " + std::to_string(file_bytes) + " bytes, not the " +
                      std::to_string(promised_bytes) + " bytes of the float64 kernel of shape_zyx in " +
                      json_path.string());
      std::vector<double> values(grid.voxel_count());
      raw.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(double)));
      if (raw.gcount() != static_cast<std::streamsize>(values.size() * sizeof(double)) || raw.peek() != EOF)
        throw IoError(path.string() + " does not hold exactly " + std::to_string(values.size()) + " float64 values");
      return Volume<double>(grid, std::move(values));
    };
    const auto& components = j.at("components");
    if (components.contains("alpha") && components.contains("electron") && components.contains("photon"))
      return DoseKernel(load("alpha"), load("electron"), load("photon"), std::move(info));
    return DoseKernel::from_total(load("total"), std::move(info));
  } catch (const nlohmann::json::exception& e) {
    throw IoError(json_path.string() + " is not a valid kernel sidecar: " + e.what());
  }
}

}  // namespace rptdose::kernels
