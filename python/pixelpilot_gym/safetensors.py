"""The safetensors format with numpy alone (no ``safetensors`` package): what
``pixelpilot import`` reads and ``pixelpilot export --format safetensors`` writes.

    bytes 0-7   u64 LE header length N
    N bytes     UTF-8 JSON {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__"?: {str: str}}
    the rest    each tensor's bytes, little-endian, row-major, back to back
"""
import json
import struct

import numpy as np

_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
           "U64": "<u8", "U32": "<u4", "U16": "<u2", "U8": "u1", "BOOL": "?"}
_CODES = {np.dtype(v).kind + str(np.dtype(v).itemsize): k for k, v in _DTYPES.items()}


def _code(dtype):
    d = np.dtype(dtype)
    code = _CODES.get(d.kind + str(d.itemsize))
    if code is None:
        raise ValueError(f"safetensors has no dtype for {d}")
    return code


def write_safetensors(path, tensors, metadata=None):
    """Writes ``tensors`` ({name: numpy array}, e.g. ``{k: v.numpy() for k, v in net.state_dict().items()}``)
    in file order; the header is padded with spaces to 8 bytes, as the reference writer does."""
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, value in tensors.items():
        a = np.asarray(value)
        code = _code(a.dtype)
        data = np.ascontiguousarray(a, dtype=np.dtype(_DTYPES[code])).tobytes()
        header[name] = {"dtype": code, "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


def read_safetensors(path):
    """A safetensors file as ({name: numpy array}, metadata dict)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: not a safetensors file ({len(data)} bytes)")
    (n,) = struct.unpack_from("<Q", data, 0)
    if 8 + n > len(data):
        raise ValueError(f"{path}: truncated safetensors file (header of {n} bytes, file of {len(data)})")
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    base = 8 + n
    tensors = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        dtype = np.dtype(_DTYPES[e["dtype"]])
        tensors[name] = np.frombuffer(data, dtype=dtype, count=(end - begin) // dtype.itemsize, offset=base + begin).reshape(e["shape"]).copy()
    return tensors, metadata
