#!/usr/bin/python3
"""Writes the seed images the fuzz generator mutates (Seeds/), small files of every kind a map or mask is stored as.

Run once with Debian 12's python3-pil 9.4 and python3-numpy (JPEG seeds are encoded by Pillow's libjpeg-turbo):
    /usr/bin/python3 tests/CoSod.Fuzz/make_seeds.py
The seeds are committed; the generator (ImageMutants.cs) only reads them, so the mutants' bytes never depend on an
encoder's version. Inputs are deterministic (fixed seed).
"""
import io
import os
import struct
import zlib

import numpy as np
from PIL import Image

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Seeds")
rng = np.random.default_rng(20250611)
W, H = 37, 29  # odd sizes: partial bytes, partial MCUs, every Adam7 pass non-empty


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def pack_row(samples, depth):
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
    """Filter type (row index mod 5) on each row, so unfiltering is exercised."""
    out, prev = bytearray(), bytes(len(rows[0])) if rows else b""
    for y, row in enumerate(rows):
        ft = y % 5
        out.append(ft)
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            out.append((x - [0, a, b, (a + b) // 2, paeth(a, b, c)][ft]) & 0xFF)
        prev = row
    return bytes(out)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png(arr, depth, colour_type, before=(), after=(), palette=None, trns=None, interlace=False, idats=2, level=9):
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
    for kind, body in before:
        out += chunk(kind, body)
    if palette is not None:
        out += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).reshape(-1)))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    z = zlib.compress(raw, level)
    cuts = [len(z) * i // idats for i in range(idats + 1)]
    for i in range(idats):
        out += chunk(b"IDAT", z[cuts[i]:cuts[i + 1]])
    for kind, body in after:
        out += chunk(kind, body)
    return out + chunk(b"IEND", b"")


def bmp(bpp, pixel_bytes, palette=b"", compression=0, width=W, height=H, masks=b"", header=40):
    offset = 14 + header + len(masks) + len(palette)
    info = struct.pack("<IiiHHIIiiII", header, width, height, 1, bpp, compression, len(pixel_bytes), 2835, 2835,
                       len(palette) // 4, 0) + b"\0" * (header - 40)
    return b"BM" + struct.pack("<IHHI", offset + len(pixel_bytes), 0, 0, offset) + info + masks + palette + pixel_bytes


def bmp_rows(rows_bytes):
    """Bottom-up rows, each padded to 4 bytes."""
    return b"".join(r + b"\0" * ((-len(r)) % 4) for r in rows_bytes[::-1])


def rle(values, bits):
    """RLE8 (bits 8) or RLE4 (bits 4) bottom-up: runs of equal values, absolute runs for the rest."""
    out = bytearray()
    for row in values[::-1]:
        x = 0
        while x < len(row):
            run = 1
            while x + run < len(row) and row[x + run] == row[x] and run < 255:
                run += 1
            if run >= 3 or len(row) - x < 3:
                out += bytes([run, row[x] * 17 if bits == 4 else row[x]])
                x += run
            else:
                n = min(len(row) - x, 20)
                while n > 3 and row[x + n - 1] == row[x + n - 2]:
                    n -= 1
                out += bytes([0, n])
                body = pack_row(row[x:x + n], bits)
                out += body + b"\0" * (len(body) % 2)
                x += n
        out += b"\0\0"
    return bytes(out + b"\0\1")


def jpeg(img, **kw):
    b = io.BytesIO()
    img.save(b, "JPEG", **kw)
    return b.getvalue()


def smooth(h, w, c):
    """A saliency-map-like field: smooth blobs with a sharp-ish edge, plus some noise (JPEG-friendly)."""
    yy, xx = np.mgrid[0:h, 0:w]
    planes = []
    for k in range(c):
        cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
        r = rng.uniform(0.2, 0.4) * min(w, h)
        d = np.hypot(xx - cx, yy - cy)
        planes.append(np.clip(255 / (1 + np.exp((d - r) / 2.0)) + rng.normal(0, 12, (h, w)), 0, 255))
    return np.stack(planes, axis=2).astype(np.uint8)


def main():
    os.makedirs(HERE, exist_ok=True)
    files = {}
    grey = rng.integers(0, 256, (H, W))
    grey[0, :4] = [0, 255, 1, 254]
    files["grey8.png"] = png(grey, 8, 0)
    files["grey8_adam7.png"] = png(grey, 8, 0, interlace=True)
    files["grey8_chunks.png"] = png(grey, 8, 0, before=[(b"gAMA", struct.pack(">I", 45455)), (b"pHYs", struct.pack(">IIB", 2835, 2835, 1)),
                                                        (b"tEXt", b"Software\0cosod fuzz seed")],
                                    after=[(b"tEXt", b"Comment\0after the image data")], idats=3)
    files["grey8_stored.png"] = png(grey, 8, 0, level=0, idats=1)
    files["grey1.png"] = png(rng.integers(0, 2, (H, W)), 1, 0)
    files["grey4_adam7.png"] = png(rng.integers(0, 16, (H, W)), 4, 0, interlace=True)
    g16 = rng.integers(0, 65536, (H, W))
    g16[::3] = rng.integers(0, 256, g16[::3].shape)
    files["grey16.png"] = png(g16, 16, 0)
    files["greyalpha8.png"] = png(np.stack([grey, rng.integers(0, 256, (H, W))], axis=2), 8, 4)
    rgb = rng.integers(0, 256, (H, W, 3))
    files["rgb8.png"] = png(rgb, 8, 2)
    files["rgb8_gamma.png"] = png(rgb, 8, 2, before=[(b"gAMA", struct.pack(">I", 45455))])
    files["rgba16.png"] = png(rng.integers(0, 65536, (H, W, 4)), 16, 6)
    files["rgb16_adam7.png"] = png(rng.integers(0, 65536, (H, W, 3)), 16, 2, interlace=True)
    pal = rng.integers(0, 256, (12, 3))
    idx = rng.integers(0, 12, (H, W))
    files["palette8.png"] = png(idx, 8, 3, palette=pal)
    files["palette8_trns.png"] = png(idx, 8, 3, palette=pal, trns=bytes(rng.integers(0, 256, 6).tolist()))
    files["palette8_adam7.png"] = png(idx, 8, 3, palette=pal, interlace=True)
    files["palette4.png"] = png(idx % 8, 4, 3, palette=pal[:8])

    files["grey.jpg"] = jpeg(Image.fromarray(smooth(H, W, 1)[:, :, 0], "L"), quality=90)
    files["grey_progressive.jpg"] = jpeg(Image.fromarray(smooth(H, W, 1)[:, :, 0], "L"), quality=85, progressive=True)
    files["grey_restart.jpg"] = jpeg(Image.fromarray(smooth(48, 64, 1)[:, :, 0], "L"), quality=90, restart_marker_blocks=4)
    files["colour420.jpg"] = jpeg(Image.fromarray(smooth(H, W, 3), "RGB"), quality=90)
    files["colour444_progressive.jpg"] = jpeg(Image.fromarray(smooth(H, W, 3), "RGB"), quality=80, progressive=True, subsampling=0)

    files["rgb24.bmp"] = bmp(24, bmp_rows([bytes(r.astype(np.uint8).reshape(-1)) for r in rgb[:, :, ::-1]]))
    grey_palette = b"".join(bytes([i, i, i, 0]) for i in range(256))
    files["grey8.bmp"] = bmp(8, bmp_rows([bytes(r.astype(np.uint8)) for r in grey]), grey_palette)
    colour_palette = b"".join(bytes([int(b), int(g), int(r), 0]) for r, g, b in pal)
    files["palette4.bmp"] = bmp(4, bmp_rows([pack_row(r, 4) for r in idx]), colour_palette + b"\0" * (64 - len(colour_palette)))
    files["mono1.bmp"] = bmp(1, bmp_rows([pack_row(r, 1) for r in idx % 2]), bytes([0, 0, 0, 0, 255, 255, 255, 0]))
    v555 = rng.integers(0, 32768, (H, W)).astype("<u2")
    files["rgb555.bmp"] = bmp(16, bmp_rows([r.tobytes() for r in v555]))
    v565 = rng.integers(0, 65536, (H, W)).astype("<u2")
    files["rgb565.bmp"] = bmp(16, bmp_rows([r.tobytes() for r in v565]), compression=3, masks=struct.pack("<III", 0xF800, 0x07E0, 0x001F))
    files["bgra32.bmp"] = bmp(32, bmp_rows([bytes(r.astype(np.uint8).reshape(-1)) for r in rng.integers(0, 256, (H, W, 4))]))
    files["rgb24_topdown.bmp"] = bmp(24, bmp_rows([bytes(r.astype(np.uint8).reshape(-1)) for r in rgb[::-1, :, ::-1]]), height=-H)
    runs = np.repeat(rng.integers(0, 12, (H, W // 5 + 1)), 5, axis=1)[:, :W]
    runs[::4, ::3] = rng.integers(0, 12, runs[::4, ::3].shape)
    files["rle8.bmp"] = bmp(8, rle(runs, 8), colour_palette, compression=1)
    files["rle4.bmp"] = bmp(4, rle(runs % 8, 4), colour_palette[:32] + b"\0" * 32, compression=2)
    os2 = struct.pack("<IHHHH", 12, W, H, 1, 24)
    body = bmp_rows([bytes(r.astype(np.uint8).reshape(-1)) for r in rgb[:, :, ::-1]])
    files["rgb24_os2.bmp"] = b"BM" + struct.pack("<IHHI", 26 + len(body), 0, 0, 26) + os2 + body

    for name, data in files.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
    print(f"{len(files)} seeds written to {HERE}")


if __name__ == "__main__":
    main()
