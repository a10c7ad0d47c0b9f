#pragma once
// rptdose::nuclides — the read-only ICRP-107 decay database: an index of all 1252 nuclides (half-life, decay
// modes) read at first use, and each nuclide's emissions read when it is first asked for. Thread-safe.
//
// Module nuclides owns decay data, names and chains; it depends on core only, never on ITK or DCMTK.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rptdose/nuclides/nuclide.hpp"

namespace rptdose::nuclides {

class DecayDatabase {
 public:
  /// The database in rptdose's data directory (see rptdose::data_directory()), loaded once.
  static const DecayDatabase& instance();

  /// A database read from `decay_dir` (holding nuclides.csv and emissions/). Throws IoError naming the file and
  /// line when the index is missing or malformed.
  explicit DecayDatabase(std::filesystem::path decay_dir);

  /// The nuclide named `name` in any accepted spelling ("Lu-177", "177Lu", "lu177", "Tc-99m"). Throws
  /// UnknownNuclide listing close matches, or saying that the nuclide is stable; IoError if its emission file is
  /// unreadable or malformed.
  const Nuclide& get(std::string_view name) const;
  /// The canonical name `name` refers to, or "" when it is not in the database.
  std::string resolve(std::string_view name) const;
  bool contains(std::string_view name) const { return !resolve(name).empty(); }
  /// True for a nuclide that appears only as progeny (a stable end of a chain, e.g. "Hf-177").
  bool is_stable(std::string_view canonical_name) const { return stable_.count(std::string(canonical_name)) > 0; }
  /// All canonical names, in the order of the data file.
  const std::vector<std::string>& names() const { return names_; }
  /// Up to `count` known names close to `name` (same element first, then smallest edit distance).
  std::vector<std::string> close_matches(std::string_view name, std::size_t count = 5) const;

  const std::filesystem::path& directory() const { return decay_dir_; }

 private:
  struct IndexEntry {
    double half_life_s;
    std::vector<DecayMode> decay_modes;
  };
  std::unique_ptr<Nuclide> load_nuclide(const std::string& name, const IndexEntry& entry) const;

  std::filesystem::path decay_dir_;
  std::vector<std::string> names_;
  std::map<std::string, IndexEntry, std::less<>> index_;
  std::set<std::string> stable_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::unique_ptr<Nuclide>, std::less<>> loaded_;
};

}  // namespace rptdose::nuclides
