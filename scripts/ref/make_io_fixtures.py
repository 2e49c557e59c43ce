#!/usr/bin/env python3
"""Reference fixtures for the weight-file readers (src/io), written by numpy itself.

Run from the repository root:  python3 scripts/ref/make_io_fixtures.py
Writes test/fixtures/io/:
  *.npy                 arrays saved by numpy (np.save for v1.0, np.lib.format.write_array for 2.0/3.0),
                        plus files numpy writes that the readers must refuse (Fortran order, '<i4',
                        '>f4', object arrays, 1-D).
  small.safetensors     a file written here from the format description alone (8-byte LE header
                        length, JSON header padded with spaces, data back to back), with F32, F16,
                        BF16, F64, I64 and 1-D tensors, PyTorch-layout conv kernels, and a header whose
                        key order differs from the data order.
  expected.json         for every fixture: shape, dtype and the values as float64 (C order); for conv
                        kernels also the values permuted by numpy to the tfjs layout [k, c_in, c_out].
  float16_cases.json    [value, bits] pairs: np.float16(value) for values chosen to hit rounding ties,
                        subnormals, overflow and signed zero; and [bits, value] for a sample of all
                        65 536 half bit patterns decoded by numpy.
numpy is deterministic here (seeded default_rng), so re-running reproduces the files byte for byte.
"""
import json
import os

import numpy as np

OUT = os.path.join("test", "fixtures", "io")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20241101)
expected = {}


def floats(a):
    """Values as a JSON list (NaN/Inf never occur in these fixtures)."""
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel(order="C")]


def save(name, arr, version=None):
    path = os.path.join(OUT, name)
    if version is None:
        np.save(path, arr, allow_pickle=arr.dtype == object)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, arr, version=version)
    return path


# --- readable .npy files -----------------------------------------------------------------------
a = rng.standard_normal((5, 7)).astype(np.float32)
save("v1_f4_2d.npy", a)
expected["v1_f4_2d.npy"] = {"shape": [5, 7], "dtype": "F32", "values": floats(a)}

b = rng.standard_normal((4, 6)) * 1e-3
save("v2_f8_2d.npy", b, version=(2, 0))
expected["v2_f8_2d.npy"] = {"shape": [4, 6], "dtype": "F64", "values": floats(b)}

c = rng.standard_normal((3, 4, 5)).astype(np.float32)  # conv1d kernel, tfjs layout [k, c_in, c_out]
save("v3_f4_3d.npy", c, version=(3, 0))
expected["v3_f4_3d.npy"] = {"shape": [3, 4, 5], "dtype": "F32", "values": floats(c)}

d = (rng.standard_normal((3, 4)) * 100).astype(np.float16)
save("f2_2d.npy", d)
expected["f2_2d.npy"] = {"shape": [3, 4], "dtype": "F16", "values": floats(d)}

# --- .npy files numpy writes happily but the readers must refuse -----------------------------
save("fortran.npy", np.asfortranarray(rng.standard_normal((3, 4)).astype(np.float32)))
save("i4.npy", np.arange(12, dtype="<i4").reshape(3, 4))
save("be_f4.npy", np.arange(12, dtype=">f4").reshape(3, 4))
obj = np.empty((2, 2), dtype=object)
obj[:] = [[1, "a"], [None, 2.5]]
save("object.npy", obj)
save("vector_1d.npy", np.arange(6, dtype=np.float32))

# --- a safetensors file written from the format description ----------------------------------
def bf16_bits(x):
    """bfloat16 bits of values exactly representable in bfloat16 (upper half of the float32)."""
    u = np.asarray(x, dtype=np.float32).view(np.uint32)
    assert np.all((u & 0xFFFF) == 0), "fixture values must be exact in bfloat16"
    return (u >> 16).astype("<u2")


conv = np.arange(24, dtype=np.float32).reshape(4, 3, 2) / 8 - 1  # PyTorch conv1d [c_out, c_in, k]
conv2d = rng.standard_normal((2, 3, 2, 2)).astype(np.float32)  # PyTorch conv2d [c_out, c_in, kh, kw]
dense16 = (rng.standard_normal((3, 5)) * 4).astype(np.float16)
bias = np.linspace(-1, 1, 5, dtype=np.float32)
proj = rng.standard_normal((2, 6))
bfvals = np.array([[1.0, -2.0, 0.15625], [3.5, -0.0078125, 256.0]], dtype=np.float32)
pos_ids = np.arange(4, dtype="<i8").reshape(1, 4)

# (name, dtype, shape, raw bytes), in DATA order; the header lists them in a different order.
tensors = [
    ("layers.0.conv.weight", "F32", conv.shape, conv.astype("<f4").tobytes()),
    ("layers.0.conv.bias", "F32", bias.shape, bias.astype("<f4").tobytes()),
    ("layers.1.dense.weight", "F16", dense16.shape, dense16.astype("<f2").tobytes()),
    ("position_ids", "I64", pos_ids.shape, pos_ids.tobytes()),
    ("layers.1.conv2d.weight", "F32", conv2d.shape, conv2d.astype("<f4").tobytes()),
    ("layers.2.proj.weight", "F64", proj.shape, proj.astype("<f8").tobytes()),
    ("layers.2.bf.weight", "BF16", bfvals.shape, bf16_bits(bfvals).tobytes()),
]
header = {"__metadata__": {"format": "pt", "source": "scripts/ref/make_io_fixtures.py"}}
offset = 0
entries = {}
for name, dtype, shape, raw in tensors:
    entries[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
    offset += len(raw)
for name in sorted(entries, reverse=True):  # header order != data order on purpose
    header[name] = entries[name]
text = json.dumps(header).encode("utf-8")
text += b" " * ((8 - (8 + len(text)) % 8) % 8)
with open(os.path.join(OUT, "small.safetensors"), "wb") as f:
    f.write(np.uint64(len(text)).astype("<u8").tobytes())
    f.write(text)
    for _, _, _, raw in tensors:
        f.write(raw)

expected["small.safetensors"] = {
    "data_order": [t[0] for t in tensors],
    "layers.0.conv.weight": {"shape": [4, 3, 2], "dtype": "F32", "values": floats(conv),
                             # [c_out, c_in, k] -> [k, c_in, c_out]
                             "tfjs_shape": [2, 3, 4], "tfjs_values": floats(conv.transpose(2, 1, 0))},
    "layers.1.conv2d.weight": {"shape": [2, 3, 2, 2], "dtype": "F32", "values": floats(conv2d),
                               # merge (kh, kw) into K = 4, then [c_out, c_in, K] -> [K, c_in, c_out]
                               "tfjs_shape": [4, 3, 2],
                               "tfjs_values": floats(conv2d.reshape(2, 3, 4).transpose(2, 1, 0))},
    "layers.1.dense.weight": {"shape": [3, 5], "dtype": "F16", "values": floats(dense16)},
    "layers.2.proj.weight": {"shape": [2, 6], "dtype": "F64", "values": floats(proj)},
    "layers.2.bf.weight": {"shape": [2, 3], "dtype": "BF16", "values": floats(bfvals)},
}

with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")

# --- float16 rounding and decoding, as numpy does it --------------------------------------------
ulp1 = 2.0 ** -10  # half spacing just above 1.0
specials = [0.0, -0.0, 1.0, -1.0, 0.1, 1 / 3, np.pi, 65504.0, 65519.99, 65520.0, 1e6, -1e6,
            2.0 ** -14, 2.0 ** -24, 2.0 ** -25, 2.0 ** -25 * 1.0001, 2.0 ** -26, 3 * 2.0 ** -25,
            2.0 ** -14 - 2.0 ** -25, 1 + ulp1 / 2, 1 + 3 * ulp1 / 2, 1 + ulp1 / 2 + 1e-12, 2048 + 1, 2048 + 3,
            -(2048 + 1), 1e-9, 5e-8, 6e-8]
values = specials + list(rng.standard_normal(200) * 10.0 ** rng.integers(-7, 5, 200))
with np.errstate(over="ignore"):  # 1e6 -> inf is one of the cases
    encode = [[float(v), int(np.float16(v).view(np.uint16))] for v in values]
all_bits = np.arange(65536, dtype=np.uint16)
sample = np.concatenate([all_bits[::97], [0x0000, 0x0001, 0x03FF, 0x0400, 0x7BFF, 0x7C00, 0xFC00, 0x8001, 0x3C00]]).astype(np.uint16)
decoded = sample.view(np.float16).astype(np.float64)
decode = [[int(h), float(v)] for h, v in zip(sample, decoded) if np.isfinite(v)]
nan_bits = [int(h) for h, v in zip(sample, decoded) if np.isnan(v)]
with open(os.path.join(OUT, "float16_cases.json"), "w") as f:
    json.dump({"encode": encode, "decode": decode, "nan_bits": nan_bits}, f)
    f.write("\n")
print("wrote", sorted(os.listdir(OUT)))
