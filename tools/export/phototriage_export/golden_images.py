"""Odd photo files for the decoder tests that Java's ImageIO writers cannot produce.

Writes triage-core/src/test/resources/images/ (each file a few KB):
  orient-<n>.jpg       n = 1..8: EXIF Orientation n; the stored pixels are the scene transformed so that applying the
                       orientation (as PIL's ImageOps.exif_transpose does) shows the upright scene
  orient-6.png         the same with a PNG eXIf chunk; orient-8.webp with a WebP EXIF chunk; orient-3.tif a TIFF tag
  cmyk.jpg             the scene as an Adobe (inverted) CMYK JPEG
  ycck.jpg             the same ink as an Adobe YCCK JPEG (transform 2), which no Python writer offers: built by
                       encoding the YCbCr planes as 4-channel JPEG and patching the APP14 transform byte
  progressive.jpg      the scene as a progressive JPEG
  lossy.webp           the scene, lossy VP8
  alpha.webp           lossless VP8L with alpha: left half opaque red, right half fully transparent
  animated.gif         two frames, red then blue (the decoder must return the first)
  grey16.png           16-bit grey horizontal ramp 0..65535
  jpeg-420.jpg, jpeg-422.jpg, jpeg-420-progressive.jpg, icc-camera-rgb.jpg, icc-camera-rgb.png
                       160x120 crops of a coco128 photo with other chroma subsampling / an embedded non-sRGB ICC
                       profile (the one in 000000000025.jpg)
  pil-rgb.json         for those files and every coco128 photo: size and sha256 of
                       ImageOps.exif_transpose(Image.open(f)).convert("RGB") bytes, i.e. what the Python model
                       references see; the Java decoder must give the same bytes

The upright scene is 48x32: mid-grey with a red block at the top left, green at the top right and blue at the
bottom left (12x8 each), so a test can tell every orientation apart. scene.json lists the blocks.
"""
from __future__ import annotations

import hashlib
import json

import numpy as np
from PIL import Image, ImageOps

from .common import COCO128, REPO_ROOT

OUT = REPO_ROOT / "triage-core" / "src" / "test" / "resources" / "images"

WIDTH, HEIGHT, BLOCK_W, BLOCK_H = 48, 32, 12, 8
BLOCKS = {
    "red": ((0, 0), (230, 30, 30)),
    "green": ((WIDTH - BLOCK_W, 0), (30, 200, 30)),
    "blue": ((0, HEIGHT - BLOCK_H), (30, 30, 230)),
}

# For orientation n, the transpose that turns the upright scene into the stored pixels (the inverse of what
# exif_transpose applies).
STORE = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,  # displayed by rotating 90 degrees clockwise, so stored counter-clockwise
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def scene() -> Image.Image:
    a = np.full((HEIGHT, WIDTH, 3), 128, dtype=np.uint8)
    for (x, y), colour in BLOCKS.values():
        a[y : y + BLOCK_H, x : x + BLOCK_W] = colour
    return Image.fromarray(a, "RGB")


def stored(orientation: int) -> Image.Image:
    s = scene()
    return s if STORE[orientation] is None else s.transpose(STORE[orientation])


def exif(orientation: int) -> Image.Exif:
    e = Image.Exif()
    e[0x0112] = orientation
    return e


def _check_upright(path, expected: Image.Image, tolerance: int) -> None:
    """The file, read back by PIL and exif-transposed, must show the scene (JPEG/WebP lossy: within tolerance)."""
    with Image.open(path) as im:
        upright = np.asarray(ImageOps.exif_transpose(im).convert("RGB"), dtype=np.int16)
    diff = np.abs(upright - np.asarray(expected, dtype=np.int16)).max()
    assert upright.shape == (HEIGHT, WIDTH, 3) and diff <= tolerance, (path, upright.shape, diff)


def _write_ycck(image: Image.Image, path) -> None:
    """An Adobe YCCK JPEG whose ink equals PIL's CMYK conversion of image (C = 255 - R, ..., K = 0).

    libjpeg decodes YCCK as CMYK_stored = 255 - RGB(YCbCr), K_stored = K plane, and Adobe CMYK is stored inverted
    (255 = no ink). So the YCbCr planes encode RGB' = ink (255 - R, 255 - G, 255 - B) and the K plane is 255.
    PIL writes CMYK inverted, hence the planes handed to it are 255 minus what must be stored.
    """
    ink = 255 - np.asarray(image.convert("RGB"), dtype=np.float64)
    r, g, b = ink[..., 0], ink[..., 1], ink[..., 2]
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = -0.168736 * r - 0.331264 * g + 0.5 * b + 128
    cr = 0.5 * r - 0.418688 * g - 0.081312 * b + 128
    stored = np.stack([y, cb, cr, np.full_like(y, 255)], axis=-1)
    planes = (255 - np.clip(np.rint(stored), 0, 255)).astype(np.uint8)
    Image.fromarray(planes, "CMYK").save(path, quality=95)
    data = bytearray(path.read_bytes())
    app14 = data.find(b"\xff\xeeAdobe"[:2] + b"\x00\x0eAdobe")
    assert app14 > 0, "no Adobe APP14 segment to patch"
    assert data[app14 + 15] == 0, data[app14 + 15]
    data[app14 + 15] = 2  # Adobe transform: YCCK
    path.write_bytes(bytes(data))
    with Image.open(path) as im, Image.open(path.parent / "cmyk.jpg") as cmyk:
        assert im.mode == "CMYK" and im.info.get("adobe_transform") == 2, (im.mode, im.info)
        diff = np.abs(np.asarray(im, dtype=np.int16) - np.asarray(cmyk, dtype=np.int16)).max()
        assert diff <= 12, f"YCCK decodes to other ink than cmyk.jpg (max diff {diff})"


def _pil_rgb(path) -> dict:
    with Image.open(path) as im:
        rgb = np.ascontiguousarray(np.asarray(ImageOps.exif_transpose(im).convert("RGB"), dtype=np.uint8))
    return {"width": int(rgb.shape[1]), "height": int(rgb.shape[0]), "sha256": hashlib.sha256(rgb.tobytes()).hexdigest(),
            "mean_rgb": [round(float(m), 4) for m in rgb.reshape(-1, 3).mean(axis=0)]}


def _write_pil_parity(out) -> None:
    with Image.open(COCO128 / "images" / "000000000025.jpg") as with_icc:
        icc = with_icc.info["icc_profile"]
    with Image.open(COCO128 / "images" / "000000000009.jpg") as photo:
        crop = photo.convert("RGB").crop((240, 180, 400, 300))
    crop.save(out / "jpeg-420.jpg", quality=85, subsampling=2)
    crop.save(out / "jpeg-422.jpg", quality=85, subsampling=1)
    crop.save(out / "jpeg-420-progressive.jpg", quality=85, subsampling=2, progressive=True)
    crop.save(out / "icc-camera-rgb.jpg", quality=85, icc_profile=icc)
    crop.save(out / "icc-camera-rgb.png", icc_profile=icc, optimize=True)
    parity = {"images": {}, "coco128": {}}
    for name in ["jpeg-420.jpg", "jpeg-422.jpg", "jpeg-420-progressive.jpg", "icc-camera-rgb.jpg", "icc-camera-rgb.png"]:
        parity["images"][name] = _pil_rgb(out / name)
    for path in sorted((COCO128 / "images").glob("*.jpg")):
        parity["coco128"][path.name] = _pil_rgb(path)
    (out / "pil-rgb.json").write_text(json.dumps(parity, indent=1) + "\n")


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=__import__("pathlib").Path, default=OUT)


def main(args) -> int:
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    up = scene()
    for n in range(1, 9):
        path = out / f"orient-{n}.jpg"
        stored(n).save(path, quality=95, subsampling=0, exif=exif(n))
        _check_upright(path, up, 40)
    stored(6).save(out / "orient-6.png", exif=exif(6), optimize=True)
    _check_upright(out / "orient-6.png", up, 0)
    stored(8).save(out / "orient-8.webp", lossless=True, exif=exif(8))
    _check_upright(out / "orient-8.webp", up, 0)
    stored(3).save(out / "orient-3.tif", tiffinfo={0x0112: 3})
    _check_upright(out / "orient-3.tif", up, 0)

    up.convert("CMYK").save(out / "cmyk.jpg", quality=95)
    _write_ycck(up, out / "ycck.jpg")
    up.save(out / "progressive.jpg", quality=95, subsampling=0, progressive=True)
    with Image.open(out / "progressive.jpg") as im:
        assert im.info.get("progressive") or im.info.get("progression"), "not progressive"
    up.save(out / "lossy.webp", quality=90)

    rgba = np.zeros((HEIGHT, WIDTH, 4), dtype=np.uint8)
    rgba[:, : WIDTH // 2] = (255, 0, 0, 255)
    Image.fromarray(rgba, "RGBA").save(out / "alpha.webp", lossless=True, exact=False)

    red = Image.new("RGB", (WIDTH, HEIGHT), (255, 0, 0))
    blue = Image.new("RGB", (WIDTH, HEIGHT), (0, 0, 255))
    red.save(out / "animated.gif", save_all=True, append_images=[blue], duration=100, loop=0)

    ramp = (np.arange(WIDTH, dtype=np.uint32) * 65535 // (WIDTH - 1)).astype(np.uint16)
    grey16 = np.tile(ramp, (HEIGHT, 1))
    Image.fromarray(grey16, "I;16").save(out / "grey16.png")
    with Image.open(out / "grey16.png") as im:
        assert im.mode in ("I;16", "I"), im.mode

    _write_pil_parity(out)

    (out / "scene.json").write_text(json.dumps({
        "width": WIDTH, "height": HEIGHT, "block_width": BLOCK_W, "block_height": BLOCK_H,
        "blocks": {name: {"x": x, "y": y, "rgb": list(rgb)} for name, ((x, y), rgb) in BLOCKS.items()},
    }, indent=1) + "\n")
    for f in sorted(out.iterdir()):
        assert f.stat().st_size < 50_000, f
    print(f"wrote {len(list(out.iterdir()))} files to {out}")
    return 0
