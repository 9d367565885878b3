#!/usr/bin/python3
"""Odd-size oracle cases for OpenCvCubicResize: seeded inputs and what cv2.resize(..., INTER_CUBIC) of Debian 12's
python3-opencv (4.6.0) makes of them. Writes cv2-inter-cubic/<name>.in.png and <name>.out.png beside this script.
The cases reach every path: tiny sizes, single rows and columns, widths around the 8-column SIMD block, exact 2x,
large up- and downscale ratios, and hard 0/255 edges whose overshoot saturates."""
import os

import cv2
import numpy as np

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cv2-inter-cubic")
rng = np.random.default_rng(20250705)


def content(h, w, kind):
    if kind == "random":
        return rng.integers(0, 256, (h, w), dtype=np.uint8)
    if kind == "binary":
        return np.where(rng.random((h, w)) < 0.5, 255, 0).astype(np.uint8)
    yy, xx = np.mgrid[:h, :w]
    if kind == "steps":
        return np.where(((yy // 2) + (xx // 3)) % 2 == 0, 255, 0).astype(np.uint8)
    return np.clip(127.5 + 120 * np.sin(yy / 2.3 + 0.3) * np.cos(xx / 3.1), 0, 255).astype(np.uint8)


CASES = [
    (1, 1, 5, 4, "random"), (1, 7, 3, 9, "random"), (9, 1, 20, 3, "random"), (1, 9, 1, 20, "smooth"),
    (2, 3, 5, 7, "random"), (2, 3, 1, 1, "random"), (3, 2, 16, 16, "binary"), (7, 5, 13, 11, "random"),
    (7, 5, 13, 11, "steps"), (13, 11, 7, 5, "random"), (5, 5, 8, 8, "binary"), (5, 5, 9, 9, "binary"),
    (6, 6, 15, 17, "steps"), (16, 16, 16, 8, "smooth"), (16, 16, 8, 16, "smooth"), (224, 224, 155, 122, "smooth"),
    (20, 15, 400, 300, "random"), (20, 15, 401, 299, "steps"), (400, 300, 23, 17, "random"), (640, 2, 31, 9, "random"),
    (3, 200, 50, 7, "smooth"), (100, 80, 200, 160, "random"), (100, 80, 50, 40, "random"), (97, 61, 98, 62, "steps"),
    (64, 48, 63, 47, "random"), (33, 31, 7, 300, "random"), (120, 90, 352, 352, "smooth"),
]

os.makedirs(HERE, exist_ok=True)
for iw, ih, ow, oh, kind in CASES:
    name = f"{iw}x{ih}_to_{ow}x{oh}_{kind}"
    src = content(ih, iw, kind)
    out = cv2.resize(src, (ow, oh), interpolation=cv2.INTER_CUBIC)
    for suffix, image in ((".in.png", src), (".out.png", out)):
        path = os.path.join(HERE, name + suffix)
        assert cv2.imwrite(path, image)
        assert np.array_equal(cv2.imread(path, cv2.IMREAD_GRAYSCALE), image)
print(f"{len(CASES)} cases written with OpenCV {cv2.__version__}")
