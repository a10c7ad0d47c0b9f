#pragma once
// rptdose::dose — CT numbers (HU) to mass density (g/mL = g/cm³) for the density correction of dose
// (density_correction.hpp): a piecewise-linear calibration curve through (HU, density) points.
//
// Default curve: the piecewise-linear HU→density relation of Schneider, Bortfeld and Schlegel (2000), "Correlation
// between CT numbers and tissue parameters needed for Monte Carlo simulations of clinical dose distributions",
// Phys. Med. Biol. 45:459–478, as tabulated for Monte Carlo use in GATE's Schneider2000DensitiesTable.txt:
//
//     HU      −1000    −98    −97       14     23     101     1600    3000
//     g/mL  0.00121   0.93  0.930486  1.03  1.031  1.0762  1.9642   2.8
//
// with one change: that table also has the node (100 HU, 1.1199 g/mL), the top of its soft-tissue segment, from
// which density drops to 1.0762 at 101 HU where the skeletal segment starts. It is left out so that density never
// decreases with HU; between 23 and 101 HU the curve is up to 0.044 g/mL (4 %, at 100 HU) below the table's, and
// it gives 1.047 g/mL at 50 HU (ICRU 44 soft tissues: muscle 1.05, liver 1.06, kidney 1.05). The curve is for
// human tissues: at 0 HU it gives 1.017 g/mL, not water's 1.000. It belongs to a CT scanner and tube voltage
// (Schneider calibrated a Siemens scanner at 120 kV): for another scanner, pass its measured curve.
//
// Outside the table the end nodes' densities are kept (clamped, not extrapolated): below −1000 HU are air and
// padding values (−1024, −3024), above 3000 HU metal and saturated voxels, where a tissue curve means nothing.
// Module dose; depends on core only.
#include <string>
#include <vector>

#include "rptdose/core/parallel.hpp"
#include "rptdose/core/volume.hpp"

namespace rptdose::dose {

struct HuDensityPoint {
  double hu;
  double density_g_per_ml;
};

class HuDensityCalibration {
 public:
  /// Throws InvalidInput when there are fewer than 2 points, an HU value or density is not finite, a density is
  /// not positive, or the HU values are not strictly increasing (naming the offending points).
  explicit HuDensityCalibration(std::vector<HuDensityPoint> points, std::string source = "user calibration");

  /// The default curve (see the top of this header).
  static HuDensityCalibration schneider2000();

  /// Density (g/mL) at `hu`: linear between neighbouring points, the end points' densities outside. NaN gives NaN.
  double density_g_per_ml(double hu) const;

  const std::vector<HuDensityPoint>& points() const { return points_; }
  const std::string& source() const { return source_; }
  /// "Schneider et al. 2000 ...: 8 points from -1000 HU (0.00121 g/mL) to 3000 HU (2.8 g/mL), clamped outside".
  std::string describe() const;

 private:
  std::vector<HuDensityPoint> points_;
  std::string source_;
};

/// Density map (g/mL) of a CT in HU, on the CT's grid; `ct_hu` is not modified. Throws InvalidInput when the CT is
/// empty or has NaN or infinite voxels (naming how many and the first). To bring it onto the dose grid, use
/// registration::resample(density, dose_grid, Interpolation::Linear, transform, air density).
Volume<float> hu_to_density(const Volume<float>& ct_hu,
                            const HuDensityCalibration& calibration = HuDensityCalibration::schneider2000(),
                            ParallelOptions parallel = {});

}  // namespace rptdose::dose
