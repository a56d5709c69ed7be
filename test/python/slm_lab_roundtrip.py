"""The last step of the SLM Lab recipe, with PyTorch: a net built as SLM Lab builds it from a spec is
saved as SLM Lab saves it (torch.save(net.state_dict()), `{prepath}_net_model.pt`), converted by
python/examples/slm_lab_to_safetensors.py, and its outputs on random frames recorded for
pixelpilot to match after `pixelpilot import`.

Usage: python3 slm_lab_roundtrip.py JOB.json
JOB: {"net_spec": resolved net spec, "in_shape": [H, W, C], "out_dims": [n], "dir": folder, "rows": N}.
Writes DIR/run_net_model.pt, DIR/policy.safetensors, DIR/inputs.bin (N x H x W x C uint8) and prints
{"outputs": [[...]], "keys": [...], "tensors": n} as JSON.
"""
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "python", "examples"))
from slm_lab_to_safetensors import convert  # noqa: E402
from slm_nets import Net, read_safetensors  # noqa: E402


def main(job_path):
    with open(job_path) as f:
        job = json.load(f)
    torch.manual_seed(11)
    net = Net(job["net_spec"], job["in_shape"], job["out_dims"])
    for p in net.parameters():  # off PyTorch's init, so a wrong layout cannot pass by symmetry
        with torch.no_grad():
            p.add_(torch.randn_like(p) * 0.05)
    pt = os.path.join(job["dir"], "run_net_model.pt")
    torch.save(net.state_dict(), pt)
    out = os.path.join(job["dir"], "policy.safetensors")
    count = convert(pt, out)
    tensors, _ = read_safetensors(out)
    for key, value in net.state_dict().items():
        if not torch.equal(tensors[f"net.{key}"], value):
            raise SystemExit(f"net.{key} differs after the conversion")
    frames = np.random.default_rng(5).integers(0, 256, (job["rows"], *job["in_shape"]), dtype=np.uint8)
    frames.tofile(os.path.join(job["dir"], "inputs.bin"))
    net.eval()
    with torch.no_grad():
        (heads,) = net(torch.from_numpy(frames).permute(0, 3, 1, 2))
    print(json.dumps({"outputs": heads.double().tolist(), "keys": sorted(tensors), "tensors": count}))


if __name__ == "__main__":
    main(sys.argv[1])
