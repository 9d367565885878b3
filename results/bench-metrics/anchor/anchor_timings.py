#!/usr/bin/python3
"""Task 6: time PySODMetrics 1.6.2 per image pair, per metric family, on this machine.

Single core: OMP/OPENBLAS/MKL threads = 1, cv2.setNumThreads(1), and the process pinned to one CPU
(os.sched_setaffinity). Inputs: N pairs of 400x300 uint8 arrays already in memory (GT: 1-3 filled
ellipses, 0/255; prediction: blurred, shifted GT + low-frequency noise, a smooth soft map; RGB image
for ccm: smooth colour field + texture). Each family is stepped over all N pairs with fresh metric
objects, get_results() included; best of R repeats is reported.

Usage: PYSODMETRICS_DIR=<checkout> /usr/bin/python3 anchor_timings.py [N=60] [R=3] [--only NAME]... [--out FILE]
       (default output: anchor-timings.json next to this script)
"""
import json
import os
import platform
import sys
import time

for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[k] = "1"
try:
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
except Exception:  # pragma: no cover
    pass

PYSOD = os.environ.get("PYSODMETRICS_DIR")
if not PYSOD:
    raise SystemExit("set PYSODMETRICS_DIR to a PySODMetrics checkout (1.6.2, ac5b1fc)")
sys.path.insert(0, PYSOD)
import warnings  # noqa: E402

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import scipy  # noqa: E402
import skimage  # noqa: E402
import sklearn  # noqa: E402

import py_sod_metrics as P  # noqa: E402

warnings.filterwarnings("ignore")
cv2.setNumThreads(1)
HERE = os.path.dirname(os.path.abspath(__file__))
BASE = ["fm", "f1", "pre", "rec", "fpr", "iou", "dice", "spec", "ber", "oa", "kappa"]


def make_data(n, h=300, w=400, seed=2025):
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:h, :w].astype(np.float64)
    data = []
    for i in range(n):
        m = np.zeros((h, w), bool)
        for _ in range(int(rng.integers(1, 4))):
            cy, cx = rng.uniform(0.2, 0.8) * h, rng.uniform(0.2, 0.8) * w
            ry, rx = rng.uniform(0.08, 0.3) * h, rng.uniform(0.08, 0.3) * w
            a = rng.uniform(0, np.pi)
            u = np.cos(a) * (xx - cx) + np.sin(a) * (yy - cy)
            v = -np.sin(a) * (xx - cx) + np.cos(a) * (yy - cy)
            m |= (u / rx) ** 2 + (v / ry) ** 2 <= 1
        gt = np.where(m, 255, 0).astype(np.uint8)
        shifted = np.roll(m.astype(np.float32), (int(rng.integers(-6, 7)), int(rng.integers(-6, 7))), (0, 1))
        blur = cv2.GaussianBlur(shifted, (0, 0), float(rng.uniform(2, 6)))
        noise = cv2.GaussianBlur(rng.random((h, w)).astype(np.float32), (0, 0), 12)
        pred = np.clip((0.85 * blur + 0.6 * (noise - noise.mean()) + 0.05) * 255, 0, 255).astype(np.uint8)
        base = np.stack([cv2.GaussianBlur(rng.random((h, w)).astype(np.float32), (0, 0), 15) for _ in range(3)], -1)
        base = (base - base.min()) / (np.ptp(base) + 1e-6)
        img = np.clip((0.7 * base + 0.15 * rng.random((h, w, 3)) + 0.2 * m[..., None]) * 255, 0, 255).astype(np.uint8)
        data.append((pred, gt, img))
    return data


def fmv2_all():
    sg = dict(with_adaptive=True, with_dynamic=True)
    sb = dict(with_adaptive=False, with_dynamic=False, with_binary=True, sample_based=True)
    ob = dict(with_adaptive=False, with_dynamic=False, with_binary=True, sample_based=False)
    return {**handlers("", sg), **handlers("sample_bi", sb), **handlers("overall_bi", ob)}


def handlers(prefix, kw):
    mk = {
        "fm": lambda: P.FmeasureHandler(**kw, beta=0.3), "f1": lambda: P.FmeasureHandler(**kw, beta=1),
        "pre": lambda: P.PrecisionHandler(**kw), "rec": lambda: P.RecallHandler(**kw),
        "fpr": lambda: P.FPRHandler(**kw), "iou": lambda: P.IOUHandler(**kw), "dice": lambda: P.DICEHandler(**kw),
        "spec": lambda: P.SpecificityHandler(**kw), "ber": lambda: P.BERHandler(**kw),
        "oa": lambda: P.OverallAccuracyHandler(**kw), "kappa": lambda: P.KappaHandler(**kw),
    }
    return {f"{prefix}{m}": mk[m]() for m in BASE}


def si_all():
    sg = dict(with_adaptive=True, with_dynamic=True)
    og = dict(with_adaptive=False, with_dynamic=True, sample_based=False)
    sb = dict(with_adaptive=False, with_dynamic=False, with_binary=True, sample_based=True)
    ob = dict(with_adaptive=False, with_dynamic=False, with_binary=True, sample_based=False)
    return {**handlers("si_sample_", sg), **handlers("si_overall_", og), **handlers("si_sample_bi", sb),
            **handlers("si_overall_bi", ob)}


FAMILIES = {
    "MAE": (lambda: P.MAE(), "plain"),
    "Smeasure": (lambda: P.Smeasure(), "plain"),
    "WeightedFmeasure": (lambda: P.WeightedFmeasure(), "plain"),
    "Emeasure (256 curve + adaptive)": (lambda: P.Emeasure(), "plain"),
    "Fmeasure legacy (256 curve + adaptive + P/R)": (lambda: P.Fmeasure(), "plain"),
    "FmeasureV2, 33 handlers of test_metrics.py (11 gray + 11 sample_bi + 11 overall_bi)": (
        lambda: P.FmeasureV2(metric_handlers=fmv2_all()), "plain"),
    "FmeasureV2, 11 gray handlers (dynamic+adaptive)": (
        lambda: P.FmeasureV2(metric_handlers=handlers("", dict(with_adaptive=True, with_dynamic=True))), "plain"),
    "FmeasureV2, fm handler only": (
        lambda: P.FmeasureV2(metric_handlers={"fm": P.FmeasureHandler(True, True, beta=0.3)}), "plain"),
    "MSIoU (dynamic 257 + adaptive + binary)": (lambda: P.MSIoU(True, True, with_binary=True), "plain"),
    "MSIoU (adaptive + binary only)": (lambda: P.MSIoU(False, True, with_binary=True), "plain"),
    "HumanCorrectionEffortMeasure (relax 5, eps 2)": (lambda: P.HumanCorrectionEffortMeasure(), "plain"),
    "SizeInvarianceMAE": (lambda: P.SizeInvarianceMAE(), "plain"),
    "SizeInvarianceFmeasureV2, 44 handlers of test_metrics.py": (
        lambda: P.SizeInvarianceFmeasureV2(metric_handlers=si_all()), "plain"),
    "SizeInvarianceFmeasureV2, si_sample_fm only (dynamic+adaptive)": (
        lambda: P.SizeInvarianceFmeasureV2(metric_handlers={"f": P.FmeasureHandler(True, True, beta=0.3)}), "plain"),
    "SizeInvarianceFmeasureV2, si_overall_fm only (dynamic, sample_based=False)": (
        lambda: P.SizeInvarianceFmeasureV2(
            metric_handlers={"f": P.FmeasureHandler(with_dynamic=True, with_adaptive=False, sample_based=False, beta=0.3)}),
        "plain"),
    "SizeInvarianceFmeasureV2, si_sample_bifm only": (
        lambda: P.SizeInvarianceFmeasureV2(metric_handlers={"f": P.FmeasureHandler(
            with_dynamic=False, with_adaptive=False, with_binary=True, sample_based=True, beta=0.3)}), "plain"),
    "SizeInvarianceFmeasureV2, si_overall_bifm only": (
        lambda: P.SizeInvarianceFmeasureV2(metric_handlers={"f": P.FmeasureHandler(
            with_dynamic=False, with_adaptive=False, with_binary=True, sample_based=False, beta=0.3)}), "plain"),
    "ContextMeasure cm": (lambda: P.ContextMeasure(), "plain"),
    "CamouflageContextMeasure ccm": (lambda: P.CamouflageContextMeasure(), "img"),
}


def run_family(factory, kind, data):
    obj = factory()
    t0 = time.perf_counter()
    for pred, gt, img in data:
        if kind == "img":
            obj.step(pred=pred, gt=gt, img=img)
        else:
            obj.step(pred=pred, gt=gt)
    obj.get_results()
    return time.perf_counter() - t0


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def main():
    import argparse

    parser = argparse.ArgumentParser(description="PySODMetrics time per 400x300 pair, per metric family")
    parser.add_argument("pairs", nargs="?", type=int, default=60)
    parser.add_argument("repeats", nargs="?", type=int, default=3)
    parser.add_argument("--only", action="append", default=None, help="time only families whose name starts with this")
    parser.add_argument("--out", default=os.path.join(HERE, "anchor-timings.json"))
    args = parser.parse_args()
    n, reps = args.pairs, args.repeats
    families = {k: v for k, v in FAMILIES.items() if not args.only or any(k.startswith(o) for o in args.only)}
    data = make_data(n)
    # decode cost for context (PNG pair)
    tmp = "/tmp/_anchor_pair"
    os.makedirs(tmp, exist_ok=True)
    cv2.imwrite(f"{tmp}/p.png", data[0][0])
    cv2.imwrite(f"{tmp}/g.png", data[0][1])
    results = {}
    for name, (factory, kind) in families.items():
        times = [run_family(factory, kind, data) for _ in range(reps)]
        best = min(times)
        results[name] = dict(ms_per_image=1000 * best / n, images_per_s=n / best, runs_s=[round(t, 4) for t in times])
        print(f"{name:95s} {1000 * best / n:9.2f} ms/img  {n / best:8.1f} img/s", flush=True)
    t0 = time.perf_counter()
    for _ in range(200):
        cv2.imread(f"{tmp}/p.png", cv2.IMREAD_GRAYSCALE)
        cv2.imread(f"{tmp}/g.png", cv2.IMREAD_GRAYSCALE)
    results["PNG decode of one GT+prediction pair (cv2.imread grey)"] = dict(ms_per_image=1000 * (time.perf_counter() - t0) / 200)
    out = dict(
        what="PySODMetrics ac5b1fc (1.6.2) time per 400x300 image pair, arrays in memory, one core, "
        "best of %d runs over %d pairs (get_results included)" % (reps, n),
        machine=dict(cpu=cpu_model(), cpus_visible=os.cpu_count(),
                     note="shared 2-vCPU VM; process pinned to one CPU, BLAS/OpenCV threads = 1"),
        versions=dict(python=platform.python_version(), numpy=np.__version__, opencv=cv2.__version__,
                      scipy=scipy.__version__, skimage=skimage.__version__, sklearn=sklearn.__version__),
        pairs=n, repeats=reps, size_hw=[300, 400],
        results=results,
    )
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
