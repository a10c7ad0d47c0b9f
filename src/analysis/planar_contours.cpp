#include "rptdose/analysis/planar_contours.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <Eigen/Geometry>

#include "rptdose/core/error.hpp"
#include "rptdose/core/parallel.hpp"

namespace rptdose::analysis {

namespace {

/// Two contour normals closer than this (1 − cos θ, θ ≈ 2.6°) count as parallel planes.
constexpr double kParallelTolerance = 1e-3;

/// Newell's area vector of a closed polygon (twice its area along its normal; exact for planar polygons).
Vector3 newell_normal(const PlanarContour& c) {
  Vector3 n = Vector3::Zero();
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Vector3& p = c[i];
    const Vector3& q = c[(i + 1) % c.size()];
    n.x() += (p.y() - q.y()) * (p.z() + q.z());
    n.y() += (p.z() - q.z()) * (p.x() + q.x());
    n.z() += (p.x() - q.x()) * (p.y() + q.y());
  }
  return n;
}

struct Edge {
  double u1, v1, u2, v2;
};

/// One contour plane: its edges in in-plane coordinates (u along the integrated grid axis, v across), bucketed by v
/// so that a line at a given v tests only the edges near it.
struct Plane {
  double w = 0, lo = 0, hi = 0;  // position along the normal and its slab
  std::vector<Edge> edges;
  double v_min = 0, bucket_width = 1;
  std::size_t buckets = 1;
  std::vector<std::size_t> bucket_begin;  // CSR: bucket b holds bucket_edges[bucket_begin[b] .. bucket_begin[b+1])
  std::vector<std::uint32_t> bucket_edges;

  void build_buckets() {
    v_min = std::numeric_limits<double>::max();
    double v_max = std::numeric_limits<double>::lowest();
    for (const Edge& e : edges) {
      v_min = std::min({v_min, e.v1, e.v2});
      v_max = std::max({v_max, e.v1, e.v2});
    }
    const std::size_t n = buckets = std::max<std::size_t>(1, edges.size() / 2);
    bucket_width = std::max((v_max - v_min) / static_cast<double>(n), 1e-9);
    std::vector<std::size_t> count(n + 1, 0);
    const auto range = [&](const Edge& e) {
      const auto b0 = bucket_of(std::min(e.v1, e.v2)), b1 = bucket_of(std::max(e.v1, e.v2));
      return std::pair{b0, b1};
    };
    for (const Edge& e : edges) {
      const auto [b0, b1] = range(e);
      for (auto b = b0; b <= b1; ++b) ++count[b + 1];
    }
    for (std::size_t b = 0; b < n; ++b) count[b + 1] += count[b];
    bucket_begin = count;
    bucket_edges.resize(count[n]);
    for (std::uint32_t i = 0; i < edges.size(); ++i) {
      const auto [b0, b1] = range(edges[i]);
      for (auto b = b0; b <= b1; ++b) bucket_edges[count[b]++] = i;
    }
  }
  std::size_t bucket_of(double v) const {
    const double b = std::floor((v - v_min) / bucket_width);
    return static_cast<std::size_t>(std::clamp(b, 0.0, static_cast<double>(buckets - 1)));
  }
  /// The u of every crossing of the line at `v` with the edges (half-open in v, so a vertex counts once).
  void crossings(double v, std::vector<double>& out) const {
    out.clear();
    const std::size_t b = bucket_of(v);
    for (std::size_t k = bucket_begin[b]; k < bucket_begin[b + 1]; ++k) {
      const Edge& e = edges[bucket_edges[k]];
      if ((e.v1 <= v && v < e.v2) || (e.v2 <= v && v < e.v1))
        out.push_back(e.u1 + (v - e.v1) * (e.u2 - e.u1) / (e.v2 - e.v1));
    }
    std::sort(out.begin(), out.end());
  }
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace

float ContourCoverage::at(std::int64_t i, std::int64_t j, std::int64_t k) const {
  const std::int64_t x = i - begin[0], y = j - begin[1], z = k - begin[2];
  if (x < 0 || y < 0 || z < 0 || x >= static_cast<std::int64_t>(size[0]) || y >= static_cast<std::int64_t>(size[1]) ||
      z >= static_cast<std::int64_t>(size[2]))
    return 0.0f;
  return fraction[static_cast<std::size_t>(x) + size[0] * (static_cast<std::size_t>(y) + size[1] * z)];
}

std::vector<std::size_t> ContourCoverage::inside_voxels(const Grid& grid) const {
  std::vector<std::size_t> voxels;
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y)
      for (std::size_t x = 0; x < size[0]; ++x)
        if (fraction[x + size[0] * (y + size[1] * z)] >= kContourInsideFraction)
          voxels.push_back(grid.linear_index(begin[0] + x, begin[1] + y, begin[2] + z));
  return voxels;
}

ContourCoverage rasterise_planar_contours(std::span<const PlanarContour> contours, const Grid& grid, unsigned threads) {
  // The planes' normal: that of the contour of largest area.
  Vector3 normal = Vector3::Zero();
  for (std::size_t c = 0; c < contours.size(); ++c) {
    if (contours[c].size() < 3)
      throw InvalidInput("contour " + std::to_string(c + 1) + " has " + std::to_string(contours[c].size()) +
                         " point(s): a closed planar contour needs at least 3");
    const Vector3 n = newell_normal(contours[c]);
    if (n.norm() > normal.norm()) normal = n;
  }
  if (!(normal.norm() > 1e-9)) throw InvalidInput("no contour encloses an area (all are empty or collinear)");
  normal.normalize();

  struct Placed {
    double w;
    std::size_t index;
  };
  std::vector<Placed> placed;
  for (std::size_t c = 0; c < contours.size(); ++c) {
    const Vector3 n = newell_normal(contours[c]);
    if (n.norm() > 1e-9 * (1 + n.norm()) && std::abs(n.normalized().dot(normal)) < 1 - kParallelTolerance)
      throw InvalidInput("contour " + std::to_string(c + 1) +
                         " lies on a plane that is not parallel to the other contours' planes: an ROI's contours "
                         "must be drawn on parallel planes");
    double w_min = std::numeric_limits<double>::max(), w_max = std::numeric_limits<double>::lowest(), sum = 0;
    for (const Vector3& p : contours[c]) {
      const double w = normal.dot(p);
      w_min = std::min(w_min, w), w_max = std::max(w_max, w), sum += w;
    }
    if (w_max - w_min > 2 * kContourPlaneTolerance_mm)
      throw InvalidInput("contour " + std::to_string(c + 1) + " is not planar: its points lie " +
                         std::to_string(w_max - w_min) + " mm apart across its plane");
    placed.push_back({sum / static_cast<double>(contours[c].size()), c});
  }
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) { return a.w < b.w; });

  // The integrated axis: the grid axis most nearly parallel to the planes; u along it within the planes, v across.
  const Matrix3& direction = grid.direction();
  int axis = 0;
  for (int a = 1; a < 3; ++a)
    if (std::abs(normal.dot(direction.col(a))) < std::abs(normal.dot(direction.col(axis)))) axis = a;
  const int axis_b = axis == 0 ? 1 : 0, axis_c = axis == 2 ? 1 : 2;
  const Vector3 step = direction.col(axis) * grid.spacing_mm()[axis];  // mm per index along the axis
  const Vector3 u_dir = (step - normal.dot(step) * normal).normalized();
  const Vector3 v_dir = normal.cross(u_dir);

  // Planes: contours within kContourPlaneTolerance_mm of the first of a group share a plane.
  std::vector<Plane> planes;
  for (std::size_t first = 0; first < placed.size();) {
    std::size_t last = first;
    double sum = 0;
    Plane plane;
    while (last < placed.size() && placed[last].w - placed[first].w <= kContourPlaneTolerance_mm) {
      const PlanarContour& c = contours[placed[last].index];
      for (std::size_t i = 0; i < c.size(); ++i) {
        const Vector3& p = c[i];
        const Vector3& q = c[(i + 1) % c.size()];
        const Edge e{u_dir.dot(p), v_dir.dot(p), u_dir.dot(q), v_dir.dot(q)};
        if (e.v1 != e.v2) plane.edges.push_back(e);  // an edge along the line never crosses it
      }
      sum += placed[last].w;
      ++last;
    }
    plane.w = sum / static_cast<double>(last - first);
    if (!plane.edges.empty()) {
      plane.build_buckets();
      planes.push_back(std::move(plane));
    }
    first = last;
  }
  if (planes.empty()) throw InvalidInput("no contour encloses an area (all are empty or collinear)");

  // Slabs (nearest plane, at most half the contouring step from a plane; see the header).
  double contour_step = 0;
  if (planes.size() > 1) {
    std::vector<double> gaps;
    for (std::size_t p = 1; p < planes.size(); ++p) gaps.push_back(planes[p].w - planes[p - 1].w);
    contour_step = median(gaps);
  } else {
    for (int a = 0; a < 3; ++a) contour_step += std::abs(normal.dot(direction.col(a))) * grid.spacing_mm()[a];
  }
  for (std::size_t p = 0; p < planes.size(); ++p) {
    const double below = p > 0 ? planes[p].w - planes[p - 1].w : contour_step;
    const double above = p + 1 < planes.size() ? planes[p + 1].w - planes[p].w : contour_step;
    planes[p].lo = planes[p].w - 0.5 * std::min(below, contour_step);
    planes[p].hi = planes[p].w + 0.5 * std::min(above, contour_step);
  }

  // The box of voxels the slabs reach, in continuous index space (not clipped: what lies beyond the grid is
  // measured as volume outside it).
  Vector3 lo_index = Vector3::Constant(std::numeric_limits<double>::max());
  Vector3 hi_index = Vector3::Constant(std::numeric_limits<double>::lowest());
  for (const auto& [w, index] : placed)
    for (const Vector3& p : contours[index])
      for (const double shift : {-contour_step, contour_step}) {
        const Vector3 x = grid.point_to_index(p + shift * 0.5 * normal);
        lo_index = lo_index.cwiseMin(x), hi_index = hi_index.cwiseMax(x);
      }
  std::array<std::int64_t, 3> first{}, last{};  // voxel ranges, inclusive
  for (int a = 0; a < 3; ++a) {
    first[a] = static_cast<std::int64_t>(std::floor(lo_index[a] + 0.5));
    last[a] = static_cast<std::int64_t>(std::floor(hi_index[a] + 0.5));
  }
  ContourCoverage coverage;
  const auto grid_size = [&](int a) { return static_cast<std::int64_t>(grid.size()[a]); };
  bool meets_grid = true;
  for (int a = 0; a < 3; ++a) {
    coverage.begin[a] = std::max<std::int64_t>(first[a], 0);
    const std::int64_t end = std::min<std::int64_t>(last[a] + 1, grid_size(a));
    if (end <= coverage.begin[a]) meets_grid = false;
    coverage.size[a] = meets_grid ? static_cast<std::size_t>(end - coverage.begin[a]) : 0;
  }
  if (!meets_grid) coverage.begin = {0, 0, 0}, coverage.size = {0, 0, 0};
  coverage.fraction.assign(coverage.size[0] * coverage.size[1] * coverage.size[2], 0.0f);

  // Sub-lines across the integrated axis: per voxel index along axis b and c, the offsets (index units) and weights
  // (summing to 1) of its sub-lines. Uniform, at most kContourSubsampleSpacing_mm apart; along an axis normal to
  // the contour planes (axial contours on an axial grid) the voxel is first cut at the slab boundaries, so that
  // the nearest-plane slabs and flat ends are integrated exactly rather than to ± one sub-line.
  const auto sub_lines = [&](int across) {
    std::vector<std::vector<std::pair<double, double>>> lines;
    const double spacing = grid.spacing_mm()[across];
    const int uniform =
        std::clamp(static_cast<int>(std::ceil(spacing / kContourSubsampleSpacing_mm)), 1, kContourMaxSubsamples);
    const double w_per_index = normal.dot(direction.col(across)) * spacing;
    const bool along_normal = std::abs(normal.dot(direction.col(across))) > 1 - 1e-9;
    const double w_at_0 = normal.dot(grid.origin_mm());  // the other axes do not move w when this one is normal
    for (std::int64_t x = first[across]; x <= last[across]; ++x) {
      std::vector<double> cuts{x - 0.5, x + 0.5};
      if (along_normal)
        for (const Plane& p : planes)
          for (const double w : {p.lo, p.hi})
            if (const double at = (w - w_at_0) / w_per_index; at > x - 0.5 && at < x + 0.5) cuts.push_back(at);
      std::sort(cuts.begin(), cuts.end());
      std::vector<std::pair<double, double>> offsets;
      for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
        const double length = cuts[k + 1] - cuts[k];
        if (!(length > 1e-12)) continue;
        const int parts = std::max(1, static_cast<int>(std::ceil(length * uniform)));
        for (int s = 0; s < parts; ++s) offsets.emplace_back(cuts[k] + (s + 0.5) * length / parts, length / parts);
      }
      lines.push_back(std::move(offsets));
    }
    return lines;
  };
  const auto lines_b = sub_lines(axis_b), lines_c = sub_lines(axis_c);
  const double t_begin = static_cast<double>(first[axis]) - 0.5, t_end = static_cast<double>(last[axis]) + 0.5;
  const double w_per_t = normal.dot(step), u_per_t = u_dir.dot(step);
  const std::size_t rows_b = static_cast<std::size_t>(last[axis_b] - first[axis_b] + 1);
  const std::size_t rows = rows_b * static_cast<std::size_t>(last[axis_c] - first[axis_c] + 1);
  const std::size_t row_length = static_cast<std::size_t>(last[axis] - first[axis] + 1);

  ParallelOptions options{threads, 16};
  const double outside_voxels = parallel_sum(
      0, rows,
      [&](std::size_t row_begin, std::size_t row_end) {
        double outside = 0;
        std::vector<double> row(row_length), crossing;
        for (std::size_t r = row_begin; r < row_end; ++r) {
          std::fill(row.begin(), row.end(), 0.0);
          Index3 voxel{};
          voxel[axis_b] = first[axis_b] + static_cast<std::int64_t>(r % rows_b);
          voxel[axis_c] = first[axis_c] + static_cast<std::int64_t>(r / rows_b);
          double weight = 0;
          const auto add = [&](double ta, double tb) {  // the line covers t ∈ [ta, tb] (index units)
            const auto i0 = static_cast<std::int64_t>(std::floor(ta + 0.5));
            const auto i1 = static_cast<std::int64_t>(std::floor(tb + 0.5));
            for (std::int64_t i = std::max(i0, first[axis]); i <= std::min(i1, last[axis]); ++i) {
              const double overlap = std::min(tb, i + 0.5) - std::max(ta, i - 0.5);
              if (overlap > 0) row[static_cast<std::size_t>(i - first[axis])] += overlap * weight;
            }
          };
          for (const auto& [offset_b, weight_b] : lines_b[static_cast<std::size_t>(voxel[axis_b] - first[axis_b])])
            for (const auto& [offset_c, weight_c] : lines_c[static_cast<std::size_t>(voxel[axis_c] - first[axis_c])]) {
              weight = weight_b * weight_c;
              Vector3 start = Vector3::Zero();
              start[axis_b] = offset_b;
              start[axis_c] = offset_c;
              const Vector3 origin = grid.index_to_point(start);  // the line's point at t = 0
              const double w0 = normal.dot(origin), u0 = u_dir.dot(origin), v = v_dir.dot(origin);
              const double wa = w0 + w_per_t * t_begin, wb = w0 + w_per_t * t_end;
              const double w_lo = std::min(wa, wb), w_hi = std::max(wa, wb);
              auto p = std::lower_bound(planes.begin(), planes.end(), w_lo,
                                        [](const Plane& plane, double w) { return plane.hi <= w; });
              for (; p != planes.end() && p->lo <= w_hi; ++p) {
                // The part of the line inside this plane's slab.
                double seg_a = t_begin, seg_b = t_end;
                if (std::abs(w_per_t) > 1e-12) {
                  const double ta = (p->lo - w0) / w_per_t, tb = (p->hi - w0) / w_per_t;
                  seg_a = std::max(seg_a, std::min(ta, tb)), seg_b = std::min(seg_b, std::max(ta, tb));
                } else if (!(p->lo <= w0 && w0 < p->hi)) {
                  continue;
                }
                if (!(seg_b > seg_a)) continue;
                p->crossings(v, crossing);
                for (std::size_t k = 0; k + 1 < crossing.size(); k += 2) {  // even-odd: inside between pairs
                  const double ta = (crossing[k] - u0) / u_per_t, tb = (crossing[k + 1] - u0) / u_per_t;
                  const double a = std::max(seg_a, std::min(ta, tb)), b = std::min(seg_b, std::max(ta, tb));
                  if (b > a) add(a, b);
                }
              }
            }
          const bool row_in_grid = voxel[axis_b] >= 0 && voxel[axis_b] < grid_size(axis_b) && voxel[axis_c] >= 0 &&
                                   voxel[axis_c] < grid_size(axis_c);
          for (std::size_t x = 0; x < row_length; ++x) {
            if (row[x] == 0) continue;
            voxel[axis] = first[axis] + static_cast<std::int64_t>(x);
            if (row_in_grid && voxel[axis] >= 0 && voxel[axis] < grid_size(axis)) {
              const std::size_t at =
                  static_cast<std::size_t>(voxel[0] - coverage.begin[0]) +
                  coverage.size[0] * (static_cast<std::size_t>(voxel[1] - coverage.begin[1]) +
                                      coverage.size[1] * static_cast<std::size_t>(voxel[2] - coverage.begin[2]));
              coverage.fraction[at] = static_cast<float>(std::min(row[x], 1.0));
            } else {
              outside += row[x];
            }
          }
        }
        return outside;
      },
      options);
  double inside_voxels = 0;
  for (const float f : coverage.fraction) inside_voxels += f;
  coverage.volume_in_grid_mm3 = inside_voxels * grid.voxel_volume_mm3();
  coverage.volume_outside_grid_mm3 = outside_voxels * grid.voxel_volume_mm3();
  return coverage;
}

}  // namespace rptdose::analysis
