#include "voxel_transport.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "rptdose/core/parallel.hpp"
#include "rptdose/kernels/electron_physics.hpp"

namespace rptdose::montecarlo::detail {
namespace {

using kernels::electrons::kElectronRestEnergy_MeV;
using kernels::mc::kPi;
using kernels::mc::rotate;

constexpr double kMmPerCm = 10.0;
/// Fraction of an electron's energy lost continuously per condensed-history step (the kernels' electron Monte
/// Carlo uses 0.02 for sub-millimetre kernels; dose in millimetre voxels does not change between 0.02 and 0.05:
/// docs/monte-carlo.md).
constexpr double kStepEnergyFraction = 0.1;
/// Steps that end on a voxel face go this far past it (cm), so the next step starts inside the next voxel.
constexpr double kBoundaryPush_cm = 1e-7;
/// (2π a₀)² in Å² (Bohr radius a₀ = 0.529177 Å): the hydrogen form factor F = (1 + b x²)⁻².
constexpr double kHydrogenFormFactorB_A2 = 11.0553;
/// hc = 12.39842 keV·Å: x = sin(θ/2)/λ = E[keV]/12.39842 · sin(θ/2).
constexpr double kHcKeVAngstrom = 12.39842;

Vec3 isotropic(CounterRandom& random) {
  const double cos_theta = 2.0 * random() - 1.0;
  const double sin_theta = std::sqrt(std::max(0.0, 1.0 - cos_theta * cos_theta));
  const double phi = 2.0 * kPi * random();
  return {sin_theta * std::cos(phi), sin_theta * std::sin(phi), cos_theta};
}

Vec3 normalised(Vec3 v) {
  const double n = std::sqrt(v.x * v.x + v.y * v.y + v.z * v.z);
  return n > 0.0 ? Vec3{v.x / n, v.y / n, v.z / n} : Vec3{0.0, 0.0, 1.0};
}

/// cos θ of coherent scattering: s = x² from (1 + b s)⁻⁴ on [0, s_max] by inversion, then Thomson (1 + cos²θ)/2
/// by rejection (acceptance ≥ 1/2). cos θ = 1 − 2 s/s_max since s = (E/hc)² (1 − cos θ)/2.
double sample_coherent_cos(double energy_MeV, double z_eff, CounterRandom& random) {
  const double e_keV = energy_MeV * 1e3;
  const double s_max = (e_keV / kHcKeVAngstrom) * (e_keV / kHcKeVAngstrom);
  const double b = kHydrogenFormFactorB_A2 * std::pow(z_eff, -2.0 / 3.0);
  const double tail = std::pow(1.0 + b * s_max, -3.0);
  for (;;) {
    const double u = random();
    const double s = (std::pow(1.0 - u * (1.0 - tail), -1.0 / 3.0) - 1.0) / b;
    const double cos_theta = std::clamp(1.0 - 2.0 * s / s_max, -1.0, 1.0);
    if (2.0 * random() < 1.0 + cos_theta * cos_theta) return cos_theta;
  }
}

}  // namespace

VoxelTransport::VoxelTransport(const VoxelGeometry& geometry, const MonteCarloOptions& options)
    : material_(geometry.material_index.data()),
      density_(geometry.density_g_per_cm3.data()),
      grid_(options.physics.grid),
      electron_cutoff_MeV_(options.electron_cutoff_MeV),
      photon_cutoff_MeV_(options.photon_cutoff_MeV),
      knock_on_cutoff_MeV_(options.physics.knock_on_cutoff_MeV),
      range_rejection_(options.range_rejection) {
  const Grid& g = geometry.grid();
  for (int a = 0; a < 3; ++a) {
    size_[a] = static_cast<double>(g.size()[a]);
    spacing_cm_[a] = g.spacing_mm()[a] / kMmPerCm;
    inverse_spacing_cm_[a] = 1.0 / spacing_cm_[a];
  }
  // Densest voxel of each material: the majorant of Woodcock tracking.
  std::vector<double> max_density(geometry.materials.size(), 0.0);
  const std::size_t n = g.voxel_count();
  for (std::size_t v = 0; v < n; ++v)
    max_density[material_[v]] = std::max(max_density[material_[v]], static_cast<double>(density_[v]));
  majorant_per_cm_.assign(grid_.size(), 0.0);
  // Tables of the materials some voxel uses (a CT uses a few of the 26 Schneider bins), built in parallel: about
  // 50 ms each, mostly the elastic transport cross-section.
  materials_.resize(geometry.materials.size());
  parallel_for(0, geometry.materials.size(),
               [&](std::size_t begin, std::size_t end) {
                 for (std::size_t m = begin; m < end; ++m)
                   if (max_density[m] > 0.0) materials_[m] = material_data(geometry.materials[m], options.physics);
               },
               {options.threads, 1});
  for (std::size_t m = 0; m < geometry.materials.size(); ++m)
    for (std::size_t i = 0; i < grid_.size() && max_density[m] > 0.0; ++i)
      majorant_per_cm_[i] = std::max(majorant_per_cm_[i], max_density[m] * materials_[m].tables.photons.total[i]);
}

VoxelTransport::MaterialData VoxelTransport::material_data(const Material& material, const PhysicsSettings& physics) {
  MaterialData data;
  data.tables = build_material_tables(material, physics);
  const auto& el = data.tables.electrons;
  const LogEnergyGrid& grid = physics.grid;
  const std::size_t points = grid.size();
  data.continuous_stopping.resize(points);
  data.moller = el.moller_cross_section;
  data.bremsstrahlung.resize(points);
  data.max_range.resize(points);
  for (std::size_t i = 0; i < points; ++i) {
    const double e = grid.energy_MeV(i);
    const double soft = e > kBremsstrahlungCutoff_MeV ? kBremsstrahlungCutoff_MeV / e : 1.0;
    data.continuous_stopping[i] = el.restricted_collision_stopping[i] + soft * el.radiative_stopping[i];
    data.bremsstrahlung[i] =
        e > kBremsstrahlungCutoff_MeV ? el.radiative_stopping[i] * std::log(e / kBremsstrahlungCutoff_MeV) / e : 0.0;
    // Range: E0/S(E0) below the first point, then the trapezoid rule in ln E (dE = E d ln E).
    if (i == 0) {
      data.max_range[i] = e / data.continuous_stopping[i];
    } else {
      const double e0 = grid.energy_MeV(i - 1);
      data.max_range[i] =
          data.max_range[i - 1] +
          0.5 * std::log(e / e0) * (e0 / data.continuous_stopping[i - 1] + e / data.continuous_stopping[i]);
    }
  }
  double z = 0.0;
  for (const auto& element : material.elements) z += element.mass_fraction * element.z;
  data.z_eff = std::max(z, 1.0);
  return data;
}

void VoxelTransport::emit(ParticleKind kind, double energy_MeV, const Vec3& position_cm, std::int64_t voxel,
                          CounterRandom& random, ChunkTally& tally, std::vector<Particle>& stack) const {
  const bool photon_origin = kind == ParticleKind::Photon;
  if (kind == ParticleKind::Electron && absorbed_where_it_is(energy_MeV, position_cm, voxel)) {
    tally.deposit(static_cast<std::uint32_t>(voxel), energy_MeV, photon_origin);
    return;
  }
  run({position_cm, isotropic(random), energy_MeV, kind, photon_origin}, random, tally, stack);
}

bool VoxelTransport::absorbed_where_it_is(double energy_MeV, const Vec3& position_cm, std::int64_t voxel) const {
  if (energy_MeV <= electron_cutoff_MeV_) return true;
  if (!range_rejection_) return false;
  std::size_t bin;
  double f;
  grid_.locate(energy_MeV, bin, f);
  return interpolate(materials_[material_[voxel]].max_range, bin, f) / density_[voxel] <
         distance_to_nearest_face(position_cm);
}

void VoxelTransport::run(const Particle& start, CounterRandom& random, ChunkTally& tally,
                         std::vector<Particle>& stack) const {
  stack.clear();
  stack.push_back(start);
  while (!stack.empty()) {
    const Particle p = stack.back();
    stack.pop_back();
    if (p.kind == ParticleKind::Photon)
      photon(p, random, tally, stack);
    else
      electron(p, random, tally, stack);
  }
}

void VoxelTransport::deposit_at(const Vec3& p, double energy_MeV, bool photon_origin, ChunkTally& tally) const {
  const std::int64_t v = voxel_of(p);
  if (v < 0)
    tally.escaped_MeV += energy_MeV;
  else
    tally.deposit(static_cast<std::uint32_t>(v), energy_MeV, photon_origin);
}

double VoxelTransport::distance_to_exit(const Vec3& p, const Vec3& d, std::int64_t) const {
  const double pos[3] = {p.x, p.y, p.z}, dir[3] = {d.x, d.y, d.z};
  double best = std::numeric_limits<double>::infinity();
  for (int a = 0; a < 3; ++a) {
    if (dir[a] == 0.0) continue;
    const double cell = std::floor(pos[a] * inverse_spacing_cm_[a]);
    const double face = (dir[a] > 0.0 ? cell + 1.0 : cell) * spacing_cm_[a];
    best = std::min(best, (face - pos[a]) / dir[a]);
  }
  return std::max(best, 0.0);
}

double VoxelTransport::distance_to_nearest_face(const Vec3& p) const {
  const double pos[3] = {p.x, p.y, p.z};
  double best = std::numeric_limits<double>::infinity();
  for (int a = 0; a < 3; ++a) {
    const double cell = std::floor(pos[a] * inverse_spacing_cm_[a]) * spacing_cm_[a];
    best = std::min({best, pos[a] - cell, cell + spacing_cm_[a] - pos[a]});
  }
  return best;
}

std::int64_t VoxelTransport::fly_to_collision(Particle& p, CounterRandom& random, std::size_t& bin, double& f) const {
  grid_.locate(p.energy_MeV, bin, f);
  const double majorant = interpolate(majorant_per_cm_, bin, f);
  for (;;) {
    p.position_cm = p.position_cm + (-std::log(1.0 - random()) / majorant) * p.direction;
    const std::int64_t v = voxel_of(p.position_cm);
    if (v < 0) return -1;
    const double mu = density_[v] * interpolate(materials_[material_[v]].tables.photons.total, bin, f);
    if (random() * majorant < mu) return v;  // else a virtual collision: fly on
  }
}

void VoxelTransport::photon(Particle p, CounterRandom& random, ChunkTally& tally, std::vector<Particle>& stack) const {
  for (;;) {
    if (p.energy_MeV < photon_cutoff_MeV_) {
      deposit_at(p.position_cm, p.energy_MeV, p.photon_origin, tally);
      return;
    }
    std::size_t bin;
    double f;
    const std::int64_t v = fly_to_collision(p, random, bin, f);
    if (v < 0) {
      tally.escaped_MeV += p.energy_MeV;
      return;
    }
    const MaterialData& m = materials_[material_[v]];
    const auto& xs = m.tables.photons;
    const double total = interpolate(xs.total, bin, f);
    double choice = random() * total;
    const double coherent = interpolate(xs.coherent, bin, f);
    if (choice < coherent) {
      p.direction = rotate(p.direction, sample_coherent_cos(p.energy_MeV, m.z_eff, random), 2.0 * kPi * random());
      continue;
    }
    choice -= coherent;
    const double photoelectric = interpolate(xs.photoelectric, bin, f);
    if (choice < photoelectric) {
      // The photoelectron, range-rejected before its (isotropic) direction is drawn.
      if (absorbed_where_it_is(p.energy_MeV, p.position_cm, v))
        tally.deposit(static_cast<std::uint32_t>(v), p.energy_MeV, p.photon_origin);
      else
        stack.push_back({p.position_cm, isotropic(random), p.energy_MeV, ParticleKind::Electron, p.photon_origin});
      return;
    }
    choice -= photoelectric;
    const double incoherent = interpolate(xs.incoherent, bin, f);
    if (choice < incoherent) {
      double cos_theta = 1.0;
      const double ratio = kernels::mc::sample_klein_nishina(p.energy_MeV, random, cos_theta);
      const Vec3 before = p.direction;
      p.direction = rotate(p.direction, cos_theta, 2.0 * kPi * random());
      const double electron_energy = p.energy_MeV * (1.0 - ratio);
      // The electron takes the momentum the photon lost (p_e ∝ E·d − E'·d').
      const Vec3 momentum = before + (-ratio) * p.direction;
      if (absorbed_where_it_is(electron_energy, p.position_cm, v))
        tally.deposit(static_cast<std::uint32_t>(v), electron_energy, p.photon_origin);
      else
        stack.push_back(
            {p.position_cm, normalised(momentum), electron_energy, ParticleKind::Electron, p.photon_origin});
      p.energy_MeV *= ratio;
      continue;
    }
    // Pair production (nuclear and electron field).
    const double kinetic = std::max(p.energy_MeV - 2.0 * kElectronRestEnergy_MeV, 0.0);
    const double share = random();
    stack.push_back({p.position_cm, p.direction, kinetic * share, ParticleKind::Electron, p.photon_origin});
    stack.push_back({p.position_cm, p.direction, kinetic * (1.0 - share), ParticleKind::Positron, p.photon_origin});
    return;
  }
}

void VoxelTransport::electron(Particle e, CounterRandom& random, ChunkTally& tally,
                              std::vector<Particle>& stack) const {
  const auto finish = [&](const Particle& at) {
    if (at.energy_MeV > 0.0) deposit_at(at.position_cm, at.energy_MeV, at.photon_origin, tally);
    if (at.kind == ParticleKind::Positron) {
      const Vec3 d = isotropic(random);
      stack.push_back({at.position_cm, d, kElectronRestEnergy_MeV, ParticleKind::Photon, at.photon_origin});
      stack.push_back({at.position_cm, -1.0 * d, kElectronRestEnergy_MeV, ParticleKind::Photon, at.photon_origin});
    }
  };
  for (;;) {
    const std::int64_t v = voxel_of(e.position_cm);
    if (v < 0) {
      tally.escaped_MeV += e.energy_MeV;
      if (e.kind == ParticleKind::Positron) tally.escaped_MeV += 2.0 * kElectronRestEnergy_MeV;
      return;
    }
    if (absorbed_where_it_is(e.energy_MeV, e.position_cm, v)) {
      finish(e);
      return;
    }
    const MaterialData& m = materials_[material_[v]];
    const double density = density_[v];
    std::size_t bin;
    double f;
    grid_.locate(e.energy_MeV, bin, f);
    const double stopping = interpolate(m.continuous_stopping, bin, f) * density;  // MeV/cm
    const double continuous_step = kStepEnergyFraction * e.energy_MeV / stopping;
    // Discrete events (Møller, bremsstrahlung) grow more likely as the electron slows: the larger cross-section
    // over the step is a majorant, real events accepted with the ratio (fictitious-interaction method).
    std::size_t end_bin;
    double end_f;
    grid_.locate(e.energy_MeV * (1.0 - kStepEnergyFraction), end_bin, end_f);
    const double sigma_start = (interpolate(m.moller, bin, f) + interpolate(m.bremsstrahlung, bin, f)) * density;
    const double sigma_end =
        (interpolate(m.moller, end_bin, end_f) + interpolate(m.bremsstrahlung, end_bin, end_f)) * density;
    const double sigma_major = std::max(sigma_start, sigma_end);
    const double hard_distance =
        sigma_major > 0.0 ? -std::log(1.0 - random()) / sigma_major : std::numeric_limits<double>::infinity();
    const double exit = distance_to_exit(e.position_cm, e.direction, v) + kBoundaryPush_cm;
    double step = std::min({continuous_step, hard_distance, exit});
    const bool hard = hard_distance <= step;
    const double mid_energy = std::max(e.energy_MeV - 0.5 * stopping * step, 0.5 * e.energy_MeV);
    std::size_t mid_bin;
    double mid_f;
    grid_.locate(mid_energy, mid_bin, mid_f);
    double loss = interpolate(m.continuous_stopping, mid_bin, mid_f) * density * step;
    if (loss >= e.energy_MeV) {
      step *= e.energy_MeV / loss;
      loss = e.energy_MeV;
    }
    // Random hinge: straight to a uniformly chosen point of the step, deflect, straight for the rest.
    const double hinge = random() * step;
    const double mfp_cm = 1.0 / (interpolate(m.tables.electrons.transport_cross_section, mid_bin, mid_f) * density);
    const double one_minus_cos_mean = -std::expm1(-step / mfp_cm);
    const double screening = screening_.screening_for(one_minus_cos_mean);
    const double xi = random();
    const double one_minus_cos = 2.0 * screening * xi / (1.0 + screening - xi);
    const Vec3 at_hinge = e.position_cm + hinge * e.direction;
    const Vec3 new_direction = rotate(e.direction, 1.0 - one_minus_cos, 2.0 * kPi * random());
    const double where = random() * step;
    deposit_at(where < hinge ? e.position_cm + where * e.direction : at_hinge + (where - hinge) * new_direction, loss,
               e.photon_origin, tally);
    e.position_cm = at_hinge + (step - hinge) * new_direction;
    e.direction = new_direction;
    e.energy_MeV -= loss;
    if (!hard || e.energy_MeV <= electron_cutoff_MeV_) continue;
    grid_.locate(e.energy_MeV, bin, f);
    const double moller = interpolate(m.moller, bin, f) * density;
    const double bremsstrahlung = interpolate(m.bremsstrahlung, bin, f) * density;
    const double u = random() * sigma_major;
    if (u < moller && e.energy_MeV > 2.0 * knock_on_cutoff_MeV_) {
      const double fraction = kernels::electrons::sample_moller_fraction(e.energy_MeV, knock_on_cutoff_MeV_, random);
      const double before = e.energy_MeV;
      const double knock_on = fraction * before;
      const double after = before - knock_on;
      const double two_m = 2.0 * kElectronRestEnergy_MeV;
      const double phi = 2.0 * kPi * random();
      const double cos_knock_on = std::sqrt(knock_on * (before + two_m) / (before * (knock_on + two_m)));
      const double cos_primary = std::sqrt(after * (before + two_m) / (before * (after + two_m)));
      stack.push_back({e.position_cm, rotate(e.direction, std::min(cos_knock_on, 1.0), phi), knock_on,
                       ParticleKind::Electron, e.photon_origin});
      e.direction = rotate(e.direction, std::min(cos_primary, 1.0), phi + kPi);
      e.energy_MeV = after;
    } else if (u < moller + bremsstrahlung && e.energy_MeV > kBremsstrahlungCutoff_MeV) {
      const double k = kBremsstrahlungCutoff_MeV * std::pow(e.energy_MeV / kBremsstrahlungCutoff_MeV, random());
      stack.push_back({e.position_cm, e.direction, k, ParticleKind::Photon, e.photon_origin});
      e.energy_MeV -= k;
    }
  }
}

}  // namespace rptdose::montecarlo::detail
