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
    fft_library_name,
    fit_tia,
)

__all__ = [
    "Convolver",
    "Error",
    "InvalidInput",
    "IoError",
    "MODEL_CODES",
    "STATUS_CODES",
    "convolve",
    "fft_library_name",
    "fit_tia",
    "__version__",
]
