#include "rptdose/kernels/kernel_cache.hpp"

#include <cstdio>
#include <functional>

#include "rptdose/core/error.hpp"
#include "rptdose/kernels/kernel_io.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/version.hpp"

namespace rptdose::kernels {
namespace {

/// FNV-1a 64-bit: a stable file name for a key (std::hash is not stable across builds).
std::string fnv1a_hex(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
  return buffer;
}

std::string exact(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%a", value);  // hexadecimal float: exact
  return buffer;
}

}  // namespace

KernelCache::KernelCache(std::size_t capacity, std::optional<std::filesystem::path> directory)
    : capacity_(std::max<std::size_t>(capacity, 1)), directory_(std::move(directory)) {
  if (directory_) {
    std::error_code error;
    std::filesystem::create_directories(*directory_, error);
    if (error) throw IoError("cannot create kernel cache folder " + directory_->string() + ": " + error.message());
  }
}

std::string KernelCache::key(std::string_view parent, const KernelOptions& o) {
  const auto& database = nuclides::DecayDatabase::instance();
  const std::string name = database.get(parent).name();  // throws UnknownNuclide with suggestions
  std::string k =
      std::string("rptdose ") + kVersion + "|" + name + "|chain<=" + exact(o.chain.max_daughter_half_life_s);
  k += "|spacing=" + exact(o.spacing_mm[0]) + "," + exact(o.spacing_mm[1]) + "," + exact(o.spacing_mm[2]);
  k += "|half=" + std::to_string(o.half_size[0]) + "," + std::to_string(o.half_size[1]) + "," +
       std::to_string(o.half_size[2]);
  k += "|medium=" + std::string(medium_name(o.medium)) + "|density=" + exact(o.density());
  k += "|photons=" + (o.photon_radius_mm ? exact(*o.photon_radius_mm) : std::string("corner"));
  if (o.photon_split_radius_mm) k += "|split=" + exact(*o.photon_split_radius_mm);
  for (const auto& [daughter, fraction] : o.chain.leaving_fraction) k += "|leaving:" + daughter + "=" + exact(fraction);
  return k;
}

std::shared_ptr<const DoseKernel> KernelCache::get(std::string_view parent, const KernelOptions& options) {
  options.validate();
  const std::string k = key(parent, options);
  {
    const std::lock_guard lock(mutex_);
    if (auto it = index_.find(k); it != index_.end()) {
      entries_.splice(entries_.begin(), entries_, it->second);
      ++hits_;
      return it->second->second;
    }
    ++misses_;
  }
  std::shared_ptr<const DoseKernel> kernel;
  std::optional<std::filesystem::path> file;
  if (directory_ && !options.photon_split_radius_mm) {  // a far photon part cannot be stored (kernel_io.hpp)
    file = *directory_ / ("kernel-" + fnv1a_hex(k) + ".json");
    if (std::filesystem::exists(*file)) {
      try {
        auto loaded = read_kernel_raw(*file);
        // The sidecar records the key in "source": only a matching entry is used (hash collisions, stale files).
        if (loaded.info().source == k) kernel = std::make_shared<const DoseKernel>(std::move(loaded));
      } catch (const Error&) {
        kernel.reset();  // unreadable cache entry: regenerate and overwrite
      }
    }
  }
  if (!kernel) {
    DoseKernel generated = generate_kernel(parent, options);
    if (file) {
      KernelInfo info = generated.info();
      info.source = k;
      DoseKernel stored(generated.values(KernelComponent::Alpha).clone(),
                        generated.values(KernelComponent::Electron).clone(),
                        generated.values(KernelComponent::Photon).clone(), std::move(info));
      write_kernel_raw(*file, stored);
    }
    kernel = std::make_shared<const DoseKernel>(std::move(generated));
  }
  const std::lock_guard lock(mutex_);
  if (auto it = index_.find(k); it != index_.end()) return it->second->second;  // another thread was first
  entries_.emplace_front(k, kernel);
  index_[k] = entries_.begin();
  while (entries_.size() > capacity_) {
    index_.erase(entries_.back().first);
    entries_.pop_back();
  }
  return kernel;
}

std::size_t KernelCache::size() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}
std::size_t KernelCache::hits() const {
  const std::lock_guard lock(mutex_);
  return hits_;
}
std::size_t KernelCache::misses() const {
  const std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace rptdose::kernels
