#!/usr/bin/python3
"""Writes full-size stand-ins for the official checkpoints, as real torch.save files in both formats.

    /usr/bin/python3 scripts/make-test-checkpoints.py [--only gicd_ginet,vgg16] [--formats zip] OUT_DIR

For GCoNet+ (237 keys), GCoNet (110), GICD's GINet (92) and torchvision's VGG16 (32), it takes the official keys
and shapes from ../shared/docs/state-dicts/*.txt and fills them with the deterministic weights of
../shared/fixtures/model-parity/README.md section 1 (also rule.json there), so a reader can be checked bit for bit
against an independent implementation of the rule (tests/CoSod.Tests/Models/DeterministicWeights.cs). Each model is
written as <name>_zip.pth (torch.save's format since PyTorch 1.6) and <name>_legacy.pth
(_use_new_zipfile_serialization=False, the format of vgg16-397923af.pth), about 3.2 GiB in all. The tests make only
the files one test reads (--only, --formats) into a temporary folder and delete it after the test, so no more than
about a GiB exists at a time and nothing stays behind.

Idempotent: manifest.json in the output folder records each file's size and SHA-256 with a hash of the inputs;
files that still match are left alone, so a second run only reads and hashes them. Needs Debian's python3-torch
(1.13) and numpy.
"""

import argparse
import collections
import hashlib
import json
import math
import os
import sys
import time

import numpy as np
import torch

# Bump when the output for the same inputs would change (rule, layout or file names).
SCRIPT_VERSION = 1

# (name, state-dict file, value of its "file" column or None when it has none)
MODELS = [
    ("gconet_plus", "gconet_plus_state_dict.txt", None),
    ("gconet", "gconet_state_dict.txt", None),
    ("gicd_ginet", "gicd_state_dict.txt", "gicd_ginet.pth"),
    ("vgg16", "gicd_state_dict.txt", "vgg16-397923af.pth"),
]

MASK32 = np.uint64(0xFFFFFFFF)
CHUNK = 1 << 24  # elements per vectorised step: bounds the temporaries to a few hundred MB


def fnv1a32(key):
    h = 0x811C9DC5
    for b in key.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def uniform(seed, start, count):
    """s = 2*((z >> 8) / 2^24) - 1 for flat indices start..start+count-1 (README section 1, steps 2-4)."""
    i = np.arange(start, start + count, dtype=np.uint64)
    z = (np.uint64(seed) + i * np.uint64(0x9E3779B9)) & MASK32
    z ^= z >> np.uint64(16)
    z = (z * np.uint64(0x85EBCA6B)) & MASK32  # both factors < 2^32: the product is exact in uint64
    z ^= z >> np.uint64(13)
    z = (z * np.uint64(0xC2B2AE35)) & MASK32
    z ^= z >> np.uint64(16)
    r = (z >> np.uint64(8)).astype(np.float64) / 16777216.0
    return 2.0 * r - 1.0


def values(key, shape):
    """The float32 tensor of the rule (step 5), computed in float64 and rounded once."""
    n = math.prod(shape)
    if key.endswith("running_mean"):
        transform = lambda s: 0.1 * s
    elif key.endswith("running_var"):
        transform = lambda s: 1.0 + 0.25 * s
    elif key.endswith("bias"):
        transform = lambda s: 0.1 * s
    elif key.endswith("weight") and len(shape) == 1:
        transform = lambda s: 1.0 + 0.25 * s
    elif key.endswith("weight") and len(shape) >= 2:
        root = math.sqrt(n // shape[0])  # fan_in = numel / shape[0]; sqrt is correctly rounded
        transform = lambda s: (2.0 * s) / root
    else:
        raise ValueError(f"the weight rule has no value for {key} {shape}")
    out = np.empty(n, dtype=np.float32)
    seed = fnv1a32(key)
    for start in range(0, n, CHUNK):
        count = min(CHUNK, n - start)
        out[start:start + count] = transform(uniform(seed, start, count)).astype(np.float32)
    return out.reshape(shape)


def read_spec(path, file_column):
    """[(key, shape, dtype)] in the order of the state-dict listing."""
    entries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if file_column is not None:
                if cols[0] != file_column:
                    continue
                cols = cols[1:]
            key, shape_text = cols[0], cols[1]
            shape = tuple(int(d) for d in shape_text.strip("()").split(",") if d.strip())
            dtype = "int64" if key.endswith("num_batches_tracked") else "float32"
            if "float32" in cols or "int64" in cols:
                assert dtype in cols, f"{path}: {key} is not {dtype}"
            entries.append((key, shape, dtype))
    return entries


def state_dict(spec):
    sd = collections.OrderedDict()
    for key, shape, dtype in spec:
        if dtype == "int64":
            sd[key] = torch.zeros(shape, dtype=torch.int64)  # num_batches_tracked: 0, shape ()
        else:
            sd[key] = torch.from_numpy(values(key, shape))
    return sd


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            block = f.read(1 << 22)
            if not block:
                return h.hexdigest()
            h.update(block)


def inputs_hash(spec, formats):
    text = json.dumps({"version": SCRIPT_VERSION, "torch": torch.__version__.split("+")[0], "formats": sorted(formats),
                       "spec": [[k, list(s), d] for k, s, d in spec]})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def up_to_date(out_dir, record, inputs):
    if not record or record.get("inputs") != inputs:
        return False
    for info in record["files"].values():
        path = os.path.join(out_dir, info["name"])
        if not os.path.isfile(path) or os.path.getsize(path) != info["size"] or sha256_of(path) != info["sha256"]:
            return False
    return True


def write_manifest(out_dir, manifest):
    path = os.path.join(out_dir, "manifest.json")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", help="folder for the .pth files and manifest.json (created if missing)")
    parser.add_argument("--state-dicts", default=None,
                        help="folder of the *_state_dict.txt listings (default: ../shared/docs/state-dicts "
                             "relative to the repository root)")
    parser.add_argument("--only", default=None,
                        help="comma-separated model names to write (default: all): " + ", ".join(m[0] for m in MODELS))
    parser.add_argument("--formats", default="zip,legacy", help="comma-separated formats to write: zip, legacy (default: both)")
    args = parser.parse_args()
    names = [m[0] for m in MODELS]
    only = args.only.split(",") if args.only else names
    unknown = [n for n in only if n not in names]
    if unknown:
        sys.exit(f"make-test-checkpoints: unknown model(s) {', '.join(unknown)}; choose from {', '.join(names)}")
    formats = args.formats.split(",")
    if any(f not in ("zip", "legacy") for f in formats):
        sys.exit("make-test-checkpoints: --formats takes zip, legacy or both")

    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    listings = args.state_dicts or os.path.join(repo, "..", "shared", "docs", "state-dicts")
    if not os.path.isdir(listings):
        sys.exit(f"make-test-checkpoints: {listings} not found; pass --state-dicts")
    os.makedirs(args.out_dir, exist_ok=True)

    manifest_path = os.path.join(args.out_dir, "manifest.json")
    manifest = {"script_version": SCRIPT_VERSION, "models": {}}
    if os.path.isfile(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
        manifest.setdefault("models", {})

    for name, listing, file_column in MODELS:
        if name not in only:
            continue
        started = time.time()
        spec = read_spec(os.path.join(listings, listing), file_column)
        inputs = inputs_hash(spec, formats)
        if up_to_date(args.out_dir, manifest["models"].get(name), inputs):
            print(f"{name}: up to date ({time.time() - started:.1f} s to check)", file=sys.stderr)
            continue

        sd = state_dict(spec)
        files = {}
        for fmt, zipped in (("zip", True), ("legacy", False)):
            if fmt not in formats:
                continue
            file_name = f"{name}_{fmt}.pth"
            path = os.path.join(args.out_dir, file_name)
            torch.save(sd, path + ".tmp", _use_new_zipfile_serialization=zipped)
            os.replace(path + ".tmp", path)
            files[fmt] = {"name": file_name, "size": os.path.getsize(path), "sha256": sha256_of(path)}
        manifest["models"][name] = {"listing": listing, "entries": len(spec), "inputs": inputs, "files": files}
        manifest["script_version"] = SCRIPT_VERSION
        write_manifest(args.out_dir, manifest)
        size = sum(f["size"] for f in files.values())
        print(f"{name}: wrote {len(spec)} entries, {size / 2**20:.0f} MiB in 2 files "
              f"({time.time() - started:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
