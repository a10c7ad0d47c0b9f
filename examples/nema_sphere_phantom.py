#!/usr/bin/env python3
"""A synthetic SPECT of the NEMA IEC body phantom, made independently of rptdose (numpy + nibabel only).

Six spheres (inner diameters 10, 13, 17, 22, 28, 37 mm) on a ring of 57.2 mm radius in the plane z = 0, filled at
--sphere-kBq-per-mL over a background of --background-kBq-per-mL inside the phantom body (approximated as a
cylinder of 110 mm radius, 180 mm long), imaged with an isotropic Gaussian PSF of --fwhm-mm and sampled on cubic
voxels of --voxel-mm (each voxel the mean of 4^3 sub-voxel points: partial-volume of the voxelisation included).
Noise-free, in Bq/mL. Writes the image and prints the `rptdose calibrate` sphere options for it.

    /usr/bin/python3 examples/nema_sphere_phantom.py --out spheres.nii.gz
    build/bin/rptdose calibrate --nuclide Lu-177 --out cal.json --spheres-image spheres.nii.gz \\
        --sphere-kBq-per-mL 80 --background-kBq-per-mL 10 --spheres-concentration-time 2026-01-01T12:00:00 \\
        --spheres-acquisition-time 2026-01-01T12:00:00 --spheres-duration-s 1 $(cat spheres.options)

(docs/quantification.md, "Recovery correction on the example").
"""
import argparse
import math

import nibabel
import numpy as np

DIAMETERS_MM = (10.0, 13.0, 17.0, 22.0, 28.0, 37.0)
RING_RADIUS_MM = 57.2
BODY_RADIUS_MM = 110.0
BODY_HALF_LENGTH_MM = 90.0
SUBSAMPLES = 4


def true_concentration(x, y, z, sphere_kbq, background_kbq):
    """kBq/mL at points (mm): the body's background, the spheres' concentration inside them."""
    c = np.where((x * x + y * y <= BODY_RADIUS_MM**2) & (np.abs(z) <= BODY_HALF_LENGTH_MM), background_kbq, 0.0)
    for i, d in enumerate(DIAMETERS_MM):
        angle = 2 * math.pi * i / len(DIAMETERS_MM)
        cx, cy = RING_RADIUS_MM * math.cos(angle), RING_RADIUS_MM * math.sin(angle)
        inside = (x - cx) ** 2 + (y - cy) ** 2 + z * z <= (d / 2) ** 2
        c = np.where(inside, sphere_kbq, c)
    return c


def gaussian_blur(image, sigma_voxels):
    """Linear (zero-padded) convolution with a Gaussian by FFT, each axis padded by 4 sigma."""
    pad = int(math.ceil(4 * sigma_voxels))
    padded = np.pad(image, pad)
    result = np.fft.rfftn(padded)
    for axis, n in enumerate(padded.shape):
        f = np.fft.rfftfreq(n) if axis == padded.ndim - 1 else np.fft.fftfreq(n)
        shape = [1] * padded.ndim
        shape[axis] = f.size
        result *= np.exp(-2 * (math.pi * sigma_voxels * f) ** 2).reshape(shape)
    out = np.fft.irfftn(result, s=padded.shape)
    return out[pad:-pad, pad:-pad, pad:-pad]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="image to write (.nii.gz), Bq/mL")
    parser.add_argument("--voxel-mm", type=float, default=4.8)
    parser.add_argument("--size", type=int, default=64, help="voxels per axis")
    parser.add_argument("--fwhm-mm", type=float, default=10.0)
    parser.add_argument("--sphere-kBq-per-mL", type=float, default=80.0)
    parser.add_argument("--background-kBq-per-mL", type=float, default=10.0)
    args = parser.parse_args()

    n, h = args.size, args.voxel_mm
    origin = -(n - 1) / 2 * h  # voxel centres symmetric about 0
    offsets = (np.arange(SUBSAMPLES) + 0.5) / SUBSAMPLES - 0.5
    axis = origin + np.arange(n) * h
    image = np.zeros((n, n, n))
    for ox in offsets:
        for oy in offsets:
            for oz in offsets:
                x, y, z = np.meshgrid(axis + ox * h, axis + oy * h, axis + oz * h, indexing="ij")
                image += true_concentration(x, y, z, args.sphere_kBq_per_mL, args.background_kBq_per_mL)
    image /= SUBSAMPLES**3
    sigma_voxels = args.fwhm_mm / (2 * math.sqrt(2 * math.log(2))) / h
    image = gaussian_blur(image, sigma_voxels) * 1000.0  # kBq/mL -> Bq/mL

    # NIfTI stores RAS; rptdose (ITK) reads LPS: x and y flip sign. Put the origin so that LPS = (x, y, z) above.
    affine = np.diag([-h, -h, h, 1.0])
    affine[:3, 3] = [-origin, -origin, origin]
    nibabel.save(nibabel.Nifti1Image(image.astype(np.float32), affine), args.out)
    options = []
    for i, d in enumerate(DIAMETERS_MM):
        angle = 2 * math.pi * i / len(DIAMETERS_MM)
        options.append(f"--sphere {RING_RADIUS_MM * math.cos(angle):.4f},{RING_RADIUS_MM * math.sin(angle):.4f},0,{d:g}")
    print(" ".join(options))


if __name__ == "__main__":
    main()
