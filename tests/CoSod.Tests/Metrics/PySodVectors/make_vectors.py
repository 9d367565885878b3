#!/usr/bin/python3
"""Small reference vectors for the FmeasureV2 handlers, the test suite's AUC and numpy's float16 sum, printed by
PySODMetrics 1.6.2 (ac5b1fc) and numpy 1.24 (Debian 12). Writes vectors.json next to this script.

  make_vectors.py <PySODMetrics checkout>
"""
import json
import os
import sys

import numpy as np

if len(sys.argv) != 2:
    raise SystemExit("usage: make_vectors.py <PySODMetrics 1.6.2 checkout>")
sys.path.insert(0, os.path.abspath(sys.argv[1]))
import py_sod_metrics as H  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = ["fm", "f1", "pre", "rec", "fpr", "iou", "dice", "spec", "ber", "oa", "kappa"]


def handler(name):
    kw = dict(with_dynamic=False, with_adaptive=False, with_binary=True, sample_based=False)
    return {
        "fm": lambda: H.FmeasureHandler(**kw, beta=0.3), "f1": lambda: H.FmeasureHandler(**kw, beta=1),
        "pre": lambda: H.PrecisionHandler(**kw), "rec": lambda: H.RecallHandler(**kw), "fpr": lambda: H.FPRHandler(**kw),
        "iou": lambda: H.IOUHandler(**kw), "dice": lambda: H.DICEHandler(**kw), "spec": lambda: H.SpecificityHandler(**kw),
        "ber": lambda: H.BERHandler(**kw), "oa": lambda: H.OverallAccuracyHandler(**kw), "kappa": lambda: H.KappaHandler(**kw),
    }[name]()


rng = np.random.default_rng(20251206)
count_sets = [
    (0, 0, 0, 0), (0, 0, 10, 0), (0, 5, 0, 0), (3, 0, 0, 0), (0, 0, 0, 7), (5, 0, 0, 5), (0, 4, 4, 0),
    (12, 3, 80, 5), (1, 1, 1, 1), (100, 0, 0, 0), (0, 100, 0, 0), (0, 0, 100, 0), (0, 0, 0, 100),
    # sums over a large dataset (Python integers; kappa's products far beyond 2^53, numerator below 2^64)
    (1234567891, 23456789, 2345678901, 34567891), (2**31 - 1, 2**31 - 3, 2**31 - 7, 2**31 - 11),
    (2**52 + 1, 3, 2**40 + 7, 5), (987654321987, 1, 2, 123456789),
]
for _ in range(12):
    count_sets.append(tuple(int(v) for v in rng.integers(0, 10**int(rng.integers(1, 10)), 4)))
handlers = []
for tp, fp, tn, fn in count_sets:
    values = {}
    for name in BASE:
        try:
            values[name] = float(np.mean(handler(name)(tp=tp, fp=fp, tn=tn, fn=fn)))
        except Exception as e:  # kappa past uint64
            values[name] = type(e).__name__
    handlers.append(dict(tp=str(tp), fp=str(fp), tn=str(tn), fn=str(fn), values=values))

# int -> float conversions of 128-bit integers (Python rounds to nearest, ties to even)
conversions = []
for v in [2**64, 2**64 + 1, 2**64 + 2**11, 2**64 + 2**11 + 1, 2**64 + 3 * 2**11, 2**70 + 2**17, 2**70 + 2**17 + 1,
          2**100 - 1, 2**126 + 2**73, 2**126 + 2**73 + 1, 3**80, 12345678901234567890123456789]:
    conversions.append(dict(value=str(v), double=float(v)))


def cal_auc(y, x):
    idx = np.argsort(x, axis=-1, kind="stable")
    return float(np.trapz(y=np.take_along_axis(y, idx, -1), x=np.take_along_axis(x, idx, -1), axis=-1))


aucs = []
for case in range(8):
    n = 256
    if case < 4:
        # monotone x with long ties (recall-like, falling with the threshold), y arbitrary
        steps = np.sort(rng.integers(0, 12 if case % 2 else 200, n))[::-1]
        x = steps / steps.max() if steps.max() > 0 else steps.astype(float)
        y = rng.random(n)
    else:
        x = rng.integers(0, 6, n) / 5.0  # not monotone: many ties anywhere
        y = rng.random(n)
    aucs.append(dict(y=[float(v) for v in y], x=[float(v) for v in x], auc=cal_auc(y, x)))

float16 = []
for n, ones in [(100, 37), (20000, 11879), (50000, 4097), (30000, 30000), (100000, 70000), (8192 * 3 + 5, 9000)]:
    # numpy adds a float16 array in chunks of 8192 values, so only the ones per chunk matter: they are written as
    # counts, the first `count` values of each chunk being 1.
    chunks = (n + 8191) // 8192
    sizes = [min(8192, n - 8192 * c) for c in range(chunks)]
    counts = np.bincount(rng.choice(n, ones, replace=False) // 8192, minlength=chunks)
    a = np.zeros(n, np.float16)
    for c, k in enumerate(counts):
        a[8192 * c: 8192 * c + int(k)] = 1
    total = float(a.sum())
    float16.append(dict(length=n, ones_per_chunk=[int(k) for k in counts], sum=total if np.isfinite(total) else "inf"))

with open(os.path.join(HERE, "vectors.json"), "w") as f:
    json.dump(dict(
        source="PySODMetrics 1.6.2 (ac5b1fc) handlers with sample_based=False on Python-integer counts; the "
        "test suite's cal_auc; numpy 1.24 float16 sum of 0/1 arrays (the first ones_per_chunk[c] values of each 8192-value chunk c are 1); Python float(int)",
        handlers=handlers, conversions=conversions, aucs=aucs, float16_sums=float16), f, indent=1)
    f.write("\n")
