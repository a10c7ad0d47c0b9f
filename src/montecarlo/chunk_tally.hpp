#pragma once
// Internal: the energy one chunk of histories deposits, per voxel, in a small open-addressing hash map (a chunk
// touches a few thousand voxels of millions). Each voxel appears once per chunk, so merging chunks in chunk order
// gives the same sums for any thread count, and the per-chunk sums are the batches of the uncertainty estimate.
#include <algorithm>
#include <cstdint>
#include <vector>

namespace rptdose::montecarlo::detail {

class ChunkTally {
 public:
  /// 12 bytes, so that a chunk's map (up to 2^16 entries for 131I in a large body) stays within a core's L2 cache.
  /// Float sums: a voxel gets at most a few thousand deposits per chunk (relative rounding ~10⁻⁶), and the
  /// merged sums are floats too.
  struct Entry {
    std::uint32_t voxel = kEmpty;
    float energy_MeV = 0.0f;         ///< all radiations
    float photon_energy_MeV = 0.0f;  ///< of decay photons and their secondaries
  };
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;

  ChunkTally() : entries_(kInitialCapacity) {}

  /// Empties the map, keeping its capacity (chunks of one run touch similar numbers of voxels).
  void reset() {
    std::fill(entries_.begin(), entries_.end(), Entry{});
    used_ = 0;
    emitted_MeV = deposited_MeV = escaped_MeV = 0.0;
  }

  void deposit(std::uint32_t voxel, double energy_MeV, bool photon_origin) {
    deposited_MeV += energy_MeV;
    Entry& e = find(voxel);
    e.energy_MeV += static_cast<float>(energy_MeV);
    if (photon_origin) e.photon_energy_MeV += static_cast<float>(energy_MeV);
  }

  const std::vector<Entry>& entries() const { return entries_; }

  double emitted_MeV = 0.0, deposited_MeV = 0.0, escaped_MeV = 0.0;

 private:
  static constexpr std::size_t kInitialCapacity = 1u << 14;

  Entry& find(std::uint32_t voxel) {
    const std::size_t mask = entries_.size() - 1;
    std::size_t slot = (static_cast<std::size_t>(voxel) * 0x9E3779B1u) & mask;
    while (entries_[slot].voxel != voxel) {
      if (entries_[slot].voxel == kEmpty) {
        if (2 * (used_ + 1) > entries_.size()) {
          grow();
          return find(voxel);
        }
        entries_[slot].voxel = voxel;
        ++used_;
        break;
      }
      slot = (slot + 1) & mask;
    }
    return entries_[slot];
  }

  void grow() {
    std::vector<Entry> old = std::move(entries_);
    entries_.assign(old.size() * 2, Entry{});
    used_ = 0;
    for (const Entry& e : old) {
      if (e.voxel == kEmpty) continue;
      Entry& n = find(e.voxel);
      n.energy_MeV = e.energy_MeV;
      n.photon_energy_MeV = e.photon_energy_MeV;
    }
  }

  std::vector<Entry> entries_;
  std::size_t used_ = 0;
};

}  // namespace rptdose::montecarlo::detail
