"""rptdose: radiopharmaceutical therapy dosimetry.

Arrays are numpy arrays indexed [z, y, x]; spacings are (x, y, z) in mm.
"""

from ._rptdose import (  # noqa: F401
    Convolver,
    Error,
    InvalidInput,
    IoError,
    __version__,
    convolve,
    fft_library_name,
)

__all__ = ["Convolver", "Error", "InvalidInput", "IoError", "convolve", "fft_library_name", "__version__"]
