#pragma once
// rptdose::montecarlo — materials of the Monte Carlo: elemental composition (mass fractions), nominal density and
// mean excitation energy; the tables that give them (GATE/OpenDose material databases as the ICRP 110 phantoms
// come, and the Schneider et al. 2000 CT-number bins); and the voxel geometry the transport walks through (a
// material index and a mass density per voxel).
//
// Module montecarlo is part of the compute core: it depends on core, nuclides and kernels, never on ITK or DCMTK.
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "rptdose/core/volume.hpp"

namespace rptdose::montecarlo {

/// One element of a material: atomic number and mass fraction.
struct ElementFraction {
  int z;
  double mass_fraction;
  bool operator==(const ElementFraction&) const = default;
};

struct Material {
  std::string name;
  /// Nominal density (g/cm³); voxels carry their own density (VoxelGeometry::density_g_per_cm3).
  double density_g_per_cm3 = 1.0;
  /// Mass fractions, summing to 1 (make_material renormalises sums within 1 %).
  std::vector<ElementFraction> elements;
  /// Mean excitation energy I (eV); 0 means Bragg additivity of the ICRU Report 37 values for elements in
  /// compounds.
  double mean_excitation_eV = 0.0;
  /// Gases get the gas-phase Sternheimer density-effect parameters.
  bool gas = false;
  bool operator==(const Material&) const = default;
};

/// A checked material: throws InvalidInput when the name is empty, an element is unknown to the bundled data
/// (data/montecarlo/), a fraction is not positive, the fractions do not sum to 1 within 1 %, or the density is not
/// finite and positive. Fractions within 1 % of a sum of 1 are renormalised.
Material make_material(std::string name, double density_g_per_cm3, std::vector<ElementFraction> elements,
                       double mean_excitation_eV = 0.0, bool gas = false);

/// Reference materials (ICRU Report 44/46 compositions, as given by NIST's material composition data).
const Material& liquid_water();
const Material& icrp_soft_tissue();

/// Reads a GATE material database (the `[Elements]` and `[Materials]` sections of e.g. the OpenDose ICRP 110
/// `AM_GateMaterials.db`: `Name: d=1.05 g/cm3 ; n=9` then `+el: name=Hydrogen ; f=0.105` lines; densities in
/// g/cm3 or mg/cm3; `state=gas`). `source` names the file in messages. Throws InvalidInput naming the line.
std::vector<Material> read_gate_materials(std::istream& in, const std::string& source);

/// One row of a GATE label-to-material table (`AM_LabelsToMaterials.txt`: `first last_exclusive Name`): labels in
/// [first, last_exclusive) are made of `material`.
struct LabelMaterialRange {
  std::uint32_t first;
  std::uint32_t last_exclusive;
  std::string material;
};
std::vector<LabelMaterialRange> read_gate_label_materials(std::istream& in, const std::string& source);

/// The voxel world of the transport: per voxel an index into `materials` and a mass density (g/cm³).
struct VoxelGeometry {
  std::vector<Material> materials;
  Volume<std::uint16_t> material_index;
  Volume<float> density_g_per_cm3;

  const Grid& grid() const { return density_g_per_cm3.grid(); }
  /// Throws InvalidInput when the two maps are not on one grid, an index is out of range (naming the first
  /// voxel), or a density is not finite and positive (naming how many and the first).
  void validate() const;
};

/// Uniform material of `density_g_per_cm3` (default: the material's nominal density) on `grid`.
VoxelGeometry uniform_geometry(const Grid& grid, const Material& material, double density_g_per_cm3 = 0.0);

/// A label map + a material per label (the ICRP 110 phantoms): each voxel takes the material of its label and
/// that material's nominal density. Throws InvalidInput naming a label that has no material.
VoxelGeometry geometry_from_labels(const Volume<std::uint16_t>& labels, const std::vector<Material>& materials,
                                   const std::vector<LabelMaterialRange>& label_materials);

/// One bin of a CT-number-to-material table: voxels with HU ≥ hu_lower (and below the next bin's) are `material`.
struct HuMaterialBin {
  double hu_lower;
  Material material;
};
/// The tissue bins of Schneider, Bortfeld & Schlegel (2000), Phys. Med. Biol. 45:459, Table 6 (compositions of
/// ICRU 44/46 tissues interpolated between them), as used by GATE (Schneider2000MaterialsTable.txt).
const std::vector<HuMaterialBin>& schneider2000_bins();

struct CtConversionOptions {
  /// HU → material bins (ascending hu_lower); default schneider2000_bins().
  std::vector<HuMaterialBin> bins;
};

/// Throws InvalidInput when `ct_hu` has NaN or infinite voxels, or no voxel below −500 (no air: it does not look like
/// Hounsfield units, e.g. stored values without their RescaleSlope/Intercept).
void require_hounsfield_units(const Volume<float>& ct_hu);

/// Materials and densities of a CT in HU: composition from the bin of each voxel, density from
/// `hu_to_density_g_per_cm3` (the same HU→density curve as the kernel's density correction, so both methods see
/// the same mass). Throws InvalidInput when the CT does not look like HU (no voxel below −500: "is this CT in HU?
/// rescale it with its RescaleSlope/Intercept"), or has non-finite voxels.
VoxelGeometry geometry_from_ct(const Volume<float>& ct_hu, const Volume<float>& density_g_per_cm3,
                               const CtConversionOptions& options = {});

}  // namespace rptdose::montecarlo
