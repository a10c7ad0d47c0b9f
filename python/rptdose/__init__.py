"""rptdose: radiopharmaceutical therapy dosimetry.

Conventions (docs/python.md):
  * image arrays are numpy arrays indexed [z, y, x] (C order: x fastest, the layout of the C++ Volume);
  * spacings are (z, y, x) in mm, the order of the array axes; one number means isotropic voxels; an
    rptdose.Grid (shape, spacing, origin, direction, every triple (z, y, x)) is accepted wherever a spacing is;
  * units are in the names or the docstrings: Bq, Bq·s (TIA), Gy, Gy/s, Gy/(Bq·s) (S values), MeV, g/mL, s, h;
  * image-sized inputs must be C-contiguous float32/float64 arrays (labels and masks: integer or boolean) and are
    read in place; float32 is never copied, and nothing is modified unless passed as `out=`;
  * bad input raises rptdose.InvalidInput (a ValueError), file problems rptdose.IoError (an OSError), both
    subclasses of rptdose.Error; long calls release the GIL.
"""

import os as _os

# An installed package carries the data folder (decay tables, point kernels) next to this file; the compiled
# module finds it through RPTDOSE_DATA_DIR unless the caller chose one (src/core/data_path.cpp). In a build tree
# there is none and the module falls back to the source tree's data/.
_PACKAGE_DATA = _os.path.join(_os.path.dirname(__file__), "data")
if not _os.environ.get("RPTDOSE_DATA_DIR") and _os.path.isfile(_os.path.join(_PACKAGE_DATA, "decay", "nuclides.csv")):
    _os.environ["RPTDOSE_DATA_DIR"] = _PACKAGE_DATA

from . import _rptdose as _compiled  # noqa: E402
from ._rptdose import (  # noqa: E402, F401
    Cancelled,
    Convolver,
    DoseCalculator,
    Error,
    Grid,
    InvalidInput,
    MODEL_CODES,
    STATUS_CODES,
    IoError,
    Nuclide,
    NumericalError,
    RecoveryCurve,
    UnknownNuclide,
    __version__,
    bed,
    compare_therapies,
    convolve,
    cumulative_bed,
    data_directory,
    dose,
    dvh,
    fft_library_name,
    fit_recovery_curve,
    fit_tia,
    kernel_cache_info,
    monte_carlo_dose,
    nuclide_names,
    plan,
    rbe_weighted_dose,
    read_blood_samples,
    read_calibration,
    red_marrow_blood_method,
    redistribute_daughter,
    redistribute_daughter_over_vois,
    voi_stats,
    voxel_s_values,
)

# Image files and whole studies (built with ITK): rptdose.read_image, read_labels, write_image, run_study,
# validate_study, demo, accumulate_cycles; cohorts on Dask: rptdose.batch.
if hasattr(_compiled, "_run_study"):
    from ._rptdose import read_image, read_labels, write_image, write_rt_dose  # noqa: E402, F401
    from ._rptdose import accumulate_cycles, calibrate, write_demo_study  # noqa: E402, F401
    from .pipeline import demo, run_study, validate_study  # noqa: E402, F401

__all__ = [
    "Cancelled",
    "Convolver",
    "DoseCalculator",
    "Error",
    "Grid",
    "InvalidInput",
    "IoError",
    "MODEL_CODES",
    "Nuclide",
    "NumericalError",
    "RecoveryCurve",
    "STATUS_CODES",
    "UnknownNuclide",
    "bed",
    "compare_therapies",
    "convolve",
    "cumulative_bed",
    "data_directory",
    "dose",
    "dvh",
    "fft_library_name",
    "fit_recovery_curve",
    "fit_tia",
    "kernel_cache_info",
    "monte_carlo_dose",
    "nuclide_names",
    "plan",
    "rbe_weighted_dose",
    "read_blood_samples",
    "read_calibration",
    "red_marrow_blood_method",
    "redistribute_daughter",
    "redistribute_daughter_over_vois",
    "voi_stats",
    "voxel_s_values",
    "__version__",
]
if hasattr(_compiled, "_run_study"):
    __all__ += ["accumulate_cycles", "calibrate", "demo", "read_image", "read_labels", "run_study", "validate_study", "write_image",
                "write_rt_dose", "write_demo_study"]
