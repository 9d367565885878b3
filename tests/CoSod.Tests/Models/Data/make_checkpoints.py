#!/usr/bin/python3
"""Writes the small PyTorch checkpoints that CheckpointTests reads, with real torch.save in both formats.

Run with Debian's interpreter, which has torch 1.13:  /usr/bin/python3 make_checkpoints.py
The outputs (a few KB each) are committed under checkpoints/; rerun only to change them. The legacy files embed
memory addresses as storage keys, so their bytes differ from run to run while their content does not.

What is in checkpoints/ (every *_zip.pth has a *_legacy.pth twin saved with _use_new_zipfile_serialization=False):
  small            SmallNet().state_dict(): a nested Sequential, a BatchNorm (running stats and an int64
                   num_batches_tracked that does not fit in 32 bits) and a Linear, filled with known values.
  tensors          loose tensors that stress the reader: float64, float16, bfloat16, int64/int32/uint8/bool,
                   a transposed (non-contiguous) view, a slice with a storage offset, a 0-d view, an empty tensor,
                   two tensors that share one storage, and one tensor stored under two keys.
  module_prefix    the small state dict with DataParallel's "module." prefix on every key.
  wrapped_state_dict  {"epoch", "state_dict", "optimizer", "args" (an argparse.Namespace)}.
  wrapped_model    {"model": state dict, "best_score"}.
  missing_key, extra_key, wrong_shape, broadcast_1, broadcast_1x64, no_num_batches_tracked, wrong_dtype,
  several_wrong    the small state dict with one thing (or several things) wrong, for the loader's checks.
  complex          a complex64 tensor (a dtype the reader refuses).
  whole_model      torch.save(model): a pickled module object, not a state dict.
  truncated        the small checkpoint cut in half.
Plus legacy_storage_view.pth, written by hand below: a legacy file whose storage is a view into a larger root
storage (view_metadata in the persistent id), a case modern torch never writes but torch.load still reads.
And not_a_checkpoint.pth, a text file.

expected.json records, for each readable file, its keys in order with shape, dtype and the C-order values as
torch.load returns them; the script checks that torch.load of every file it writes gives exactly those.
"""

import argparse
import collections
import json
import os
import pickle
import struct
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "checkpoints")


class SmallNet(nn.Module):
    """Parameter names mirror the C# test module (SmallNet in CheckpointTestModules.cs)."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1),   # features.0
            nn.BatchNorm2d(8),               # features.1
            nn.ReLU(inplace=True),           # features.2: no parameters, but it takes the index
            nn.Sequential(nn.Conv2d(8, 4, 1)),  # features.3.0: a nested Sequential
        )
        self.head = nn.Linear(4, 64)         # head.bias has 64 entries, for the broadcast cases


def filled_small_state_dict():
    """SmallNet's state dict with known, distinct values: entry k holds (k+1)*100 + 0.25*i (exact in float32)."""
    model = SmallNet()
    with torch.no_grad():
        for k, (name, tensor) in enumerate(model.state_dict().items()):
            if name.endswith("num_batches_tracked"):
                tensor.fill_(2**40 + 12345)  # needs all 64 bits
            else:
                values = (k + 1) * 100 + 0.25 * torch.arange(tensor.numel(), dtype=torch.float64)
                tensor.copy_(values.reshape(tensor.shape))
    return model, model.state_dict()


def loose_tensors():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) * 1.5 - 7.0
    shared = torch.arange(30, dtype=torch.float32).reshape(3, 10) + 1000.0
    tensors = collections.OrderedDict()
    tensors["f32_transposed"] = base.t()                  # stride (1, 6): not contiguous
    tensors["f32_slice"] = base[1:3, 2:5]                 # storage offset 8, stride (6, 1)
    tensors["f32_scalar_view"] = base[3, 4]               # 0-d, storage offset 22
    tensors["shared_a"] = shared[0]                       # shares a storage with shared_b
    tensors["shared_b"] = shared[1:, ::2]                 # offset 10, stride (10, 2)
    tensors["f64"] = torch.arange(10, dtype=torch.float64) / 3.0  # not representable in float32
    tensors["f16"] = torch.arange(12, dtype=torch.float16).reshape(3, 4) * 0.125 - 0.5
    tensors["bf16"] = torch.tensor([1.0, -2.5, 3.140625, 1e30], dtype=torch.bfloat16)
    tensors["i64"] = torch.tensor([-(2**40), -1, 0, 1, 2**62 + 5], dtype=torch.int64)
    tensors["i32"] = torch.tensor([[-(2**31), 7], [2**31 - 1, 0]], dtype=torch.int32)
    tensors["u8"] = torch.arange(0, 256, 37, dtype=torch.int64).to(torch.uint8)
    tensors["bool"] = torch.tensor([True, False, False, True, True])
    tied = torch.arange(6, dtype=torch.float32) - 2.5
    tensors["tied_a"] = tied                              # one tensor under two keys (weight tying): the
    tensors["tied_b"] = tied                              # pickle stores it once and refers back to it
    tensors["f32_scalar"] = torch.tensor(3.25)
    tensors["empty"] = torch.zeros(0, 3)
    return tensors


def save(obj, name):
    """Saves obj in both formats; returns the two file names."""
    names = []
    for fmt, zipped in (("zip", True), ("legacy", False)):
        file_name = f"{name}_{fmt}.pth"
        torch.save(obj, os.path.join(OUT, file_name), _use_new_zipfile_serialization=zipped)
        names.append(file_name)
    return names


def describe(tensors):
    entries = []
    for key, t in tensors.items():
        values = t.reshape(-1).tolist() if t.dtype != torch.bfloat16 else t.float().reshape(-1).tolist()
        entries.append({"key": key, "shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
                        "values": values})
    return entries


def assert_loads_as(file_name, tensors, wrapper=None):
    loaded = torch.load(os.path.join(OUT, file_name))
    if wrapper is not None:
        loaded = loaded[wrapper]
    assert list(loaded.keys()) == list(tensors.keys()), file_name
    for key, t in tensors.items():
        got = loaded[key]
        assert got.dtype == t.dtype and got.shape == t.shape, (file_name, key)
        assert torch.equal(got, t), (file_name, key)


def write_legacy_storage_view(file_name):
    """A legacy file whose one storage is a view (offset 3, 8 elements) into a 12-element root storage.

    torch.save has not written storage views since 0.4, but _legacy_load still honours view_metadata, so this
    builds the persistent ids by hand with the layout _legacy_save uses and checks torch.load's answer.
    """
    root_values = [float(v) for v in range(100, 112)]

    class StorageMarker:
        pass

    marker = StorageMarker()

    class TensorOnView:
        def __reduce__(self):
            # 2x3 tensor, offset 1 inside the view, row stride 3 (so it reads view[1..6], root[4..9])
            return (torch._utils._rebuild_tensor_v2,
                    (marker, 1, (2, 3), (3, 1), False, collections.OrderedDict()))

    class ViewPickler(pickle.Pickler):
        def persistent_id(self, obj):
            if obj is marker:
                return ("storage", torch.FloatStorage, "root", "cpu", 12, ("view", 3, 8))
            return None

    path = os.path.join(OUT, file_name)
    with open(path, "wb") as f:
        pickle.dump(0x1950A86A20F9469CFC6C, f, protocol=2)
        pickle.dump(1001, f, protocol=2)
        pickle.dump({"protocol_version": 1001, "little_endian": True,
                     "type_sizes": {"short": 2, "int": 4, "long": 4}}, f, protocol=2)
        ViewPickler(f, protocol=2).dump(collections.OrderedDict([("on_view", TensorOnView())]))
        pickle.dump(["root"], f, protocol=2)
        f.write(struct.pack("<q", 12))
        f.write(struct.pack("<12f", *root_values))
    expected = collections.OrderedDict(
        [("on_view", torch.tensor(root_values[4:10], dtype=torch.float32).reshape(2, 3))])
    assert_loads_as(file_name, expected)
    return expected


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    expected = {}

    model, small = filled_small_state_dict()
    for f in save(small, "small"):
        assert_loads_as(f, small)
        expected[f] = {"entries": describe(small)}

    tensors = loose_tensors()
    for f in save(tensors, "tensors"):
        assert_loads_as(f, tensors)
        expected[f] = {"entries": describe(tensors)}

    prefixed = collections.OrderedDict(("module." + k, v) for k, v in small.items())
    for f in save(prefixed, "module_prefix"):
        assert_loads_as(f, prefixed)
        expected[f] = {"entries": describe(prefixed)}

    wrapped = {
        "epoch": 12,
        "state_dict": small,
        "optimizer": {"state": {}, "param_groups": [{"lr": 0.0001, "params": [0, 1, 2]}]},
        "args": argparse.Namespace(lr=0.0001, loss=["sal", "cls"], size=256),
    }
    for f in save(wrapped, "wrapped_state_dict"):
        assert_loads_as(f, small, wrapper="state_dict")
        expected[f] = {"wrapper": "state_dict", "entries": describe(small)}

    for f in save({"model": small, "best_score": 0.875}, "wrapped_model"):
        assert_loads_as(f, small, wrapper="model")
        expected[f] = {"wrapper": "model", "entries": describe(small)}

    def variant(edit):
        sd = collections.OrderedDict((k, v.clone()) for k, v in small.items())
        edit(sd)
        return sd

    variants = {
        "missing_key": lambda sd: sd.pop("features.3.0.bias"),
        "extra_key": lambda sd: sd.__setitem__("classifier.weight", torch.ones(2, 4)),
        "wrong_shape": lambda sd: sd.__setitem__("features.0.weight", torch.ones(8, 3, 5, 5)),
        # Both broadcast into a [64] bias, so torch's copy_ (and TorchSharp's load_state_dict) would accept them.
        "broadcast_1": lambda sd: sd.__setitem__("head.bias", torch.tensor([0.5])),
        "broadcast_1x64": lambda sd: sd.__setitem__("head.bias", sd["head.bias"].reshape(1, 64)),
        # As saved before PyTorch 0.4.1 added the counter.
        "no_num_batches_tracked": lambda sd: sd.pop("features.1.num_batches_tracked"),
        "wrong_dtype": lambda sd: sd.__setitem__("head.weight", sd["head.weight"].double()),
        "several_wrong": lambda sd: (sd.pop("features.1.running_var"), sd.pop("head.weight"),
                                     sd.__setitem__("head.weight_v", torch.ones(64, 4)),
                                     sd.__setitem__("features.3.0.weight", torch.ones(4, 8))),
    }
    for name, edit in variants.items():
        sd = variant(edit)
        for f in save(sd, name):
            assert_loads_as(f, sd)

    for f in save({"z": torch.tensor([1 + 2j, 3 - 4j], dtype=torch.complex64)}, "complex"):
        torch.load(os.path.join(OUT, f))

    # torch.save(model) pickles the module object itself: classes by reference, not a state dict. The legacy format
    # also records each class's source file; SmallNet's would be this script's absolute path (Python makes
    # __main__.__file__ absolute), which has no place in committed files, so it is recorded relative to HERE.
    main_module = sys.modules["__main__"]
    absolute, cwd = main_module.__file__, os.getcwd()
    try:
        os.chdir(HERE)
        main_module.__file__ = os.path.basename(absolute)
        save(model, "whole_model")
    finally:
        main_module.__file__ = absolute
        os.chdir(cwd)

    for fmt in ("zip", "legacy"):
        with open(os.path.join(OUT, f"small_{fmt}.pth"), "rb") as f:
            data = f.read()
        with open(os.path.join(OUT, f"truncated_{fmt}.pth"), "wb") as f:
            f.write(data[: len(data) // 2])

    with open(os.path.join(OUT, "not_a_checkpoint.pth"), "wb") as f:
        f.write(b"This is not a checkpoint; it is a text file with a .pth name.\n")

    view = write_legacy_storage_view("legacy_storage_view.pth")
    expected["legacy_storage_view.pth"] = {"entries": describe(view)}

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        # One line per tensor keeps the file small and its diffs readable.
        f.write('{"torch": %s, "files": {\n' % json.dumps(torch.__version__))
        for n, (file_name, content) in enumerate(expected.items()):
            head = {k: v for k, v in content.items() if k != "entries"}
            f.write(' %s: {%s"entries": [\n' % (json.dumps(file_name),
                                                 "".join("%s: %s, " % (json.dumps(k), json.dumps(v))
                                                         for k, v in head.items())))
            f.write(",\n".join("  " + json.dumps(e) for e in content["entries"]))
            f.write("]}%s\n" % ("," if n + 1 < len(expected) else ""))
        f.write("}}\n")

    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"wrote {len(os.listdir(OUT))} files, {total} bytes, into {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
