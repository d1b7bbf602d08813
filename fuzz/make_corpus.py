#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/<target>/: small valid files of every format and
one file per error class the readers report. Run from the repository root:
    python3 fuzz/make_corpus.py
Python 3 standard library only (gzip, struct, json); the model seeds follow the
safetensors layout of include/regkit/io/tensor_file.hpp."""
import gzip
import json
import os
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- CSV ------------------------------------------------------------------------------
csv = {
    "valid": "x1,x2,y\n1,2,3\n4.5,-6,7e-3\n",
    "crlf_bom": "\ufeffa,b,y\r\n1,2,3\r\n4,5,6",
    "quoted": '"a,1","b""q",y\n"1", 2 ,3\n',
    "blank_lines": "a,y\n\n1,2\n\n3,4\n\n",
    "ragged": "a,b,y\n1,2,3\n4,5\n",
    "bad_token": "a,y\n1,abc\n",
    "nan_inf": "a,y\nnan,1\ninf,2\n-Infinity,3\n",
    "edge_numbers": "a,y\n1e400,1\n1e-400,2\n0x1p3,3\n+5,4\n1_1,5\n.5,5.\n",
    "empty": "",
    "header_only": "a,b,y\n",
    "trailing_delim": "a,y,\n1,2,\n",
    "no_target": "a,b\n1,2\n",
    "long_mantissa": "a,y\n" + "0" * 300 + ".123456789,1\n",
    "missing": 'a,y\n"",1\nNA,2\n?,3\n',
    "unterminated_quote": 'a,y\n"1,2\n',
}
for k, v in csv.items():
    put("csv", k + ".csv", v)

# ---- LIBSVM ---------------------------------------------------------------------------
svm = {
    "valid": "1 1:0.5 3:2\n-1 2:1e-3\n0\n",
    "comments": "# header\n1 1:1 # trailing\n\n2 2:2",
    "qid": "1 qid:3 1:1\n",
    "decreasing": "1 3:1 2:1\n",
    "duplicate": "1 2:1 2:1\n",
    "zero_index": "1 0:1\n",
    "negative_index": "1 -4:1\n",
    "huge_index": "1 4294967296:1\n2 2147483648:1\n",
    "bad_pairs": "1 3:\n1 :4\n1 3:abc\n1 3:nan\nabc 1:1\n",
    "explicit_zero": "1 1:0 2:0\n2\n",
    "crlf": "1 1:1\r\n2 2:2\r\n",
}
for k, v in svm.items():
    put("libsvm", k + ".svm", v)

# ---- NPY ------------------------------------------------------------------------------
def npy(descr, shape, payload, fortran=False, version=(1, 0)):
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
        descr, "True" if fortran else "False", "(" + "".join("%d," % s for s in shape) + ")" if len(shape) != 1 else "(%d,)" % shape[0])
    if not shape:
        header = header.replace("'shape': ()", "'shape': ()")
    lenbytes = 2 if version[0] == 1 else 4
    total = 6 + 2 + lenbytes + len(header) + 1
    pad = (64 - total % 64) % 64
    header = header + " " * pad + "\n"
    fmt = "<H" if lenbytes == 2 else "<I"
    return b"\x93NUMPY" + bytes(version) + struct.pack(fmt, len(header)) + header.encode("latin1") + payload

put("npy", "f8_2x3.npy", npy("<f8", (2, 3), struct.pack("<6d", *range(6))))
put("npy", "f4_fortran.npy", npy("<f4", (2, 2), struct.pack("<4f", 1, 2, 3, 4), fortran=True))
put("npy", "i2_be.npy", npy(">i2", (3,), struct.pack(">3h", 1, -2, 3)))
put("npy", "u1_v2.npy", npy("|u1", (4,), bytes([1, 2, 3, 4]), version=(2, 0)))
put("npy", "i8_v3.npy", npy("<i8", (1, 1), struct.pack("<q", -7), version=(3, 0)))
put("npy", "short_payload.npy", npy("<f8", (4, 4), struct.pack("<2d", 1, 2)))
put("npy", "huge_shape.npy", npy("<f8", (4294967296, 4294967296), b""))
put("npy", "bad_descr.npy", npy("<c16", (1,), b"\0" * 16))
put("npy", "object.npy", npy("|O", (1,), b"\0" * 8))
put("npy", "scalar.npy", npy("<f8", (), struct.pack("<d", 3.5)))
put("npy", "bad_magic.npy", b"\x93NUMPZ\x01\x00" + b"\x00" * 8)

# ---- IDX ------------------------------------------------------------------------------
def idx(code, dims, payload):
    return bytes([0, 0, code, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + payload

idx_files = {
    "u8_2x2x2": idx(0x08, [2, 2, 2], bytes(range(8))),
    "labels": idx(0x08, [5], bytes([0, 1, 2, 9, 3])),
    "i8": idx(0x09, [3], bytes([0xFF, 0, 1])),
    "i16": idx(0x0B, [2], b"\x01\x02\xff\xfe"),
    "i32": idx(0x0C, [1], b"\xff\xff\xff\xfe"),
    "f32": idx(0x0D, [1, 1], b"\x3f\x80\x00\x00"),
    "f64": idx(0x0E, [1], b"\x40\x09\x21\xfb\x54\x44\x2d\x18"),
    "bad_type": idx(0x0A, [1], b"\0"),
    "zero_dims": bytes([0, 0, 8, 0]),
    "five_dims": idx(0x08, [1, 1, 1, 1, 1], b"\0"),
    "short_payload": idx(0x08, [10, 10], b"\0" * 7),
    "trailing": idx(0x08, [2], b"\0\0\0"),
    "overflow": idx(0x0E, [0xFFFFFFFF] * 4, b""),
    "truncated_header": bytes([0, 0, 8, 3, 0, 0]),
}
for k, v in idx_files.items():
    put("idx", k + ".idx", v)
put("idx", "gzip.idx.gz", gzip.compress(idx_files["u8_2x2x2"], mtime=0))

# fuzz_idx_gz: first byte = mode (even: raw gzip follows; odd: an IDX payload follows
# data[1], compressed by the target and damaged per the mode bits).
for k in ("u8_2x2x2", "labels", "f64", "short_payload", "trailing"):
    put("idx_gz", "raw_" + k, b"\x00" + gzip.compress(idx_files[k], mtime=0))
    put("idx_gz", "plain_" + k, b"\x01\x00" + idx_files[k])
put("idx_gz", "cut", b"\x03\x05" + idx_files["u8_2x2x2"])
put("idx_gz", "members", b"\x05\x00" + idx_files["labels"])
put("idx_gz", "garbage", b"\x09\x07" + idx_files["labels"])
put("idx_gz", "crc", b"\x11\x02" + idx_files["labels"])
put("idx_gz", "bomb_header", b"\x01\x00" + idx(0x08, [60000, 28, 28], b""))
two = gzip.compress(idx_files["i8"][:6], mtime=0) + gzip.compress(idx_files["i8"][6:], mtime=0)
put("idx_gz", "raw_two_members", b"\x00" + two)

# ---- model files (safetensors layout) -------------------------------------------------
def tensor_file(metadata, tensors):
    header = {"__metadata__": metadata} if metadata is not None else {}
    body = b""
    for name, (dtype, shape, data) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(body), len(body) + len(data)]}
        body += data
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + body

def f64(*v):
    return struct.pack("<%dd" % len(v), *v)

linear_meta = {"format": "regkit-model", "kind": "linear", "model": "lasso", "alpha": "1",
               "standardize": "true", "fit_intercept": "true", "selected": "1",
               "feature_names": json.dumps(["a", "b"]), "target": json.dumps("y")}
put("model", "linear_path.regkit", tensor_file(linear_meta, {
    "lambdas": ("F64", [2], f64(1.0, 0.1)),
    "coefs": ("F64", [2, 2], f64(0, 0, 0.5, -0.25)),
    "intercepts": ("F64", [2], f64(1.0, 1.5)),
}))
put("model", "linear_ridge.regkit", tensor_file(dict(linear_meta, model="ridge", selected="0", alpha="0"), {
    "lambdas": ("F64", [1], f64(0.01)),
    "coefs": ("F64", [1, 3], f64(1.5, -2, 1)),
    "intercepts": ("F64", [1], f64(0.0)),
}))
put("model", "bad_offsets.regkit", tensor_file(linear_meta, {
    "lambdas": ("F64", [2], f64(1.0)),
}))
put("model", "overflow_shape.regkit", tensor_file({}, {"t": ("F64", [2**62, 2**62], b"")}))
put("model", "f32_u8.regkit", tensor_file({"k": "v"}, {
    "a": ("F32", [2], struct.pack("<2f", 1, 2)), "b": ("U8", [3], b"\1\2\3"),
    "c": ("I64", [1], struct.pack("<q", 5)), "d": ("I32", [1], struct.pack("<i", 5))}))
put("model", "header_too_long.regkit", struct.pack("<Q", 2**40) + b"{}")
put("model", "empty.regkit", b"")
put("model", "not_json.regkit", struct.pack("<Q", 8) + b"{\"a\":1 ")
def f32(*v):
    return struct.pack("<%df" % len(v), *v)

dense = lambda units, act: {"type": "dense", "config": {
    "units": str(units), "activation": act, "kernel_initializer": "glorot_uniform",
    "bias_initializer": "zeros", "kernel_l1": "0", "kernel_l2": "0.001", "bias_l1": "0",
    "bias_l2": "0", "use_bias": "true"}}
arch = {"input_dim": 2, "loss": "sparse_categorical_crossentropy",
        "layers": [dense(3, "elu"), {"type": "dropout", "config": {"rate": "0.5", "seed": "7"}},
                   dense(2, "softmax")]}
put("model", "nn_small.regkit", tensor_file(
    {"format": "regkit-model", "format_version": "1", "kind": "nn", "scalar": "float32",
     "architecture": json.dumps(arch), "meta.note": "seed"},
    {"layer_0/kernel": ("F32", [2, 3], f32(*range(6))), "layer_0/bias": ("F32", [3], f32(0, 0, 0)),
     "layer_2/kernel": ("F32", [3, 2], f32(*range(6))), "layer_2/bias": ("F32", [2], f32(1, 2))}))

# ---- run specs ------------------------------------------------------------------------
specs = ["none", "l2:kernel-l2=1e-3", "decay:optimizer=adamw,weight-decay=1e-2",
         "prox:proximal-l1=1e-4,layers=256/128", "flag:--shuffle,lr=0.1", "bad name:x=1",
         "a:,", "a:b=1,b=2", "a:=3", "a:b=", ":x", "x" * 41, "a:k=v\x01"]
for i, s in enumerate(specs):
    put("run_spec", "spec%02d" % i, s)
print("corpora written to", ROOT, file=sys.stderr)
