#!/usr/bin/python3
"""Oracle outputs for the kernels behind PySODMetrics' HCE: what Debian 12's python3-opencv 4.6.0 and python3-skimage
0.19.3 make of seeded masks and curves. Writes shape-oracles.json beside this script.

* contours: cv2.findContours(mask, RETR_TREE, CHAIN_APPROX_NONE): the list order, each contour's start point,
  direction and every point. Masks: empty/full, single pixels, 1-px lines (straight and diagonal), touching borders,
  diagonal-only connections, holes and nested holes, and random masks dense enough to need more than 127 contours
  (OpenCV's 7-bit border labels wrap).
* approx: cv2.approxPolyDP(curve, eps, closed=False) on 8-connected walks and on free point sequences.
* skeleton: skimage.morphology.skeletonize (2-D, Zhang with the 256-entry table).
* hce: PySODMetrics 1.6.2's HumanCorrectionEffortMeasure.cal_hce on binary pairs (relax 5, epsilon 2.0); needs the
  PySODMetrics sources: PYSODMETRICS_SRC=<checkout of lartpang/PySODMetrics @ ac5b1fc> (optional; without it the
  "hce" list is left out).

Masks are stored as width, height and base64 of numpy.packbits over the row-major pixels (most significant bit
first). Points are flat [x0, y0, x1, y1, ...] lists, as OpenCV orders them.
"""
import base64
import json
import os
import sys

import cv2
import numpy as np
import skimage
from skimage.morphology import skeletonize

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(20250706)


def pack(mask):
    bits = np.packbits(mask.astype(np.uint8).ravel())
    return base64.b64encode(bits.tobytes()).decode("ascii")


def flat(points):
    return [int(v) for v in np.asarray(points).reshape(-1)]


def ellipse(h, w, cy, cx, ry, rx, angle=0.0):
    yy, xx = np.mgrid[:h, :w]
    c, s = np.cos(angle), np.sin(angle)
    u = (xx - cx) * c + (yy - cy) * s
    v = -(xx - cx) * s + (yy - cy) * c
    return (u / rx) ** 2 + (v / ry) ** 2 <= 1.0


def blobs(h, w, count):
    m = np.zeros((h, w), bool)
    for _ in range(count):
        m |= ellipse(h, w, rng.uniform(0, h), rng.uniform(0, w), rng.uniform(2, h / 2), rng.uniform(2, w / 2),
                     rng.uniform(0, np.pi))
    for _ in range(count):
        m &= ~ellipse(h, w, rng.uniform(0, h), rng.uniform(0, w), rng.uniform(1, h / 5), rng.uniform(1, w / 5),
                      rng.uniform(0, np.pi))
    return m


def smooth_noise(h, w, sigma, level):
    noise = rng.rand(h, w).astype(np.float32)
    return cv2.GaussianBlur(noise, (0, 0), sigma) > level


def structured():
    cases = {}
    cases["empty"] = np.zeros((4, 5), bool)
    cases["full"] = np.ones((5, 6), bool)
    cases["one_by_one_set"] = np.ones((1, 1), bool)
    cases["one_by_one_clear"] = np.zeros((1, 1), bool)
    m = np.zeros((7, 9), bool); m[3, 4] = True; cases["single_pixel"] = m
    m = np.zeros((7, 9), bool); m[0, 0] = True; cases["corner_pixel"] = m
    m = np.zeros((7, 9), bool); m[6, 8] = True; cases["far_corner_pixel"] = m
    cases["row"] = np.array([[0, 1, 1, 0, 1, 1, 1, 0, 1]], bool)
    cases["column"] = np.array([[1], [1], [0], [1], [0], [1], [1]], bool)
    m = np.zeros((2, 2), bool); m[:] = True; cases["two_by_two"] = m
    m = np.zeros((9, 12), bool); m[4, 2:10] = True; cases["horizontal_line"] = m
    m = np.zeros((12, 9), bool); m[2:10, 4] = True; cases["vertical_line"] = m
    m = np.zeros((10, 10), bool); m[np.arange(1, 9), np.arange(1, 9)] = True; cases["diagonal_line"] = m
    m = np.zeros((10, 10), bool); m[np.arange(1, 9), 9 - np.arange(1, 9)] = True; cases["anti_diagonal_line"] = m
    cases["checkerboard"] = (np.add.outer(np.arange(8), np.arange(9)) % 2 == 0)
    m = np.zeros((9, 9), bool); m[1:8, 1:8] = True; m[3:6, 3:6] = False; cases["ring"] = m
    m = np.zeros((9, 9), bool); m[1:8, 1:8] = True; m[2:7, 2:7] = False; cases["thin_ring"] = m
    m = np.zeros((15, 15), bool)
    m[1:14, 1:14] = True; m[3:12, 3:12] = False; m[5:10, 5:10] = True; m[7, 7] = False
    cases["nested_rings"] = m
    m = np.zeros((21, 21), bool)
    for k in range(0, 10, 2):
        m[k:21 - k, k:21 - k] = True
        m[k + 1:20 - k, k + 1:20 - k] = False
    m[10, 10] = True
    cases["concentric_squares"] = m
    m = np.zeros((10, 14), bool); m[1:9, 1:13] = True; m[3:7, 3:6] = False; m[3:7, 8:11] = False
    cases["two_holes"] = m
    m = np.zeros((8, 10), bool); m[0, :] = True; m[:, 0] = True; m[7, 3:] = True; m[2:6, 9] = True
    cases["touching_borders"] = m
    m = np.zeros((9, 9), bool); m[0:9, 0:9] = True; m[2:7, 2:7] = False; cases["frame_on_border"] = m
    m = np.zeros((11, 11), bool); m[5, 1:10] = True; m[1:10, 5] = True; cases["thin_cross"] = m
    m = np.zeros((9, 9), bool); m[1:8, 1:3] = True; m[6:8, 1:8] = True; m[1:8, 6:8] = True; cases["u_shape"] = m
    m = np.zeros((8, 8), bool); m[1, 1] = m[2, 2] = m[3, 1] = m[2, 4] = m[3, 5] = m[5, 5] = m[6, 6] = True
    cases["diagonal_touching"] = m
    m = np.zeros((6, 6), bool); m[1, 1] = m[1, 3] = m[2, 2] = m[3, 1] = m[3, 3] = True; cases["x_pattern"] = m
    m = np.zeros((13, 13), bool)
    y, x, d, step = 6, 6, 0, 1
    moves = [(0, 1), (1, 0), (0, -1), (-1, 0)]
    m[y, x] = True
    while 0 < y < 12 and 0 < x < 12:
        for _ in range(2):
            for _ in range(step):
                y += moves[d][0]; x += moves[d][1]
                if 0 <= y < 13 and 0 <= x < 13:
                    m[y, x] = True
            d = (d + 1) % 4
        step += 2
    cases["spiral"] = m
    m = np.zeros((12, 16), bool); m[2:10, 2:14] = ellipse(8, 12, 3.5, 5.5, 3.6, 5.6); m[5:7, 5:11] = False
    cases["ellipse_with_slot"] = m
    m = np.zeros((10, 10), bool); m[0:6, 0:6] = True; m[2:4, 2:4] = False; m[4:10, 4:10] = True
    cases["corner_touching_squares"] = m
    m = np.zeros((7, 7), bool); m[1:6, 1:6] = True; m[3, 3] = False; cases["one_pixel_hole"] = m
    m = np.zeros((7, 7), bool); m[1:6, 1:6] = True; m[2, 2] = m[4, 4] = False; cases["two_pixel_holes"] = m
    m = np.zeros((7, 8), bool); m[1:6, 1:7] = True; m[2, 2] = m[3, 3] = m[4, 4] = False
    cases["diagonal_hole"] = m
    return cases


def random_masks():
    cases = {}
    for i, (h, w, density) in enumerate([(8, 8, 0.3), (9, 13, 0.5), (16, 11, 0.7), (20, 24, 0.45), (31, 29, 0.55),
                                          (12, 40, 0.35), (40, 12, 0.6), (25, 25, 0.5), (33, 17, 0.25)]):
        cases[f"noise_{i:02d}_{w}x{h}"] = rng.rand(h, w) < density
    for i, (h, w, count) in enumerate([(30, 40, 2), (48, 36, 3), (24, 64, 4), (60, 50, 5)]):
        cases[f"blobs_{i:02d}_{w}x{h}"] = blobs(h, w, count)
    for i, (h, w, sigma, level) in enumerate([(40, 40, 1.5, 0.5), (50, 60, 2.0, 0.52), (64, 48, 1.2, 0.48)]):
        cases[f"smooth_{i:02d}_{w}x{h}"] = smooth_noise(h, w, sigma, level)
    # Hundreds of components: the 7-bit border labels wrap and OpenCV resolves parents by tracing.
    cases["salt_80x60"] = rng.rand(60, 80) < 0.08
    cases["salt_with_holes_90x70"] = smooth_noise(70, 90, 0.8, 0.5)
    m = np.zeros((64, 64), bool)
    for y in range(2, 62, 4):
        for x in range(2, 62, 4):
            m[y:y + 3, x:x + 3] = True
            m[y + 1, x + 1] = False
    cases["grid_of_rings_64x64"] = m
    return cases


def contour_cases(masks):
    out = []
    for name, mask in masks.items():
        contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_TREE, cv2.CHAIN_APPROX_NONE)
        out.append({"name": name, "width": int(mask.shape[1]), "height": int(mask.shape[0]), "mask": pack(mask),
                    "contours": [flat(c) for c in contours]})
    return out


def walk(length):
    """An 8-connected path without repeated points, as HCE's segments are."""
    points = [(int(rng.randint(0, 40)), int(rng.randint(0, 40)))]
    seen = {points[0]}
    direction = rng.randint(0, 8)
    steps = [(1, 0), (1, -1), (0, -1), (-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1)]
    while len(points) < length:
        for _ in range(16):
            direction = (direction + rng.choice([-1, 0, 0, 0, 1])) % 8
            nxt = (points[-1][0] + steps[direction][0], points[-1][1] + steps[direction][1])
            if nxt not in seen:
                break
        else:
            break
        points.append(nxt)
        seen.add(nxt)
    return points


def approx_cases():
    out = []
    curves = []
    for length in [1, 2, 3, 4, 5, 7, 10, 16, 25, 40, 64, 100, 150, 200]:
        for _ in range(3):
            curves.append(("walk", walk(length)))
    for n in [2, 3, 4, 6, 9, 15, 30]:
        for _ in range(3):
            curves.append(("free", [(int(rng.randint(-30, 30)), int(rng.randint(-30, 30))) for _ in range(n)]))
    curves.append(("straight", [(x, 3) for x in range(12)]))
    curves.append(("staircase", [(x // 2 + x % 2, x // 2) for x in range(20)]))
    curves.append(("closed_loop", [(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)]))
    curves.append(("square_path", [(x, 0) for x in range(6)] + [(5, y) for y in range(1, 6)] + [(x, 5) for x in range(4, -1, -1)]))
    for kind, pts in curves:
        arr = np.array(pts, np.int32).reshape(-1, 1, 2)
        for eps in [2.0, 1.0, 3.5]:
            res = cv2.approxPolyDP(arr, eps, False)
            out.append({"kind": kind, "epsilon": eps, "points": flat(arr), "approx": flat(res)})
    return out


def skeleton_cases(masks):
    out = []
    for name, mask in masks.items():
        sk = skeletonize(mask.astype(bool))
        out.append({"name": name, "width": int(mask.shape[1]), "height": int(mask.shape[0]), "mask": pack(mask),
                    "skeleton": pack(sk)})
    return out


def hce_cases():
    src = os.environ.get("PYSODMETRICS_SRC")
    if not src:
        return None
    sys.path.insert(0, src)
    import py_sod_metrics
    hce = py_sod_metrics.HumanCorrectionEffortMeasure()
    out = []
    for i in range(40):
        h, w = rng.randint(20, 90), rng.randint(20, 90)
        gt = blobs(h, w, rng.randint(1, 4)) if i % 5 else np.zeros((h, w), bool)
        kind = i % 4
        if kind == 0:
            pred = gt ^ (rng.rand(h, w) < 0.05)
        elif kind == 1:
            pred = cv2.dilate(gt.astype(np.uint8), np.ones((3, 3), np.uint8), iterations=int(rng.randint(1, 4))) > 0
            pred ^= smooth_noise(h, w, 1.5, 0.6)
        elif kind == 2:
            pred = blobs(h, w, rng.randint(1, 4))
        else:
            pred = cv2.erode(gt.astype(np.uint8), np.ones((3, 3), np.uint8), iterations=2) > 0
            pred |= rng.rand(h, w) < 0.01
        value = hce.cal_hce(pred.astype(np.float64), gt)
        out.append({"width": int(w), "height": int(h), "gt": pack(gt), "pred": pack(pred), "hce": int(value)})
    return out


def main():
    masks = structured()
    masks.update(random_masks())
    result = {
        "source": "make_shape_oracles.py: OpenCV %s, scikit-image %s, NumPy %s (Debian 12 packages)"
                  % (cv2.__version__, skimage.__version__, np.__version__),
        "contours": contour_cases(masks),
        "approx": approx_cases(),
        "skeleton": skeleton_cases(masks),
    }
    hce = hce_cases()
    if hce is not None:
        result["hce"] = hce
    with open(os.path.join(HERE, "shape-oracles.json"), "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
