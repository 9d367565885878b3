#!/usr/bin/python3
"""Records what the reference readers do with every case of a fuzz corpus (written by `cosod-fuzz write`).

Run with Debian 12's reference stack (python3-opencv 4.6.0 with libpng 1.6.39 / libjpeg-turbo 2.1.5,
python3-pil 9.4.0, python3-numpy, libjpeg-turbo-progs 2.1.5 for djpeg):
    /usr/bin/python3 tests/CoSod.Fuzz/fuzz_oracle.py <corpus folder> <output.json>
For each case, keyed by the SHA-256 of its bytes:
  opencv: cv2.imread(path, cv2.IMREAD_GRAYSCALE): "decoded" or "refused", what libpng/libjpeg wrote to stderr
          (OpenCV prints their warnings there), and the grey plane's size and SHA-256;
  pil:    Image.open(path).convert('L'): the same, with the exception or warnings Pillow raised;
  facts:  what the file holds regardless of the reader, for the corruption rule every profile shares:
          jpeg_corrupt (libjpeg-turbo reports "Corrupt JPEG data" or "Premature end of JPEG file" while reading it as
          OpenCV does: OpenCV's own stderr, which shows the first warning only, and Debian's djpeg at trace level 3,
          which shows them all),
          png_stream ("ok": the zlib stream of the first run of IDAT chunks inflates to its end with a matching
          Adler-32; otherwise zlib's complaint, or "unfinished"), png_rows_short (it inflates to fewer bytes than
          the rows need), png_palette_overflow (an index at or past the entries of the PLTE each reader kept).
The tests never call Python: they read the JSON this writes.
"""
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile
import warnings
import zlib

import cv2
import numpy as np
import PIL
from PIL import Image

# Pillow's own decompression-bomb limit stays as shipped (refusal past 2 x 89,478,485 pixels, a warning above 1 x).


def libjpeg_warnings(path):
    """Every warning libjpeg-turbo prints while decoding the file as OpenCV does (stdio source, grey output).

    OpenCV's libjpeg prints only the first warning of a file; Debian's djpeg (libjpeg-turbo-progs, the same 2.1.5
    library) at trace level 3 prints all of them. None when djpeg cannot decode the file (it refuses CMYK to grey).
    """
    try:
        run = subprocess.run(["djpeg", "-grayscale", "-verbose", "-verbose", "-verbose", "-outfile", os.devnull, path],
                             capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if run.returncode not in (0, 2):  # djpeg exits 2 when libjpeg warned, 1 when it failed
        return None
    lines = run.stderr.decode("utf-8", "replace").splitlines()
    return [l.strip() for l in lines if l.startswith(("Corrupt JPEG data", "Premature end of JPEG file"))]


def grey_record(plane):
    plane = np.ascontiguousarray(plane)
    return {"width": int(plane.shape[1]), "height": int(plane.shape[0]),
            "sha256": hashlib.sha256(plane.tobytes()).hexdigest()}


def opencv(path):
    saved = os.dup(2)
    with tempfile.TemporaryFile() as err:
        os.dup2(err.fileno(), 2)
        raised = None
        try:
            plane = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        except cv2.error as e:  # an assertion in imread: the toolbox would stop here
            plane, raised = None, " ".join(str(e).split())
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        err.seek(0)
        messages = [line.strip() for line in err.read().decode("utf-8", "replace").splitlines() if line.strip()]
    # OpenCV names the file in some of its own messages; keep the verdict free of this machine's paths.
    messages = [m.replace(path, "<file>") for m in messages + ([raised] if raised else [])]
    if plane is None:
        return {"verdict": "refused", "messages": messages}
    return {"verdict": "decoded", "messages": messages, **grey_record(plane)}


def pil(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with Image.open(path) as image:
                plane = np.asarray(image.convert("L"))
        except Exception as e:  # every exception is a refusal: that is what the toolbox would do
            return {"verdict": "refused", "messages": [f"{type(e).__name__}: {e}".replace(path, "<file>")]}
    return {"verdict": "decoded", "messages": [str(w.message) for w in caught], **grey_record(plane)}


def png_chunks(data):
    offset, chunks = 8, []
    while offset + 8 <= len(data):
        length = struct.unpack(">I", data[offset:offset + 4])[0]
        kind = data[offset + 4:offset + 8]
        # A body cut by the end of the file is taken as far as it goes (as Pillow reads it); the walk ends there.
        chunks.append((kind, data[offset + 8:offset + 8 + length]))
        offset += 12 + length
        if kind == b"IEND":
            break
    return chunks


def png_facts(data, pil_result):
    chunks = png_chunks(data)
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        return {}
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour)
    if channels is None or width == 0 or height == 0 or width > 1 << 24 or height > 1 << 24:
        return {}
    bits = channels * depth
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)] if interlace else [(0, 0, 1, 1)]
    needed = 0
    for x0, y0, dx, dy in passes:
        w, h = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if w > 0 and h > 0:
            needed += h * (1 + (w * bits + 7) // 8)
    first = next((i for i, c in enumerate(chunks) if c[0] == b"IDAT"), None)
    if first is None:
        return {}
    stream = b""
    for kind, body in chunks[first:]:
        if kind != b"IDAT":
            break
        stream += body
    inflater = zlib.decompressobj()
    inflated, state = 0, "ok"
    try:
        for start in range(0, len(stream), 1 << 16):
            inflated += len(inflater.decompress(stream[start:start + (1 << 16)], 0))
            if inflater.eof:
                break
        if not inflater.eof:
            state = "unfinished"
    except zlib.error as e:
        state = str(e).split(": ", 1)[-1]
    facts = {"png_stream": state, "png_rows_short": inflated < needed}
    if colour == 3:
        # No PLTE at all counts as zero entries: every index is past it (libpng refuses such a file outright).
        first_plte = next((len(b) // 3 for k, b in chunks[:first] if k == b"PLTE"), 0)
        last_plte = next((len(b) // 3 for k, b in reversed(chunks[:first]) if k == b"PLTE"), 0)
        overflow = {}
        try:
            with Image.open(io_path_for(data)) as image:
                largest = int(np.asarray(image).max()) if image.mode == "P" else None
        except Exception:
            largest = None
        if largest is not None:
            overflow = {"png_largest_index": largest,
                        "png_palette_overflow_libpng": largest >= min(first_plte, 1 << depth),
                        "png_palette_overflow_pil": largest >= min(last_plte, 256)}
        facts.update(overflow)
    return facts


def jpeg_components(path):
    """How many components OpenCV decodes (1 grey, 3 colour; cv2.IMREAD_UNCHANGED), 0 when it decodes nothing."""
    saved = os.dup(2)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 2)
        try:
            image = cv2.imread(path, cv2.IMREAD_UNCHANGED)
        except cv2.error:
            image = None
        finally:
            os.dup2(saved, 2)
            os.close(saved)
    return 0 if image is None else (1 if image.ndim == 2 else int(image.shape[2]))


def pil_without_simd(paths):
    """Pillow's grey planes with libjpeg-turbo's SIMD switched off (JSIMD_FORCENONE, read once per process)."""
    if not paths:
        return {}
    run = subprocess.run([sys.executable, os.path.abspath(__file__), "--without-simd"], input="\n".join(paths).encode(),
                         capture_output=True, env={**os.environ, "JSIMD_FORCENONE": "1"}, check=True)
    return json.loads(run.stdout)


_scratch = None


def io_path_for(data):
    """Pillow reads palette indices from a file; reuse one scratch file."""
    with open(_scratch, "wb") as f:
        f.write(data)
    return _scratch


def main():
    global _scratch
    folder, output = sys.argv[1], sys.argv[2]
    _scratch = os.path.join(tempfile.mkdtemp(), "case")
    cases = {}
    with open(os.path.join(folder, "cases.tsv")) as index:
        rows = [line.rstrip("\n").split("\t") for line in index if line.strip()]
    jpeg_paths = []
    for name, file_name, sha in rows:
        path = os.path.join(folder, file_name)
        data = open(path, "rb").read()
        assert hashlib.sha256(data).hexdigest() == sha, name
        entry = {"name": name, "opencv": opencv(path), "pil": pil(path)}
        facts = {}
        if data[:8] == b"\x89PNG\r\n\x1a\n":
            facts = png_facts(data, entry["pil"])
        elif data[:2] == b"\xff\xd8":
            from_opencv = [m for m in entry["opencv"]["messages"] if m.startswith(("Corrupt JPEG data", "Premature end of JPEG file"))]
            from_djpeg = libjpeg_warnings(path) if entry["opencv"]["verdict"] == "decoded" else None
            warnings_seen = from_djpeg if from_djpeg is not None else from_opencv
            facts = {"jpeg_corrupt": len(warnings_seen) > 0 or len(from_opencv) > 0,
                     "jpeg_warnings": warnings_seen[:4],
                     "jpeg_components": jpeg_components(path)}
            jpeg_paths.append((sha, path))
        entry["facts"] = facts
        cases.setdefault(sha, entry)
    # SkiaSharp's libjpeg-turbo has no SIMD; where the SIMD build Debian ships decodes differently (only for
    # coefficients no real encoder produces), the tests hold the reader to the portable decode and count the case.
    planes = pil_without_simd([p for _, p in jpeg_paths])
    for sha, path in jpeg_paths:
        if path in planes:
            cases[sha]["facts"]["pil_without_simd"] = planes[path]
    made_with = f"Debian 12: OpenCV {cv2.__version__}, Pillow {PIL.__version__}, numpy {np.__version__}, zlib {zlib.ZLIB_RUNTIME_VERSION}"
    with open(output, "w") as f:
        f.write('{\n "made_with": ' + json.dumps(made_with) + ',\n "cases": {\n')
        f.write(",\n".join(f"  {json.dumps(sha)}: {json.dumps(cases[sha], sort_keys=True)}" for sha in sorted(cases)))
        f.write("\n }\n}\n")
    print(f"{len(cases)} cases recorded in {output}")


def without_simd_child():
    result = {}
    for path in sys.stdin.read().split("\n"):
        if path:
            record = pil(path)
            if record["verdict"] == "decoded":
                result[path] = {"width": record["width"], "height": record["height"], "sha256": record["sha256"]}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    if sys.argv[1:] == ["--without-simd"]:
        without_simd_child()
    else:
        main()
