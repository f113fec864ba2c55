"""Golden files and tiny fixtures for io.phototriage.models.ct (volumes, DICOM, NIfTI, metrics), from pydicom/nibabel/numpy.

  tools/export/.venv/bin/python tools/export/export.py golden-ct            # needs nibabel, pydicom, imagecodecs

Writes triage-models/src/test/resources/ct/:
  dicom/<case>/*.dcm   small synthetic series written by pydicom (fixed seed): Explicit VR LE signed, Implicit VR LE
                       unsigned MONOCHROME1 with slope/intercept, oblique orientation, and the bad-input cases
                       (mixed series, a missing slice, a tilted stack, a non-DICOM file, a localizer, a truncated file)
  nifti/*.nii[.gz]     small NIfTI-1 files written by nibabel (int16 with scaling, uint8, float32; oblique affines)
  golden-ct.json       what pydicom/nibabel/numpy read from them and from ../shared/data/ct: HU values, affines,
                       header fields, the real series' sha256 of the HU volume, and the Dice/volume metrics of
                       example_seg_fast against example_seg.

The DICOM → NIfTI convention is dcm2niix's (used by TotalSegmentator to convert DICOM): voxel (i, j, k) of the NIfTI is
column i, row (rows - 1 - j) of the k-th slice in order along the slice normal; the affine maps it to RAS. It is
checked here against example_seg_dicom.nii.gz, which TotalSegmentator wrote on the real series' grid.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np

from .common import REPO_ROOT, SHARED

OUT = REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "ct"
CT = SHARED / "data" / "ct"


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: %(default)s)")


# ---------------------------------------------------------------------------------------------------------------------
# DICOM fixtures

def _dataset(rows, cols, position, orientation, spacing, series_uid, instance, pixels, *, implicit=False,
             signed=True, slope=1.0, intercept=0.0, photometric="MONOCHROME2", image_type=None, bits_stored=16):
    import pydicom
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, CTImageStorage

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CTImageStorage
    meta.MediaStorageSOPInstanceUID = f"{series_uid}.{instance}"
    meta.TransferSyntaxUID = ImplicitVRLittleEndian if implicit else ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = CTImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "CT"
    ds.ImageType = image_type or ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.SeriesInstanceUID = series_uid
    ds.StudyInstanceUID = "1.2.826.0.1.3680043.8.498.1"
    ds.InstanceNumber = instance
    ds.ImagePositionPatient = [float(v) for v in position]
    ds.ImageOrientationPatient = [float(v) for v in orientation]
    ds.PixelSpacing = [float(spacing[0]), float(spacing[1])]  # row spacing (between rows), column spacing
    ds.SliceThickness = 2.5
    ds.Rows = rows
    ds.Columns = cols
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated = 16
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    ds.RescaleSlope = f"{slope:g}"
    ds.RescaleIntercept = f"{intercept:g}"
    # a sequence with undefined length, so the parser must skip nested items
    item = Dataset()
    item.CodeValue = "T-D0050"
    item.CodingSchemeDesignator = "SRT"
    ds.AnatomicRegionSequence = pydicom.Sequence([item])
    ds.PixelData = pixels.astype("<i2" if signed else "<u2").tobytes()
    return ds


def _save(ds, path: Path, implicit: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(str(path), enforce_file_format=True)


def _series(folder: Path, *, n, rows, cols, origin, orientation, spacing, slice_step, series_uid, seed, implicit=False,
            signed=True, slope=1.0, intercept=0.0, photometric="MONOCHROME2", skip=(), tilt=0.0, bits_stored=16,
            names=None):
    rng = np.random.default_rng(seed)
    row_cos = np.array(orientation[:3])
    col_cos = np.array(orientation[3:])
    normal = np.cross(row_cos, col_cos)
    slices = []
    order = list(range(n))
    rng.shuffle(order)  # file names never follow the geometry
    for idx, k in enumerate(order):
        if k in skip:
            continue
        pos = np.array(origin) + normal * slice_step * k + col_cos * tilt * k
        if signed:
            lo, hi = -(1 << (bits_stored - 1)), (1 << (bits_stored - 1)) - 1
            pix = rng.integers(max(lo, -2000), min(hi, 3000) + 1, size=(rows, cols))
        else:
            pix = rng.integers(0, min((1 << bits_stored) - 1, 4095) + 1, size=(rows, cols))
        ds = _dataset(rows, cols, pos, orientation, spacing, series_uid, k + 1, pix, implicit=implicit, signed=signed,
                      slope=slope, intercept=intercept, photometric=photometric, bits_stored=bits_stored)
        name = names(idx) if names else f"img{idx:03d}.dcm"
        _save(ds, folder / name, implicit)
        slices.append((k, ds))
    return slices


def _dcm2niix_volume_and_affine(datasets):
    """Independent of the Java code: the series as numpy (x, y, z) HU with dcm2niix's row flip, and its RAS affine."""
    import pydicom
    from pydicom.pixels import apply_modality_lut

    iop = np.array([float(v) for v in datasets[0].ImageOrientationPatient])
    row_cos, col_cos = iop[:3], iop[3:]
    normal = np.cross(row_cos, col_cos)
    ordered = sorted(datasets, key=lambda d: float(np.dot(normal, np.array([float(v) for v in d.ImagePositionPatient]))))
    positions = np.array([[float(v) for v in d.ImagePositionPatient] for d in ordered])
    dz = float(np.dot(normal, positions[-1] - positions[0]) / (len(ordered) - 1)) if len(ordered) > 1 else 1.0
    dr, dc = (float(v) for v in ordered[0].PixelSpacing)  # between rows, between columns
    rows = int(ordered[0].Rows)
    lps = np.eye(4)
    lps[:3, 0] = row_cos * dc
    lps[:3, 1] = col_cos * dr
    lps[:3, 2] = normal * dz
    lps[:3, 3] = positions[0]
    flip = np.eye(4)
    flip[1, 1] = -1
    flip[1, 3] = rows - 1
    ras = np.diag([-1.0, -1.0, 1.0, 1.0]) @ lps @ flip
    hu = np.stack([apply_modality_lut(d.pixel_array, d).astype(np.float64) for d in ordered], axis=-1)  # (row, col, z)
    vol = np.transpose(hu, (1, 0, 2))[:, ::-1, :]  # (col, flipped row, z)
    return vol, ras, ordered


def write_dicom_fixtures(out: Path) -> dict:
    import pydicom

    root = out / "dicom"
    if root.exists():
        shutil.rmtree(root)
    axial = [1, 0, 0, 0, 1, 0]
    c, s = np.cos(np.radians(20)), np.sin(np.radians(20))
    oblique = [c, s, 0.0, 0.0, 0.0, -1.0]  # a coronal plane rotated 20 degrees about z
    cases = {}

    def record(name, folder):
        files = sorted(p for p in folder.iterdir())
        datasets = [pydicom.dcmread(str(p)) for p in files]
        vol, affine, ordered = _dcm2niix_volume_and_affine(datasets)
        cases[name] = {
            "shape": list(vol.shape),
            "affine": affine.tolist(),
            "hu": vol.transpose(2, 1, 0).ravel().tolist(),  # index i + nx*(j + ny*k)
            "series_uid": str(ordered[0].SeriesInstanceUID),
            "transfer_syntax": str(ordered[0].file_meta.TransferSyntaxUID),
        }

    _series(root / "explicit-signed", n=4, rows=5, cols=6, origin=[-10.5, 20.25, -30.0], orientation=axial,
            spacing=[0.8, 0.7], slice_step=2.5, series_uid="1.2.826.0.1.3680043.8.498.10", seed=1)
    record("explicit-signed", root / "explicit-signed")
    _series(root / "implicit-unsigned-mono1", n=3, rows=4, cols=3, origin=[5.0, -7.0, 12.0], orientation=axial,
            spacing=[1.5, 1.25], slice_step=-3.0, series_uid="1.2.826.0.1.3680043.8.498.11", seed=2, implicit=True,
            signed=False, slope=2.0, intercept=-1024.0, photometric="MONOCHROME1")
    record("implicit-unsigned-mono1", root / "implicit-unsigned-mono1")
    _series(root / "oblique-12bit-signed", n=3, rows=4, cols=5, origin=[1.0, 2.0, 3.0], orientation=oblique,
            spacing=[0.9, 1.1], slice_step=1.75, series_uid="1.2.826.0.1.3680043.8.498.12", seed=3, bits_stored=12)
    record("oblique-12bit-signed", root / "oblique-12bit-signed")

    # mixed: a 4-slice series and a 2-slice series in one folder, plus a non-DICOM file and a localizer
    mixed = root / "mixed"
    _series(mixed, n=4, rows=5, cols=6, origin=[0, 0, 0], orientation=axial, spacing=[1, 1], slice_step=2.0,
            series_uid="1.2.826.0.1.3680043.8.498.20", seed=4, names=lambda i: f"a{i}.dcm")
    _series(mixed, n=2, rows=3, cols=3, origin=[0, 0, 0], orientation=axial, spacing=[1, 1], slice_step=2.0,
            series_uid="1.2.826.0.1.3680043.8.498.21", seed=5, names=lambda i: f"b{i}.dcm")
    (mixed / "README.txt").write_text("not a DICOM file\n")
    loc = _dataset(5, 6, [0, 0, -50], [1, 0, 0, 0, 0, -1], [1, 1], "1.2.826.0.1.3680043.8.498.20", 99,
                   np.zeros((5, 6), dtype=np.int16), image_type=["ORIGINAL", "PRIMARY", "LOCALIZER"])
    _save(loc, mixed / "scout.dcm", False)
    datasets = [pydicom.dcmread(str(p)) for p in sorted(mixed.glob("a*.dcm"))]
    vol, affine, ordered = _dcm2niix_volume_and_affine(datasets)
    cases["mixed"] = {"shape": list(vol.shape), "affine": affine.tolist(), "hu": vol.transpose(2, 1, 0).ravel().tolist(),
                      "series_uid": "1.2.826.0.1.3680043.8.498.20", "transfer_syntax": "1.2.840.10008.1.2.1"}

    _series(root / "missing-slice", n=5, rows=3, cols=3, origin=[0, 0, 0], orientation=axial, spacing=[1, 1],
            slice_step=2.0, series_uid="1.2.826.0.1.3680043.8.498.30", seed=6, skip=(2,))
    _series(root / "tilted", n=4, rows=3, cols=3, origin=[0, 0, 0], orientation=axial, spacing=[1, 1], slice_step=2.0,
            series_uid="1.2.826.0.1.3680043.8.498.31", seed=7, tilt=0.6)
    trunc = root / "truncated"
    _series(trunc, n=3, rows=4, cols=4, origin=[0, 0, 0], orientation=axial, spacing=[1, 1], slice_step=2.0,
            series_uid="1.2.826.0.1.3680043.8.498.32", seed=8)
    victim = sorted(trunc.iterdir())[1]
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) - 10])  # the pixel data ends early
    return cases


# ---------------------------------------------------------------------------------------------------------------------
# NIfTI fixtures

def write_nifti_fixtures(out: Path) -> dict:
    import nibabel as nib

    root = out / "nifti"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    rng = np.random.default_rng(11)
    cases = {}
    rot = np.array([[0.0, -1.2, 0.0, 30.5], [0.9, 0.0, 0.1, -12.25], [0.0, 0.0, 2.5, 7.0], [0, 0, 0, 1]])

    def record(name, path):
        img = nib.load(str(path))
        h = img.header
        data = np.asanyarray(img.dataobj).astype(np.float64)  # scaled as nibabel applies scl_slope/inter
        cases[name] = {
            "file": path.name,
            "shape": list(img.shape),
            "datatype": int(h["datatype"]),
            "bitpix": int(h["bitpix"]),
            "vox_offset": float(img.dataobj.offset),  # where the data starts (the in-memory header says 0)
            "pixdim": [float(v) for v in h["pixdim"]],
            "scl_slope": None if np.isnan(h["scl_slope"]) else float(h["scl_slope"]),
            "scl_inter": None if np.isnan(h["scl_inter"]) else float(h["scl_inter"]),
            "qform_code": int(h["qform_code"]),
            "sform_code": int(h["sform_code"]),
            "quatern": [float(h["quatern_b"]), float(h["quatern_c"]), float(h["quatern_d"]),
                        float(h["qoffset_x"]), float(h["qoffset_y"]), float(h["qoffset_z"])],
            "qfac": float(h["pixdim"][0]),
            "affine": img.affine.tolist(),
            "qform_affine": img.get_qform().tolist(),
            "data": data.transpose(2, 1, 0).ravel().tolist() if data.ndim == 3 else None,
        }

    a = rng.integers(-1024, 2000, size=(5, 4, 3)).astype(np.int16)
    img = nib.Nifti1Image(a, np.diag([0.8, 0.8, 2.0, 1.0]))
    img.header.set_slope_inter(2.0, -10.0)
    nib.save(img, str(root / "int16-scaled.nii.gz"))
    record("int16-scaled", root / "int16-scaled.nii.gz")

    b = rng.integers(0, 118, size=(4, 3, 2)).astype(np.uint8)
    img = nib.Nifti1Image(b, rot)
    img.set_qform(rot, code=1)
    img.set_sform(rot, code=2)
    nib.save(img, str(root / "uint8-oblique.nii"))
    record("uint8-oblique", root / "uint8-oblique.nii")

    f = rng.normal(0, 100, size=(3, 3, 2)).astype(np.float32)
    img = nib.Nifti1Image(f, np.eye(4))
    img.set_sform(None, code=0)
    img.set_qform(np.diag([-1.5, 1.5, 3.0, 1.0]) @ np.eye(4) + np.array([[0, 0, 0, 4], [0, 0, 0, 5], [0, 0, 0, 6],
                                                                          [0, 0, 0, 0]]), code=1)
    nib.save(img, str(root / "float32-qform-only.nii.gz"))
    record("float32-qform-only", root / "float32-qform-only.nii.gz")

    # a broken header: sizeof_hdr is not 348 / 540 in either byte order
    raw = bytearray((root / "uint8-oblique.nii").read_bytes())
    raw[0:4] = (1234).to_bytes(4, "little")
    (root / "broken-header.nii").write_bytes(bytes(raw))
    # truncated data: the header promises more voxels than the file holds
    (root / "truncated-data.nii").write_bytes((root / "uint8-oblique.nii").read_bytes()[:-5])
    return cases


# ---------------------------------------------------------------------------------------------------------------------
# the real data in ../shared/data/ct

def real_data() -> dict:
    import nibabel as nib
    import pydicom

    res = {}
    files = sorted((CT / "example_ct_dicom").iterdir())
    datasets = [pydicom.dcmread(str(p)) for p in files]
    vol, affine, ordered = _dcm2niix_volume_and_affine(datasets)
    seg = nib.load(str(CT / "example_seg_dicom.nii.gz"))
    assert np.allclose(seg.affine, affine, atol=1e-4), (seg.affine, affine)
    assert seg.shape == vol.shape
    hu16 = vol.astype(np.int16)
    assert np.array_equal(hu16.astype(np.float64), vol)
    # the flip is right if the liver label (5) sits on liver HU values on this grid
    liver = np.asarray(seg.dataobj) == 5
    res["dicom_series"] = {
        "shape": list(vol.shape),
        "affine": affine.tolist(),
        "seg_affine_nibabel": seg.affine.tolist(),
        "series_uid": str(ordered[0].SeriesInstanceUID),
        "hu_int16_sha256_fortran": hashlib.sha256(np.asfortranarray(hu16).tobytes(order="F")).hexdigest(),
        "hu_min": float(vol.min()), "hu_max": float(vol.max()), "hu_sum": float(vol.sum()),
        "hu_samples": [[i, j, k, float(vol[i, j, k])] for i, j, k in [(0, 0, 0), (256, 256, 10), (100, 300, 5),
                                                                       (511, 511, 19), (300, 200, 0)]],
        "liver_voxels": int(liver.sum()),
        "liver_mean_hu": float(vol[liver].mean()) if liver.any() else None,
    }
    for name in ["example_ct_sm.nii.gz", "example_seg.nii.gz", "example_seg_fast.nii.gz", "example_ct.nii.gz"]:
        img = nib.load(str(CT / name))
        d = np.asanyarray(img.dataobj)
        res[name] = {"shape": list(img.shape), "affine": img.affine.tolist(), "datatype": int(img.header["datatype"]),
                     "sum": float(d.astype(np.float64).sum()), "min": float(d.min()), "max": float(d.max())}
    pred = np.asanyarray(nib.load(str(CT / "example_seg_fast.nii.gz")).dataobj).astype(np.int64)
    ref = np.asanyarray(nib.load(str(CT / "example_seg.nii.gz")).dataobj).astype(np.int64)
    voxel_ml = float(np.prod(nib.load(str(CT / "example_seg.nii.gz")).header.get_zooms()[:3])) / 1000.0
    dice, vol_diff = {}, {}
    for label in sorted(set(np.unique(pred)) | set(np.unique(ref))):
        if label == 0:
            continue
        p, r = pred == label, ref == label
        dice[str(int(label))] = float(2.0 * np.logical_and(p, r).sum() / (p.sum() + r.sum()))
        vol_diff[str(int(label))] = {"prediction_ml": float(p.sum() * voxel_ml), "reference_ml": float(r.sum() * voxel_ml),
                                     "difference_ml": float((p.sum() - r.sum()) * voxel_ml)}
    res["metrics_fast_vs_total"] = {"dice": dice, "volume": vol_diff, "voxel_ml": voxel_ml}
    return res


def main(args) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    golden = {"dicom": write_dicom_fixtures(out), "nifti": write_nifti_fixtures(out)}
    if CT.is_dir():
        golden["real"] = real_data()
    (out / "golden-ct.json").write_text(json.dumps(golden) + "\n")
    print(f"wrote {out}")
    return 0
