"""Image files from Python: rptdose.read_image / read_labels / write_image with rptdose.Grid, checked against an
independent NIfTI reader and writer (nibabel) on an oblique geometry, so the (z, y, x) convention of docs/python.md
is pinned to the file, not to rptdose's own reading of it."""

import numpy as np
import pytest

import rptdose

if not hasattr(rptdose, "read_image"):
    pytest.skip("rptdose built without ITK (RPTDOSE_WITH_ITK=OFF): no image files", allow_module_level=True)
nib = pytest.importorskip("nibabel", reason="install python3-nibabel (scripts/install-deps.sh)")

# A NIfTI affine (RAS, nibabel's (i, j, k) = (x, y, z) voxel axes): rotated 20° about (1, 1, 1), anisotropic voxels,
# an offset origin. ITK (and rptdose, DICOM) use LPS: x and y change sign.
SPACING_XYZ = np.array([1.5, 2.0, 3.0])
ORIGIN_RAS = np.array([-30.5, 12.25, 7.0])
LPS_FROM_RAS = np.diag([-1.0, -1.0, 1.0])


def rotation(axis, angle_deg):
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    a = np.radians(angle_deg)
    return np.eye(3) + np.sin(a) * k + (1 - np.cos(a)) * k @ k


ROTATION = rotation((1, 1, 1), 20.0)
AFFINE = np.eye(4)
AFFINE[:3, :3] = ROTATION @ np.diag(SPACING_XYZ)
AFFINE[:3, 3] = ORIGIN_RAS


def nifti(data_xyz):
    image = nib.Nifti1Image(data_xyz, AFFINE)
    image.set_qform(AFFINE, code=1)
    image.set_sform(AFFINE, code=1)
    return image


@pytest.fixture
def data_xyz():
    return np.arange(5 * 4 * 3, dtype=np.float32).reshape(5, 4, 3) * 0.5 + 0.25  # nibabel's order [x, y, z]


def test_read_image_gives_the_z_y_x_array_and_grid_of_a_nibabel_file(tmp_path, data_xyz):
    path = tmp_path / "oblique.nii.gz"
    nib.save(nifti(data_xyz), path)
    array, grid = rptdose.read_image(path)
    assert array.dtype == np.float32 and array.flags.c_contiguous
    np.testing.assert_array_equal(array, data_xyz.transpose(2, 1, 0))
    assert grid.shape == array.shape == (3, 4, 5)
    np.testing.assert_allclose(grid.spacing_mm, SPACING_XYZ[::-1], rtol=1e-6)
    np.testing.assert_allclose(grid.origin_mm, (LPS_FROM_RAS @ ORIGIN_RAS)[::-1], atol=1e-5)
    np.testing.assert_allclose(grid.direction, (LPS_FROM_RAS @ ROTATION)[::-1, ::-1], atol=1e-6)
    # The documented relation: the centre of array[k, j, i] is origin + direction @ (spacing * (k, j, i)), (z, y, x)
    # in LPS, where nibabel puts voxel (i, j, k) at AFFINE @ (i, j, k, 1) in RAS.
    for k, j, i in [(0, 0, 0), (2, 1, 4), (1, 3, 2)]:
        ours = np.array(grid.origin_mm) + grid.direction @ (np.array(grid.spacing_mm) * (k, j, i))
        theirs = LPS_FROM_RAS @ (AFFINE @ (i, j, k, 1.0))[:3]
        np.testing.assert_allclose(ours, theirs[::-1], atol=1e-5)
    # Accepted wherever a spacing is: the volume of all 60 voxels.
    (row,) = rptdose.voi_stats(array, np.ones(array.shape, np.int32), grid)
    assert row["volume_ml"] == pytest.approx(60 * np.prod(SPACING_XYZ) / 1000, rel=1e-6)


def test_write_image_is_read_by_nibabel_with_the_same_geometry(tmp_path, data_xyz):
    source = tmp_path / "source.nii.gz"
    nib.save(nifti(data_xyz), source)
    array, grid = rptdose.read_image(source)
    path = tmp_path / "written.nii.gz"
    rptdose.write_image(path, array.astype(np.float64) * 2, grid)  # float64 is written as float32
    image = nib.load(path)
    assert image.get_data_dtype() == np.float32
    np.testing.assert_array_equal(np.asanyarray(image.dataobj), data_xyz * 2)
    np.testing.assert_allclose(image.affine, AFFINE, atol=1e-5)
    # A grid made in Python, not read from a file.
    made = rptdose.Grid((3, 4, 5), SPACING_XYZ[::-1], (LPS_FROM_RAS @ ORIGIN_RAS)[::-1],
                        (LPS_FROM_RAS @ ROTATION)[::-1, ::-1])
    rptdose.write_image(tmp_path / "made.nii", array, made)
    np.testing.assert_allclose(nib.load(tmp_path / "made.nii").affine, AFFINE, atol=1e-5)


def test_labels_round_trip_through_nibabel(tmp_path):
    labels_xyz = np.zeros((5, 4, 3), np.int16)
    labels_xyz[1:3, 2, 0] = 7
    labels_xyz[4, 3, 2] = 300
    nib.save(nifti(labels_xyz), tmp_path / "labels.nii.gz")
    labels, grid = rptdose.read_labels(tmp_path / "labels.nii.gz")
    assert labels.dtype == np.int32
    np.testing.assert_array_equal(labels, labels_xyz.transpose(2, 1, 0))
    rptdose.write_image(tmp_path / "out.nii.gz", labels, grid)  # an integer array: an int32 label map
    image = nib.load(tmp_path / "out.nii.gz")
    assert image.get_data_dtype() == np.int32
    np.testing.assert_array_equal(np.asanyarray(image.dataobj), labels_xyz)


@pytest.mark.parametrize("name", ["image.nrrd", "image.mha", "image.nii"])
def test_nrrd_metaimage_and_nifti_round_trip(tmp_path, name):
    grid = rptdose.Grid((3, 4, 5), (3.0, 2.0, 1.5), (7.0, -12.25, 30.5), (LPS_FROM_RAS @ ROTATION)[::-1, ::-1])
    array = np.random.default_rng(1).random((3, 4, 5), dtype=np.float32)
    rptdose.write_image(tmp_path / name, array, grid)
    back, back_grid = rptdose.read_image(tmp_path / name)
    np.testing.assert_array_equal(back, array)
    assert back_grid.same_geometry(grid, tolerance_mm=1e-5, tolerance_direction=1e-6)


def test_io_errors(tmp_path):
    grid = rptdose.Grid((3, 4, 5), 1.0)
    with pytest.raises(rptdose.InvalidInput, match=r"shape \(3, 4, 4\) but grid.shape is \(3, 4, 5\)"):
        rptdose.write_image(tmp_path / "a.nii", np.zeros((3, 4, 4), np.float32), grid)
    with pytest.raises(rptdose.InvalidInput, match="C-contiguous"):
        rptdose.write_image(tmp_path / "a.nii", np.zeros((5, 4, 3), np.float32).T, grid)
    with pytest.raises(rptdose.InvalidInput, match="unsupported image file"):
        rptdose.write_image(tmp_path / "a.png", np.zeros((3, 4, 5), np.float32), grid)
    with pytest.raises(rptdose.InvalidInput, match="writing DICOM is not supported"):  # a folder: a DICOM series
        rptdose.write_image(tmp_path, np.zeros((3, 4, 5), np.float32), grid)
    with pytest.raises(OSError):
        rptdose.read_image(tmp_path / "missing.nii.gz")
    with pytest.raises(rptdose.IoError):
        rptdose.write_image(tmp_path / "no" / "folder.nii", np.zeros((3, 4, 5), np.float32), grid)
