"""Checks ONNX models with the onnx package's checker (Debian's python3-onnx) and prints their interface.

Usage: python3 onnx_check.py MODEL.onnx ...
Runs onnx.checker.check_model(full_check=True) (which includes strict shape inference) on each file
and prints one JSON object per line: {"file", "ir_version", "opset", "inputs": [[name, elem_type,
dims]], "outputs": [...]}, dims as numbers or dimension names. Exits non-zero when a check fails.
"""
import json
import sys

import onnx


def dims(value):
    shape = value.type.tensor_type.shape
    return [d.dim_param if d.dim_param else d.dim_value for d in shape.dim]


def main(paths):
    for path in paths:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        print(json.dumps({
            "file": path,
            "ir_version": model.ir_version,
            "opset": [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")][0],
            "inputs": [[v.name, v.type.tensor_type.elem_type, dims(v)] for v in model.graph.input],
            "outputs": [[v.name, v.type.tensor_type.elem_type, dims(v)] for v in model.graph.output],
            "onnx_version": onnx.__version__,
        }))


if __name__ == "__main__":
    main(sys.argv[1:])
