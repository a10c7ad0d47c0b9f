#include "rptdose/nuclides/decay_database.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <tuple>

#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/nuclide_name.hpp"

namespace rptdose::nuclides {

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

/// 2^53: the largest count a double holds exactly.
constexpr double kMaxExactInteger = 9007199254740992.0;

[[noreturn]] void malformed(const std::filesystem::path& file, std::size_t line, const std::string& what) {
  throw IoError("malformed decay data file " + file.string() + " line " + std::to_string(line) + ": " + what +
                "; reinstall rptdose or regenerate the file with scripts/import_icrp107.py");
}

double parse_number(const std::string& token, const std::filesystem::path& file, std::size_t line) {
  double value = 0.0;
  const char* first = token.data();
  const char* last = token.data() + token.size();
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || !std::isfinite(value)) {
    malformed(file, line, "'" + token + "' is not a finite number");
  }
  return value;
}

double time_unit_seconds(const std::string& unit, const std::filesystem::path& file, std::size_t line) {
  if (unit == "s") return 1.0;
  if (unit == "ms") return 1e-3;
  if (unit == "us") return 1e-6;
  if (unit == "m") return units::kSecondsPerMinute;
  if (unit == "h") return units::kSecondsPerHour;
  if (unit == "d") return units::kSecondsPerDay;
  if (unit == "y") return units::kSecondsPerYear;
  malformed(file, line, "unknown time unit '" + unit + "'");
}

bool radiation_from_key(const std::string& key, Radiation& radiation) {
  for (Radiation r : kAllRadiations) {
    if (radiation_key(r) == key) {
      radiation = r;
      return true;
    }
  }
  return false;
}

}  // namespace

const DecayDatabase& DecayDatabase::instance() {
  static const DecayDatabase database(data_directory() / "decay");
  return database;
}

DecayDatabase::DecayDatabase(std::filesystem::path decay_dir) : decay_dir_(std::move(decay_dir)) {
  const auto file = decay_dir_ / "nuclides.csv";
  std::ifstream in(file);
  if (!in) {
    throw IoError("cannot open decay data index " + file.string() +
                  ": set RPTDOSE_DATA_DIR to rptdose's data/ folder or reinstall rptdose");
  }
  std::string text;
  std::size_t line = 0;
  bool header_seen = false;
  std::set<std::string> progeny;
  while (std::getline(in, text)) {
    ++line;
    if (text.empty() || text[0] == '#') continue;
    if (!header_seen) {
      if (text != "name,half_life_s,decay_modes")
        malformed(file, line, "expected header 'name,half_life_s,decay_modes'");
      header_seen = true;
      continue;
    }
    const auto fields = split(text, ',');
    if (fields.size() != 3)
      malformed(file, line, "expected 3 comma-separated fields, found " + std::to_string(fields.size()));
    IndexEntry entry;
    entry.half_life_s = parse_number(fields[1], file, line);
    if (entry.half_life_s <= 0.0) malformed(file, line, "half-life must be positive");
    for (const auto& mode_text : split(fields[2], ';')) {
      const auto parts = split(mode_text, ':');
      if (parts.size() != 3) malformed(file, line, "decay mode '" + mode_text + "' is not mode:fraction:progeny");
      const double fraction = parse_number(parts[1], file, line);
      if (fraction < 0.0 || fraction > 1.0) malformed(file, line, "branching fraction outside [0, 1]");
      entry.decay_modes.push_back({parts[0], fraction, parts[2] == "-" ? std::string() : parts[2]});
      if (parts[2] != "-") progeny.insert(parts[2]);
    }
    if (!index_.emplace(fields[0], std::move(entry)).second) malformed(file, line, "duplicate nuclide " + fields[0]);
    names_.push_back(fields[0]);
  }
  if (names_.empty()) malformed(file, line, "no nuclides");
  for (const auto& name : progeny) {
    if (!index_.count(name)) stable_.insert(name);
  }
}

std::string DecayDatabase::resolve(std::string_view name) const {
  for (const auto& candidate : candidate_nuclide_names(name)) {
    if (index_.count(candidate)) return candidate;
  }
  return {};
}

std::vector<std::string> DecayDatabase::close_matches(std::string_view name, std::size_t count) const {
  const auto candidates = candidate_nuclide_names(name);
  const std::string target = candidates.empty() ? std::string(name) : candidates.front();
  const std::string element = target.substr(0, target.find('-'));
  std::vector<std::tuple<int, std::size_t, std::string>> scored;
  for (const auto& known : names_) {
    const bool same_element = known.substr(0, known.find('-')) == element;
    scored.emplace_back(same_element ? 0 : 1, edit_distance(target, known), known);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& [rank, distance, known] : scored) {
    if (out.size() >= count) break;
    if (rank == 0 || distance <= 2) out.push_back(known);
  }
  return out;
}

const Nuclide& DecayDatabase::get(std::string_view name) const {
  const std::string canonical_name = resolve(name);
  if (canonical_name.empty()) {
    const auto candidates = candidate_nuclide_names(name);
    for (const auto& candidate : candidates) {
      if (is_stable(candidate)) {
        throw UnknownNuclide("'" + std::string(name) + "' (" + candidate +
                             ") is stable: it has no decay data and deposits no dose");
      }
    }
    std::string message = "unknown nuclide '" + std::string(name) + "'";
    if (candidates.empty()) message += " (write it like Lu-177, 177Lu or Tc-99m)";
    const auto matches = close_matches(name);
    if (!matches.empty()) {
      message += "; did you mean ";
      for (std::size_t n = 0; n < matches.size(); ++n) message += (n ? ", " : "") + matches[n];
      message += "?";
    }
    throw UnknownNuclide(message);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = loaded_.find(canonical_name);
  if (it == loaded_.end()) {
    it = loaded_.emplace(canonical_name, load_nuclide(canonical_name, index_.find(canonical_name)->second)).first;
  }
  return *it->second;
}

std::unique_ptr<Nuclide> DecayDatabase::load_nuclide(const std::string& name, const IndexEntry& entry) const {
  const auto file = decay_dir_ / "emissions" / (name + ".txt");
  std::ifstream in(file);
  if (!in)
    throw IoError("cannot open emission data " + file.string() + ": reinstall rptdose or check RPTDOSE_DATA_DIR");
  auto nuclide = std::make_unique<Nuclide>(name, entry.half_life_s, entry.decay_modes);
  std::string text;
  std::size_t line = 0;
  bool half_life_seen = false;
  while (std::getline(in, text)) {
    ++line;
    if (text.empty() || text[0] == '#') continue;
    std::istringstream fields(text);
    if (text.rfind("half_life ", 0) == 0) {
      std::string keyword, value, unit;
      fields >> keyword >> value >> unit;
      const double half_life_s = parse_number(value, file, line) * time_unit_seconds(unit, file, line);
      // The index (radioactivedecay's ICRP-107 table) and the emission file (OpenGATE's) must agree.
      if (std::abs(half_life_s - entry.half_life_s) > 1e-6 * entry.half_life_s) {
        malformed(file, line, "half-life differs from nuclides.csv");
      }
      half_life_seen = true;
      continue;
    }
    if (text[0] != '[') malformed(file, line, "expected a '[type] count' section header");
    const auto close = text.find(']');
    if (close == std::string::npos) malformed(file, line, "unterminated section header");
    const std::string key = text.substr(1, close - 1);
    const std::string count_text = text.substr(close + 1);
    const auto count_start = count_text.find_first_not_of(' ');
    if (count_start == std::string::npos) malformed(file, line, "section [" + key + "] has no line count");
    const double count_value = parse_number(count_text.substr(count_start), file, line);
    // Whole and exactly representable; a count beyond the lines that follow ends early below.
    if (count_value < 0.0 || count_value != std::floor(count_value) || count_value > kMaxExactInteger)
      malformed(file, line,
                "section [" + key + "] count '" + count_text.substr(count_start) + "' is not a whole number");
    const auto count = static_cast<std::size_t>(count_value);
    std::vector<std::pair<double, double>> pairs;
    for (std::size_t n = 0; n < count; ++n) {
      if (!std::getline(in, text)) malformed(file, line, "section [" + key + "] ends early");
      ++line;
      const auto space = text.find(' ');
      if (space == std::string::npos) malformed(file, line, "expected two numbers");
      const double energy = parse_number(text.substr(0, space), file, line);
      const double value = parse_number(text.substr(space + 1), file, line);
      if (energy < 0.0 || value < 0.0) malformed(file, line, "negative energy or yield");
      pairs.emplace_back(energy, value);
    }
    if (key == "b-spectra") {
      std::vector<SpectrumPoint> spectrum;
      for (auto [e, v] : pairs) spectrum.push_back({e, v});
      nuclide->set_beta_spectrum(std::move(spectrum));
      continue;
    }
    Radiation radiation{};
    if (!radiation_from_key(key, radiation)) malformed(file, line, "unknown radiation type '" + key + "'");
    std::vector<EmissionLine> lines;
    for (auto [e, y] : pairs) lines.push_back({e, y});
    nuclide->set_lines(radiation, std::move(lines));
  }
  if (!half_life_seen) malformed(file, line, "no half_life line");
  return nuclide;
}

}  // namespace rptdose::nuclides
