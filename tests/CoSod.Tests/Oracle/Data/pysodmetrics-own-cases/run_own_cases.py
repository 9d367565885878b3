#!/usr/bin/python3
"""Run PySODMetrics 1.6.2 on the own cases exactly like run_extended.py does for the public fixture
(cv2 grey read, prediction resized to GT size with INTER_LINEAR, image mean with all groups of a
dataset pooled) and write expected.json with the structure of expected.pysodmetrics-extended.json.

Extra (outside the extended structure, in each result):
  classic            Smeasure, MAE, wFmeasure, adp/mean/max Fm and Em (legacy Fmeasure / Emeasure)
  per_image.*.ccm    CamouflageContextMeasure with images/<Dataset>/<group>/<stem>.png (RGB)
  ccm                dataset mean of those
  nan_in_pysodmetrics  images whose per-image value PySODMetrics returns as NaN (JSON null); the
                     dataset value is then NaN too (JSON null), as PySODMetrics reports it.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import pysod_oracle as po  # noqa: E402

CLASSIC = ["MAE", "Smeasure", "wFmeasure", "adpEm", "meanEm", "maxEm", "adpFm", "meanFm", "maxFm"]


def main():
    results = []
    datasets = sorted(os.listdir(os.path.join(HERE, "gt")))
    methods = sorted(os.listdir(os.path.join(HERE, "pred")))
    for method in methods:
        for ds in datasets:
            pairs, skipped = po.list_pairs(os.path.join(HERE, "gt", ds), os.path.join(HERE, "pred", method, ds))
            images = {n: os.path.join(HERE, "images", ds, n + ".png") for n, _, _ in pairs}
            o, per_image, undefined, resized, nan_notes = po.evaluate_pairs(pairs, with_ccm_images=images)
            metrics, curves = po.summarize(o, include_classic=True, include_ccm=True)
            classic = {k: metrics.pop(k) for k in CLASSIC}
            ccm = metrics.pop("ccm", None)
            results.append(
                dict(
                    method=method,
                    dataset=ds,
                    images=len(pairs),
                    metrics=metrics,
                    curves=curves,
                    per_image=per_image,
                    undefined_in_pysodmetrics=undefined,
                    nan_in_pysodmetrics=nan_notes,
                    resized_images=resized,
                    classic=classic,
                    ccm=ccm,
                )
            )
            print(method, ds, len(pairs), "undefined:", undefined, "nan:", nan_notes, "resized:", len(resized))
    out = dict(
        source="PySODMetrics ac5b1fc (1.6.2) handlers as in its examples/test_metrics.py; own synthetic cases "
        "(own-cases/make_own_cases.py, seeded); read with cv2.IMREAD_GRAYSCALE, prediction resized to the GT "
        "size with cv2.INTER_LINEAR; Debian 12 python3 3.11 / numpy 1.24.2 / opencv 4.6.0 / scipy 1.10.1 / "
        "scikit-image 0.19.3 / scikit-learn 1.2.1",
        aggregation="image-mean",
        curves_order="ascending threshold: iou, dice, fpr 256 points t = 0..255 (binary = uint8(255 p) >= t); "
        "msiou 257 points t = 0..256 (same rule)",
        results=results,
    )
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
