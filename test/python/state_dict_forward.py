"""Loads a pixelpilot safetensors export into PyTorch nets and prints their outputs.

Usage: python3 state_dict_forward.py JOB.json
JOB: {"weights": path, "nets": [{"name", "spec", "in_shape", "out_dims"}], "inputs": path of raw
little-endian values, "input_shape": [N, H, W, C] or [N, T, H, W, C] or [N, D] ([N, T, D]),
"input_dtype": "uint8" | "float32"}.
Each net takes the file's keys under "<name>." with load_state_dict(strict=True); every key of the
file must belong to one of the nets. Prints {"outputs": {name: [head values, row-major], ...},
"keys": {name: [state_dict keys]}} as JSON. Exits non-zero on any mismatch.
"""
import json
import sys

import numpy as np
import torch

from slm_nets import Net, read_safetensors


def main(job_path):
    with open(job_path) as f:
        job = json.load(f)
    tensors, metadata = read_safetensors(job["weights"])
    raw = np.fromfile(job["inputs"], dtype=np.uint8 if job["input_dtype"] == "uint8" else np.float32)
    x = torch.from_numpy(raw.reshape(job["input_shape"]).astype(np.float32))
    if x.dim() >= 4:
        x = x.movedim(-1, -3)  # HWC -> CHW (the batch and time axes stay in front)
    used = set()
    outputs, keys = {}, {}
    torch.manual_seed(0)
    for spec in job["nets"]:
        prefix = spec["name"] + "."
        state = {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}
        used.update(prefix + k for k in state)
        net = Net(spec["spec"], spec["in_shape"], spec["out_dims"])
        net.load_state_dict(state, strict=True)
        net.eval()
        with torch.no_grad():
            heads = net(x)
        outputs[spec["name"]] = [h.double().flatten().tolist() for h in heads]
        keys[spec["name"]] = list(net.state_dict().keys())
    left = sorted(set(tensors) - used)
    if left:
        raise SystemExit(f"tensors that belong to no net: {left}")
    print(json.dumps({"outputs": outputs, "keys": keys, "metadata": metadata}))


if __name__ == "__main__":
    main(sys.argv[1])
