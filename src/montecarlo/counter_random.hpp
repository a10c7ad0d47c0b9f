#pragma once
// Internal: a counter-based random number generator for the voxel Monte Carlo. Philox4x32-10 (Salmon, Moraes, Dror &
// Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11): the numbers of history h are a pure function of
// (seed, h, draw number), so a history gives the same track whichever thread runs it and whenever — results do not
// depend on the thread count, and any history can be replayed from its index. Passes BigCrush (the paper, Table 2).
#include <array>
#include <cstdint>

namespace rptdose::montecarlo::detail {

class CounterRandom {
 public:
  /// The stream of history `history` under `seed`.
  CounterRandom(std::uint64_t seed, std::uint64_t history)
      : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
        counter_{static_cast<std::uint32_t>(history), static_cast<std::uint32_t>(history >> 32), 0u, 0u} {}

  /// Uniform in [0, 1) with 53 random bits.
  double operator()() {
    if (next_ >= 4) refill();
    const std::uint64_t high = block_[next_++];
    if (next_ >= 4) refill();
    const std::uint64_t low = block_[next_++];
    return static_cast<double>(((high << 32) | low) >> 11) * 0x1.0p-53;
  }

  /// The Philox4x32 bijection with 10 rounds (public for the known-answer test).
  static std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> x, std::array<std::uint32_t, 2> k) {
    for (int round = 0; round < 10; ++round) {
      const std::uint64_t p0 = static_cast<std::uint64_t>(kMultiplier0) * x[0];
      const std::uint64_t p1 = static_cast<std::uint64_t>(kMultiplier1) * x[2];
      x = {static_cast<std::uint32_t>(p1 >> 32) ^ x[1] ^ k[0], static_cast<std::uint32_t>(p1),
           static_cast<std::uint32_t>(p0 >> 32) ^ x[3] ^ k[1], static_cast<std::uint32_t>(p0)};
      k[0] += kWeyl0;
      k[1] += kWeyl1;
    }
    return x;
  }

 private:
  // Multipliers and Weyl increments of Philox4x32 (the paper, §5.2).
  static constexpr std::uint32_t kMultiplier0 = 0xD2511F53u, kMultiplier1 = 0xCD9E8D57u;
  static constexpr std::uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;

  void refill() {
    block_ = philox4x32_10(counter_, key_);
    next_ = 0;
    if (++counter_[2] == 0) ++counter_[3];  // the draw counter: 2^64 blocks per history
  }

  std::array<std::uint32_t, 2> key_;
  std::array<std::uint32_t, 4> counter_;
  std::array<std::uint32_t, 4> block_{};
  int next_ = 4;
};

}  // namespace rptdose::montecarlo::detail
