#!/usr/bin/python3
"""Oracle outputs for PySODMetrics 1.6.2's context measures (cm, ccm) and the pieces under them, from Debian 12's
python3-opencv 4.6.0, python3-skimage 0.19.3 and python3-sklearn 1.2.1. Writes context-oracles.json beside this file.

* lab: SHA-256 of cv2.cvtColor(COLOR_RGB2LAB) over all 2^24 colours (pixel i = (i >> 16, (i >> 8) & 255, i & 255),
  a 4096 x 4096 image, Lab bytes in order), plus a seeded sample of colours with their Lab bytes.
* colour: skimage.color.rgb2lab of seeded 8-bit colour pairs and their deltaE_ciede2000.
* kernels: ContextMeasure's kernel half-sizes and weights, and the float32 relevance map
  cv2.filter2D(gt.astype(float32), CV_32F, kernel), for small masks (thin lines give kernels under 130 taps, which
  OpenCV filters directly instead of through a DFT).
* flat: seeded small images made of flat colour regions (many exact ties in the patch search), with PySODMetrics'
  cm and ccm, np.sum of the camouflage degree and the nearest background patch of every foreground patch.
* tiny: images with a side of 4 to 6 pixels; PySODMetrics' ccm raises (ValueError in its patch grid) below 5, so
  "ccm" is null there.
* suite: PySODMetrics' own test pairs (examples/test_data) with skimage's astronaut as the image, resized as its
  examples/test_metrics.py resizes it: per-image HCE, cm and ccm.

PySODMetrics runs from PYSODMETRICS_SRC=<checkout of lartpang/PySODMetrics @ ac5b1fc> and its test pairs are read
from PYSOD_TESTDATA=<folder holding masks/ and preds/> (the shared fixture pysodmetrics-testdata/examples/test_data).
"""
import base64
import hashlib
import json
import os
import sys

import cv2
import numpy as np
import sklearn
import skimage
from skimage import data as skdata
from skimage.color import deltaE_ciede2000, rgb2lab

sys.path.insert(0, os.environ["PYSODMETRICS_SRC"])
import py_sod_metrics  # noqa: E402
from py_sod_metrics.context_measure import CamouflageContextMeasure, ContextMeasure  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(20250707)


def pack(mask):
    return base64.b64encode(np.packbits(mask.astype(np.uint8).ravel()).tobytes()).decode("ascii")


def raw(array):
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.uint8).tobytes()).decode("ascii")


def ellipse(h, w, cy, cx, ry, rx):
    yy, xx = np.mgrid[:h, :w]
    return ((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1.0


def lab_cases():
    i = np.arange(1 << 24, dtype=np.uint32)
    rgb = np.stack([(i >> 16) & 255, (i >> 8) & 255, i & 255], axis=-1).astype(np.uint8).reshape(4096, 4096, 3)
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)
    sample = rng.randint(0, 256, (3000, 3)).astype(np.uint8)
    sample_lab = cv2.cvtColor(sample.reshape(1, -1, 3), cv2.COLOR_RGB2LAB).reshape(-1, 3)
    return {"sha256": hashlib.sha256(lab.tobytes()).hexdigest(),
            "samples": [[int(v) for v in np.concatenate([c, l])] for c, l in zip(sample, sample_lab)]}


def colour_cases():
    out = []
    first = rng.randint(0, 256, (400, 3)).astype(np.uint8)
    second = np.where(rng.rand(400, 1) < 0.3, first, rng.randint(0, 256, (400, 3))).astype(np.uint8)
    second[:20] = 0
    first[:10] = 0
    lab1 = rgb2lab(first.reshape(1, -1, 3)).reshape(-1, 3)
    lab2 = rgb2lab(second.reshape(1, -1, 3)).reshape(-1, 3)
    de = deltaE_ciede2000(lab1, lab2)
    for k in range(len(first)):
        out.append({"rgb1": [int(v) for v in first[k]], "rgb2": [int(v) for v in second[k]],
                    "lab1": [float(v) for v in lab1[k]], "lab2": [float(v) for v in lab2[k]], "de": float(de[k])})
    return out


def kernel_cases():
    out = []
    shapes = [(24, 30, "ellipse"), (20, 16, "diagonal"), (9, 40, "bar"), (30, 30, "two"), (12, 12, "pixel"),
              (16, 14, "border"), (10, 44, "hline"), (44, 10, "vline"), (20, 40, "slab")]
    cm = ContextMeasure()
    for h, w, kind in shapes:
        if kind == "ellipse":
            m = ellipse(h, w, h / 2, w / 3, h / 3, w / 4)
        elif kind == "diagonal":
            m = np.zeros((h, w), bool)
            for k in range(min(h, w)):
                m[k, max(0, k - 2):k + 1] = True
        elif kind == "bar":
            m = np.zeros((h, w), bool); m[3:6, 5:35] = True
        elif kind == "two":
            m = ellipse(h, w, 6, 6, 4, 5) | ellipse(h, w, 22, 20, 5, 7)
        elif kind == "pixel":
            m = np.zeros((h, w), bool); m[5, 7] = True
        elif kind == "hline":
            m = np.zeros((h, w), bool); m[4, 3:40] = True
        elif kind == "vline":
            m = np.zeros((h, w), bool); m[2:41, 6] = True
        elif kind == "slab":
            m = np.zeros((h, w), bool); m[8:10, 2:38] = True; m[10, 5:30] = True
        else:
            m = np.zeros((h, w), bool); m[:, :4] = True; m[:3, :] = True
        gt = m.astype(np.float64)
        cov, x_dis, y_dis = cm._compute_y_params(gt)
        kernel = cm._gaussian_kernel(x_dis, y_dis, cov)
        relevance = cv2.filter2D(gt.astype(np.float32), cv2.CV_32F, kernel)
        out.append({"name": kind, "width": w, "height": h, "mask": pack(m), "row_radius": int(x_dis),
                    "column_radius": int(y_dis), "weights": [float(v) for v in kernel.ravel()],
                    "relevance": [float(v) for v in relevance.ravel()]})
    return out


class Probe(CamouflageContextMeasure):
    """Records what the patch search returned (the nearest background patch of each foreground patch)."""

    def _ann_with_spatial_faiss(self, x, q, x_coords, q_coords, m=16):
        indices = super()._ann_with_spatial_faiss(x, q, x_coords, q_coords, m)
        self.nearest = [int(v) for v in indices[:, 0]]
        return indices


def flat_image(h, w, kind):
    palette = rng.randint(0, 256, (4, 3))
    img = np.zeros((h, w, 3), np.uint8)
    yy, xx = np.mgrid[:h, :w]
    if kind == "halves":
        img[:] = palette[0]; img[:, w // 2:] = palette[1]
    elif kind == "stripes":
        img[:] = np.where(((xx // 6) % 2 == 0)[..., None], palette[0], palette[1])
    elif kind == "uniform":
        img[:] = palette[0]
    else:
        img[:] = np.where(((yy // 5 + xx // 5) % 2 == 0)[..., None], palette[2], palette[3])
    return img


def flat_cases():
    out = []
    specs = [(48, 56, "halves"), (50, 50, "stripes"), (40, 64, "uniform"), (60, 44, "checks"), (45, 45, "uniform"),
             (64, 64, "halves")]
    for h, w, kind in specs:
        gt = ellipse(h, w, h / 2 + rng.uniform(-3, 3), w / 2 + rng.uniform(-3, 3), h / 4, w / 4)
        img = flat_image(h, w, kind)
        img[gt] = (img[gt].astype(int) // 2 + rng.randint(0, 2, 3) * 60).clip(0, 255)
        blur = cv2.GaussianBlur(gt.astype(np.float32), (0, 0), 2.0)
        pred = (np.clip(blur + 0.15 * rng.rand(h, w), 0, 1) * 255).astype(np.uint8)
        mask = (gt * 255).astype(np.uint8)
        cm, ccm = ContextMeasure(), Probe()
        cm.step(pred=pred, gt=mask)
        ccm.nearest = []
        ccm.step(pred=pred, gt=mask, img=img)
        _, cd = ccm._calculate_camouflage_degree(img, (mask > 128).astype(np.float64))
        out.append({"name": kind, "width": w, "height": h, "gt": pack(gt), "pred": raw(pred), "image": raw(img),
                    "cm": float(cm.scores[-1]), "ccm": float(ccm.scores[-1]), "cd_sum": float(np.sum(cd)),
                    "nearest": ccm.nearest})
    return out


def suite_cases():
    root = os.environ["PYSOD_TESTDATA"]
    astronaut = skdata.astronaut()
    out = []
    for name in sorted(os.listdir(os.path.join(root, "masks"))):
        mask = cv2.imread(os.path.join(root, "masks", name), cv2.IMREAD_GRAYSCALE)
        pred = cv2.imread(os.path.join(root, "preds", name), cv2.IMREAD_GRAYSCALE)
        img = cv2.resize(astronaut, dsize=(mask.shape[1], mask.shape[0]), interpolation=cv2.INTER_LINEAR)
        hce, cm, ccm = py_sod_metrics.HumanCorrectionEffortMeasure(), ContextMeasure(), CamouflageContextMeasure()
        hce.step(pred=pred, gt=mask)
        cm.step(pred=pred, gt=mask)
        ccm.step(pred=pred, gt=mask, img=img)
        out.append({"stem": os.path.splitext(name)[0], "HCE": float(hce.hces[-1]), "cm": float(cm.scores[-1]),
                    "ccm": float(ccm.scores[-1])})
    return out


def tiny_cases():
    out = []
    for h, w in [(4, 12), (5, 12), (12, 4), (12, 5), (6, 6), (3, 3)]:
        gt = np.zeros((h, w), bool)
        gt[h // 2, w // 2] = True
        gt[h // 2, max(0, w // 2 - 1)] = True
        pred = rng.randint(0, 256, (h, w)).astype(np.uint8)
        img = rng.randint(0, 256, (h, w, 3)).astype(np.uint8)
        ccm = CamouflageContextMeasure()
        try:
            ccm.step(pred=pred, gt=(gt * 255).astype(np.uint8), img=img)
            value = float(ccm.scores[-1])
        except ValueError:
            value = None
        out.append({"width": w, "height": h, "gt": pack(gt), "pred": raw(pred), "image": raw(img), "ccm": value})
    return out


def main():
    result = {
        "source": "make_context_oracles.py: PySODMetrics 1.6.2 (ac5b1fc), OpenCV %s, scikit-image %s, scikit-learn %s, "
                  "NumPy %s (Debian 12 packages)" % (cv2.__version__, skimage.__version__, sklearn.__version__,
                                                     np.__version__),
        "lab": lab_cases(),
        "colour": colour_cases(),
        "kernels": kernel_cases(),
        "flat": flat_cases(),
        "suite": suite_cases(),
        "tiny": tiny_cases(),
    }
    with open(os.path.join(HERE, "context-oracles.json"), "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
