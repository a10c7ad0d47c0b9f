#pragma once
// rptdose::kernels — a cache of generated kernels keyed by everything a kernel depends on: the parent nuclide and
// chain options, voxel spacing, half-size, medium and density, photon radius, and the rptdose version. Repeated
// requests (every time point, every patient of a cohort on the same scanner) return the stored kernel in
// microseconds. Entries live in memory (least recently used dropped beyond `capacity`) and, when a folder is
// given, also on disk as raw + JSON files (kernel_io.hpp) so later processes reuse them; full-range kernels (with a
// photon split radius) stay in memory only, as their far photon part has no file format. Thread-safe.
// Depends on core and kernels/{kernel_generation, kernel_io}.
#include <cstddef>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "rptdose/kernels/kernel_generation.hpp"

namespace rptdose::kernels {

class KernelCache {
 public:
  explicit KernelCache(std::size_t capacity = 16, std::optional<std::filesystem::path> directory = std::nullopt);

  /// The kernel for (parent, options): from memory, else from the cache folder, else generated (and stored).
  std::shared_ptr<const DoseKernel> get(std::string_view parent, const KernelOptions& options);

  /// The key string of a request (canonical nuclide name and every option that changes the values).
  static std::string key(std::string_view parent, const KernelOptions& options);

  std::size_t size() const;
  std::size_t hits() const;
  std::size_t misses() const;

 private:
  std::size_t capacity_;
  std::optional<std::filesystem::path> directory_;
  mutable std::mutex mutex_;
  std::list<std::pair<std::string, std::shared_ptr<const DoseKernel>>> entries_;  // most recent first
  std::unordered_map<std::string, decltype(entries_)::iterator> index_;
  std::size_t hits_ = 0, misses_ = 0;
};

}  // namespace rptdose::kernels
