#!/usr/bin/python3
"""Crafts the small inputs beside this script and records what the official model pre-processing makes of each.

The official GCoNet+/GCoNet/GICD test loaders do Image.open(p).convert('RGB'), resize to S x S with PIL's
BILINEAR, ToTensor (u8 / 255 in float32) and Normalize (ImageNet mean/std, (x - mean) / std in float32).
This script records each stage with Debian 12's reference stack (python3-pil 9.4.0 on libjpeg-turbo 2.1.5,
python3-numpy 1.24; the PNG writer comes from ../../Imaging/make_imaging_files.py, which needs python3-opencv):
    apt-get install -y python3-pil python3-numpy python3-opencv
    /usr/bin/python3 tests/CoSod.Tests/Models/Data/make_preprocessing_files.py
torch is not needed: ToTensor and Normalize are float32 division and subtraction, which numpy performs with the
same IEEE single-precision rounding. The tests never call Python: they read expected.json, written here. The
inputs are deterministic (fixed seed), so re-running rewrites the same bytes.
"""
import base64
import hashlib
import io
import json
import os
import struct
import sys
import warnings

import numpy as np
import PIL
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGING = os.path.normpath(os.path.join(HERE, "..", "..", "Imaging"))
sys.path.insert(0, IMAGING)
sys.dont_write_bytecode = True  # no __pycache__ beside the imported script
from make_imaging_files import png  # noqa: E402  (the PNG writer with full control of the chunks)

rng = np.random.default_rng(20240921)

# The model input sizes: GCoNet+ 256, GCoNet and GICD 224 (models-spec.md, section 0.1).
SIZES = (256, 224)
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
# The largest decoded image whose bytes are stored in expected.json (for pixel-level failure messages).
STORE_PIXELS_UP_TO = 64 * 64

files = {}      # name -> bytes
resizes = {}    # name -> extra (width, height) targets besides S x S


def put(name, data, extra_sizes=()):
    files[name] = data
    resizes[name] = list(extra_sizes)


def pil_bytes(img, fmt, **kw):
    b = io.BytesIO()
    img.save(b, fmt, **kw)
    return b.getvalue()


def photo(h, w):
    """A smooth colour field with noise and a few hard edges: a JPEG's chroma subsampling has work to do."""
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack([xx * 255 // max(w - 1, 1), yy * 255 // max(h - 1, 1), (xx + yy) * 255 // max(w + h - 2, 1)], axis=2)
    img = np.clip(base + rng.integers(-35, 36, size=(h, w, 3)), 0, 255).astype(np.uint8)
    img[: h // 4, : w // 4] = (250, 10, 10)
    img[h // 2:, w // 2: w // 2 + 3] = (0, 0, 255)
    return img


def main():
    # convert('RGB') of a palette file with tRNS warns that RGBA would keep the transparency; RGB is what is wanted.
    warnings.simplefilter("ignore")
    # ---------------------------------------------------------------- JPEG
    grey = np.clip(photo(29, 37).mean(axis=2) + rng.integers(-20, 21, size=(29, 37)), 0, 255).astype(np.uint8)
    put("grey.jpg", pil_bytes(Image.fromarray(grey, "L"), "JPEG", quality=90))
    colour = photo(31, 45)
    put("colour420.jpg", pil_bytes(Image.fromarray(colour, "RGB"), "JPEG", quality=90, subsampling=2))
    # Pillow writes CMYK with an Adobe APP14 marker and inverted samples, as Photoshop does.
    put("cmyk.jpg", pil_bytes(Image.fromarray(photo(19, 27), "RGB").convert("CMYK"), "JPEG", quality=92))

    # ---------------------------------------------------------------- PNG
    h, w = 17, 23
    palette = rng.integers(0, 256, size=(40, 3))
    palette[:3] = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    idx = rng.integers(0, 40, size=(h, w))
    idx[0, :3] = [0, 1, 2]
    trns = bytes([0, 255, 128] + rng.integers(0, 256, size=30).tolist())
    put("palette_trns.png", png(idx, 8, 3, palette=palette, trns=trns))
    # Pillow starts a palette as a grey ramp and copies in only the PLTE entries: index 200 of a 3-entry PLTE
    # reads (200, 200, 200), where ImageSharp would repeat the last entry and libpng would give black.
    short = rng.integers(0, 256, size=(h, w))
    short[0, :6] = [0, 1, 2, 3, 200, 255]
    put("palette_short.png", png(short, 8, 3, palette=[(10, 20, 30), (40, 50, 60), (70, 80, 90)]))
    put("palette4_no_plte.png", png(short % 16, 4, 3))

    rgba = np.concatenate([photo(h, w), rng.integers(0, 256, size=(h, w, 1))], axis=2)
    rgba[0, :4, 3] = [0, 0, 255, 1]                  # fully transparent pixels keep their colour
    rgba[0, :2, :3] = [(200, 100, 50), (255, 255, 255)]
    put("rgba.png", png(rgba, 8, 6))
    la = np.stack([rng.integers(0, 256, size=(h, w)), rng.integers(0, 256, size=(h, w))], axis=2)
    la[0, :3, 1] = [0, 0, 255]
    put("greyalpha.png", png(la, 8, 4))
    g16 = rng.integers(0, 65536, size=(h, w))
    g16[::3] = rng.integers(0, 256, size=g16[::3].shape)       # values mode I keeps as they are
    g16[1::4] = rng.integers(256, 600, size=g16[1::4].shape)    # just over a byte: clipped, not scaled
    g16[0, :6] = [0, 1, 255, 256, 32768, 65535]
    put("grey16.png", png(g16, 16, 0))
    la16 = np.stack([g16, rng.integers(0, 65536, size=(h, w))], axis=2)
    put("greyalpha16.png", png(la16, 16, 4))
    rgb16 = rng.integers(0, 65536, size=(h, w, 3))
    rgb16[0, :3] = [(0x12FF, 0x3400, 0xFF01), (255, 256, 511), (65535, 0, 32768)]
    put("rgb16.png", png(rgb16, 16, 2))
    put("rgb_interlaced.png", png(photo(h, w), 8, 2, interlace=True))

    # ---------------------------------------------------------------- resize sources (lossless, so the decode is exact)
    # An odd-sized upscale (53 x 41 to 256, 224 and 97 x 61) and downscale (317 x 211 to 256, 224 and 31 x 17), and
    # sizes where one pass is skipped because a dimension does not change.
    put("resize_small.png", png(photo(41, 53), 8, 2), extra_sizes=[(97, 61), (53, 60), (70, 41)])
    put("resize_large.png", png(photo(211, 317), 8, 2), extra_sizes=[(31, 17), (317, 100), (150, 211)])

    # ---------------------------------------------------------------- BMP
    put("rgb24.bmp", pil_bytes(Image.fromarray(photo(h, w), "RGB"), "BMP"))
    # 16-bit (5-5-5) BMP: Pillow widens 5-bit samples as v * 255 // 31; the reader refuses these files instead.
    px = rng.integers(0, 32768, size=(5, 7)).astype("<u2")
    row_bytes = (7 * 2 + 3) // 4 * 4
    body = b"".join(px[y].tobytes().ljust(row_bytes, b"\0") for y in range(4, -1, -1))
    put("rgb555.bmp", b"BM" + struct.pack("<IHHI", 54 + len(body), 0, 0, 54)
        + struct.pack("<IiiHHIIiiII", 40, 7, 5, 1, 16, 0, len(body), 2835, 2835, 0, 0) + body)

    # ---------------------------------------------------------------- failures
    whole = files["colour420.jpg"]
    put("truncated.jpg", whole[: len(whole) * 6 // 10])
    whole = files["rgb_interlaced.png"]
    put("truncated.png", whole[: len(whole) * 7 // 10])
    put("not_an_image.jpg", b"Not a JPEG: a text file that was given an image extension.\n")

    # ---------------------------------------------------------------- oracles
    expected = {
        "made_with": f"Debian 12: Pillow {PIL.__version__}, numpy {np.__version__}",
        "decoded": "np.asarray(Image.open(p).convert('RGB')): H x W x 3 uint8, C order; rgb = base64 of those bytes "
                   f"(stored up to {STORE_PIXELS_UP_TO} pixels)",
        "resized": "keys WxH: .resize((W, H), Image.BILINEAR) of the decoded image, H x W x 3 uint8",
        "model_input": "keys S: float32 little-endian [3, S, S] of the S x S resize: (u8 / 255 - mean) / std, all float32",
        "pil_error": "what Pillow raised (files it cannot read)",
        "normalised_bytes": "per channel R, G, B: the bit pattern of each float32 (u / 255 - mean) / std, as 8 hex digits of its uint32, "
                            "for u = 0..255; every operation in float32",
        "normalised_r": normalised_hex(0),
        "normalised_g": normalised_hex(1),
        "normalised_b": normalised_hex(2),
        "files": {},
        "imaging_files": {},
    }
    for name, data in files.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        expected["files"][name] = record(os.path.join(HERE, name), resizes[name], store=True)

    # The grey-reader inputs of ../../Imaging/Files, read the RGB way: decoded stage only.
    folder = os.path.join(IMAGING, "Files")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json") or name.startswith(("bomb", "text")):
            continue
        entry = record(os.path.join(folder, name), None, store=False)
        expected["imaging_files"][name] = entry

    lines = ["{"] + [f" {json.dumps(k)}: {json.dumps(v)}," for k, v in expected.items() if not isinstance(v, dict)]
    for group in ("files", "imaging_files"):
        lines.append(f' "{group}": {{')
        lines += [f"  {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}," for k, v in expected[group].items()]
        lines[-1] = lines[-1].rstrip(",")
        lines.append(" },")
    lines[-1] = " }"
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        f.write("\n".join(lines + ["}"]) + "\n")


def normalised_hex(channel):
    u = np.arange(256, dtype=np.uint8).astype(np.float32)
    values = ((u / np.float32(255) - MEAN[channel]) / STD[channel]).astype(np.float32)
    return "".join(f"{v:08X}" for v in values.view(np.uint32).tolist())


def sha(array):
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def record(path, extra_sizes, store):
    try:
        with Image.open(path) as im:
            mode = im.mode
            rgb_image = im.convert("RGB")
    except Exception as e:  # noqa: BLE001
        # Pillow's message may hold the absolute path; keep the file name only, so the oracle is machine-independent.
        return {"pil_error": f"{type(e).__name__}: {e}".replace(path, os.path.basename(path))}
    rgb = np.asarray(rgb_image)
    h, w, _ = rgb.shape
    entry = {"pil_mode": mode, "width": w, "height": h, "rgb_sha256": sha(rgb)}
    if store and w * h <= STORE_PIXELS_UP_TO:
        entry["rgb"] = base64.b64encode(rgb.tobytes()).decode()
    if extra_sizes is None:
        return entry
    entry["resized"] = {}
    entry["model_input"] = {}
    for size in [(s, s) for s in SIZES] + [tuple(t) for t in extra_sizes]:
        entry["resized"][f"{size[0]}x{size[1]}"] = sha(np.asarray(rgb_image.resize(size, Image.BILINEAR)))
    for s in SIZES:
        u8 = np.asarray(rgb_image.resize((s, s), Image.BILINEAR))
        x = (u8.astype(np.float32) / np.float32(255) - MEAN) / STD
        entry["model_input"][str(s)] = sha(x.transpose(2, 0, 1).astype("<f4"))
    return entry


if __name__ == "__main__":
    main()
