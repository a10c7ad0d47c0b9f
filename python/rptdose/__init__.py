"""rptdose: radiopharmaceutical therapy dosimetry.

Arrays are numpy arrays indexed [z, y, x]; spacings are (x, y, z) in mm.
"""

from ._rptdose import (  # noqa: F401
    Convolver,
    Error,
    InvalidInput,
    MODEL_CODES,
    STATUS_CODES,
    IoError,
    __version__,
    convolve,
    dvh,
    fft_library_name,
    fit_tia,
    voi_stats,
)

__all__ = [
    "Convolver",
    "Error",
    "InvalidInput",
    "IoError",
    "MODEL_CODES",
    "STATUS_CODES",
    "convolve",
    "dvh",
    "fft_library_name",
    "fit_tia",
    "voi_stats",
    "__version__",
]
