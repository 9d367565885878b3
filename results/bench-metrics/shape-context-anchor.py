#!/usr/bin/python3
"""PySODMetrics 1.6.2's own time per 400x300 pair for HCE, cm and ccm on this machine: the anchor the
ShapeContextKernels benchmark is compared with (results/bench-metrics/shape-context.md).

One core: OMP/OPENBLAS threads = 1, cv2.setNumThreads(1), the process pinned to one CPU. Inputs: N pairs of
400x300 uint8 arrays in memory, made like the BenchmarkDotNet data (1-3 filled ellipses covering 5-28 %, a soft
prediction: the ground truth shifted by up to 3 %, noised and blurred; for ccm an RGB frame: a smooth two-colour
background, the objects in a third colour, noise). Each family steps over all N pairs with a fresh metric object,
get_results() included; the best of R repeats is reported, with the load average before and after.

Usage: PYSODMETRICS_DIR=<checkout of lartpang/PySODMetrics @ ac5b1fc> /usr/bin/python3 shape-context-anchor.py [N=40] [R=3]
Writes shape-context-anchor.json beside this script.
"""
import json
import os
import platform
import sys
import time

for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[k] = "1"
os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
sys.path.insert(0, os.environ["PYSODMETRICS_DIR"])

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import skimage  # noqa: E402
import sklearn  # noqa: E402
import py_sod_metrics as P  # noqa: E402

cv2.setNumThreads(1)
HERE = os.path.dirname(os.path.abspath(__file__))


def make_data(n, h=300, w=400, seed=20250708):
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:h, :w].astype(np.float64)
    data = []
    for _ in range(n):
        m = np.zeros((h, w), bool)
        for _ in range(int(rng.integers(1, 4))):
            cy, cx = rng.uniform(0.2, 0.8) * h, rng.uniform(0.2, 0.8) * w
            ry, rx = rng.uniform(0.06, 0.22) * h, rng.uniform(0.06, 0.22) * w
            a = rng.uniform(0, np.pi)
            u = np.cos(a) * (xx - cx) + np.sin(a) * (yy - cy)
            v = -np.sin(a) * (xx - cx) + np.cos(a) * (yy - cy)
            m |= (u / rx) ** 2 + (v / ry) ** 2 <= 1
        gt = np.where(m, 255, 0).astype(np.uint8)
        shift = (int(rng.integers(-h // 33, h // 33 + 1)), int(rng.integers(-w // 33, w // 33 + 1)))
        noisy = np.roll(m.astype(np.float32) * 255, shift, (0, 1)) + rng.normal(0, 24, (h, w)).astype(np.float32)
        blur = cv2.blur(cv2.blur(cv2.blur(noisy, (5, 5)), (5, 5)), (5, 5))
        pred = np.clip(blur * 0.9 + 10, 0, 255).astype(np.uint8)
        top, bottom, colour = rng.uniform(30, 225, 3), rng.uniform(30, 225, 3), rng.uniform(30, 225, 3)
        t = (yy / (h - 1))[..., None]
        img = np.where(m[..., None], colour, (1 - t) * top + t * bottom) + rng.integers(-12, 13, (h, w, 3))
        data.append((pred, gt, np.clip(img, 0, 255).astype(np.uint8)))
    return data


FAMILIES = {
    "HCE": (lambda: P.HumanCorrectionEffortMeasure(), False),
    "cm": (lambda: P.ContextMeasure(), False),
    "ccm": (lambda: P.CamouflageContextMeasure(), True),
}


def run(factory, with_image, data):
    metric = factory()
    start = time.perf_counter()
    for pred, gt, img in data:
        if with_image:
            metric.step(pred=pred, gt=gt, img=img)
        else:
            metric.step(pred=pred, gt=gt)
    metric.get_results()
    return time.perf_counter() - start


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    data = make_data(n)
    results = {}
    for name, (factory, with_image) in FAMILIES.items():
        run(factory, with_image, data[:2])
        load_before = os.getloadavg()[0]
        runs = [run(factory, with_image, data) for _ in range(repeats)]
        results[name] = {"ms_per_pair": round(min(runs) / n * 1000, 3), "runs_s": [round(r, 4) for r in runs],
                         "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)]}
        print(name, results[name], flush=True)
    out = {
        "what": "PySODMetrics ac5b1fc (1.6.2): best-of-%d time per 400x300 pair over %d pairs, arrays in memory, one "
                "pinned core, get_results() included" % (repeats, n),
        "machine": {"cpu": platform.processor() or platform.machine(), "cpus_visible": os.cpu_count()},
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "opencv": cv2.__version__,
                     "skimage": skimage.__version__, "sklearn": sklearn.__version__},
        "results": results,
    }
    with open(os.path.join(HERE, "shape-context-anchor.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
