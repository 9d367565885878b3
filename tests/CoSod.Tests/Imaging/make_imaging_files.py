#!/usr/bin/python3
"""Crafts the small inputs under Files/ and records what the reference toolboxes return for each.

Run with Debian 12's reference stack (python3-opencv 4.6.0, python3-pil 9.4.0, python3-numpy 1.24):
    apt-get install -y python3-opencv python3-pil python3-numpy
    /usr/bin/python3 tests/CoSod.Tests/Imaging/make_imaging_files.py
The tests never call Python: they read Files/expected.json, written here. Inputs are deterministic (fixed seed),
so re-running rewrites the same bytes.
"""
import base64
import hashlib
import io
import json
import os
import struct
import zlib

import cv2
import numpy as np
import PIL
from PIL import Image

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Files")
rng = np.random.default_rng(20240607)
W, H = 23, 17


# ---------------------------------------------------------------- a PNG writer with full control of the chunks
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def pack_row(samples, depth):
    """samples: 1-D sequence of ints (channels interleaved)."""
    if depth == 8:
        return bytes(int(v) for v in samples)
    if depth == 16:
        return b"".join(struct.pack(">H", int(v)) for v in samples)
    out, acc, n = bytearray(), 0, 0
    for v in samples:
        acc = (acc << depth) | int(v)
        n += depth
        if n == 8:
            out.append(acc)
            acc, n = 0, 0
    if n:
        out.append(acc << (8 - n))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_rows(rows, bpp):
    """Applies filter type (row index mod 5) to each row, so the decoder's unfiltering is exercised."""
    out, prev = bytearray(), bytes(len(rows[0])) if rows else b""
    for y, row in enumerate(rows):
        ft = y % 5
        f = bytearray()
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][ft]
            f.append((x - pred) & 0xFF)
        out.append(ft)
        out += f
        prev = row
    return bytes(out)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png(arr, depth, colour_type, extra=(), palette=None, trns=None, interlace=False):
    """arr: H x W x C int array of samples (palette indices for colour type 3)."""
    arr = np.asarray(arr)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    h, w, c = arr.shape
    bpp = max(1, c * depth // 8)
    if interlace:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            sub = arr[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                raw += filter_rows([pack_row(r.reshape(-1), depth) for r in sub], bpp)
    else:
        raw = filter_rows([pack_row(r.reshape(-1), depth) for r in arr], bpp)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, colour_type, 0, 0, int(interlace)))
    for kind, body in extra:
        out += chunk(kind, body)
    if palette is not None:
        out += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).reshape(-1)))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    z = zlib.compress(raw, 9)
    # Two IDAT chunks: decoders must join them.
    out += chunk(b"IDAT", z[: len(z) // 2]) + chunk(b"IDAT", z[len(z) // 2:]) + chunk(b"IEND", b"")
    return out


def colours(h, w, c=3, hi=256):
    a = rng.integers(0, hi, size=(h, w, c))
    # Saturated primaries, secondaries, greys and extremes first, then random colours.
    specials = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 255, 255), (255, 0, 255),
                (255, 255, 255), (0, 0, 0), (128, 128, 128), (1, 0, 0), (0, 1, 0), (0, 0, 1), (254, 255, 255)]
    scale = (hi - 1) // 255
    for i, s in enumerate(specials):
        a[0, i, :3] = np.array(s) * scale
    return a


GAMA_45455 = (b"gAMA", struct.pack(">I", 45455))

files = {}


def put(name, data):
    files[name] = data


def main():
    # ---------------------------------------------------------------- PNG inputs
    grey8 = rng.integers(0, 256, size=(H, W))
    grey8[0, :4] = [0, 255, 1, 254]
    put("grey8.png", png(grey8, 8, 0))
    for d in (1, 2, 4):
        put(f"grey{d}.png", png(rng.integers(0, 1 << d, size=(H, W)), d, 0))
    put("grey8_trns.png", png(grey8, 8, 0, trns=struct.pack(">H", int(grey8[1, 1]))))
    g16 = rng.integers(0, 65536, size=(H, W))
    g16[::3] = rng.integers(0, 256, size=g16[::3].shape)       # values a clipping rule keeps
    g16[1::5] = rng.integers(256, 1024, size=g16[1::5].shape)   # just above 8 bits
    g16[0, :6] = [0, 255, 256, 32767, 32768, 65535]
    put("grey16.png", png(g16, 16, 0))
    la8 = np.stack([grey8, rng.integers(0, 256, size=(H, W))], axis=2)
    put("greyalpha8.png", png(la8, 8, 4))
    la16 = np.stack([g16, rng.integers(0, 65536, size=(H, W))], axis=2)
    put("greyalpha16.png", png(la16, 16, 4))
    rgb8 = colours(H, W)
    put("rgb8.png", png(rgb8, 8, 2))
    put("rgb8_interlaced.png", png(rgb8, 8, 2, interlace=True))
    put("rgb8_gamma.png", png(rgb8, 8, 2, extra=[GAMA_45455]))
    put("rgb8_srgb.png", png(rgb8, 8, 2, extra=[(b"sRGB", b"\x00"), GAMA_45455]))
    put("rgb8_gamma100000.png", png(rgb8, 8, 2, extra=[(b"gAMA", struct.pack(">I", 100000))]))
    put("rgb8_gamma_cHRM.png", png(rgb8, 8, 2, extra=[GAMA_45455, (b"cHRM", struct.pack(">8I", 31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000))]))
    put("rgb8_srgb_only.png", png(rgb8, 8, 2, extra=[(b"sRGB", b"\x00")]))
    put("rgb8_gamma2.2.png", png(rgb8, 8, 2, extra=[(b"gAMA", struct.pack(">I", 220000))]))
    put("grey8_gamma.png", png(grey8, 8, 0, extra=[GAMA_45455]))
    # libpng's threshold: the gamma path is taken when the file gamma or the screen gamma it implies (its
    # reciprocal) is outside 1.0 +- 0.05: 0.95 takes it (1/0.95 = 1.0526), 0.96 does not (1/0.96 = 1.0417).
    put("rgb8_gamma95000.png", png(rgb8, 8, 2, extra=[(b"gAMA", struct.pack(">I", 95000))]))
    put("rgb8_gamma96000.png", png(rgb8, 8, 2, extra=[(b"gAMA", struct.pack(">I", 96000))]))
    rgba8 = np.concatenate([colours(H, W), rng.integers(0, 256, size=(H, W, 1))], axis=2)
    rgba8[0, :4, 3] = [0, 255, 0, 128]
    put("rgba8.png", png(rgba8, 8, 6))
    pal = rng.integers(0, 256, size=(40, 3))
    pal[:4] = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (200, 200, 200)]
    idx = rng.integers(0, 40, size=(H, W))
    idx[0, :4] = [0, 1, 2, 3]
    put("palette8.png", png(idx, 8, 3, palette=pal))
    put("palette8_trns.png", png(idx, 8, 3, palette=pal, trns=bytes(rng.integers(0, 256, size=20).tolist()) + b"\x00"))
    put("palette8_gamma.png", png(idx, 8, 3, palette=pal, extra=[GAMA_45455]))
    put("palette4.png", png(idx % 16, 4, 3, palette=pal[:16]))
    rgb16 = colours(H, W, hi=65536)
    put("rgb16.png", png(rgb16, 16, 2))
    put("rgb16_gamma.png", png(rgb16, 16, 2, extra=[GAMA_45455]))
    # sBIT changes the precision of libpng's 16-bit gamma tables; R = G = B pixels take the 16-to-8 table.
    rgb16_greys = rgb16.copy()
    rgb16_greys[1:4] = rng.integers(0, 65536, size=(3, W, 1))
    # sBIT 9 makes libpng keep 9 bits in its tables (16 - 9 = 7 dropped; without sBIT it drops 5).
    put("rgb16_sbit9_gamma.png", png(rgb16_greys, 16, 2, extra=[(b"gAMA", struct.pack(">I", 55556)), (b"sBIT", b"\x09\x08\x09")]))
    rgba16 = np.concatenate([colours(H, W, hi=65536), rng.integers(0, 65536, size=(H, W, 1))], axis=2)
    put("rgba16.png", png(rgba16, 16, 6))

    # ---------------------------------------------------------------- BMP inputs (Pillow's writer; cv2's for 24-bit too)
    def pil_bytes(img, fmt, **kw):
        b = io.BytesIO()
        img.save(b, fmt, **kw)
        return b.getvalue()


    put("rgb24.bmp", pil_bytes(Image.fromarray(rgb8.astype(np.uint8), "RGB"), "BMP"))
    ok, enc = cv2.imencode(".bmp", np.ascontiguousarray(rgb8[::-1, ::-1, ::-1]).astype(np.uint8))
    put("rgb24_opencv.bmp", enc.tobytes())
    # OpenCV's BMP grey (14-bit, rounded) and PIL's (16-bit, rounded) agree on most colours; this BMP holds
    # colours on which they disagree, so that the two rules are told apart.
    cube = np.stack(np.meshgrid(*[np.arange(0, 256, 3)] * 3, indexing="ij"), axis=-1).reshape(-1, 3)
    r_, g_, b_ = cube[:, 0], cube[:, 1], cube[:, 2]
    split = cube[((b_ * 1868 + g_ * 9617 + r_ * 4899 + 8192) >> 14) != ((r_ * 19595 + g_ * 38470 + b_ * 7471 + 0x8000) >> 16)]
    split = split[rng.permutation(len(split))[: W * H // 2]]
    mixed = np.concatenate([split, colours(1, W * H - len(split)).reshape(-1, 3)]).reshape(H, W, 3).astype(np.uint8)
    put("rgb24_rounding.bmp", pil_bytes(Image.fromarray(mixed, "RGB"), "BMP"))
    p_img = Image.fromarray(idx.astype(np.uint8), "P")
    p_img.putpalette(bytes(pal.astype(np.uint8).reshape(-1)))
    put("palette8.bmp", pil_bytes(p_img, "BMP"))
    put("grey8.bmp", pil_bytes(Image.fromarray(grey8.astype(np.uint8), "L"), "BMP"))
    put("rgba32.bmp", pil_bytes(Image.fromarray(rgba8.astype(np.uint8), "RGBA"), "BMP"))

    # ---------------------------------------------------------------- JPEG inputs (Pillow on libjpeg-turbo 2.1.5)
    JW, JH = 37, 29
    yy, xx = np.mgrid[0:JH, 0:JW]
    smooth = np.stack([xx * 255 // (JW - 1), yy * 255 // (JH - 1), (xx + yy) * 255 // (JW + JH - 2)], axis=2)
    jrgb = np.clip(smooth + rng.integers(-40, 41, size=(JH, JW, 3)), 0, 255).astype(np.uint8)
    jrgb[:8, :8] = (255, 0, 0)
    jrgb[8:16, :8] = (0, 0, 255)
    jgrey = np.clip(smooth[:, :, 0] // 2 + smooth[:, :, 1] // 2 + rng.integers(-30, 31, size=(JH, JW)), 0, 255).astype(np.uint8)
    put("grey.jpg", pil_bytes(Image.fromarray(jgrey, "L"), "JPEG", quality=90))
    put("colour420.jpg", pil_bytes(Image.fromarray(jrgb, "RGB"), "JPEG", quality=90, subsampling=2))
    put("colour444.jpg", pil_bytes(Image.fromarray(jrgb, "RGB"), "JPEG", quality=90, subsampling=0))
    put("colour420_progressive.jpg", pil_bytes(Image.fromarray(jrgb, "RGB"), "JPEG", quality=85, subsampling=2, progressive=True))
    # EXIF orientation: cv2.imread applies it, PIL's open does not. Small grey JPEGs (exact under both rules
    # otherwise), one per orientation value, and PNGs whose eXIf chunk (big- and little-endian TIFF, before and
    # after IDAT) carries one.
    small = rng.integers(0, 256, size=(7, 13)).astype(np.uint8)
    for o in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = o
        put(f"grey_exif_orientation{o}.jpg", pil_bytes(Image.fromarray(small, "L"), "JPEG", quality=95, exif=exif.tobytes()))
    exif = Image.Exif()
    exif[0x0112] = 8
    put("grey8_exif8.png", png(small, 8, 0, extra=[(b"eXIf", exif.tobytes()[6:])]))  # eXIf holds bare TIFF
    tiff_le = (b"II*\x00" + struct.pack("<IH", 8, 1) + struct.pack("<HHIHH", 0x0112, 3, 1, 5, 0) + b"\0\0\0\0")
    late = png(small, 8, 0)
    put("grey8_exif5_after_idat.png", late[:-12] + chunk(b"eXIf", tiff_le) + late[-12:])

    # ---------------------------------------------------------------- failure inputs that are files of their own
    # A decompression bomb: a valid, tiny PNG (correct CRCs, an IDAT holding one deflated row) whose IHDR declares
    # 50000 x 50000 grey pixels (2.5 gigapixels).
    bomb = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 50000, 50000, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(50001), 9)) + chunk(b"IEND", b""))
    put("bomb_50000x50000.png", bomb)
    put("text.png", b"This is not a PNG, it is a text file that happens to end in .png\n")

    # ---------------------------------------------------------------- oracles
    def record(arr):
        if arr is None:
            return None
        arr = np.ascontiguousarray(arr)
        assert arr.dtype == np.uint8 and arr.ndim == 2, (arr.dtype, arr.shape)
        h, w = arr.shape
        samples = [[x, y, int(arr[y, x])] for (x, y) in [(0, 0), (1, 0), (2, 0), (3, 0), (w - 1, 0), (w // 2, h // 2), (0, h - 1), (w - 1, h - 1)]]
        return {"width": w, "height": h, "sha256": hashlib.sha256(arr.tobytes()).hexdigest(),
                "samples": samples, "pixels": base64.b64encode(arr.tobytes()).decode()}


    expected = {"made_with": f"Debian 12: OpenCV {cv2.__version__}, Pillow {PIL.__version__}, numpy {np.__version__}",
                "opencv": "cv2.imread(path, cv2.IMREAD_GRAYSCALE)",
                "pil": "np.asarray(PIL.Image.open(path).convert('L'))",
                "pixels": "base64 of the H x W uint8 grey plane, row-major; sha256 of the same bytes",
                "files": {}}
    os.makedirs(HERE, exist_ok=True)
    for name, data in files.items():
        path = os.path.join(HERE, name)
        with open(path, "wb") as f:
            f.write(data)
        if name.startswith(("bomb", "text")):
            continue
        cv = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        try:
            with Image.open(path) as im:
                pil_mode = im.mode
                pil = np.asarray(im.convert("L"))
        except Exception as e:  # noqa: BLE001
            pil_mode, pil = repr(e), None
        expected["files"][name] = {"pil_mode": pil_mode, "opencv": record(cv), "pil": record(pil)}

    # One line per file keeps the file small and its diffs readable.
    entries = expected.pop("files")
    lines = ["{"] + [f" {json.dumps(k)}: {json.dumps(v)}," for k, v in expected.items()] + [' "files": {']
    lines += [f"  {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}," for k, v in entries.items()]
    lines[-1] = lines[-1].rstrip(",")
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        f.write("\n".join(lines + [" }", "}"]) + "\n")


def record_real(real_root):
    """Files/real-files.json: grey hashes of a sample of the real files under ../shared/fixtures/real."""
    import warnings
    warnings.simplefilter("ignore")
    picked = []
    for top in sorted(os.listdir(real_root)):
        found = sorted(os.path.relpath(os.path.join(r, f), real_root) for r, _, fs in os.walk(os.path.join(real_root, top))
                       for f in fs if f.lower().endswith((".png", ".jpg", ".bmp")))
        # Every file of the small sets; an evenly spaced sample of the two large ones.
        step = 1 if len(found) <= 50 else len(found) // (30 if len(found) < 1000 else 10)
        picked += found[::step]
    rows = []
    for rel in picked:
        path = os.path.join(real_root, rel)
        cv = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        with Image.open(path) as im:
            mode = im.mode
            pil = np.asarray(im.convert("L"))
        rows.append({"path": rel, "pil_mode": mode, "width": int(pil.shape[1]), "height": int(pil.shape[0]),
                     "opencv_sha256": hashlib.sha256(cv.tobytes()).hexdigest(),
                     "pil_sha256": hashlib.sha256(pil.tobytes()).hexdigest(),
                     "opencv_pil_max_difference": int(np.abs(cv.astype(int) - pil.astype(int)).max())})
    with open(os.path.join(HERE, "real-files.json"), "w") as f:
        f.write("[\n" + ",\n".join(" " + json.dumps(r, separators=(",", ":")) for r in rows) + "\n]\n")


if __name__ == "__main__":
    main()
    real = os.path.join(os.path.dirname(HERE), "..", "..", "..", "..", "shared", "fixtures", "real")
    if os.path.isdir(real):
        record_real(os.path.normpath(real))
