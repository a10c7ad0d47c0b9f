#pragma once
// rptdose::core — units. The core computes in SI (s, Bq, J, kg, Gy) with lengths in mm where they describe
// image geometry; these named constants convert at the edges. Sources are given per constant.
//
// Module core owns geometry, volumes, units, errors, threads, progress and data paths; it depends on Eigen only (no
// other rptdose module, no ITK or DCMTK).
namespace rptdose::units {

// Energy. 1 eV = e J with e = 1.602176634e-19 C exactly (SI 2019 definition, CODATA 2018).
inline constexpr double kJoulePerMeV = 1.602176634e-13;

// Time (definitions).
inline constexpr double kSecondsPerMinute = 60.0;
inline constexpr double kSecondsPerHour = 3600.0;
inline constexpr double kSecondsPerDay = 86400.0;
// Year of 365.2422 d (mean tropical year), the year of the ICRP-107 half-lives as tabulated by radioactivedecay
// (e.g. Bi-207: 32.9 y = 1.0382229e9 s); the two reference files agree only with this value.
inline constexpr double kSecondsPerYear = 365.2422 * kSecondsPerDay;

// Activity and time-integrated activity. 1 MBq·h = 1e6 Bq × 3600 s.
inline constexpr double kBqPerMBq = 1.0e6;
inline constexpr double kBqPerGBq = 1.0e9;
inline constexpr double kBqSecondsPerMBqHour = kBqPerMBq * kSecondsPerHour;

// Dose per decay: 1 mGy/(MBq·s) = 1e-3 Gy / (1e6 Bq·s) = 1e-9 Gy/(Bq·s).
inline constexpr double kGyPerBqSecondPerMilliGyPerMBqSecond = 1.0e-9;

// Volume and mass: 1 mL = 1 cm³ = 1000 mm³; 1 g = 1e-3 kg.
inline constexpr double kMm3PerMl = 1000.0;
inline constexpr double kKgPerGram = 1.0e-3;

// Densities (g/mL = g/cm³). Soft tissue: ICRU Report 44 (1989), 1.04 g/cm³, the medium of the Monte Carlo voxel
// S-value databases rptdose validates against (e.g. Lanconelli et al. 2012) and of its kernels by default.
inline constexpr double kWaterDensity_g_per_ml = 1.00;
inline constexpr double kSoftTissueDensity_g_per_ml = 1.04;

}  // namespace rptdose::units
