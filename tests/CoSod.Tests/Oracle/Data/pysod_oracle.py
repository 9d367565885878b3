"""Shared driver: run PySODMetrics 1.6.2 (ac5b1fc) exactly as its examples/test_metrics.py does,
on a CoSOD folder layout, and emit the structure of expected.pysodmetrics-extended.json.

Run with /usr/bin/python3 (Debian 12: numpy 1.24.2, opencv 4.6.0, scipy 1.10.1, skimage 0.19.3).
PySODMetrics is imported from PYSODMETRICS_DIR=<checkout of lartpang/PySODMetrics @ ac5b1fc> (required).
"""
import os
import sys
import warnings

PYSOD = os.environ["PYSODMETRICS_DIR"]
if PYSOD not in sys.path:
    sys.path.insert(0, PYSOD)

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import py_sod_metrics  # noqa: E402

warnings.filterwarnings("ignore")

BASE = ["fm", "f1", "pre", "rec", "fpr", "iou", "dice", "spec", "ber", "oa", "kappa"]
EXTS = (".png", ".jpg", ".jpeg", ".bmp")


# ---------------------------------------------------------------- the reductions of test_metrics.py
def cal_auc(y, x):
    assert y.shape == x.shape
    idx = np.argsort(x, axis=-1, kind="stable")
    y = np.take_along_axis(y, idx, axis=-1)
    x = np.take_along_axis(x, idx, axis=-1)
    return np.trapz(y=y, x=x, axis=-1)


def reduce_max_avg(dynamic_results):
    mx, av = [], []
    for s in dynamic_results:
        mx.append(s.max(axis=-1).mean())
        av.append(s.mean(axis=-1).mean())
    return np.asarray(mx).mean(), np.asarray(av).mean()


def reduce_auc(ys, xs):
    out = []
    for y, x in zip(ys, xs):
        out.append(cal_auc(y=np.flip(y, -1), x=np.flip(x, -1)).mean())
    return np.asarray(out).mean()


def make_metric_objects():
    H = py_sod_metrics
    sample_gray = dict(with_adaptive=True, with_dynamic=True)
    sample_bin = dict(with_adaptive=False, with_dynamic=False, with_binary=True, sample_based=True)
    overall_bin = dict(with_adaptive=False, with_dynamic=False, with_binary=True, sample_based=False)
    overall_gray = dict(with_adaptive=False, with_dynamic=True, sample_based=False)

    def handlers(prefix_gray, gray_kw, prefix_sbin, prefix_obin, prefix_ogray=None):
        d = {}
        mk = {
            "fm": lambda kw: H.FmeasureHandler(**kw, beta=0.3),
            "f1": lambda kw: H.FmeasureHandler(**kw, beta=1),
            "pre": lambda kw: H.PrecisionHandler(**kw),
            "rec": lambda kw: H.RecallHandler(**kw),
            "fpr": lambda kw: H.FPRHandler(**kw),
            "iou": lambda kw: H.IOUHandler(**kw),
            "dice": lambda kw: H.DICEHandler(**kw),
            "spec": lambda kw: H.SpecificityHandler(**kw),
            "ber": lambda kw: H.BERHandler(**kw),
            "oa": lambda kw: H.OverallAccuracyHandler(**kw),
            "kappa": lambda kw: H.KappaHandler(**kw),
        }
        for m in BASE:
            d[f"{prefix_gray}{m}"] = mk[m](gray_kw)
        if prefix_ogray is not None:
            for m in BASE:
                d[f"{prefix_ogray}{m}"] = mk[m](overall_gray)
        for m in BASE:
            d[f"{prefix_sbin}{m}"] = mk[m](sample_bin)
        for m in BASE:
            d[f"{prefix_obin}{m}"] = mk[m](overall_bin)
        return d

    objs = dict(
        FM=H.Fmeasure(),
        WFM=H.WeightedFmeasure(),
        SM=H.Smeasure(),
        EM=H.Emeasure(),
        MAE=H.MAE(),
        HCE=H.HumanCorrectionEffortMeasure(),
        CM=H.ContextMeasure(),
        CCM=H.CamouflageContextMeasure(),
        MSIOU=H.MSIoU(with_dynamic=True, with_adaptive=True, with_binary=True),
        FMv2=H.FmeasureV2(metric_handlers=handlers("", sample_gray, "sample_bi", "overall_bi")),
        SI_MAE=H.SizeInvarianceMAE(),
        SI_FMv2=H.SizeInvarianceFmeasureV2(
            metric_handlers=handlers("si_sample_", sample_gray, "si_sample_bi", "si_overall_bi", "si_overall_")
        ),
    )
    return objs


# ---------------------------------------------------------------- reading (pysodmetrics profile)
def list_pairs(gt_dir, pred_dir):
    """GT files define the images; prediction = same group + stem, ext png/jpg/jpeg/bmp (png preferred)."""
    pairs, skipped = [], []
    for group in sorted(os.listdir(gt_dir)):
        gdir = os.path.join(gt_dir, group)
        if not os.path.isdir(gdir):
            continue
        for f in sorted(os.listdir(gdir)):
            stem, ext = os.path.splitext(f)
            if ext.lower() not in EXTS:
                continue
            pgdir = os.path.join(pred_dir, group)
            cands = {}
            if os.path.isdir(pgdir):
                for pf in os.listdir(pgdir):
                    ps, pe = os.path.splitext(pf)
                    if ps == stem and pe.lower() in EXTS:
                        cands[pe.lower()] = os.path.join(pgdir, pf)
            chosen = None
            for e in EXTS:
                if e in cands:
                    chosen = cands[e]
                    break
            name = f"{group}/{stem}"
            if chosen is None:
                skipped.append(name)
            else:
                pairs.append((name, os.path.join(gdir, f), chosen))
    pairs.sort(key=lambda t: t[0])
    return pairs, skipped


def read_pair(gt_path, pred_path, interpolation=cv2.INTER_LINEAR):
    gt = cv2.imread(gt_path, cv2.IMREAD_GRAYSCALE)
    pred = cv2.imread(pred_path, cv2.IMREAD_GRAYSCALE)
    resized = False
    if pred.shape != gt.shape:
        pred = cv2.resize(pred, dsize=gt.shape[::-1], interpolation=interpolation).astype(np.uint8)
        resized = True
    return gt, pred, resized


def fnum(x):
    if x is None:
        return None
    x = float(x)
    if np.isnan(x):
        return None  # JSON has no NaN; the caller also records it
    return x


# ---------------------------------------------------------------- one dataset x method
def evaluate_pairs(pairs, with_ccm_images=None, interpolation=cv2.INTER_LINEAR, include_classic=False):
    """pairs: list of (name, gt_path, pred_path). with_ccm_images: optional dict name -> RGB image path.

    Mirrors examples/test_metrics.py. Images on which a family raises are left out of that family
    (each metric object is stepped independently) and listed under undefined_in_pysodmetrics.
    """
    o = make_metric_objects()
    undefined = {}
    per_image = {}
    resized_names = []
    nan_notes = {}
    for name, gtp, prp in pairs:
        gt, pred, resized = read_pair(gtp, prp, interpolation)
        if resized:
            resized_names.append(name)
        rec = {}
        # classic objects (not part of the extended key set, but computed like test_metrics.py)
        for key in ("FM", "WFM", "SM", "EM", "MAE"):
            o[key].step(pred=pred, gt=gt)
        # HCE
        try:
            o["HCE"].step(pred=pred, gt=gt)
            rec["HCE"] = fnum(o["HCE"].hces[-1])
        except Exception as e:  # pragma: no cover
            undefined.setdefault("hce", []).append(f"{name}: {type(e).__name__}")
            rec["HCE"] = None
        # MSIoU
        o["MSIOU"].step(pred=pred, gt=gt)
        o["FMv2"].step(pred=pred, gt=gt)
        # size invariance
        try:
            with np.errstate(all="ignore"):
                o["SI_MAE"].step(pred=pred, gt=gt)
            v = o["SI_MAE"].maes[-1]
            rec["si_mae"] = fnum(v)
            if np.isnan(v):
                nan_notes.setdefault("si_mae", []).append(name)
        except Exception as e:
            undefined.setdefault("simae", []).append(f"{name}: {type(e).__name__}")
            rec["si_mae"] = None
        try:
            o["SI_FMv2"].step(pred=pred, gt=gt)
        except Exception as e:
            undefined.setdefault("sifm", []).append(f"{name}: {type(e).__name__}")
        # context measure
        o["CM"].step(pred=pred, gt=gt)
        rec["cm"] = fnum(o["CM"].scores[-1])
        if with_ccm_images is not None and name in with_ccm_images:
            img = cv2.imread(with_ccm_images[name], cv2.IMREAD_COLOR)
            img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
            o["CCM"].step(pred=pred, gt=gt, img=img)
            rec["ccm"] = fnum(o["CCM"].scores[-1])
        rec["adpmsiou"] = fnum(o["MSIOU"].adaptive_results[-1])
        per_image[name] = rec
    return o, per_image, undefined, resized_names, nan_notes


def summarize(o, include_classic=False, include_ccm=False):
    msiou = o["MSIOU"].get_results()
    fmv2 = o["FMv2"].get_results()
    si_mae = o["SI_MAE"].get_results()["si_mae"] if o["SI_MAE"].maes else None
    has_si = len(o["SI_FMv2"]._metric_handlers["si_sample_fm"].adaptive_results) > 0
    si_fmv2 = o["SI_FMv2"].get_results() if has_si else None

    m = {}
    if include_classic:
        fm = o["FM"].get_results()["fm"]
        em = o["EM"].get_results()["em"]
        m.update(
            {
                "MAE": o["MAE"].get_results()["mae"],
                "Smeasure": o["SM"].get_results()["sm"],
                "wFmeasure": o["WFM"].get_results()["wfm"],
                "adpEm": em["adp"],
                "meanEm": em["curve"].mean(),
                "maxEm": em["curve"].max(),
                "adpFm": fm["adp"],
                "meanFm": fm["curve"].mean(),
                "maxFm": fm["curve"].max(),
            }
        )
    m.update(
        {
            "HCE": o["HCE"].get_results()["hce"],
            "adpmsiou": msiou["adaptive"],
            "meanmsiou": msiou["dynamic"].mean(),
            "maxmsiou": msiou["dynamic"].max(),
            "sample_bimsiou": msiou["binary"],
            "si_mae": si_mae,
            "cm": o["CM"].get_results()["cm"],
        }
    )
    if include_ccm and o["CCM"].scores:
        m["ccm"] = o["CCM"].get_results()["ccm"]
    for n in BASE:
        m[f"adp{n}"] = fmv2[n]["adaptive"]
        m[f"mean{n}"] = fmv2[n]["dynamic"].mean()
        m[f"max{n}"] = fmv2[n]["dynamic"].max()
        m[f"sample_bi{n}"] = fmv2[f"sample_bi{n}"]["binary"]
        m[f"overall_bi{n}"] = fmv2[f"overall_bi{n}"]["binary"]
        if si_fmv2 is not None:
            smax, smean = reduce_max_avg(si_fmv2[f"si_sample_{n}"]["dynamic"])
            m[f"si_overall_mean{n}"] = si_fmv2[f"si_overall_{n}"]["dynamic"].mean()
            m[f"si_overall_max{n}"] = si_fmv2[f"si_overall_{n}"]["dynamic"].max()
            m[f"si_overall_bi{n}"] = si_fmv2[f"si_overall_bi{n}"]["binary"]
            m[f"si_sample_mean{n}"] = smean
            m[f"si_sample_max{n}"] = smax
            m[f"si_sample_adp{n}"] = si_fmv2[f"si_sample_{n}"]["adaptive"]
            m[f"si_sample_bi{n}"] = si_fmv2[f"si_sample_bi{n}"]["binary"]
    pre, rec, fpr = fmv2["pre"]["dynamic"], fmv2["rec"]["dynamic"], fmv2["fpr"]["dynamic"]
    m["auc_pr"] = cal_auc(y=np.flip(pre, -1), x=np.flip(rec, -1))
    m["auc_roc"] = cal_auc(y=np.flip(rec, -1), x=np.flip(fpr, -1))
    if si_fmv2 is not None:
        p, r, f = (si_fmv2[f"si_overall_{k}"]["dynamic"] for k in ("pre", "rec", "fpr"))
        m["si_overall_auc_pr"] = cal_auc(y=np.flip(p, -1), x=np.flip(r, -1))
        m["si_overall_auc_roc"] = cal_auc(y=np.flip(r, -1), x=np.flip(f, -1))
        p, r, f = (si_fmv2[f"si_sample_{k}"]["dynamic"] for k in ("pre", "rec", "fpr"))
        m["si_sample_auc_pr"] = reduce_auc(ys=p, xs=r)
        m["si_sample_auc_roc"] = reduce_auc(ys=r, xs=f)
    metrics = {k: fnum(v) for k, v in m.items()}
    curves = {
        "iou": [float(v) for v in np.flip(fmv2["iou"]["dynamic"])],
        "dice": [float(v) for v in np.flip(fmv2["dice"]["dynamic"])],
        "fpr": [float(v) for v in np.flip(fmv2["fpr"]["dynamic"])],
        "msiou": [float(v) for v in msiou["dynamic"]],
    }
    return metrics, curves
