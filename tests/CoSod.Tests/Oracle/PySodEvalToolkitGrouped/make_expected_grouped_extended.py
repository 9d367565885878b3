#!/usr/bin/python3
"""PySODEvalToolkit's grouped mode applied to every PySODMetrics 1.6.2 metric, as the oracle of group-mean for the
metrics the toolkit itself cannot ask for (its grouped recorder knows only sm wfm mae em and seven FmeasureV2
handlers, and its msiou call fails with 1.6.2): writes expected-grouped-extended.json.

The toolkit's rules (eval.py --data-type video, utils/recorders): one suffix per method and dataset (.png), the
names of a group evaluated in sorted order, the prediction resized to the GT size with cv2.INTER_CUBIC, one set of
PySODMetrics objects per group; dataset scalars are the plain mean over groups, dataset curves the mean over groups
of the group curves (ascending thresholds), and max/mean/AUC are taken on that group-averaged curve. Per group the
numbers are what examples/test_metrics.py computes (pysod_oracle.py), images on which a family raises left out of
that family, a group left out of a family where it has no image.

  make_expected_grouped_extended.py --pysodmetrics <PySODMetrics 1.6.2 checkout> --fixture samples/cosod-synth \
      --out tests/CoSod.Tests/Oracle/PySodEvalToolkitGrouped/expected-grouped-extended.json
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pysodmetrics", required=True)
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--curves-of", action="append", default=None, help="methods whose curves are written (default Resized)")
    args = parser.parse_args()
    os.environ["PYSODMETRICS_DIR"] = os.path.abspath(args.pysodmetrics)
    sys.path.insert(0, os.path.join(HERE, "..", "PySodOwnCases"))
    import cv2
    import numpy as np
    import pysod_oracle as po

    curves_of = set(args.curves_of or ["Resized"])
    fixture = os.path.abspath(args.fixture)
    results = []
    for dataset in sorted(os.listdir(os.path.join(fixture, "datasets"))):
        gt_root = os.path.join(fixture, "datasets", dataset, "GroundTruth")
        for method in sorted(os.listdir(os.path.join(fixture, "predictions"))):
            pred_root = os.path.join(fixture, "predictions", method, dataset)
            groups = []
            for group in sorted(os.listdir(gt_root)):
                gt_names = {f[:-4] for f in os.listdir(os.path.join(gt_root, group)) if f.endswith(".png")}
                pred_dir = os.path.join(pred_root, group)
                pred_names = {f[:-4] for f in os.listdir(pred_dir) if f.endswith(".png")} if os.path.isdir(pred_dir) else set()
                names = sorted(gt_names & pred_names)
                if names:
                    pairs = [(f"{group}/{n}", os.path.join(gt_root, group, n + ".png"), os.path.join(pred_dir, n + ".png")) for n in names]
                    groups.append(group_numbers(po, np, pairs, cv2.INTER_CUBIC))
            result = combine(po, np, groups)
            result.update(method=method, dataset=dataset, images=sum(g["images"] for g in groups))
            if method not in curves_of:
                del result["curves"]
            results.append(result)
            print(method, dataset, result["images"], flush=True)

    with open(args.out, "w") as f:
        json.dump(dict(
            source="PySODMetrics ac5b1fc (1.6.2) per group as examples/test_metrics.py reduces it, groups combined as "
            "PySODEvalToolkit a52dbcc's grouped mode combines them; made by make_expected_grouped_extended.py",
            curves="ascending thresholds: iou, dice, fpr 256 points; msiou 257 points; group-averaged",
            results=results), f, indent=1)
        f.write("\n")


def group_numbers(po, np, pairs, interpolation):
    """One group: its scalars (None where a family has no image) and raw curves (ascending thresholds)."""
    o, per_image, undefined, resized, nan = po.evaluate_pairs(pairs, interpolation=interpolation)
    metrics, curves = po.summarize(o)
    fmv2 = o["FMv2"].get_results()
    has_si = len(o["SI_FMv2"]._metric_handlers["si_sample_fm"].adaptive_results) > 0
    si = o["SI_FMv2"].get_results() if has_si else None
    raw = {f"fmv2_{m}": np.flip(fmv2[m]["dynamic"]) for m in po.BASE}
    raw["msiou"] = np.asarray(o["MSIOU"].get_results()["dynamic"])
    if si is not None:
        raw.update({f"si_overall_{m}": np.flip(si[f"si_overall_{m}"]["dynamic"]) for m in po.BASE})
    return dict(images=len(pairs), metrics=metrics, raw=raw)


def combine(po, np, groups):
    """The grouped mode: scalars averaged over groups, curves averaged over groups, then max / mean / AUC."""
    def mean_over_groups(values):
        values = [v for v in values if v is not None]
        return float(np.mean(np.array(values, dtype=np.float64))) if values else None

    def curve(name):
        stacked = [g["raw"][name] for g in groups if name in g["raw"]]
        return np.mean(np.array(stacked, dtype=np.float64), axis=0) if stacked else None

    keys = list(dict.fromkeys(k for g in groups for k in g["metrics"]))
    scalar_keys = [k for k in keys if not k.startswith(("mean", "max", "auc_", "si_overall_mean", "si_overall_max", "si_overall_auc"))]
    numbers = {k: mean_over_groups([g["metrics"].get(k) for g in groups]) for k in scalar_keys}
    for m in po.BASE:
        c = curve(f"fmv2_{m}")
        numbers[f"mean{m}"], numbers[f"max{m}"] = float(c.mean()), float(c.max())
        s = curve(f"si_overall_{m}")
        numbers[f"si_overall_mean{m}"] = None if s is None else float(s.mean())
        numbers[f"si_overall_max{m}"] = None if s is None else float(s.max())
    numbers["auc_pr"] = float(po.cal_auc(y=curve("fmv2_pre"), x=curve("fmv2_rec")))
    numbers["auc_roc"] = float(po.cal_auc(y=curve("fmv2_rec"), x=curve("fmv2_fpr")))
    if curve("si_overall_pre") is not None:
        numbers["si_overall_auc_pr"] = float(po.cal_auc(y=curve("si_overall_pre"), x=curve("si_overall_rec")))
        numbers["si_overall_auc_roc"] = float(po.cal_auc(y=curve("si_overall_rec"), x=curve("si_overall_fpr")))
    msiou = curve("msiou")
    numbers["meanmsiou"], numbers["maxmsiou"] = float(msiou.mean()), float(msiou.max())
    curves = {"iou": curve("fmv2_iou"), "dice": curve("fmv2_dice"), "fpr": curve("fmv2_fpr"), "msiou": msiou}
    return dict(numbers=numbers, curves={k: [float(x) for x in v] for k, v in curves.items()})


if __name__ == "__main__":
    main()
