"""The numpy boundary of every binding: zero-copy inputs, `out=` in place, (z, y, x) spacings, the error types, the
input checks (dtype, shape, layout, NaN), and the GIL released in long calls."""

import copy
import os
import pickle
import subprocess
import sys
import threading
import tracemalloc

import numpy as np
import pytest

import rptdose

TIMES_H = [4.0, 24.0, 96.0, 168.0]


def peak_numpy_bytes(call):
    """Peak memory traced while `call` runs: numpy reports its array buffers to tracemalloc, so a conversion or copy
    of an input shows up here; the results rptdose returns live in C++ memory and do not."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - base


# ---- zero copy ---------------------------------------------------------------------------------------------------
N = 64  # 64³ float32 = 1 MiB: a copy of any input is far above the 256 KiB allowance for bookkeeping
SIZE32 = N**3 * 4
ALLOWANCE = 256 * 1024


@pytest.fixture(scope="module")
def arrays():
    rng = np.random.default_rng(1)
    image = (rng.random((N, N, N), dtype=np.float32) + 0.5) * 1e3
    return {
        "f32": image,
        "f64": image.astype(np.float64),
        "series": np.stack([image * np.float32(np.exp(-0.01 * t)) for t in TIMES_H]),
        "labels": (rng.random((N, N, N)) * 4).astype(np.int32),
        "mask": rng.random((N, N, N)) > 0.2,
        "density": np.full((N, N, N), 1.04, np.float32),
        "kernel": np.ones((3, 3, 3)),
    }


ZERO_COPY_CALLS = {
    "convolve float32": lambda a: rptdose.convolve(a["f32"], a["kernel"], threads=1),
    "convolve float64": lambda a: rptdose.convolve(a["f64"], a["kernel"], threads=1),
    "Convolver float32": lambda a: rptdose.Convolver(a["kernel"], threads=1).convolve(a["f32"]),
    "dose": lambda a: rptdose.dose(a["f32"], "Lu-177", 4.8, density=a["density"], components=True, threads=1),
    "fit_tia 4-D": lambda a: rptdose.fit_tia(a["series"], TIMES_H, nuclide="Lu-177", decay_corrected=False,
                                             model="mono-exponential", threads=1),
    "fit_tia list": lambda a: rptdose.fit_tia(list(a["series"]), TIMES_H, nuclide="Lu-177", decay_corrected=False,
                                              model="mono-exponential", mask=a["mask"], threads=1),
    "voi_stats": lambda a: rptdose.voi_stats(a["f32"], a["labels"], 4.8, density=a["density"]),
    "dvh": lambda a: rptdose.dvh(a["f32"], a["labels"], 1),
}


@pytest.mark.parametrize("name", ZERO_COPY_CALLS)
def test_contiguous_float_inputs_are_read_in_place(arrays, name):
    call = ZERO_COPY_CALLS[name]
    call(arrays)  # warm-up: kernel cache, FFT plans, decay data
    assert peak_numpy_bytes(lambda: call(arrays)) < ALLOWANCE


def test_the_zero_copy_check_sees_a_conversion(arrays):
    # Control for the test above: float64 into a float32 engine is converted (documented), and it shows.
    call = lambda: rptdose.dose(arrays["f64"], "Lu-177", 4.8, threads=1)  # noqa: E731
    call()
    assert peak_numpy_bytes(call) >= SIZE32


def test_out_is_written_in_place(arrays):
    out = np.empty_like(arrays["f32"])
    convolver = rptdose.Convolver(arrays["kernel"], threads=1)
    assert convolver.convolve(arrays["f32"], out=out) is out
    assert peak_numpy_bytes(lambda: convolver.convolve(arrays["f32"], out=out)) < ALLOWANCE
    assert rptdose.convolve(arrays["f32"], arrays["kernel"], out=out) is out
    np.testing.assert_array_equal(out, rptdose.convolve(arrays["f32"], arrays["kernel"]))


def test_results_own_their_memory_and_inputs_are_untouched(arrays):
    before = arrays["f32"].copy()
    result = rptdose.dose(arrays["f32"], "Lu-177", 4.8)
    assert result.flags.c_contiguous and result.flags.writeable and result.base is not None
    assert not np.shares_memory(result, arrays["f32"])
    np.testing.assert_array_equal(arrays["f32"], before)
    del result  # freed by the capsule; nothing else to check but that it does not crash


# ---- spacing (z, y, x) -------------------------------------------------------------------------------------------
def test_spacing_is_z_y_x_in_every_binding():
    dose = np.ones((2, 3, 4), np.float32)
    labels = np.ones((2, 3, 4), np.int32)
    (row,) = rptdose.voi_stats(dose, labels, (5.0, 1.0, 2.0))
    assert row["volume_ml"] == pytest.approx(24 * 10e-3)
    assert rptdose.voi_stats(dose, labels, 2.0)[0]["volume_ml"] == pytest.approx(24 * 8e-3)  # scalar: isotropic
    assert rptdose.voi_stats(dose, labels, np.float32(2.0))[0]["volume_ml"] == pytest.approx(24 * 8e-3)
    # fit_tia's Bq/mL conversion multiplies by the voxel volume: 2·3·4 mm³ = 0.024 mL in any order of the axes,
    # so check the order through the kernel instead: the dose calculator's spacing is reported back as given.
    assert rptdose.DoseCalculator("Lu-177", (2.0, 3.0, 4.0), kernel_radius_mm=4).kernel_info["spacing_mm"] == (
        2.0, 3.0, 4.0)
    assert rptdose.DoseCalculator("Lu-177", (2.0, 3.0, 4.0), kernel_radius_mm=4).kernel().shape == (5, 5, 3)
    images = np.ones((4, 2, 3, 4), np.float32) * np.exp(-0.01 * np.array(TIMES_H, np.float32))[:, None, None, None]
    per_voxel = rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, units="Bq")
    per_ml = rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, units="Bq/mL",
                             spacing_mm=(5.0, 1.0, 2.0))
    np.testing.assert_allclose(per_ml["tia_Bq_s"], per_voxel["tia_Bq_s"] * 0.010, rtol=1e-5)


@pytest.mark.parametrize("spacing,message", [((1.0, 2.0), "three numbers"), ((1.0, 0.0, 1.0), "positive"),
                                             ("4.8", "one number"), (float("nan"), "positive"),
                                             ([1, 2, 3, 4], "three numbers")])
def test_bad_spacings(spacing, message):
    dose = np.ones((2, 2, 2), np.float32)
    with pytest.raises(rptdose.InvalidInput, match=message):
        rptdose.voi_stats(dose, np.ones((2, 2, 2), np.int32), spacing)
    with pytest.raises(rptdose.InvalidInput, match=message):
        rptdose.dose(dose, "Lu-177", spacing)


# ---- rptdose.Grid -------------------------------------------------------------------------------------------------
# Every triple (z, y, x), the order of the array's axes: point_zyx(array[k, j, i]) = origin + direction @ (spacing *
# (k, j, i)); tests/python/test_io.py checks that relation against nibabel's reading of the written file. This
# grid is rotated 30° about the patient's z axis (x and y mixed; the matrix is not symmetric).
C, S = np.cos(np.pi / 6), np.sin(np.pi / 6)
OBLIQUE_ZYX = np.array([[1.0, 0.0, 0.0], [0.0, C, S], [0.0, -S, C]])


def test_grid_properties_are_z_y_x():
    grid = rptdose.Grid((2, 3, 4), (3.0, 2.0, 1.5), (5.0, 20.0, -10.0), OBLIQUE_ZYX)
    assert grid.shape == (2, 3, 4) and grid.spacing_mm == (3.0, 2.0, 1.5) and grid.origin_mm == (5.0, 20.0, -10.0)
    np.testing.assert_array_equal(grid.direction, OBLIQUE_ZYX)
    assert grid.voxel_volume_ml == pytest.approx(3.0 * 2.0 * 1.5 / 1000)
    default = rptdose.Grid((1, 2, 3), 2.0)
    assert default.spacing_mm == (2.0, 2.0, 2.0) and default.origin_mm == (0.0, 0.0, 0.0)
    np.testing.assert_array_equal(default.direction, np.eye(3))


def test_grid_repr_and_equality():
    grid = rptdose.Grid((2, 3, 4), (3.0, 2.0, 1.5), (5.0, 20.0, -10.0), OBLIQUE_ZYX)
    assert repr(grid).startswith("Grid(shape=(2, 3, 4), spacing_mm=(3.0, 2.0, 1.5), origin_mm=(5.0, 20.0, -10.0), "
                                 "direction=((1.0, 0.0, 0.0), ")
    assert eval(repr(grid), {"Grid": rptdose.Grid}) == grid  # repr round-trips (shortest float repr)
    assert grid == rptdose.Grid((2, 3, 4), (3.0, 2.0, 1.5), (5.0, 20.0, -10.0), OBLIQUE_ZYX)
    assert grid != rptdose.Grid((2, 3, 4), (3.0, 2.0, 1.5), (5.0, 20.0, -10.0))
    assert grid != rptdose.Grid((2, 3, 5), (3.0, 2.0, 1.5), (5.0, 20.0, -10.0), OBLIQUE_ZYX)
    nudged = rptdose.Grid((2, 3, 4), (3.0, 2.0, 1.5), (5.0, 20.0, -10.0 + 1e-6), OBLIQUE_ZYX)
    assert nudged != grid and nudged.same_geometry(grid) and not nudged.same_geometry(grid, tolerance_mm=1e-8)
    assert pickle.loads(pickle.dumps(grid)) == grid and copy.deepcopy(grid) == grid  # Dask ships grids so


@pytest.mark.parametrize("arguments,message", [
    (((2, 3), 1.0), "shape must be three"), (((2, 3, -1), 1.0), "shape must be three"),
    (((2, 3, 4), (1.0, 0.0, 1.0)), "positive"), (((2, 3, 4), 1.0, (0.0, 1.0)), "origin_mm must be three"),
    (((2, 3, 4), 1.0, (0.0, 0.0, float("nan"))), "origin"), (((2, 3, 4), 1.0, (0, 0, 0), np.eye(2)), "3×3"),
    (((2, 3, 4), 1.0, (0, 0, 0), np.zeros((3, 3))), "singular")])
def test_grid_rejects_bad_geometry(arguments, message):
    with pytest.raises(rptdose.InvalidInput, match=message):
        rptdose.Grid(*arguments)


def test_a_grid_is_accepted_wherever_a_spacing_is():
    dose = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    labels = (dose > 5).astype(np.int32)
    grid = rptdose.Grid((2, 3, 4), (5.0, 1.0, 2.0), (1.0, 2.0, 3.0), OBLIQUE_ZYX)
    assert rptdose.voi_stats(dose, labels, grid) == rptdose.voi_stats(dose, labels, (5.0, 1.0, 2.0))
    assert rptdose.voi_stats(dose, labels, grid)[0]["volume_ml"] == pytest.approx(18 * 10e-3)
    np.testing.assert_array_equal(rptdose.voxel_s_values("Lu-177", grid, 1),
                                  rptdose.voxel_s_values("Lu-177", (5.0, 1.0, 2.0), 1))
    np.testing.assert_array_equal(rptdose.dose(dose, "Lu-177", grid, kernel_radius_mm=4),
                                  rptdose.dose(dose, "Lu-177", (5.0, 1.0, 2.0), kernel_radius_mm=4))
    images = np.ones((4, 2, 3, 4), np.float32) * np.exp(-0.01 * np.array(TIMES_H, np.float32))[:, None, None, None]
    np.testing.assert_array_equal(
        rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, units="Bq/mL",
                        spacing_mm=grid)["tia_Bq_s"],
        rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, units="Bq/mL",
                        spacing_mm=(5.0, 1.0, 2.0))["tia_Bq_s"])


# ---- errors ------------------------------------------------------------------------------------------------------
def test_exception_hierarchy():
    assert issubclass(rptdose.InvalidInput, ValueError) and issubclass(rptdose.InvalidInput, rptdose.Error)
    assert issubclass(rptdose.UnknownNuclide, rptdose.InvalidInput)
    assert issubclass(rptdose.IoError, OSError) and issubclass(rptdose.IoError, rptdose.Error)
    assert issubclass(rptdose.Error, RuntimeError)
    assert issubclass(rptdose.NumericalError, rptdose.Error) and issubclass(rptdose.Cancelled, rptdose.Error)


def test_io_errors_are_os_errors_with_the_message(tmp_path):
    # A data folder whose decay index is malformed: the database reader's IoError, in a fresh process (the
    # database is loaded once per process).
    (tmp_path / "decay").mkdir()
    (tmp_path / "decay" / "nuclides.csv").write_text("name,half_life_s,decay_modes\nLu-177,not-a-number,\n")
    probe = ("import rptdose\ntry:\n    rptdose.Nuclide('Lu-177')\nexcept OSError as e:\n"
             "    print(type(e).__name__, isinstance(e, rptdose.Error), e)\n")
    env = dict(os.environ, RPTDOSE_DATA_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout
    assert out.startswith("IoError True") and "nuclides.csv" in out


def float_inputs():
    """(name, call(array)) for every binding that takes a float image [z, y, x]."""
    lab = np.ones((6, 6, 6), np.int32)
    return {
        "convolve": lambda x: rptdose.convolve(x, np.ones((3, 3, 3))),
        "Convolver.convolve": lambda x: rptdose.Convolver(np.ones((3, 3, 3))).convolve(x),
        "dose": lambda x: rptdose.dose(x, "Lu-177", 4.8),
        "dose density": lambda x: rptdose.dose(np.ones((6, 6, 6), np.float32), "Lu-177", 4.8, density=x),
        "DoseCalculator.dose_rate": lambda x: rptdose.DoseCalculator("Lu-177", 4.8).dose_rate(x),
        "voi_stats": lambda x: rptdose.voi_stats(x, lab, 1.0),
        "voi_stats density": lambda x: rptdose.voi_stats(np.ones((6, 6, 6), np.float32), lab, 1.0, density=x),
        "dvh": lambda x: rptdose.dvh(x, lab, 1),
        "fit_tia list": lambda x: rptdose.fit_tia([x] * 4, TIMES_H, nuclide="Lu-177", decay_corrected=False),
    }


@pytest.mark.parametrize("name", float_inputs())
def test_float_inputs_are_checked(name):
    call = float_inputs()[name]
    good = np.ones((6, 6, 6), np.float32)
    call(good)
    with pytest.raises(rptdose.InvalidInput, match="got dtype int32"):
        call(good.astype(np.int32))
    with pytest.raises(rptdose.InvalidInput, match="got dtype complex128"):
        call(good.astype(np.complex128))
    with pytest.raises(rptdose.InvalidInput, match="not C-contiguous.*np.ascontiguousarray"):
        call(np.ones((6, 6, 6), np.float32, order="F")[:, :, :])
    with pytest.raises(rptdose.InvalidInput, match="not C-contiguous"):
        call(np.ones((6, 6, 12), np.float32)[:, :, ::2])
    with pytest.raises(rptdose.InvalidInput, match="must be a numpy array"):
        call(good.tolist())
    with pytest.raises(ValueError, match=r"3-D|shape|grid|dimensions"):
        call(np.ones((6, 6), np.float32))
    bad = good.copy()
    bad[1, 2, 3] = np.inf
    with pytest.raises(rptdose.InvalidInput, match=r"NaN or infinite.*array\[1, 2, 3\]"):
        call(bad)


def test_fit_tia_4d_and_mask_checks():
    images = np.ones((4, 3, 3, 3), np.float32)
    with pytest.raises(rptdose.InvalidInput, match="not C-contiguous"):
        rptdose.fit_tia(np.ones((4, 3, 3, 6), np.float32)[..., ::2], TIMES_H, nuclide="Lu-177",
                        decay_corrected=False)
    with pytest.raises(rptdose.InvalidInput, match="got dtype int16"):
        rptdose.fit_tia(images.astype(np.int16), TIMES_H, nuclide="Lu-177", decay_corrected=False)
    with pytest.raises(rptdose.InvalidInput, match="mask must be a boolean or integer array"):
        rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, mask=np.ones((3, 3, 3)))
    with pytest.raises(rptdose.InvalidInput, match=r"mask has shape \(3, 3, 2\)"):
        rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, mask=np.ones((3, 3, 2), bool))
    # An int64 mask of 256 means "inside" (not truncated to uint8 0).
    mask = np.zeros((3, 3, 3), np.int64)
    mask[0, 0, 0] = 256
    fit = rptdose.fit_tia(images, TIMES_H, nuclide="Lu-177", decay_corrected=False, mask=mask)
    assert fit["summary"]["voxels"] == 1


def test_label_checks():
    dose = np.ones((2, 2, 2), np.float32)
    assert rptdose.voi_stats(dose, np.ones((2, 2, 2), np.uint8), 1)[0]["voxels"] == 8  # converted
    assert rptdose.voi_stats(dose, np.ones((2, 2, 2), bool), 1)[0]["label"] == 1
    with pytest.raises(rptdose.InvalidInput, match="integer label map, got dtype float32"):
        rptdose.voi_stats(dose, np.ones((2, 2, 2), np.float32), 1)
    with pytest.raises(rptdose.InvalidInput, match="outside the int32 range"):
        rptdose.voi_stats(dose, np.full((2, 2, 2), 2**40, np.int64), 1)
    with pytest.raises(rptdose.InvalidInput, match="not C-contiguous"):
        rptdose.voi_stats(dose, np.ones((2, 2, 4), np.int32)[..., ::2], 1)


# ---- the GIL -----------------------------------------------------------------------------------------------------
def runs_beside_python(call):
    """Whether the calling Python thread runs while `call` runs in another thread. The switch interval is made
    longer than the call, so a call that kept the GIL would let this thread run only after it has finished
    (count stays 0); one that releases it lets this thread loop (count > 0). Loop iterations yield the GIL
    (os.sched_yield releases it) so the worker can finish."""
    started, finished = threading.Event(), threading.Event()
    errors = []

    def worker():
        started.set()
        try:
            call()
        except BaseException as e:  # noqa: BLE001 (reported below)
            errors.append(e)
        finished.set()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(30.0)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        started.wait()
        count = 0
        while not finished.is_set():
            count += 1
            os.sched_yield()
        thread.join()
    finally:
        sys.setswitchinterval(interval)
    if errors:
        raise errors[0]
    return count > 0


def gil_calls(image):
    """name -> a call on prepared inputs (the numpy work that builds them is done here, not in the call)."""
    series = np.stack([image * np.float32(np.exp(-0.01 * t)) for t in TIMES_H])
    labels = (image * 4).astype(np.int32)
    kernel = np.ones((11, 11, 11))
    convolver = rptdose.Convolver(kernel, threads=1)
    return {
        "convolve": lambda: rptdose.convolve(image, kernel, threads=1),
        "Convolver.convolve": lambda: convolver.convolve(image),
        "dose": lambda: rptdose.dose(image, "Y-90", 3.0, threads=1),
        "fit_tia": lambda: rptdose.fit_tia(series, TIMES_H, nuclide="Lu-177", decay_corrected=False, threads=1),
        "voi_stats": lambda: rptdose.voi_stats(image, labels, 1.0),
        "voxel_s_values": lambda: rptdose.voxel_s_values("Y-90", 1.2345, 40, threads=1),  # not cached before
    }


@pytest.mark.parametrize("name", ["convolve", "Convolver.convolve", "dose", "fit_tia", "voi_stats",
                                  "voxel_s_values"])
def test_long_calls_release_the_gil(name):
    image = np.random.default_rng(3).random((96, 96, 96), dtype=np.float32)
    assert runs_beside_python(gil_calls(image)[name])


def test_the_gil_check_sees_a_call_that_keeps_it():
    # Control for the test above: sorting a list is one C call that holds the GIL throughout.
    values = np.random.default_rng(4).random(1_000_000).tolist()
    assert not runs_beside_python(lambda: sorted(values))
