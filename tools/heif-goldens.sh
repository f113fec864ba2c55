#!/usr/bin/env bash
# Golden pixel statistics for HeifPhotoDecoderTest, from an independent decoder: libheif's heif-convert.
# Needs Debian's libheif-examples and python3-pil (apt-get install libheif-examples python3-pil).
# Usage (from the repository root): tools/heif-goldens.sh [--make-fixtures] [../shared/data/drive/heif]
#   --make-fixtures  also (re)writes the small synthetic HEICs in the test resources with heif-enc (x265):
#                    4:2:0 8-bit, 4:4:4 8-bit and 4:2:0 10-bit of one 96x64 test card (colour bars, gradients)
set -euo pipefail
make_fixtures=false
if [[ "${1:-}" == "--make-fixtures" ]]; then make_fixtures=true; shift; fi
src="${1:-../shared/data/drive/heif}"
res="triage-models/src/test/resources/heif"
out="$res/libheif-goldens.json"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if $make_fixtures; then
  /usr/bin/python3 - "$tmp" <<'PY'
import struct, sys, zlib
from PIL import Image
tmp = sys.argv[1]
w, h = 96, 64
bars = [(255, 255, 255), (255, 255, 0), (0, 255, 255), (0, 255, 0), (255, 0, 255), (255, 0, 0), (0, 0, 255), (0, 0, 0)]
im = Image.new("RGB", (w, h))
px = im.load()
for y in range(h):
    for x in range(w):
        if y < 24:
            px[x, y] = bars[x * 8 // w]
        else:
            px[x, y] = (int(255 * x / (w - 1)), int(255 * (y - 24) / (h - 25)), 255 - int(255 * x / (w - 1)) if x > y else 40)
im.save(tmp + "/card8.png")
raw = b"".join(b"\x00" + b"".join(struct.pack(">HHH", *(c * 257 for c in im.getpixel((x, y)))) for x in range(w)) for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open(tmp + "/card16.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0))
                                       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
  heif-enc -q 90 -o "$res/synthetic_420_8bit.heic" "$tmp/card8.png" >/dev/null
  heif-enc -q 90 -p chroma=444 -o "$res/synthetic_444_8bit.heic" "$tmp/card8.png" >/dev/null
  heif-enc -q 90 -b 10 -o "$res/synthetic_420_10bit.heic" "$tmp/card16.png" >/dev/null
fi
version="$(dpkg-query -W -f='${Version}' libheif-examples 2>/dev/null || echo unknown)"
for f in "$src"/*.heic "$src"/*.avif "$res"/*.heic; do
  name="$(basename "$f")"
  # heif-convert writes every top-level image; the primary one is written first (NAME.png or NAME-1.png),
  # except for a grid whose tiles libheif 1.15 also lists: then the largest image is the primary.
  heif-convert "$f" "$tmp/$name.png" >/dev/null
done
/usr/bin/python3 - "$tmp" "$out" "$version" <<'PY'
import glob, json, os, re, sys
from PIL import Image
tmp, out, version = sys.argv[1:4]
result = {"reference": "libheif " + version + " heif-convert (Debian libheif-examples), primary image, RGB",
          "stats": "mean per channel; grid = 8x8 blocks (block x = floor(i*w/8)..floor((i+1)*w/8)), mean per channel, row-major",
          "files": {}}
names = sorted({re.sub(r"(-\d+)?\.png$", "", os.path.basename(p)) for p in glob.glob(tmp + "/*.png")
                if not os.path.basename(p).startswith("card")})
for name in names:
    candidates = sorted(glob.glob(f"{tmp}/{name}.png") + glob.glob(f"{tmp}/{name}-*.png"))
    exact = [c for c in candidates if c.endswith(f"{name}.png") or c.endswith(f"{name}-1.png")]
    images = [Image.open(c).convert("RGB") for c in candidates]
    primary = Image.open(exact[0]).convert("RGB") if exact else None
    biggest = max(images, key=lambda im: im.size[0] * im.size[1])
    if primary is None or biggest.size[0] * biggest.size[1] > primary.size[0] * primary.size[1]:
        primary = biggest
    w, h = primary.size
    px = primary.load()
    def mean(x0, y0, x1, y1):
        s = [0, 0, 0]
        for y in range(y0, y1):
            for x in range(x0, x1):
                p = px[x, y]
                s[0] += p[0]; s[1] += p[1]; s[2] += p[2]
        n = (x1 - x0) * (y1 - y0)
        return [round(v / n, 3) for v in s]
    grid = []
    for j in range(8):
        for i in range(8):
            grid.append(mean(i * w // 8, j * h // 8, (i + 1) * w // 8, (j + 1) * h // 8))
    result["files"][name] = {"width": w, "height": h, "mean": mean(0, 0, w, h), "grid": grid}
with open(out, "w") as f:
    json.dump(result, f, indent=1)
    f.write("\n")
PY
echo "wrote $out"
