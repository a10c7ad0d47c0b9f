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
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
RT_STRUCTURE_SET_STORAGE = "1.2.840.10008.5.1.4.1.1.481.3"
SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4"
WHEN = datetime.datetime(2026, 3, 2, 10, 0)  # the content date of the RTSTRUCT and SEG writers
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


def write_rtstruct(path, frame_of_reference, study_uid, rois, *, ct_sop_instances=("1.2.3.4",)):
    """rois: [(number, name, [contour (N × 3 mm) or ("POINT", point)])]. As an RT Structure Set IOD (A.19)."""
    ds = Dataset()
    patient_and_study(ds, {"study": study_uid, "frame_of_reference": frame_of_reference}, WHEN)
    ds.SOPInstanceUID = generate_uid()
    ds.Modality = "RTSTRUCT"
    ds.SeriesInstanceUID = generate_uid()
    ds.SeriesNumber = 9
    ds.OperatorsName = ""
    ds.Manufacturer = "pydicom test writer (as MIM / Eclipse)"
    ds.StructureSetLabel = "VOIs"
    ds.StructureSetDate = "20260302"
    ds.StructureSetTime = "100000"
    ref = Dataset()  # C.8.8.5: ReferencedFrameOfReferenceSequence > RTReferencedStudySequence > ... > ContourImage
    ref.FrameOfReferenceUID = frame_of_reference
    series = Dataset()
    series.SeriesInstanceUID = generate_uid()
    series.ContourImageSequence = Sequence([Dataset() for _ in ct_sop_instances])
    for item, uid in zip(series.ContourImageSequence, ct_sop_instances):
        item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        item.ReferencedSOPInstanceUID = uid
    referenced_study = Dataset()
    referenced_study.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"
    referenced_study.ReferencedSOPInstanceUID = study_uid
    referenced_study.RTReferencedSeriesSequence = Sequence([series])
    ref.RTReferencedStudySequence = Sequence([referenced_study])
    ds.ReferencedFrameOfReferenceSequence = Sequence([ref])
    ds.StructureSetROISequence = Sequence()
    ds.ROIContourSequence = Sequence()
    ds.RTROIObservationsSequence = Sequence()
    for number, name, contours in rois:
        roi = Dataset()
        roi.ROINumber = number
        roi.ReferencedFrameOfReferenceUID = frame_of_reference
        roi.ROIName = name
        roi.ROIGenerationAlgorithm = "MANUAL"
        ds.StructureSetROISequence.append(roi)
        item = Dataset()
        item.ROIDisplayColor = [255, 0, 0]
        item.ReferencedROINumber = number
        if contours:
            item.ContourSequence = Sequence()
            for contour in contours:
                c = Dataset()
                if isinstance(contour, tuple):  # ("POINT", (x, y, z))
                    c.ContourGeometricType = contour[0]
                    points = np.asarray([contour[1]], float)
                else:
                    c.ContourGeometricType = "CLOSED_PLANAR"
                    points = np.asarray(contour, float)
                c.NumberOfContourPoints = len(points)
                c.ContourData = [f"{v:.4f}" for v in points.ravel()]
                item.ContourSequence.append(c)
        ds.ROIContourSequence.append(item)
        observation = Dataset()
        observation.ObservationNumber = number
        observation.ReferencedROINumber = number
        observation.RTROIInterpretedType = "ORGAN"
        observation.ROIInterpreter = ""
        ds.RTROIObservationsSequence.append(observation)
    part10(ds, RT_STRUCTURE_SET_STORAGE, pathlib.Path(path))
    return path


def write_seg(path, frame_of_reference, study_uid, masks_zyx, spacing, origin_xyz, *, fractional=False,
              shift_frame=None, row=(1.0, 0.0, 0.0), column=(0.0, 1.0, 0.0), reverse=False):
    """masks_zyx: {label: bool array [slice, row, column]} on the grid of `row`, `column` (ImageOrientationPatient)
    and their cross product; empty frames left out (one frame per segment and slice that holds any voxel); with
    `reverse` each segment's frames run from the last slice to the first."""
    normal = np.cross(row, column)
    ds = Dataset()
    patient_and_study(ds, {"study": study_uid, "frame_of_reference": frame_of_reference},
                      WHEN)
    ds.SOPInstanceUID = generate_uid()
    ds.Modality = "SEG"
    ds.SeriesInstanceUID = generate_uid()
    ds.SeriesNumber = 10
    ds.InstanceNumber = 1
    ds.Manufacturer = "pydicom test writer (as highdicom / TotalSegmentator)"
    ds.ManufacturerModelName, ds.DeviceSerialNumber, ds.SoftwareVersions = "test", "1", "1"  # Enhanced Equipment
    ds.ImageType = ["DERIVED", "PRIMARY"]
    ds.ContentLabel = "SEGMENTATION"
    ds.ContentDescription = ""
    ds.ContentCreatorName = ""
    ds.ContentDate, ds.ContentTime = "20260302", "100000"
    ds.SegmentationType = "FRACTIONAL" if fractional else "BINARY"
    if fractional:
        ds.SegmentationFractionalType = "PROBABILITY"
        ds.MaximumFractionalValue = 255
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = ds.BitsStored = 8 if fractional else 1
    ds.HighBit = 7 if fractional else 0
    ds.PixelRepresentation = 0
    ds.LossyImageCompression = "00"
    shape = next(iter(masks_zyx.values())).shape
    ds.Rows, ds.Columns = shape[1], shape[2]
    ds.SegmentSequence = Sequence()
    for number, name in enumerate(masks_zyx, start=1):
        s = Dataset()
        s.SegmentNumber = number
        s.SegmentLabel = name
        s.SegmentAlgorithmType = "AUTOMATIC"
        s.SegmentAlgorithmName = "test"
        category, kind = Dataset(), Dataset()
        category.CodeValue, category.CodingSchemeDesignator, category.CodeMeaning = "123037004", "SCT", "Anatomical Structure"
        kind.CodeValue, kind.CodingSchemeDesignator, kind.CodeMeaning = "10200004", "SCT", name
        s.SegmentedPropertyCategoryCodeSequence = Sequence([category])
        s.SegmentedPropertyTypeCodeSequence = Sequence([kind])
        ds.SegmentSequence.append(s)
    # Dimensions (C.7.6.17) as highdicom writes them: segment number, then the plane position.
    organization = Dataset()
    organization.DimensionOrganizationUID = generate_uid()
    ds.DimensionOrganizationSequence = Sequence([organization])
    ds.DimensionIndexSequence = Sequence()
    for pointer, group in (((0x0062, 0x000B), (0x0062, 0x000A)), ((0x0020, 0x0032), (0x0020, 0x9113))):
        d = Dataset()
        d.DimensionOrganizationUID = organization.DimensionOrganizationUID
        d.DimensionIndexPointer = pydicom.tag.Tag(*pointer)
        d.FunctionalGroupPointer = pydicom.tag.Tag(*group)
        ds.DimensionIndexSequence.append(d)
    shared = Dataset()
    measures = Dataset()
    measures.PixelSpacing = [spacing, spacing]
    measures.SliceThickness = spacing
    measures.SpacingBetweenSlices = spacing
    orientation = Dataset()
    orientation.ImageOrientationPatient = [f"{v:.8f}" for v in (*row, *column)]
    shared.PixelMeasuresSequence = Sequence([measures])
    shared.PlaneOrientationSequence = Sequence([orientation])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    ds.PerFrameFunctionalGroupsSequence = Sequence()
    frames = []
    for number, mask in enumerate(masks_zyx.values(), start=1):
        for k in (reversed(range(shape[0])) if reverse else range(shape[0])):
            if not mask[k].any():
                continue
            item = Dataset()
            content, position, ident = Dataset(), Dataset(), Dataset()
            content.DimensionIndexValues = [number, k + 1]
            shift = 3.0 if shift_frame == len(frames) else 0.0
            at = np.asarray(origin_xyz) + spacing * k * normal + shift * np.asarray(row)
            position.ImagePositionPatient = [f"{v:.6f}" for v in at]
            ident.ReferencedSegmentNumber = number
            item.FrameContentSequence = Sequence([content])
            item.PlanePositionSequence = Sequence([position])
            item.SegmentIdentificationSequence = Sequence([ident])
            ds.PerFrameFunctionalGroupsSequence.append(item)
            frames.append(mask[k])
    ds.NumberOfFrames = len(frames)
    stack = np.stack(frames)
    if fractional:
        ds.PixelData = np.where(stack, 200, 60).astype(np.uint8).tobytes()  # 200/255 ≥ 0.5 inside, 60/255 not
    else:
        ds.PixelData = np.packbits(stack.ravel().astype(np.uint8), bitorder="little").tobytes()  # PS3.5 §8.1.1
    part10(ds, SEGMENTATION_STORAGE, pathlib.Path(path))
    return path


NM_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.20"
PET_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.128"


def _code(value, scheme, meaning):
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def radiopharmaceutical(nuclide_code=("C-163A8", "SRT", "^99m^Technetium"), injection=None, total_dose=None):
    """One Radiopharmaceutical Information Sequence item (PS3.3 C.8.4.10 NM / C.8.9.2 PET Isotope Module):
    RadionuclideCodeSequence (CID 18), RadiopharmaceuticalStartDateTime (DT), RadionuclideTotalDose."""
    item = Dataset()
    if nuclide_code:
        item.RadionuclideCodeSequence = [_code(*nuclide_code)]
    if injection is not None:
        item.RadiopharmaceuticalStartDateTime = injection.strftime("%Y%m%d%H%M%S")
        item.RadiopharmaceuticalStartTime = injection.strftime("%H%M%S")
    if total_dose is not None:
        item.RadionuclideTotalDose = f"{total_dose:.6g}"
    return item


def write_nm_multiframe(path, stored_zyx, spacing_mm=(4.8, 4.8, 4.8), origin_mm=(-150.0, -160.0, -50.0),
                        row_direction=(1.0, 0.0, 0.0), column_direction=(0.0, 1.0, 0.0), slice_step="spacing",
                        rwv=None, rescale=None, patient_position="HFS", when=None, rotations=None,
                        nuclide_code=("C-163A8", "SRT", "^99m^Technetium"), injection=None, total_dose_MBq=None,
                        manufacturer="SIEMENS", geometry_in_detector=True, image_type="RECON TOMO",
                        transfer_syntax=ExplicitVRLittleEndian, **uids) -> dict:
    """A reconstructed SPECT as one NM multi-frame file (NM Image IOD, PS3.3 A.5: C.8.4.8 NM Multi-frame with
    FrameIncrementPointer → SliceVector, C.8.4.11 NM Detector with the first frame's ImagePositionPatient and
    ImageOrientationPatient in DetectorInformationSequence, C.8.4.15/16 Reconstruction with SpacingBetweenSlices,
    C.8.4.12 NM TOMO Acquisition's RotationInformationSequence). The frames step along row × column.

    stored_zyx: uint16 values [frames, rows, columns]; slice_step: "spacing" (SpacingBetweenSlices and
    SliceThickness), "thickness" (SliceThickness only) or None (neither); rwv: (slope, intercept, UCUM code) as
    Siemens xSPECT Quant writes Bq/mL (a RealWorldValueMappingSequence item); rescale: (slope, intercept);
    rotations: [(views per detector, ms per view), ...] (GE writes the RotationInformationSequence so);
    transfer_syntax: RLE Lossless compresses the frames with pydicom's own RLE encoder (PS3.5 Annex G).
    """
    path = pathlib.Path(path)
    stored = np.asarray(stored_zyx, dtype=np.uint16)
    when = when or datetime.datetime(2026, 3, 2, 9, 30, 0)
    uids = new_uids(**uids)
    ds = Dataset()
    patient_and_study(ds, uids, when)
    ds.SOPInstanceUID = generate_uid()
    ds.Modality = "NM"
    ds.Manufacturer = manufacturer
    ds.SeriesInstanceUID = uids["series"]
    ds.SeriesNumber = 3
    ds.SeriesDescription = "SPECT reconstruction"
    ds.PatientPosition = patient_position
    ds.ImageType = ["ORIGINAL", "PRIMARY", image_type, "EMISSION"]
    ds.InstanceNumber = 1
    ds.AcquisitionDate, ds.AcquisitionTime = when.strftime("%Y%m%d"), when.strftime("%H%M%S")
    ds.SeriesDate, ds.SeriesTime = ds.AcquisitionDate, ds.AcquisitionTime
    ds.NumberOfFrames = stored.shape[0]
    ds.FrameIncrementPointer = pydicom.tag.Tag("SliceVector")
    ds.SliceVector = list(range(1, stored.shape[0] + 1))
    ds.NumberOfSlices = stored.shape[0]
    ds.NumberOfDetectors = 2
    detector = Dataset()
    position = [f"{v:.6f}" for v in origin_mm]
    orientation = [f"{v:.6f}" for v in (*row_direction, *column_direction)]
    if geometry_in_detector:
        detector.ImagePositionPatient, detector.ImageOrientationPatient = position, orientation
    else:
        ds.ImagePositionPatient, ds.ImageOrientationPatient = position, orientation
    ds.DetectorInformationSequence = [detector]
    ds.PixelSpacing = [f"{spacing_mm[1]:.6f}", f"{spacing_mm[0]:.6f}"]
    if slice_step == "spacing":
        ds.SpacingBetweenSlices = f"{spacing_mm[2]:.6f}"
        ds.SliceThickness = f"{spacing_mm[2]:.6f}"
    elif slice_step == "thickness":
        ds.SliceThickness = f"{spacing_mm[2]:.6f}"
    if rotations:
        items = []
        for views, ms in rotations:
            item = Dataset()
            item.NumberOfFramesInRotation, item.ActualFrameDuration = views, ms
            item.AngularStep, item.ScanArc = "3", "180"
            items.append(item)
        ds.RotationInformationSequence = items
        ds.NumberOfRotations = len(rotations)
    ds.RadiopharmaceuticalInformationSequence = [
        radiopharmaceutical(nuclide_code, injection, total_dose_MBq)]
    if rwv:
        slope, intercept, unit = rwv
        item = Dataset()
        item.RealWorldValueFirstValueMapped, item.RealWorldValueLastValueMapped = 0, 65535
        item.RealWorldValueSlope, item.RealWorldValueIntercept = float(slope), float(intercept)
        item.LUTExplanation, item.LUTLabel = unit, unit
        item.MeasurementUnitsCodeSequence = [_code(unit, "UCUM", unit)]
        ds.RealWorldValueMappingSequence = [item]
    if rescale:
        ds.RescaleSlope, ds.RescaleIntercept = f"{rescale[0]:.8g}", f"{rescale[1]:.8g}"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows, ds.Columns = stored.shape[1], stored.shape[2]
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.PixelData = stored.astype("<u2").tobytes()
    if transfer_syntax != ExplicitVRLittleEndian:
        ds.is_little_endian, ds.is_implicit_VR = True, False
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.compress(transfer_syntax)
    part10(ds, NM_IMAGE_STORAGE, path, transfer_syntax)
    return uids


def write_pet_series(folder, stored_zyx, slopes, spacing_mm=(4.0, 4.0, 3.0), origin_mm=(-200.0, -210.0, -90.0),
                     units="BQML", decay_correction="START", decay_factor=1.0, when=None, injection=None,
                     total_dose_Bq=None, nuclide_code=("C-111A1", "SRT", "^18^Fluorine"), positions=None,
                     **uids) -> dict:
    """A PET series, one file per slice (PET Image IOD, PS3.3 A.21: C.8.9.1 PET Series with Units, DecayCorrection,
    C.8.9.2 PET Isotope, C.8.9.4 PET Image with a RescaleSlope of its own per slice and intercept 0, DecayFactor).
    positions: the z of each slice (default a regular step); files are named in reverse slice order."""
    folder = pathlib.Path(folder)
    stored = np.asarray(stored_zyx)
    when = when or datetime.datetime(2026, 3, 2, 10, 0, 0)
    uids = new_uids(**uids)
    for k, plane in enumerate(stored):
        ds = Dataset()
        patient_and_study(ds, uids, when)
        ds.SOPInstanceUID = generate_uid()
        ds.Modality = "PT"
        ds.SeriesInstanceUID = uids["series"]
        ds.SeriesNumber = 4
        ds.SeriesDescription = "PET AC"
        ds.PatientPosition = "HFS"
        ds.ImageType = ["ORIGINAL", "PRIMARY"]
        ds.SeriesDate, ds.SeriesTime = when.strftime("%Y%m%d"), when.strftime("%H%M%S")
        ds.AcquisitionDate, ds.AcquisitionTime = ds.SeriesDate, ds.SeriesTime
        ds.Units = units
        ds.DecayCorrection = decay_correction
        ds.DecayFactor = f"{decay_factor:.6g}"
        ds.CorrectedImage = ["DECY", "ATTN", "SCAT"]
        ds.ActualFrameDuration = 180000
        ds.RadiopharmaceuticalInformationSequence = [radiopharmaceutical(nuclide_code, injection, total_dose_Bq)]
        ds.InstanceNumber = k + 1
        z = positions[k] if positions is not None else origin_mm[2] + k * spacing_mm[2]
        ds.ImagePositionPatient = [f"{origin_mm[0]:.6f}", f"{origin_mm[1]:.6f}", f"{z:.6f}"]
        ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
        ds.PixelSpacing = [f"{spacing_mm[1]:.6f}", f"{spacing_mm[0]:.6f}"]
        ds.SliceThickness = f"{spacing_mm[2]:.6f}"
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows, ds.Columns = plane.shape
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.RescaleSlope, ds.RescaleIntercept = f"{slopes[k]:.8g}", "0"
        ds.PixelData = np.asarray(plane).astype("<i2").tobytes()
        part10(ds, PET_IMAGE_STORAGE, folder / f"PT{len(stored) - k:04d}.dcm")
    return uids


def write_segmentation_file(path, mask_zyx, **uids) -> dict:
    """A binary DICOM SEG (Segmentation IOD, PS3.3 A.51), just enough of it to be recognised as one: a reader of
    images must refuse it rather than read the segment's 1-bit frames as an image."""
    path = pathlib.Path(path)
    mask = np.asarray(mask_zyx, dtype=np.uint8)
    uids = new_uids(**uids)
    ds = Dataset()
    patient_and_study(ds, uids, datetime.datetime(2026, 3, 2, 11, 0, 0))
    ds.SOPInstanceUID = generate_uid()
    ds.Modality = "SEG"
    ds.SeriesInstanceUID = uids["series"]
    ds.SeriesNumber = 5
    ds.SegmentationType = "BINARY"
    ds.NumberOfFrames = mask.shape[0]
    ds.Rows, ds.Columns = mask.shape[1], mask.shape[2]
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 1, 1, 0, 0
    ds.PixelData = np.packbits(mask.ravel(), bitorder="little").tobytes()
    part10(ds, SEGMENTATION_STORAGE, path)
    return uids
