"""The arcade preset's PPO in PyTorch, on a ported game through pixelpilot_gym: a cross-check of
pixelpilot's own training (`train ppoArcadePixels --game`) on the same game, the same copies and
the same numbers, by a second implementation in CleanRL's shape (one file, one readable update).

The spec is read from the built package (dist/index.js: presets.ppoArcadePixels, or --preset):
its NatureishCNN (channels, kernels, strides, no padding, then fc_hid_layers, a policy and a value
head on the shared trunk), gamma, lam, clip, entropy and value coefficients, time_horizon,
minibatch_size, training_epoch, Adam's lr and clip_grad_val (a gradient-norm clip, as SLM Lab),
frame_op_len frames stacked oldest first, pixels rescaled x/128 - 1 as AMAGO's CNN does. Inits
follow CleanRL (orthogonal; policy head 0.01), not AMAGO's, unless --init pytorch.

`pixelpilot serve` steps the copies (next-step autoreset: the step that starts a new episode is
not trained on). After training, the nets are written with pixelpilot's state_dict names
(net.cnn.conv1.weight, net.fc_model.0.weight, net.model_tails.0.0.weight, ...), imported with
`pixelpilot import --spec PRESET --game ENTRY` and played greedily by `pixelpilot eval --game`:
the same evaluation (200 episodes, varied starts) as benchmarks/arcade_games.bench.mjs.

    npx rollup -c --silent     # once: dist/
    python3 benchmarks/arcade_torch_ppo.py --game breakout --steps 75000 --seed 1 [--random-starts]

Needs numpy and torch (Debian: python3-numpy, python3-torch). Prints a JSON line per training
round, then a JSON summary (the last line).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))
from pixelpilot_gym import GameVectorEnv, write_safetensors  # noqa: E402

ENTRIES = {"breakout": "test/games/breakout/training.ts", "snake": "test/games/snake/training.ts", "firstgame": "test/games/firstgame/training.ts"}
CLI = ["node", os.path.join(ROOT, "dist", "cli.js")]


def read_preset(name):
    code = f"import {{presets}} from {json.dumps(os.path.join(ROOT, 'dist', 'index.js'))}; console.log(JSON.stringify(presets[{json.dumps(name)}]))"
    return json.loads(subprocess.run(["node", "--input-type=module", "-e", code], check=True, capture_output=True, text=True).stdout)


def ortho(layer, std=np.sqrt(2)):
    nn.init.orthogonal_(layer.weight, std)
    nn.init.constant_(layer.bias, 0)
    return layer


def keep_default(layer, std=None):
    """--init pytorch: the layer as PyTorch initialised it."""
    return layer


class Cnn(nn.Module):
    """AMAGO's NatureishCNN under pixelpilot's names (cnn.conv1..3)."""

    def __init__(self, channels_in, spec, init):
        super().__init__()
        c = channels_in
        for i, (out, k, s) in enumerate(zip(spec["channels"], spec["kernels"], spec["strides"])):
            setattr(self, f"conv{i + 1}", init(nn.Conv2d(c, out, k, s)))
            c = out
        self.n = len(spec["channels"])

    def forward(self, x):
        for i in range(self.n):
            x = torch.relu(getattr(self, f"conv{i + 1}")(x))
        return x.flatten(1)


class PolicyNet(nn.Module):
    """The shared trunk (cnn, fc_model) and two tails: model_tails.0 the logits, model_tails.1 V(s)."""

    def __init__(self, obs_shape, n_actions, net, init=ortho):
        super().__init__()
        h, w, c = obs_shape
        self.cnn = Cnn(c, net, init)
        features = self.cnn(torch.zeros(1, c, h, w)).shape[1]
        fc = []
        for out in net["fc_hid_layers"]:
            fc += [init(nn.Linear(features, out)), nn.ReLU()]
            features = out
        self.fc_model = nn.Sequential(*fc)
        self.model_tails = nn.ModuleList([nn.Sequential(init(nn.Linear(features, n_actions), 0.01)), nn.Sequential(init(nn.Linear(features, 1), 1.0))])

    def forward(self, obs_uint8_nhwc):
        x = obs_uint8_nhwc.permute(0, 3, 1, 2).float() / 128.0 - 1.0
        z = self.fc_model(self.cnn(x))
        return self.model_tails[0](z), self.model_tails[1](z).squeeze(-1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--game", default="breakout", choices=sorted(ENTRIES))
    p.add_argument("--preset", default="ppoArcadePixels")
    p.add_argument("--steps", type=int, default=75000, help="agent steps over all copies")
    p.add_argument("--envs", type=int, default=8)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--episodes", type=int, default=200, help="greedy eval --game episodes")
    p.add_argument("--entry", default=None, help="another training entry of the game (default: test/games/GAME/training.ts)")
    p.add_argument("--set", action="append", default=[], metavar="PATH=JSON", help="a spec override, e.g. agent.algorithm.gamma=0.9 (repeatable)")
    p.add_argument("--random-starts", action="store_true", help="serve --random-starts: train on varied starts, as eval --game plays")
    p.add_argument("--init", choices=["cleanrl", "pytorch"], default="cleanrl", help="cleanrl: orthogonal, policy head 0.01, value head 1, zero biases; pytorch: PyTorch's default init")
    a = p.parse_args()
    spec = read_preset(a.preset)
    for override in a.set:
        path, value = override.split("=", 1)
        *parents, last = path.split(".")
        node = spec
        for key in parents:
            node = node[key]
        node[last] = json.loads(value)
    alg, net, stack = spec["agent"]["algorithm"], spec["agent"]["net"], spec["env"]["frame_op_len"]
    if net["type"] != "NatureishCNN" or not net.get("shared") or alg["name"] != "PPO":
        sys.exit(f"{a.preset}: this cross-check builds a shared NatureishCNN PPO")
    torch.manual_seed(a.seed)
    torch.set_num_threads(2)
    entry = a.entry or ENTRIES[a.game]
    t0 = time.time()
    server_args = ["--random-starts"] if a.random_starts else []
    with GameVectorEnv(entry, num_envs=a.envs, seed=a.seed, command=CLI, cwd=ROOT, server_args=server_args) as envs:
        o, _ = envs.reset(seed=a.seed)
        frame_c = o.shape[-1]
        frames = np.concatenate([o] * stack, axis=-1)
        obs_shape = frames.shape[1:]
        pi = PolicyNet(obs_shape, envs.single_action_space.n, net, ortho if a.init == "cleanrl" else keep_default)
        opt = torch.optim.Adam(pi.parameters(), lr=net["optim_spec"]["lr"])
        T, N = alg["time_horizon"], a.envs
        gamma, lam = alg["gamma"], alg["lam"]
        clip, ent_coef = alg["clip_eps_spec"]["start_val"], alg["entropy_coef_spec"]["start_val"]
        val_coef, mb, epochs, max_norm = alg["val_loss_coef"], alg["minibatch_size"], alg["training_epoch"], net["clip_grad_val"]
        starting = np.zeros(N, bool)  # the next step is an autoreset (its action is ignored)
        returns, step = [], 0
        while step < a.steps:
            obs_b = np.zeros((T, N) + obs_shape, np.uint8)
            act_b, logp_b = np.zeros((T, N), np.int64), np.zeros((T, N), np.float32)
            rew_b, end_b, val_b, train_b = (np.zeros((T, N), np.float32) for _ in range(4))
            for t in range(T):
                with torch.no_grad():
                    logits, v = pi(torch.from_numpy(frames))
                dist = torch.distributions.Categorical(logits=logits)
                action = dist.sample()
                obs_b[t], act_b[t], logp_b[t], val_b[t], train_b[t] = frames, action.numpy(), dist.log_prob(action).numpy(), v.numpy(), ~starting
                o, r, terminated, truncated, info = envs.step(action.numpy())
                # The autoreset step ends nothing but starts anew: no bootstrapping across it.
                rew_b[t], end_b[t] = r, (terminated | truncated) | starting
                if "_episode" in info:
                    returns += info["episode"]["r"][info["_episode"]].tolist()
                frames = np.concatenate([frames[..., frame_c:], o], axis=-1)
                frames[starting] = np.concatenate([o[starting]] * stack, axis=-1)
                starting = terminated | truncated
                step += N
            with torch.no_grad():
                _, next_v = pi(torch.from_numpy(frames))
            adv, last = np.zeros((T, N), np.float32), 0.0
            for t in reversed(range(T)):
                nv = next_v.numpy() if t == T - 1 else val_b[t + 1]
                keep = 1.0 - end_b[t]
                last = rew_b[t] + gamma * nv * keep - val_b[t] + gamma * lam * keep * last
                adv[t] = last
            use = train_b.reshape(-1) > 0
            b_obs = torch.from_numpy(obs_b.reshape((-1,) + obs_shape)[use])
            b_act, b_logp = torch.from_numpy(act_b.reshape(-1)[use]), torch.from_numpy(logp_b.reshape(-1)[use])
            b_adv = torch.from_numpy(adv.reshape(-1)[use])
            b_adv = (b_adv - b_adv.mean()) / (b_adv.std(unbiased=False) + 1e-8)  # over the rollout, as pixelpilot
            b_ret = torch.from_numpy((adv + val_b).reshape(-1)[use])
            entropies = []
            for _ in range(epochs):
                order = torch.randperm(len(b_act))
                for s in range(0, len(b_act), mb):
                    i = order[s:s + mb]
                    logits, v = pi(b_obs[i])
                    d = torch.distributions.Categorical(logits=logits)
                    ratio = (d.log_prob(b_act[i]) - b_logp[i]).exp()
                    policy_loss = -torch.min(ratio * b_adv[i], ratio.clamp(1 - clip, 1 + clip) * b_adv[i]).mean()
                    entropy = d.entropy().mean()
                    loss = policy_loss - ent_coef * entropy + val_coef * ((v - b_ret[i]) ** 2).mean()
                    opt.zero_grad()
                    loss.backward()
                    nn.utils.clip_grad_norm_(pi.parameters(), max_norm)
                    opt.step()
                    entropies.append(entropy.item())
            mean100 = float(np.mean(returns[-100:])) if returns else None
            print(json.dumps({"step": step, "episodes": len(returns), "return_mean_100": mean100, "entropy": float(np.mean(entropies)), "seconds": round(time.time() - t0, 1)}), flush=True)
    train_seconds = time.time() - t0
    with tempfile.TemporaryDirectory() as d:
        weights, policy = os.path.join(d, "torch.safetensors"), os.path.join(d, "torch.ppol")
        write_safetensors(weights, {f"net.{k}": v.detach().numpy() for k, v in pi.state_dict().items()})
        spec_file = os.path.join(d, "spec.json")
        spec["env"]["num_envs"] = a.envs  # as train --game --envs sets it (minibatch_size is checked against it)
        with open(spec_file, "w") as f:
            json.dump({"torch_ppo": spec}, f)
        subprocess.run(CLI + ["import", weights, "--spec", spec_file, "--game", entry, "--out", policy, "--json"], check=True, cwd=ROOT, capture_output=True)
        ev = subprocess.run(CLI + ["eval", policy, "--game", entry, "--envs", str(a.envs), "--episodes", str(a.episodes), "--json"], check=True, cwd=ROOT, capture_output=True, text=True)
        greedy = json.loads(ev.stdout.strip().split("\n")[-1])
    print(json.dumps({"game": a.game, "preset": a.preset, "set": a.set, "entry": entry, "seed": a.seed, "random_starts": a.random_starts, "init": a.init, "steps": step, "train_seconds": round(train_seconds), "return_mean_100": float(np.mean(returns[-100:])) if returns else None, "greedy": greedy}))


if __name__ == "__main__":
    main()
