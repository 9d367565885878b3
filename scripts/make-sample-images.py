#!/usr/bin/python3
"""Makes the RGB input images of the bundled sample (samples/cosod-synth/images), one per ground-truth mask.

The sample's masks are synthetic, so are its images: a small JPEG (longest side 128 px, the mask's aspect kept)
per mask, in the layout `cosod predict` and `cosod gallery` read (images/<Dataset>/Image/<group>/<stem>.jpg).
The object of the mask is painted in a colour of its group with soft shading, over a background of smooth
gradients and low-frequency noise, plus a faint blob elsewhere (a distractor, as CoCA has). Everything is
seeded by the file's group/stem, so a rerun with the same numpy, Pillow and libjpeg-turbo writes the same
bytes (made with Debian 12's python3-numpy 1.24.2 and python3-pil 9.4.0). Run: /usr/bin/python3 scripts/make-sample-images.py
"""
import hashlib
import pathlib

import numpy as np
from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parent.parent / "samples" / "cosod-synth"
LONGEST_SIDE = 128
QUALITY = 90

# One hue per group (RGB, 0..1), spread so neighbouring groups differ.
GROUP_COLOURS = [(0.85, 0.25, 0.20), (0.95, 0.80, 0.15), (0.35, 0.20, 0.75), (0.15, 0.65, 0.30), (0.20, 0.55, 0.90),
                 (0.75, 0.35, 0.65), (0.55, 0.40, 0.20), (0.90, 0.55, 0.10), (0.25, 0.75, 0.75)]


def seed_of(text):
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")


def smooth_noise(rng, height, width, cells):
    coarse = rng.random((cells + 1, cells + 1))
    image = Image.fromarray((coarse * 255).astype(np.uint8), "L").resize((width, height), Image.BICUBIC)
    return np.asarray(image, dtype=np.float64) / 255.0


def make(mask_path, out_path, colour):
    key = "/".join(mask_path.parts[-3:])
    rng = np.random.default_rng(seed_of(key))
    mask = Image.open(mask_path).convert("L")
    scale = LONGEST_SIDE / max(mask.size)
    size = (max(1, round(mask.size[0] * scale)), max(1, round(mask.size[1] * scale)))
    object_mask = np.asarray(mask.resize(size, Image.BILINEAR), dtype=np.float64) / 255.0
    height, width = object_mask.shape

    ys, xs = np.mgrid[0:height, 0:width]
    background = np.stack([0.55 + 0.25 * xs / width, 0.60 + 0.2 * ys / height, 0.50 + 0.1 * np.ones_like(xs)], axis=-1)
    background *= (0.75 + 0.35 * smooth_noise(rng, height, width, 4))[..., None]
    blob_y, blob_x = rng.integers(0, height), rng.integers(0, width)
    blob = np.exp(-(((ys - blob_y) ** 2) + ((xs - blob_x) ** 2)) / (2 * (0.12 * max(width, height)) ** 2))
    background = background * (1 - 0.5 * blob[..., None]) + 0.5 * blob[..., None] * np.array([0.3, 0.3, 0.35])

    shading = 0.7 + 0.3 * smooth_noise(rng, height, width, 3)
    foreground = np.array(colour)[None, None, :] * shading[..., None]
    image = background * (1 - object_mask[..., None]) + foreground * object_mask[..., None]
    image += rng.normal(0, 0.02, image.shape)
    pixels = np.clip(np.round(image * 255), 0, 255).astype(np.uint8)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels, "RGB").save(out_path, "JPEG", quality=QUALITY, optimize=False, progressive=False)


def main():
    written = 0
    for dataset in sorted(p for p in (ROOT / "datasets").iterdir() if p.is_dir()):
        groups = sorted(p for p in (dataset / "GroundTruth").iterdir() if p.is_dir())
        for index, group in enumerate(groups):
            for mask in sorted(group.glob("*.png")):
                out = ROOT / "images" / dataset.name / "Image" / group.name / (mask.stem + ".jpg")
                make(mask, out, GROUP_COLOURS[(index + len(dataset.name)) % len(GROUP_COLOURS)])
                written += 1
    print(f"wrote {written} images under {ROOT / 'images'}")


if __name__ == "__main__":
    main()
