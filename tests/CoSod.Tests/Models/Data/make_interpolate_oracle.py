#!/usr/bin/env python3
"""PyTorch's F.interpolate(bilinear, align_corners=True) followed by mul(255).byte(), the official post-processing,
on deterministic maps of several sizes: the oracle for TorchBilinearResize.

Run with Debian 12's python3-torch (1.13.1), which is what the model-parity fixtures were made with:
    /usr/bin/python3 make_interpolate_oracle.py > interpolate-oracle.json
Inputs are not stored: value i of a map is derived from the FNV-1a/murmur3 hash of the parity fixtures' weight rule
(seed FNV1a32("interpolate") here), with every 7th value set to exactly 1.0 and every 11th to 0.0 so the truncation
near 255 and 0 is exercised.
"""
import hashlib
import json

import numpy as np
import torch


def fnv1a32(text):
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def values(height, width):
    n = height * width
    i = np.arange(n, dtype=np.uint64)
    z = (np.uint64(fnv1a32("interpolate")) + i * np.uint64(0x9E3779B9)) & np.uint64(0xFFFFFFFF)
    z ^= z >> np.uint64(16)
    z = (z * np.uint64(0x85EBCA6B)) & np.uint64(0xFFFFFFFF)
    z ^= z >> np.uint64(13)
    z = (z * np.uint64(0xC2B2AE35)) & np.uint64(0xFFFFFFFF)
    z ^= z >> np.uint64(16)
    r = (z >> np.uint64(8)).astype(np.float64) / 16777216.0
    v = r.astype(np.float32)
    v[::7] = 1.0
    v[::11] = 0.0
    return v.reshape(height, width)


CASES = [
    (256, 256, 300, 400),
    (256, 256, 334, 500),
    (224, 224, 500, 374),
    (224, 224, 230, 230),
    (224, 224, 224, 224),
    (256, 256, 100, 77),
    (17, 23, 5, 7),
    (224, 224, 1, 1),
    (224, 224, 1, 300),
]

torch.set_num_threads(2)
out = {"made_with": f"torch {torch.__version__} (CPU), float32", "cases": []}
for (h, w, oh, ow) in CASES:
    x = torch.from_numpy(values(h, w))[None, None]
    y = torch.nn.functional.interpolate(x, size=(oh, ow), mode="bilinear", align_corners=True)
    out["cases"].append({
        "input": [h, w],
        "output": [oh, ow],
        "float32_sha256": hashlib.sha256(y[0, 0].numpy().astype("<f4").tobytes()).hexdigest(),
        "uint8_sha256": hashlib.sha256(y[0, 0].mul(255).byte().numpy().tobytes()).hexdigest(),
    })
print(json.dumps(out, indent=1))
