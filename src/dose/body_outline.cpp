#include "rptdose/dose/body_outline.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

namespace rptdose::dose {

namespace {

using Size3 = std::array<std::size_t, 3>;

/// Labels the 6-connected components of `inside` and keeps the largest; everything else becomes 0.
void keep_largest_component(Volume<std::uint8_t>& inside) {
  const Size3 n{inside.grid().size()[0], inside.grid().size()[1], inside.grid().size()[2]};
  const std::size_t stride[3] = {1, n[0], n[0] * n[1]};
  std::vector<std::uint32_t> component(inside.size(), 0);
  std::vector<std::size_t> queue;
  std::uint32_t count = 0, largest = 0;
  std::size_t largest_size = 0;
  for (std::size_t seed = 0; seed < inside.size(); ++seed) {
    if (!inside[seed] || component[seed]) continue;
    component[seed] = ++count;
    queue.assign(1, seed);
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const std::size_t v = queue[head];
      const std::size_t at[3] = {v % n[0], v / n[0] % n[1], v / (n[0] * n[1])};
      for (int a = 0; a < 3; ++a) {
        if (at[a] > 0 && inside[v - stride[a]] && !component[v - stride[a]])
          component[v - stride[a]] = count, queue.push_back(v - stride[a]);
        if (at[a] + 1 < n[a] && inside[v + stride[a]] && !component[v + stride[a]])
          component[v + stride[a]] = count, queue.push_back(v + stride[a]);
      }
    }
    if (queue.size() > largest_size) largest_size = queue.size(), largest = count;
  }
  for (std::size_t v = 0; v < inside.size(); ++v) inside[v] = component[v] == largest && largest != 0;
}

/// Background voxels (0) not reached from the border by face-connected steps become 1. `axes` are the axes the
/// fill moves along (all three for 3-D; the two in-plane axes for a slice), `first`/`count` the box filled.
void fill_unreached_background(Volume<std::uint8_t>& mask, const std::vector<int>& axes, const Size3& first,
                               const Size3& count) {
  const auto& n = mask.grid().size();
  const std::size_t stride[3] = {1, n[0], n[0] * n[1]};
  const auto index = [&](std::size_t i, std::size_t j, std::size_t k) { return i + n[0] * (j + n[1] * k); };
  constexpr std::uint8_t kOutside = 2;
  std::vector<std::size_t> queue;
  const auto visit = [&](std::size_t v) {
    if (mask[v] == 0) mask[v] = kOutside, queue.push_back(v);
  };
  // Seeds: background on the box's border faces along the fill axes.
  for (std::size_t k = first[2]; k < first[2] + count[2]; ++k)
    for (std::size_t j = first[1]; j < first[1] + count[1]; ++j)
      for (std::size_t i = first[0]; i < first[0] + count[0]; ++i) {
        const std::size_t at[3] = {i, j, k};
        bool border = false;
        for (const int a : axes) border |= at[a] == first[a] || at[a] + 1 == first[a] + count[a];
        if (border) visit(index(i, j, k));
      }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::size_t v = queue[head];
    const std::size_t at[3] = {v % n[0], v / n[0] % n[1], v / (n[0] * n[1])};
    for (const int a : axes) {
      if (at[a] > first[a]) visit(v - stride[a]);
      if (at[a] + 1 < first[a] + count[a]) visit(v + stride[a]);
    }
  }
  for (std::size_t k = first[2]; k < first[2] + count[2]; ++k)
    for (std::size_t j = first[1]; j < first[1] + count[1]; ++j)
      for (std::size_t i = first[0]; i < first[0] + count[0]; ++i) {
        auto& m = mask[index(i, j, k)];
        m = m != kOutside;  // reached: outside (0); body or unreached hole: inside (1)
      }
}

/// The grid axis whose direction is closest to the patient's z (LPS: head–foot).
int axial_axis(const Grid& grid) {
  int best = 2;
  for (int a = 0; a < 3; ++a)
    if (std::abs(grid.direction()(2, a)) > std::abs(grid.direction()(2, best))) best = a;
  return best;
}

}  // namespace

Volume<std::uint8_t> body_outline(const Volume<float>& ct_HU) {
  Volume<std::uint8_t> body(ct_HU.grid());
  for (std::size_t v = 0; v < ct_HU.size(); ++v) body[v] = ct_HU[v] > kBodyTissueThresholdHU;
  keep_largest_component(body);
  const auto& n = ct_HU.grid().size();
  const Size3 size{n[0], n[1], n[2]};
  const int axial = axial_axis(ct_HU.grid());
  std::vector<int> in_plane;
  for (int a = 0; a < 3; ++a)
    if (a != axial) in_plane.push_back(a);
  for (std::size_t s = 0; s < size[static_cast<std::size_t>(axial)]; ++s) {
    Size3 first{0, 0, 0}, count = size;
    first[static_cast<std::size_t>(axial)] = s;
    count[static_cast<std::size_t>(axial)] = 1;
    fill_unreached_background(body, in_plane, first, count);
  }
  fill_unreached_background(body, {0, 1, 2}, {0, 0, 0}, size);
  return body;
}

}  // namespace rptdose::dose
