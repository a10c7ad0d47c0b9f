"""Type stubs of rptdose._rptdose, the compiled core (python/src/*_bindings.cpp).

Conventions: image arrays are indexed [z, y, x]; spacings are (z, y, x) in mm or one number (isotropic), or a
Grid (its spacing); every triple of a Grid is (z, y, x); image-sized inputs are C-contiguous float32/float64 arrays (labels and masks: integer or boolean).
"""

import os
from typing import Any, Callable, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, TypedDict, Union, overload

import numpy as np
import numpy.typing as npt

__version__: str

# ---- shared argument types -------------------------------------------------------------------------------------
FloatArray = Union[npt.NDArray[np.float32], npt.NDArray[np.float64]]
LabelArray = npt.NDArray[Union[np.integer[Any], np.bool_]]
Spacing = Union[float, Sequence[float], "Grid"]
"""Voxel spacing in mm: one number (isotropic), (z, y, x), or a Grid (its spacing)."""
PathLike = Union[str, "os.PathLike[str]"]
NuclideLike = Union[str, "Nuclide"]
Component = Literal["total", "alpha", "electron", "photon"]

# ---- errors (errors_bindings.cpp) ------------------------------------------------------------------------------
class Error(RuntimeError): ...
class InvalidInput(Error, ValueError): ...
class UnknownNuclide(InvalidInput): ...
class IoError(Error, OSError): ...
class NumericalError(Error): ...
class Cancelled(Error): ...

# ---- geometry (core_bindings.cpp) ------------------------------------------------------------------------------
class Grid:
    """Geometry of a [z, y, x] array; point (z, y, x) mm of array[k, j, i] = origin_mm + direction @ (spacing_mm *
    (k, j, i)), in the file's patient space (LPS)."""

    def __init__(
        self,
        shape: Sequence[int],
        spacing_mm: Union[float, Sequence[float]],
        origin_mm: Sequence[float] = (0.0, 0.0, 0.0),
        direction: Optional[npt.ArrayLike] = None,
    ) -> None: ...
    @property
    def shape(self) -> Tuple[int, int, int]: ...
    @property
    def spacing_mm(self) -> Tuple[float, float, float]: ...
    @property
    def origin_mm(self) -> Tuple[float, float, float]: ...
    @property
    def direction(self) -> npt.NDArray[np.float64]: ...
    @property
    def voxel_volume_ml(self) -> float: ...
    def same_geometry(self, other: "Grid", tolerance_mm: float = 1e-4, tolerance_direction: float = 1e-6) -> bool: ...
    def __eq__(self, other: object) -> bool: ...

# ---- image files (io_bindings.cpp; built with ITK) -------------------------------------------------------------
def read_image(path: PathLike) -> Tuple[npt.NDArray[np.float32], Grid]: ...
def read_labels(path: PathLike) -> Tuple[npt.NDArray[np.int32], Grid]: ...
def write_image(path: PathLike, image: Union[FloatArray, LabelArray], grid: Grid) -> None: ...
def write_rt_dose(
    path: PathLike,
    dose: FloatArray,
    grid: Grid,
    *,
    reference: Optional[PathLike] = None,
    dose_type: str = "physical",
    series_description: str = "",
    dose_comment: str = "",
    density_corrected: bool = False,
) -> Dict[str, Any]: ...

# ---- convolution (convolution_bindings.cpp) --------------------------------------------------------------------
def fft_library_name() -> str: ...
@overload
def convolve(
    source: npt.NDArray[np.float32],
    kernel: npt.ArrayLike,
    *,
    engine: Literal["automatic", "fft", "direct"] = "automatic",
    threads: Optional[int] = None,
    fft_library: Literal["default", "fftw", "eigen"] = "default",
    max_memory_bytes: int = ...,
    out: Optional[npt.NDArray[np.float32]] = None,
) -> npt.NDArray[np.float32]: ...
@overload
def convolve(
    source: npt.NDArray[np.floating[Any]],
    kernel: npt.ArrayLike,
    *,
    engine: Literal["automatic", "fft", "direct"] = "automatic",
    threads: Optional[int] = None,
    fft_library: Literal["default", "fftw", "eigen"] = "default",
    max_memory_bytes: int = ...,
    out: Optional[npt.NDArray[np.float64]] = None,
) -> npt.NDArray[np.float64]: ...

class Convolver:
    def __init__(
        self,
        kernel: npt.ArrayLike,
        *,
        engine: Literal["automatic", "fft", "direct"] = "automatic",
        threads: Optional[int] = None,
        fft_library: Literal["default", "fftw", "eigen"] = "default",
        max_memory_bytes: int = ...,
    ) -> None: ...
    @overload
    def convolve(
        self, source: npt.NDArray[np.float32], *, out: Optional[npt.NDArray[np.float32]] = None
    ) -> npt.NDArray[np.float32]: ...
    @overload
    def convolve(
        self, source: npt.NDArray[np.floating[Any]], *, out: Optional[npt.NDArray[np.float64]] = None
    ) -> npt.NDArray[np.float64]: ...
    @property
    def kernel(self) -> npt.NDArray[np.float64]: ...
    @property
    def threads(self) -> int: ...

# ---- time-activity (timeactivity_bindings.cpp) -----------------------------------------------------------------
MODEL_CODES: Dict[int, str]
STATUS_CODES: Dict[int, str]

class FitSummary(TypedDict):
    voxels: int
    status: Dict[str, int]
    model: Dict[str, int]
    negative_samples: int
    negative_integrals: int

def fit_tia(
    images: Union[FloatArray, Sequence[FloatArray]],
    times_h: Union[Sequence[float], npt.NDArray[np.floating[Any]]],
    *,
    nuclide: NuclideLike,
    decay_corrected: bool,
    units: Literal["Bq", "Bq/mL", "Gy/s"] = "Bq",
    spacing_mm: Optional[Spacing] = None,
    mask: Optional[LabelArray] = None,
    model: str = "auto",
    weighting: Literal["poisson", "uniform"] = "poisson",
    predict_nuclide: Optional[NuclideLike] = None,
    threads: Optional[int] = None,
) -> Dict[str, Any]:
    """Keys: tia_Bq_s, tia_se_Bq_s, effective_half_life_h, r_squared (float32 [z, y, x]), model, status (uint8),
    predicted_tia_Bq_s (with predict_nuclide), summary (FitSummary)."""
    ...

# ---- analysis (analysis_bindings.cpp) --------------------------------------------------------------------------
def voi_stats(
    dose: FloatArray,
    labels: LabelArray,
    spacing_mm: Spacing,
    *,
    density: Optional[FloatArray] = None,
    dose_volume_percent: Sequence[float] = (2, 50, 95, 98),
    thresholds: Sequence[float] = (),
) -> List[Dict[str, float]]:
    """One dict per label: label, voxels, volume_ml, mass_g, mean, median, min, max, sd, D<x>, V<x>."""
    ...

def dvh(
    dose: FloatArray, labels: LabelArray, label: int, bins: int = 200
) -> Tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...

# ---- nuclides (nuclides_bindings.cpp) --------------------------------------------------------------------------
class EnergyPerDecay(TypedDict):
    """MeV per decay."""

    alpha: float
    alpha_recoil: float
    electron: float
    photon: float
    total: float

class DecayMode(TypedDict):
    mode: str
    fraction: float
    progeny: str

class ChainMember(TypedDict):
    name: str
    decays_per_parent_decay: float
    half_life_s: float
    energy_per_decay_MeV: EnergyPerDecay

class CutDaughter(TypedDict):
    name: str
    half_life_s: float
    decays_per_parent_decay: float

class Nuclide:
    def __init__(self, name: str) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def half_life_s(self) -> float: ...
    @property
    def half_life_h(self) -> float: ...
    @property
    def decay_constant_per_s(self) -> float: ...
    @property
    def decay_modes(self) -> List[DecayMode]: ...
    def energy_per_decay_MeV(
        self,
        *,
        chain: bool = False,
        max_daughter_half_life_s: float = 2592000.0,
        leaving_fraction: Mapping[str, float] = {},
    ) -> EnergyPerDecay: ...
    def chain(
        self, *, max_daughter_half_life_s: float = 2592000.0, leaving_fraction: Mapping[str, float] = {}
    ) -> List[ChainMember]: ...
    def cut_daughters(
        self, *, max_daughter_half_life_s: float = 2592000.0, leaving_fraction: Mapping[str, float] = {}
    ) -> List[CutDaughter]: ...
    def lines(self, radiation: str) -> npt.NDArray[np.float64]: ...
    def beta_spectrum(self) -> npt.NDArray[np.float64]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

def nuclide_names() -> List[str]: ...
def data_directory() -> str: ...

# ---- kernels (kernels_bindings.cpp) ----------------------------------------------------------------------------
def voxel_s_values(
    nuclide: NuclideLike,
    spacing_mm: Spacing,
    half_size: Union[None, int, Sequence[int]] = None,
    *,
    radius_mm: Optional[float] = None,
    medium: Literal["soft-tissue", "water"] = "soft-tissue",
    component: Component = "total",
    density_g_per_mL: Optional[float] = None,
    photon_radius_mm: Optional[float] = None,
    max_daughter_half_life_s: float = 2592000.0,
    leaving_fraction: Mapping[str, float] = {},
    threads: Optional[int] = None,
) -> npt.NDArray[np.float64]:
    """Gy/(Bq·s), shape (2Nz+1, 2Ny+1, 2Nx+1) [z, y, x]."""
    ...

class KernelCacheInfo(TypedDict):
    size: int
    hits: int
    misses: int

def kernel_cache_info() -> KernelCacheInfo: ...

# ---- dose (dose_bindings.cpp) ----------------------------------------------------------------------------------
class DoseReport(TypedDict):
    method: str
    negative_voxels: int
    negative_sum: float
    density_corrected: bool
    density_clamped_voxels: int

class KernelInfo(TypedDict):
    nuclide: str
    chain: str
    medium: str
    density_g_per_mL: float
    photon_radius_mm: float
    method: str
    source: str
    shape: Tuple[int, int, int]
    spacing_mm: Tuple[float, float, float]

DoseResult = Union[npt.NDArray[np.float32], Dict[str, npt.NDArray[np.float32]]]
"""float32 [z, y, x] in Gy (Gy/s for dose_rate), or {'total', 'alpha', 'electron', 'photon'} with components."""

class DoseCalculator:
    def __init__(
        self,
        nuclide: NuclideLike,
        spacing_mm: Spacing,
        *,
        method: Literal["kernel", "led"] = "kernel",
        components: bool = False,
        kernel_radius_mm: Optional[float] = None,
        photon_radius_mm: Optional[float] = None,
        include_photons: bool = False,
        medium: Literal["soft-tissue", "water"] = "soft-tissue",
        medium_density_g_per_mL: Optional[float] = None,
        leaving_fraction: Mapping[str, float] = {},
        density_floor_g_per_mL: float = 0.1,
        threads: Optional[int] = None,
    ) -> None: ...
    @overload
    def dose(
        self, tia: FloatArray, density: Optional[FloatArray] = None, *, return_report: Literal[False] = False
    ) -> DoseResult: ...
    @overload
    def dose(
        self, tia: FloatArray, density: Optional[FloatArray] = None, *, return_report: Literal[True]
    ) -> Tuple[DoseResult, DoseReport]: ...
    @overload
    def dose_rate(
        self, activity: FloatArray, density: Optional[FloatArray] = None, *, return_report: Literal[False] = False
    ) -> DoseResult: ...
    @overload
    def dose_rate(
        self, activity: FloatArray, density: Optional[FloatArray] = None, *, return_report: Literal[True]
    ) -> Tuple[DoseResult, DoseReport]: ...
    def kernel(self, component: Component = "total") -> npt.NDArray[np.float64]: ...
    @property
    def kernel_info(self) -> KernelInfo: ...
    @property
    def method(self) -> str: ...
    @property
    def components(self) -> bool: ...
    @property
    def spacing_mm(self) -> Tuple[float, float, float]: ...

@overload
def dose(
    tia: FloatArray,
    nuclide: NuclideLike,
    spacing_mm: Spacing,
    *,
    method: Literal["kernel", "led"] = "kernel",
    density: Optional[FloatArray] = None,
    components: bool = False,
    kernel_radius_mm: Optional[float] = None,
    photon_radius_mm: Optional[float] = None,
    include_photons: bool = False,
    medium: Literal["soft-tissue", "water"] = "soft-tissue",
    medium_density_g_per_mL: Optional[float] = None,
    leaving_fraction: Mapping[str, float] = {},
    density_floor_g_per_mL: float = 0.1,
    return_report: Literal[False] = False,
    threads: Optional[int] = None,
) -> DoseResult: ...
@overload
def dose(
    tia: FloatArray,
    nuclide: NuclideLike,
    spacing_mm: Spacing,
    *,
    method: Literal["kernel", "led"] = "kernel",
    density: Optional[FloatArray] = None,
    components: bool = False,
    kernel_radius_mm: Optional[float] = None,
    photon_radius_mm: Optional[float] = None,
    include_photons: bool = False,
    medium: Literal["soft-tissue", "water"] = "soft-tissue",
    medium_density_g_per_mL: Optional[float] = None,
    leaving_fraction: Mapping[str, float] = {},
    density_floor_g_per_mL: float = 0.1,
    return_report: Literal[True],
    threads: Optional[int] = None,
) -> Tuple[DoseResult, DoseReport]: ...

# ---- radiobiology (radiobiology_bindings.cpp) ------------------------------------------------------------------
# ---- Monte Carlo (montecarlo_bindings.cpp) ---------------------------------------------------------------------
class MonteCarloVoi(TypedDict):
    label: int
    mass_g: float
    mean_dose_Gy: float
    relative_uncertainty: float

class MonteCarloEnergy(TypedDict):
    emitted: float
    deposited: float
    escaped: float

class MonteCarloResult(TypedDict, total=False):
    dose: npt.NDArray[np.float32]
    alpha: npt.NDArray[np.float32]
    electron: npt.NDArray[np.float32]
    photon: npt.NDArray[np.float32]
    relative_uncertainty: npt.NDArray[np.float32]
    vois: List[MonteCarloVoi]
    decays: int
    seconds: float
    energy_per_decay_MeV: MonteCarloEnergy

def monte_carlo_dose(
    tia: FloatArray,
    nuclide: NuclideLike,
    spacing_mm: Spacing,
    *,
    ct_hu: Optional[FloatArray] = None,
    density: Optional[FloatArray] = None,
    labels: Optional[LabelArray] = None,
    material: Literal["soft-tissue", "water"] = "soft-tissue",
    decays: Optional[int] = None,
    target_uncertainty: Optional[float] = None,
    min_voi_ml: float = 0.0,
    seed: int = 1,
    components: bool = True,
    leaving_fraction: Mapping[str, float] = {},
    threads: Optional[int] = None,
    progress: Optional[Callable[[float, str], Optional[bool]]] = None,
) -> MonteCarloResult: ...

Number = Union[float, int, np.floating[Any]]
OrganValue = Union[str, Tuple[str, str, float]]
"""'organ:bed:GY' / 'organ:dose:GY', or (organ, kind, GY)."""

class BedResult(TypedDict):
    bed_Gy: Union[float, npt.NDArray[np.float64]]
    eqd2_Gy: Union[float, npt.NDArray[np.float64]]
    g_factor: float

def bed(
    dose_Gy: Union[Number, npt.ArrayLike],
    alpha_beta_Gy: float,
    repair_half_time_h: float,
    effective_half_life_h: float,
    uptake_half_time_h: Optional[float] = None,
    *,
    alpha_dose_Gy: Union[None, Number, npt.ArrayLike] = None,
    rbe_alpha: float = 5.0,
) -> BedResult: ...
@overload
def rbe_weighted_dose(alpha: Number, other: Number, rbe: float = 5.0) -> float: ...
@overload
def rbe_weighted_dose(alpha: npt.ArrayLike, other: npt.ArrayLike, rbe: float = 5.0) -> npt.NDArray[np.float64]: ...
def plan(
    summary: Union[str, Mapping[str, Any]],
    limits: Sequence[OrganValue],
    *,
    received: Sequence[OrganValue] = (),
    cycles: int = 1,
    alpha_beta: Optional[Mapping[str, float]] = None,
    repair_half_time_h: Optional[Mapping[str, float]] = None,
    tissues: Optional[str] = None,
) -> Dict[str, Any]:
    """The plan: activity_Bq, activity_GBq, cycles, limiting, vois, tumours (docs/radiobiology.md)."""
    ...

def compare_therapies(
    summary: Union[str, Mapping[str, Any]],
    nuclides: Sequence[str],
    limits: Sequence[OrganValue],
    *,
    cycles: int = 1,
    rbe_alpha: Union[None, float, str] = None,
    daughters: Sequence[str] = [],
    daughter_photons_local: bool = False,
    alpha_beta: Optional[Mapping[str, float]] = None,
    repair_half_time_h: Optional[Mapping[str, float]] = None,
    tissues: Optional[str] = None,
) -> Dict[str, Any]:
    """The comparison: measured, cycles, candidates, assumptions, warnings (docs/compare.md)."""
    ...

def cumulative_bed(
    cycles: Sequence[Tuple[str, Sequence[Tuple[str, float, float]]]],
    alpha_beta_Gy: Optional[Mapping[str, float]] = None,
) -> List[Dict[str, Any]]:
    """Dose and BED over cycles (full repair between cycles): one dict per VOI and cycle."""
    ...
def redistribute_daughter(
    parent: str,
    daughter: str,
    leaving_fraction: float,
    parent_tia_Bq_s: float,
    site_mass_g: float,
    *,
    destination_mass_g: Optional[float] = None,
    include_photons: bool = False,
) -> Dict[str, float]:
    """Mean-dose change of site and destination when a fraction of an alpha daughter leaves the site."""
    ...
def red_marrow_blood_method(
    times_h: Union[Sequence[float], npt.NDArray[np.float64]],
    blood_Bq_per_mL: Union[Sequence[float], npt.NDArray[np.float64]],
    nuclide: str,
    s_rm_rm_Gy_per_Bq_s: Union[float, Literal["auto"]],
    *,
    rmblr: float = 1.0,
    red_marrow_mass_g: float = 1170.0,
    remainder_tia_Bq_s: float = 0.0,
    s_rm_rb_Gy_per_Bq_s: float = 0.0,
) -> Dict[str, Any]:
    """Red-marrow dose by the EANM blood-based method; S(RM<-RM) in Gy/(Bq·s) for red_marrow_mass_g, or "auto"
    (non-penetrating approximation E_np / m_RM, an upper bound). Keys: blood_tia_Bq_s_per_mL, blood_model,
    s_rm_rm_Gy_per_Bq_s, s_rm_rm_source, non_penetrating_energy_per_decay_MeV, red_marrow_tia_Bq_s, self_dose_Gy,
    remainder_cross_dose_Gy, total_Gy."""
    ...
def read_blood_samples(
    path: Union[str, "os.PathLike[str]"],
) -> Tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(times_h, concentration_Bq_per_mL) of a blood-sample CSV (columns time_h and Bq_per_mL, kBq_per_mL or
    MBq_per_mL, converted to Bq/mL). Raises InvalidInput naming the line, IoError for an unreadable file."""
    ...

class DaughterVoiChange(TypedDict):
    name: str
    role: Literal["source", "destination", "-"]
    mass_g: Optional[float]
    tia_Bq_s: Optional[float]
    mean_dose_before_Gy: float
    dose_change_Gy: float
    mean_dose_after_Gy: float
    dose_change_percent: Optional[float]
    energy_out_J: float
    energy_in_J: float

class DaughterRedistributionOverVois(TypedDict):
    parent: str
    daughter: str
    leaving_fraction: float
    destination: Optional[str]
    include_photons: bool
    model: str
    daughter_decays_per_parent_decay: float
    energy_per_daughter_decay_MeV: float
    energy_moved_per_parent_decay_MeV: float
    energy_moved_J: float
    energy_lost_J: float
    vois: List[DaughterVoiChange]
    negative_after: List[str]

def redistribute_daughter_over_vois(
    summary: Union[str, "os.PathLike[str]", Mapping[str, Any]],
    daughter: NuclideLike,
    leaving_fraction: float,
    destination: str,
    *,
    sources: Optional[Sequence[str]] = None,
    include_photons: bool = False,
    parent: Optional[NuclideLike] = None,
) -> DaughterRedistributionOverVois:
    """Change of every VOI's mean dose (local deposition) when a fraction of an alpha daughter leaves the source
    VOIs of a run's summary for the destination VOI or "lost"; as `rptdose daughters --json`."""
    ...

# ---- quantification (quantification_bindings.cpp): recovery curve, calibration files --------------------------
class RecoveryCurve:
    """RC(V) = a / (1 + (b_mL / V)^c), fitted over [volume_min_mL, volume_max_mL] (docs/calibration.md)."""

    def __init__(
        self,
        a: float,
        b_mL: float,
        c: float,
        *,
        volume_min_mL: float,
        volume_max_mL: float,
        covariance: Optional[Sequence[Sequence[float]]] = None,
    ) -> None: ...
    @property
    def a(self) -> float: ...
    @property
    def b_mL(self) -> float: ...
    @property
    def c(self) -> float: ...
    @property
    def covariance(self) -> List[List[float]]: ...
    @property
    def volume_min_mL(self) -> float: ...
    @property
    def volume_max_mL(self) -> float: ...
    def recovery(self, volume_mL: float) -> float: ...
    def recovery_u(self, volume_mL: float) -> float: ...
    def within_fitted_range(self, volume_mL: float) -> bool: ...

def fit_recovery_curve(
    volumes_mL: Sequence[float], recovery: Sequence[float], recovery_u: Optional[Sequence[float]] = None
) -> RecoveryCurve:
    """Fits RC(V) = a / (1 + (b_mL / V)^c) to >= 4 measured recovery coefficients (weights 1/u² with recovery_u)."""
    ...

class Sensitivity(TypedDict):
    cps_per_MBq: float
    u_cps_per_MBq: float
    counts: float
    acquisition_duration_s: float
    activity_at_acquisition_MBq: float
    voi: str

class RecoveryPoint(TypedDict):
    name: str
    volume_mL: float
    recovery: float
    recovery_u: float

class CalibrationProvenance(TypedDict):
    command: str
    inputs: Dict[str, str]
    rptdose_version: str
    created_utc: str

class Calibration(TypedDict):
    nuclide: str
    camera: str
    calibration_time: str
    sensitivity: Optional[Sensitivity]
    recovery_points: List[RecoveryPoint]
    recovery_curve: Optional[RecoveryCurve]
    provenance: CalibrationProvenance

def read_calibration(path: Union[str, "os.PathLike[str]"]) -> Calibration:
    """Reads a calibration file (rptdose calibrate / rptdose.calibrate), strictly (unknown keys raise InvalidInput)."""
    ...

# ---- pipeline (pipeline_bindings.cpp; builds with ITK): write_demo_study, accumulate_cycles; rptdose.run_study /
# validate_study / demo wrap the private _run_study and _validate_study (python/rptdose/pipeline.py) --------------
def write_demo_study(folder: Union[str, "os.PathLike[str]"], nuclide: str = "Lu-177") -> "os.PathLike[str]":
    """Writes the synthetic example study into folder (absent or empty); returns the path of study.json."""
    ...
def calibrate(
    out: Optional[Union[str, "os.PathLike[str]"]],
    *,
    nuclide: str,
    camera: str = "",
    uniform: Optional[Mapping[str, Any]] = None,
    spheres: Optional[Mapping[str, Any]] = None,
) -> Calibration:
    """A calibration from phantom scans (as `rptdose calibrate`), written to out (None: not written): the
    sensitivity from `uniform`, RC per sphere and the fitted curve from `spheres` (keys: docs/calibration.md)."""
    ...
def accumulate_cycles(
    runs: Sequence[Union[str, "os.PathLike[str]"]],
    labels: Optional[Sequence[str]] = None,
    *,
    out: Optional[Union[str, "os.PathLike[str]"]] = None,
    force: bool = False,
    maps: bool = True,
) -> Dict[str, Any]:
    """Dose and BED accumulated over cycles from each cycle's results folder (as `rptdose cycles`): the content of
    cumulative.json (assumptions, cycles, vois [{name, tissue, alpha_beta_Gy, cycles, total_dose_Gy, total_bed_Gy,
    total_eqd2_Gy}], files, warnings) plus output_folder (None without out)."""
    ...
