"""SLM Lab's saved nets (torch.save(net.state_dict()) files) as one safetensors file for `pixelpilot import`.

    python3 slm_lab_to_safetensors.py RUN_net_model.pt [--critic RUN_critic_net_model.pt] --out policy.safetensors

SLM Lab writes one `{prepath}_{net_name}_model.pt` per net of the algorithm (net_util.save_algorithm):
`net` (and `critic_net` for an actor-critic with shared: false; DQN's `target_net` is not needed,
pixelpilot's target net is a copy of `net`). The output holds each tensor as `<net>.<state_dict key>`,
float32 (BatchNorm's num_batches_tracked int64), the layout `pixelpilot export --format safetensors`
writes and `pixelpilot import` reads (docs/interop.md), written by pixelpilot_gym's writer (beside
this folder in the package). Needs torch and numpy only.
"""
import argparse
import os
import sys

import numpy as np

try:
    from pixelpilot_gym import write_safetensors
except ImportError:  # run from the package's python/examples/: the client is beside it
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from pixelpilot_gym import write_safetensors


def state_dict_arrays(state_dict, net_name):
    """A torch state_dict as `<net_name>.<key>` numpy arrays (float32; integer buffers int64)."""
    out = {}
    for key, tensor in state_dict.items():
        array = tensor.detach().cpu().numpy()
        out[f"{net_name}.{key}"] = array.astype(np.int64 if np.issubdtype(array.dtype, np.integer) else np.float32)
    return out


def convert(net_path, out_path, critic_path=None):
    """Reads the saved state_dicts with torch.load and writes them as one safetensors file; returns the tensor count."""
    import torch

    tensors = state_dict_arrays(torch.load(net_path, map_location="cpu"), "net")
    if critic_path is not None:
        tensors.update(state_dict_arrays(torch.load(critic_path, map_location="cpu"), "critic_net"))
    write_safetensors(out_path, tensors)
    return len(tensors)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("net", help="SLM Lab's {prepath}_net_model.pt")
    parser.add_argument("--critic", help="{prepath}_critic_net_model.pt (actor-critic with shared: false)")
    parser.add_argument("--out", required=True, help="the safetensors file to write")
    args = parser.parse_args(argv)
    count = convert(args.net, args.out, args.critic)
    print(f"{args.out}: {count} tensors")


if __name__ == "__main__":
    main()
