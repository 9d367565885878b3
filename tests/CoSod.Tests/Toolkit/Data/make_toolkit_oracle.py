#!/usr/bin/python3
"""Runs PySODEvalToolkit's own eval.py on JSON configs over the bundled sample and prints what it computed.

    PYTHONPATH=<PySODMetrics checkout> /usr/bin/python3 make_toolkit_oracle.py <PySODEvalToolkit checkout> > toolkit-oracle.json

The layout (rebuilt the same way by ToolkitOracleTests.cs):
  flat/Mask/<stem>.png            CoSal2015's masks of samples/cosod-synth, out of their group folders
  flat/<Method>/p_<stem>_sal.png  the method's maps, renamed with a prefix and a suffix; Resized lacks baseball_043
  flat/Noisy/notes.txt            a file that matches no rule
and the grouped mode reads samples/cosod-synth/datasets/CoSal2015/GroundTruth and predictions/<Method>/CoSal2015 as
they are. eval.py runs in the image mode and with --data-type video, --num-bits 17 so that the numbers are not
rounded to 3 decimals. Run with Debian's python3-opencv, -numpy, -scipy, -tqdm, -tabulate, -openpyxl, -matplotlib.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "samples", "cosod-synth"))
METHODS = ["Noisy", "Resized"]
DROPPED = ("Resized", "baseball_043")
METRICS = ["sm", "wfm", "mae", "fmeasure", "em"]


def build(root):
    gt = os.path.join(SAMPLE, "datasets", "CoSal2015", "GroundTruth")
    os.makedirs(os.path.join(root, "flat", "Mask"))
    for group in sorted(os.listdir(gt)):
        for name in sorted(os.listdir(os.path.join(gt, group))):
            shutil.copy(os.path.join(gt, group, name), os.path.join(root, "flat", "Mask", name))
    for method in METHODS:
        folder = os.path.join(root, "flat", method)
        os.makedirs(folder)
        maps = os.path.join(SAMPLE, "predictions", method, "CoSal2015")
        for group in sorted(os.listdir(maps)):
            for name in sorted(os.listdir(os.path.join(maps, group))):
                stem, ext = os.path.splitext(name)
                if (method, stem) == DROPPED:
                    continue
                shutil.copy(os.path.join(maps, group, name), os.path.join(folder, f"p_{stem}_sal{ext}"))
    with open(os.path.join(root, "flat", "Noisy", "notes.txt"), "w") as f:
        f.write("not a map\n")

    configs = {
        "image": ({"CoSal2015": {"mask": {"path": "flat/Mask", "suffix": ".png"}}},
                  {m: {"CoSal2015": {"path": f"flat/{m}", "prefix": "p_", "suffix": "_sal.png"}} for m in METHODS}),
        "video": ({"CoSal2015": {"mask": {"path": gt, "suffix": ".png"}}},
                  {m: {"CoSal2015": {"path": os.path.join(SAMPLE, "predictions", m, "CoSal2015"), "suffix": ".png"}}
                   for m in METHODS}),
    }
    return configs


def main():
    toolkit = sys.argv[1]
    out = {"toolkit": "PySODEvalToolkit eval.py, --num-bits 17", "metrics": METRICS, "modes": {}}
    with tempfile.TemporaryDirectory() as root:
        for mode, (datasets, methods) in build(root).items():
            with open(os.path.join(root, f"d-{mode}.json"), "w") as f:
                json.dump(datasets, f)
            with open(os.path.join(root, f"m-{mode}.json"), "w") as f:
                json.dump(methods, f)
            npy = os.path.join(root, f"metrics-{mode}.npy")
            subprocess.run([sys.executable, os.path.join(toolkit, "eval.py"), "--dataset-json", f"d-{mode}.json",
                            "--method-json", f"m-{mode}.json", "--metric-names", *METRICS, "--data-type", mode,
                            "--num-bits", "17", "--metric-npy", npy, "--num-workers", "1"],
                           cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            results = np.load(npy, allow_pickle=True).item()["CoSal2015"]
            out["modes"][mode] = {m: {k: float(v) for k, v in results[m].items()} for m in METHODS}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
