"""rptdose.convolve / rptdose.Convolver against scipy.signal (an independent implementation)."""

import numpy as np
import pytest
import scipy.signal

import rptdose


def random_case(shape, kernel_shape, seed, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return rng.random(shape).astype(dtype), rng.random(kernel_shape)


@pytest.mark.parametrize("engine", ["fft", "direct", "automatic"])
def test_matches_scipy_same_mode_in_double(engine):
    # scipy's "same" mode centres odd kernels on the output voxel, the rptdose convention.
    source, kernel = random_case((11, 14, 9), (5, 3, 7), 1)
    ours = rptdose.convolve(source, kernel, engine=engine)
    reference = scipy.signal.convolve(source, kernel, mode="same", method="direct")
    assert ours.dtype == np.float64 and ours.shape == source.shape
    np.testing.assert_allclose(ours, reference, rtol=0, atol=1e-12 * np.abs(reference).max())


def test_float32_in_float32_out_to_1e5():
    source, kernel = random_case((20, 17, 16), (9, 9, 9), 2, np.float32)
    ours = rptdose.convolve(source, kernel)
    reference = scipy.signal.fftconvolve(source.astype(np.float64), kernel, mode="same")
    assert ours.dtype == np.float32
    assert np.abs(ours - reference).max() <= 1e-5 * np.abs(reference).max()


def test_convolver_reuses_the_kernel_and_leaves_inputs_alone():
    source, kernel = random_case((8, 10, 12), (3, 5, 3), 3, np.float32)
    before = source.copy()
    convolver = rptdose.Convolver(kernel, engine="fft", threads=1)
    first, second = convolver.convolve(source), convolver.convolve(source)
    assert first.shape == source.shape and first.dtype == np.float32
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(source, before)


def test_convolver_writes_into_a_given_array():
    source, kernel = random_case((8, 10, 12), (3, 5, 3), 6, np.float32)
    convolver = rptdose.Convolver(kernel, threads=1)
    out = np.full_like(source, np.nan)
    assert convolver.convolve(source, out=out) is out
    np.testing.assert_array_equal(out, convolver.convolve(source))
    with pytest.raises(ValueError, match="C-contiguous float32"):
        convolver.convolve(source, out=np.zeros(source.shape))  # float64 for a float32 source
    with pytest.raises(ValueError, match="shape"):
        convolver.convolve(source, out=np.zeros((8, 10, 11), np.float32))
    read_only = np.zeros_like(source)
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        convolver.convolve(source, out=read_only)
    with pytest.raises(ValueError, match="must not be the source"):
        convolver.convolve(source, out=source)


def test_non_contiguous_and_integer_sources_are_refused_with_the_fix():
    # Image-sized arrays are read in place, never copied behind the caller's back (docs/python.md).
    source, kernel = random_case((6, 7, 8), (3, 3, 3), 4)
    transposed = np.transpose(source, (2, 1, 0))
    with pytest.raises(rptdose.InvalidInput, match=r"not C-contiguous.*np\.ascontiguousarray\(source\)"):
        rptdose.convolve(transposed, kernel)
    with pytest.raises(ValueError, match="not C-contiguous"):
        rptdose.Convolver(kernel).convolve(source[:, ::2])
    np.testing.assert_allclose(
        rptdose.convolve(np.ascontiguousarray(transposed), kernel),
        scipy.signal.convolve(transposed, kernel, mode="same", method="direct"),
        atol=1e-12,
    )
    with pytest.raises(ValueError, match=r"float32 or float64 array, got dtype int32.*astype"):
        rptdose.convolve(np.ones((5, 5, 5), dtype=np.int32), np.ones((1, 1, 1)))
    with pytest.raises(ValueError, match="must be a numpy array"):
        rptdose.convolve([[[1.0]]], np.ones((1, 1, 1)))
    # Kernels are small and always copied into the engine: any array-like, any layout.
    assert rptdose.convolve(source, kernel.T.tolist()).shape == source.shape


def test_module_convolve_writes_into_out_in_place():
    source, kernel = random_case((8, 9, 10), (3, 3, 5), 7, np.float32)
    out = np.full_like(source, np.nan)
    result = rptdose.convolve(source, kernel, out=out)
    assert result is out and np.shares_memory(result, out)
    np.testing.assert_array_equal(out, rptdose.convolve(source, kernel))
    out64 = np.zeros(source.shape)
    assert rptdose.convolve(source.astype(np.float64), kernel, out=out64) is out64
    np.testing.assert_allclose(out64, out, rtol=1e-5, atol=1e-6 * np.abs(out).max())


def test_float64_matches_scipy_fftconvolve_to_1e5():
    source, kernel = random_case((24, 20, 22), (11, 11, 11), 8)
    ours = rptdose.convolve(source, kernel, engine="fft")
    reference = scipy.signal.fftconvolve(source, kernel, mode="same")
    assert ours.dtype == np.float64
    assert np.abs(ours - reference).max() <= 1e-5 * np.abs(reference).max()


def test_bad_input_raises_clear_errors():
    source, kernel = random_case((6, 6, 6), (3, 3, 3), 5)
    with pytest.raises(ValueError, match="3-D array"):
        rptdose.convolve(source[0], kernel)
    with pytest.raises(rptdose.InvalidInput, match="odd sizes"):
        rptdose.convolve(source, np.ones((2, 3, 3)))
    bad = source.copy()
    bad[1, 2, 3] = np.nan
    with pytest.raises(rptdose.InvalidInput, match=r"1 NaN or infinite voxel, the first at index \(3, 2, 1\)"):
        rptdose.convolve(bad, kernel)
    with pytest.raises(ValueError, match="unknown convolution engine"):
        rptdose.convolve(source, kernel, engine="fastest")


def test_reports_its_fft_library():
    assert rptdose.fft_library_name().startswith(("FFTW", "Eigen"))
