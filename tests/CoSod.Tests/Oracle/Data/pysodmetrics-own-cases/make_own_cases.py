#!/usr/bin/python3
"""Seeded generator of small synthetic oracle cases that the public fixtures miss.

Layout written next to this script:
  gt/<Dataset>/<group>/<stem>.png             8-bit grey ground truth (cv2.imwrite)
  pred/<Method>/<Dataset>/<group>/<stem>.png  8-bit grey predictions (cv2.imwrite)
  images/<Dataset>/<group>/<stem>.png         RGB photo stand-in (only used for the extra `ccm` key)
  cases.json                                  what each case is meant to exercise

Datasets: EdgeSet (degenerate GTs), CompSet (connected components / size invariance),
OrdinarySet (ordinary blobs), BBoxFullSet (one GT whose target bboxes cover the whole image:
PySODMetrics' si_mae is NaN there, kept apart so it does not poison the other datasets).
Methods: Soft (soft maps), Const (constant maps), Resized (soft maps saved at another size),
Binary (0/255 maps). Every stem ends in digits (PySODEvalToolkit grouped mode needs that).
"""
import json
import os

import cv2
import numpy as np

SEED = 20250704
ROOT = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(SEED)


def ellipse(h, w, cy, cx, ry, rx, angle=0.0):
    yy, xx = np.mgrid[:h, :w].astype(np.float64)
    y, x = yy - cy, xx - cx
    c, s = np.cos(angle), np.sin(angle)
    u, v = c * x + s * y, -s * x + c * y
    return (u / rx) ** 2 + (v / ry) ** 2 <= 1.0


def to_u8(mask):
    return np.where(mask, 255, 0).astype(np.uint8)


# ----------------------------------------------------------------------------- ground truths
cases = {}  # (dataset, group, stem) -> dict(gt=uint8, note=str)


def add(ds, group, stem, gt, note):
    cases[(ds, group, stem)] = dict(gt=gt, note=note)


# EdgeSet ---------------------------------------------------------------------------------------
add("EdgeSet", "degenerate", "empty01", np.zeros((48, 64), np.uint8), "empty GT (all 0), 64x48")
add("EdgeSet", "degenerate", "full02", np.full((60, 80), 255, np.uint8), "full GT (all 255), 80x60: SI asserts")
g = np.zeros((48, 64), np.uint8)
g[20, 30] = 255
add("EdgeSet", "degenerate", "onepixel03", g, "one-pixel object at row 20, col 30")
g = np.zeros((50, 70), np.uint8)
g[0, 0] = 255
add("EdgeSet", "degenerate", "cornerpixel04", g, "one-pixel object in the top-left corner")
g = np.zeros((60, 90), np.uint8)
g[10:50, 44] = 255
g[29, 20:70] = 255
add("EdgeSet", "thin", "thincross05", g, "1-px-wide cross (skeleton == object, contours traversed twice)")
g = np.zeros((64, 96), np.uint8)
g[ellipse(64, 96, 32, 48, 20, 30)] = 255
g[ellipse(64, 96, 32, 48, 10, 16)] = 0
add("EdgeSet", "thin", "ring06", g, "ring (object with a hole: outer + hole contours)")
g = np.zeros((56, 72), np.uint8)
yy, xx = np.mgrid[:56, :72]
soft = np.clip(255 * (1.0 - np.hypot(yy - 28, xx - 36) / 22.0) * 2.0, 0, 255)
g = soft.astype(np.uint8)
g[5, 5:8] = [127, 128, 129]
add("EdgeSet", "thin", "softedge07", g, "anti-aliased GT incl. 127/128/129 (128 is background)")
g = np.zeros((48, 64), np.uint8)
g[:, :40] = 255
add("EdgeSet", "degenerate", "border08", g, "object touching three borders (HCE erosion border, cm reflect-101)")

# CompSet ---------------------------------------------------------------------------------------
g = np.zeros((120, 160), np.uint8)
g[10:17, 10:17] = 255  # 7x7 = 49 (below 50)
g[17:24, 17:24] = 255  # 7x7 = 49, touches the previous one only diagonally -> 4-conn: two 49s; 8-conn: one 98
g[10:15, 40:50] = 255  # 5x10 = 50 (exactly the threshold)
g[30:38, 40:48] = 255  # 8x8 = 64
g[38:46, 48:56] = 255  # 8x8 = 64, diagonal neighbour of the previous
g[60:62, 10:15] = 255  # 10 px
g[70, 70] = 255  # 1 px
g[80:100, 100:140] = 255  # 800 px
g[90:95, 60:70] = 255  # 50 px, bbox overlaps nothing
g[20:40, 120:125] = 255  # vertical bar 100 px
g[25:30, 110:135] = 255  # crossing bar -> one component, bbox spans both
add("CompSet", "many", "components01", g, "components of 49 (diag. touching pair), 50, 64+64 diagonal, 10, 1, 800, 50, cross")
g = np.zeros((64, 96), np.uint8)
g[5:11, 5:10] = 255  # 30
g[30:36, 50:55] = 255  # 30 (tie for largest)
g[50:54, 80:85] = 255  # 20
g[20, 20] = 255
add("CompSet", "many", "allsmall02", g, "all components < 50; two tie for the largest area (30): both become targets")
g = np.zeros((100, 140), np.uint8)
g[ellipse(100, 140, 30, 40, 18, 25)] = 255
g[ellipse(100, 140, 45, 60, 20, 22)] = 255  # overlapping bboxes with the first, separate component? (merges)
g[ellipse(100, 140, 70, 110, 15, 20)] = 255
g[60:75, 20:35] = 255
g[62:73, 22:33] = 0  # hollow square
add("CompSet", "many", "overlap03", g, "targets with overlapping bounding boxes + a hollow square")
g = np.zeros((80, 120), np.uint8)
for k in range(12):
    r, c = 5 + (k // 4) * 25, 5 + (k % 4) * 28
    size = [4, 6, 7, 8, 9, 10, 12, 3, 5, 7, 11, 2][k]
    g[r : r + size, c : c + size] = 255
add("CompSet", "grid", "grid04", g, "12 squares of 4..144 px (some <50, some >=50)")

# OrdinarySet -----------------------------------------------------------------------------------
for i, (h, w) in enumerate([(120, 160), (96, 128), (75, 101), (64, 64)]):
    m = np.zeros((h, w), bool)
    for _ in range(int(rng.integers(1, 4))):
        m |= ellipse(
            h, w, rng.uniform(0.25, 0.75) * h, rng.uniform(0.25, 0.75) * w, rng.uniform(0.1, 0.3) * h,
            rng.uniform(0.1, 0.3) * w, rng.uniform(0, np.pi),
        )
    add("OrdinarySet", ["blobs", "blobs", "shapes", "shapes"][i], f"img{i + 1:02d}", to_u8(m), f"1-3 random ellipses {w}x{h}")

# BBoxFullSet -----------------------------------------------------------------------------------
g = np.zeros((48, 64), np.uint8)
g[:, 30:34] = 255
g[20:24, :] = 255
add("BBoxFullSet", "cross", "cross01", g, "cross touching all 4 borders: target bbox == image, si_mae = NaN in PySODMetrics")
g = np.zeros((48, 64), np.uint8)
g[ellipse(48, 64, 24, 32, 12, 16)] = 255
add("BBoxFullSet", "cross", "blob02", g, "ordinary blob (so the dataset is not a single image)")


# ----------------------------------------------------------------------------- predictions
def soft_map(gt_u8, seed):
    r = np.random.default_rng(seed)
    h, w = gt_u8.shape
    m = (gt_u8 > 128).astype(np.float32)
    shift = np.roll(m, (int(r.integers(-3, 4)), int(r.integers(-3, 4))), axis=(0, 1))
    blur = cv2.GaussianBlur(shift, (0, 0), sigmaX=float(r.uniform(1.0, 3.0)))
    noise = cv2.GaussianBlur(r.random((h, w)).astype(np.float32), (0, 0), 4.0)
    v = 0.8 * blur + 0.35 * (noise - noise.mean()) + 0.05
    v = np.clip(v * 255.0, 0, 255)
    return np.round(v).astype(np.uint8)


preds = {}  # (method, ds, group, stem) -> uint8
for idx, ((ds, group, stem), c) in enumerate(sorted(cases.items())):
    gt = c["gt"]
    h, w = gt.shape
    sm = soft_map(gt, SEED + idx)
    if stem == "empty01":
        sm[:] = 0
        sm[10:20, 10:30] = 200  # a false positive blob on an empty GT
        sm = cv2.GaussianBlur(sm, (0, 0), 2.0)
    preds[("Soft", ds, group, stem)] = sm
    # Const: constant map; value depends on the case (0, 255 and mid-grey all appear)
    val = [128, 0, 255, 77][idx % 4]
    preds[("Const", ds, group, stem)] = np.full((h, w), val, np.uint8)
    # Binary: thresholded soft map (0/255)
    preds[("Binary", ds, group, stem)] = np.where(sm > 100, 255, 0).astype(np.uint8)
    # Resized: soft map stored at another size (cv2.INTER_AREA to make it), read back and resized by the runner
    target = [(224, 224), (w // 2, h // 2), (int(w * 1.7), int(h * 1.3)), (w + 17, h - 11), (37, 23)][idx % 5]
    target = (max(target[0], 1), max(target[1], 1))
    preds[("Resized", ds, group, stem)] = cv2.resize(sm, target, interpolation=cv2.INTER_AREA)


def photo(gt_u8, seed):
    """RGB stand-in photo: smooth colour background + object tinted differently, with texture."""
    r = np.random.default_rng(seed)
    h, w = gt_u8.shape
    base = np.stack([cv2.GaussianBlur(r.random((h, w)).astype(np.float32), (0, 0), 6.0) for _ in range(3)], -1)
    base = (base - base.min()) / (np.ptp(base) + 1e-6)
    tex = r.random((h, w, 3)).astype(np.float32) * 0.15
    m = (gt_u8 > 128)[..., None].astype(np.float32)
    col = np.array(r.uniform(0.2, 0.9, 3), np.float32)
    img = (1 - m) * (0.6 * base + tex) + m * (0.5 * col + 0.3 * base + tex)
    return np.clip(img * 255, 0, 255).astype(np.uint8)


def write(path, arr):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    assert cv2.imwrite(path, arr), path


meta = {"seed": SEED, "cases": {}, "methods": ["Soft", "Const", "Binary", "Resized"]}
for idx, ((ds, group, stem), c) in enumerate(sorted(cases.items())):
    write(os.path.join(ROOT, "gt", ds, group, stem + ".png"), c["gt"])
    rgb = photo(c["gt"], SEED + 1000 + idx)
    write(os.path.join(ROOT, "images", ds, group, stem + ".png"), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    meta["cases"][f"{ds}/{group}/{stem}"] = dict(note=c["note"], height=int(c["gt"].shape[0]), width=int(c["gt"].shape[1]))
for (method, ds, group, stem), p in sorted(preds.items()):
    write(os.path.join(ROOT, "pred", method, ds, group, stem + ".png"), p)
    if method == "Resized":
        meta["cases"][f"{ds}/{group}/{stem}"]["resized_pred_size_wh"] = [int(p.shape[1]), int(p.shape[0])]
with open(os.path.join(ROOT, "cases.json"), "w") as f:
    json.dump(meta, f, indent=1)
print(len(cases), "GT images,", len(preds), "predictions")
