#!/usr/bin/env bash
# Golden pixel statistics for HeifPhotoDecoderTest, from an independent decoder: libheif's heif-convert.
# Needs Debian's libheif-examples and python3-pil (apt-get install libheif-examples python3-pil).
# Usage (from the repository root): tools/heif-goldens.sh [../shared/data/drive/heif]
set -euo pipefail
src="${1:-../shared/data/drive/heif}"
out="triage-models/src/test/resources/heif/libheif-goldens.json"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
version="$(dpkg-query -W -f='${Version}' libheif-examples 2>/dev/null || echo unknown)"
for f in "$src"/*.heic "$src"/*.avif; do
  name="$(basename "$f")"
  # heif-convert writes every top-level image; the primary one is written first (NAME.png or NAME-1.png),
  # except for a grid whose tiles libheif 1.15 also lists: then the largest image is the primary.
  heif-convert "$f" "$tmp/$name.png" >/dev/null
done
/usr/bin/python3 - "$tmp" "$out" "$version" <<'PY'
import glob, json, os, sys
from PIL import Image
tmp, out, version = sys.argv[1:4]
result = {"reference": "libheif " + version + " heif-convert (Debian libheif-examples), primary image, RGB",
          "stats": "mean per channel; grid = 8x8 blocks (block x = floor(i*w/8)..floor((i+1)*w/8)), mean per channel, row-major",
          "files": {}}
names = sorted({os.path.basename(p).split(".png")[0].rsplit("-", 1)[0] if p.endswith(tuple(f"-{i}.png" for i in range(1, 10))) else os.path.basename(p)[:-4]
                for p in glob.glob(tmp + "/*.png")})
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
