#!/usr/bin/python3
"""Ask PySODEvalToolkit's grouped mode (eval.py --data-type video, the CoSOD path) for its numbers on the bundled
fixture and write them as expected-grouped.json, the oracle of PySodEvalToolkitGroupedTests.

Run from anywhere (Debian 12: /usr/bin/python3 with python3-numpy and python3-opencv):

  make_expected_grouped.py --toolkit <PySODEvalToolkit checkout> --pysodmetrics <PySODMetrics checkout> \
      --fixture samples/cosod-synth --out tests/CoSod.Tests/Oracle/PySodEvalToolkitGrouped/expected-grouped.json \
      --toolkit-commit a52dbcc --pysodmetrics-commit ac5b1fc

The toolkit reads every sub-folder of a mask root as a group and takes ONE suffix per method and dataset (.png here),
so a .jpg map is not evaluated; it resizes a map of another size with cv2.INTER_CUBIC; each group is reduced by its
own PySODMetrics recorder and the groups are averaged; it always rounds its numbers (--num-bits 15 keeps them within
5e-16). Only the metrics its grouped recorder accepts with PySODMetrics 1.6.2 are asked for (msiou fails there).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

METRICS = "sm wfm mae em fmeasure f1 precision recall iou dice specificity".split()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--toolkit", required=True, help="PySODEvalToolkit checkout (holds eval.py)")
    parser.add_argument("--pysodmetrics", required=True, help="PySODMetrics checkout (holds py_sod_metrics/)")
    parser.add_argument("--fixture", required=True, help="cosod-synth folder (datasets/, predictions/)")
    parser.add_argument("--out", required=True, help="the JSON file to write")
    parser.add_argument("--toolkit-commit", default="unknown", help="recorded in the output")
    parser.add_argument("--pysodmetrics-commit", default="unknown", help="recorded in the output")
    parser.add_argument("--curves-of", action="append", default=None,
                        help="methods whose group-averaged curves are written (default: Resized)")
    args = parser.parse_args()
    curves_of = set(args.curves_of or ["Resized"])
    fixture = os.path.abspath(args.fixture)
    datasets = sorted(os.listdir(os.path.join(fixture, "datasets")))
    methods = sorted(os.listdir(os.path.join(fixture, "predictions")))

    with tempfile.TemporaryDirectory() as work:
        dataset_json = {d: {"mask": {"path": os.path.join(fixture, "datasets", d, "GroundTruth"), "suffix": ".png",
                                     "prefix": ""}} for d in datasets}
        method_json = {m: {d: {"path": os.path.join(fixture, "predictions", m, d), "suffix": ".png", "prefix": ""}
                           for d in datasets} for m in methods}
        paths = {k: os.path.join(work, k) for k in ("datasets.json", "methods.json", "metrics.npy", "curves.npy", "record.txt")}
        json.dump(dataset_json, open(paths["datasets.json"], "w"))
        json.dump(method_json, open(paths["methods.json"], "w"))
        env = dict(os.environ, PYTHONPATH=os.path.abspath(args.pysodmetrics))
        subprocess.run(
            [sys.executable, "-W", "ignore", "eval.py", "--dataset-json", paths["datasets.json"],
             "--method-json", paths["methods.json"], "--data-type", "video", "--metric-names", *METRICS,
             "--num-workers", "1", "--num-bits", "15", "--metric-npy", paths["metrics.npy"],
             "--curves-npy", paths["curves.npy"], "--record-txt", paths["record.txt"], "--to-overwrite"],
            cwd=args.toolkit, env=env, check=True, stdout=subprocess.DEVNULL)
        numbers = np.load(paths["metrics.npy"], allow_pickle=True).item()
        curves = np.load(paths["curves.npy"], allow_pickle=True).item()

    results = []
    for d in datasets:
        for m in methods:
            if m not in numbers.get(d, {}):
                raise SystemExit(f"the toolkit wrote no result for {m} on {d}")
            result = dict(method=m, dataset=d, numbers={k: float(v) for k, v in numbers[d][m].items()})
            if m in curves_of:
                result["curves"] = {k: [float(x) for x in v] for k, v in curves[d][m].items()}
            results.append(result)

    out = dict(
        source=f"PySODEvalToolkit {args.toolkit_commit} eval.py --data-type video --num-bits 15 with PySODMetrics "
        f"{args.pysodmetrics_commit} on PYTHONPATH, metrics {' '.join(METRICS)}; made by make_expected_grouped.py",
        names="fmeasure = F (beta^2 0.3), f1 = F (beta 1), em = E-measure; avg* = mean of the group-averaged curve",
        curves="ascending threshold t = 0..255, averaged over groups (written for: " + ", ".join(sorted(curves_of)) + ")",
        results=results,
    )
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
