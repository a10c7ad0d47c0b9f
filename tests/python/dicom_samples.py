"""DICOM test inputs written with pydicom, an independent writer, following DICOM PS3.3 (not rptdose's own writer).

Every writer returns the UIDs it used, so that tests can check that rptdose keeps or references them. The files
are DICOM Part 10 (preamble, file meta information), explicit VR little endian unless a test asks otherwise.
"""
from __future__ import annotations

import datetime
import pathlib

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
PYDICOM_ROOT = "1.2.826.0.1.3680043.8.498."  # pydicom's UID root, as generate_uid() uses


def part10(dataset: Dataset, sop_class_uid: str, path: pathlib.Path, transfer_syntax=ExplicitVRLittleEndian):
    """Writes `dataset` as a Part 10 file with its file meta information (PS3.10 §7.1)."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class_uid
    meta.MediaStorageSOPInstanceUID = dataset.SOPInstanceUID
    meta.TransferSyntaxUID = transfer_syntax
    meta.ImplementationClassUID = PYDICOM_ROOT + "1"
    dataset.file_meta = meta
    dataset.SOPClassUID = sop_class_uid
    dataset.is_little_endian = True
    dataset.is_implicit_VR = False
    path.parent.mkdir(parents=True, exist_ok=True)
    pydicom.dcmwrite(str(path), dataset, write_like_original=False)


def patient_and_study(dataset: Dataset, uids: dict, when: datetime.datetime):
    """Patient (C.7.1.1), General Study (C.7.2.1) and Frame of Reference (C.7.4.1) modules."""
    dataset.PatientName = "Test^Phantom"
    dataset.PatientID = "RPT-0001"
    dataset.PatientBirthDate = "19600101"
    dataset.PatientSex = "F"
    dataset.StudyInstanceUID = uids["study"]
    dataset.StudyDate = when.strftime("%Y%m%d")
    dataset.StudyTime = when.strftime("%H%M%S")
    dataset.StudyID = "1"
    dataset.AccessionNumber = ""
    dataset.ReferringPhysicianName = ""
    dataset.FrameOfReferenceUID = uids["frame_of_reference"]
    dataset.PositionReferenceIndicator = ""


def new_uids(**given) -> dict:
    """Study, series and frame-of-reference UIDs: those given, fresh ones for the rest."""
    uids = {key: generate_uid() for key in ("study", "series", "frame_of_reference")}
    uids.update(given)
    return uids


def write_ct_series(folder, hu_zyx, spacing_mm=(1.0, 1.0, 2.0), origin_mm=(0.0, 0.0, 0.0),
                    row_direction=(1.0, 0.0, 0.0), column_direction=(0.0, 1.0, 0.0), when=None,
                    file_name="CT{:04d}.dcm", **uids) -> dict:
    """A CT series, one file per slice (CT Image IOD, PS3.3 A.3), values in HU stored as int16 with
    RescaleSlope 1 and RescaleIntercept -1024 (as most scanners write them).

    hu_zyx: array [slices, rows, columns]; spacing_mm: (column spacing x, row spacing y, slice step);
    origin_mm: the centre of the first voxel of the first slice (LPS); the slices step along row × column.
    Returns the UIDs (study, series, frame_of_reference, and sop_instances: one per slice, in slice order).
    """
    folder = pathlib.Path(folder)
    hu_zyx = np.asarray(hu_zyx)
    when = when or datetime.datetime(2026, 3, 2, 9, 30, 0)
    uids = new_uids(**uids)
    row, column = np.asarray(row_direction, float), np.asarray(column_direction, float)
    normal = np.cross(row, column)
    uids["sop_instances"] = []
    for k, plane in enumerate(hu_zyx):
        ds = Dataset()
        patient_and_study(ds, uids, when)
        ds.SOPInstanceUID = generate_uid()
        uids["sop_instances"].append(ds.SOPInstanceUID)
        ds.Modality = "CT"
        ds.SeriesInstanceUID = uids["series"]
        ds.SeriesNumber = 2
        ds.SeriesDescription = "CT for attenuation and anatomy"
        ds.PatientPosition = "HFS"
        ds.Manufacturer = "pydicom test writer"
        ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
        ds.InstanceNumber = k + 1
        ds.AcquisitionNumber = 1
        ds.AcquisitionDate = when.strftime("%Y%m%d")
        ds.AcquisitionTime = when.strftime("%H%M%S")
        position = np.asarray(origin_mm, float) + k * spacing_mm[2] * normal
        ds.ImagePositionPatient = [f"{v:.6f}" for v in position]
        ds.ImageOrientationPatient = [f"{v:.6f}" for v in (*row, *column)]
        ds.PixelSpacing = [f"{spacing_mm[1]:.6f}", f"{spacing_mm[0]:.6f}"]  # row spacing, column spacing
        ds.SliceThickness = f"{spacing_mm[2]:.6f}"
        ds.KVP = "120"
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows, ds.Columns = plane.shape
        ds.BitsAllocated = 16
        ds.BitsStored = 16
        ds.HighBit = 15
        ds.PixelRepresentation = 1
        ds.RescaleIntercept = "-1024"
        ds.RescaleSlope = "1"
        ds.RescaleType = "HU"
        ds.PixelData = np.round(plane + 1024).astype("<i2").tobytes()
        part10(ds, CT_IMAGE_STORAGE, folder / file_name.format(k))
    return uids
