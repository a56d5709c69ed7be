"""DQN on a pixelpilot game's own scene through pixelpilot_gym.GameVectorEnv, in CleanRL's shape
(one file, one readable update; after CleanRL's dqn.py). The Q-network is the SLM Lab / pixelpilot
ConvNet of a spec file, with the same state_dict names, so its weights go back into pixelpilot:

    PYTHONPATH=node_modules/pixelpilot/python python3 dqn_catch.py \\
        --game demos/catch/training.ts --spec demos/specs/dqn_catch_pixels.json --out catch.safetensors
    npx pixelpilot import catch.safetensors --spec demos/specs/dqn_catch_pixels.json \\
        --obs 10x10x1 --actions 3 --out catch.ppol

Needs numpy and torch (Debian: python3-numpy, python3-torch). The last stdout line is a JSON summary.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

try:
    from pixelpilot_gym import GameVectorEnv, read_spec, write_safetensors
except ImportError:  # run from the package's python/examples without PYTHONPATH
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from pixelpilot_gym import GameVectorEnv, read_spec, write_safetensors

ACTIVATIONS = {"relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "elu": nn.ELU, "selu": nn.SELU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


class QNetwork(nn.Module):
    """SLM Lab's ConvNet (batch_norm false): conv_model (Conv2d + activation per row), fc_model
    (Linear + activation per hidden layer), model_tail (one Linear to the Q-values)."""

    def __init__(self, net, obs_shape, n_actions):
        super().__init__()
        if net["type"] != "ConvNet" or net.get("batch_norm", True) or net.get("out_layer_activation") not in (None, "linear"):
            raise ValueError("this example builds a ConvNet with \"batch_norm\": false and a linear output layer")
        act = ACTIVATIONS[net.get("hid_layers_activation", "relu")]
        h, w, c = obs_shape
        layers = []
        for row in net["conv_hid_layers"]:
            out_c, kernel, stride, padding, dilation = (list(row) + [1, 0, 1][len(row) - 2:])[:5]
            pair = lambda v: tuple(v) if isinstance(v, list) else v  # noqa: E731
            layers += [nn.Conv2d(c, out_c, pair(kernel), pair(stride), pair(padding), pair(dilation)), act()]
            c = out_c
        self.conv_model = nn.Sequential(*layers)
        with torch.no_grad():
            features = self.conv_model(torch.zeros(1, obs_shape[2], h, w)).flatten(1).shape[1]
        fc = []
        for units in net.get("fc_hid_layers", []):
            fc += [nn.Linear(features, units), act()]
            features = units
        self.fc_model = nn.Sequential(*fc)
        self.model_tail = nn.Sequential(nn.Linear(features, n_actions))
        self.normalize = net.get("normalize", False)

    def forward(self, obs):
        """Q-values for uint8 observations (B, H, W, C), as pixelpilot feeds them (NHWC -> NCHW)."""
        x = obs.permute(0, 3, 1, 2).float()
        if self.normalize:
            x = x / 255.0
        return self.model_tail(self.fc_model(self.conv_model(x).flatten(1)))


class ReplayBuffer:
    """Uniform replay of (obs, action, reward, next_obs, terminated) in numpy arrays."""

    def __init__(self, size, obs_shape, rng):
        self.obs = np.zeros((size,) + obs_shape, np.uint8)
        self.next_obs = np.zeros((size,) + obs_shape, np.uint8)
        self.actions = np.zeros(size, np.int64)
        self.rewards = np.zeros(size, np.float32)
        self.dones = np.zeros(size, np.float32)
        self.size, self.pos, self.full, self.rng = size, 0, False, rng

    def add(self, obs, next_obs, actions, rewards, dones):
        for i in range(len(actions)):
            self.obs[self.pos], self.next_obs[self.pos] = obs[i], next_obs[i]
            self.actions[self.pos], self.rewards[self.pos], self.dones[self.pos] = actions[i], rewards[i], dones[i]
            self.pos = (self.pos + 1) % self.size
            self.full = self.full or self.pos == 0

    def sample(self, n):
        idx = self.rng.integers(0, self.size if self.full else self.pos, n)
        t = torch.from_numpy
        return t(self.obs[idx]), t(self.actions[idx]), t(self.rewards[idx]), t(self.next_obs[idx]), t(self.dones[idx])


def greedy(q_network, obs):
    with torch.no_grad():
        return q_network(torch.from_numpy(obs)).argmax(dim=1).numpy()


def evaluate(envs, q_network, episodes, seed=None):
    """Greedy returns of the first ``episodes`` episodes to end (a fresh reset first)."""
    returns = []
    obs, _ = envs.reset(seed=seed)
    while len(returns) < episodes:
        obs, _, _, _, infos = envs.step(greedy(q_network, obs))
        if "_episode" in infos:
            returns += infos["episode"]["r"][infos["_episode"]].tolist()
    return np.array(returns[:episodes])


def train(envs, q_network, args, log=print):
    """CleanRL's DQN loop; returns (steps, steps when the greedy catch rate first reached args.target or None)."""
    rng = np.random.default_rng(args.seed)
    target_network = type(q_network)(args.net, envs.single_observation_space.shape, envs.single_action_space.n)
    target_network.load_state_dict(q_network.state_dict())
    optimizer = torch.optim.Adam(q_network.parameters(), lr=args.learning_rate)
    rb = ReplayBuffer(args.buffer_size, envs.single_observation_space.shape, rng)
    n = envs.num_envs
    obs, _ = envs.reset(seed=args.seed)
    autoreset = np.zeros(n, bool)
    reached, step = None, 0
    for iteration in range(1, args.total_steps // n + 1):
        step = iteration * n
        epsilon = max(args.end_e, 1.0 - (1.0 - args.end_e) * step / (args.exploration_fraction * args.total_steps))
        actions = np.where(rng.random(n) < epsilon, rng.integers(0, envs.single_action_space.n, n), greedy(q_network, obs))
        next_obs, rewards, terminations, truncations, infos = envs.step(actions)
        # Next-step autoreset: a copy whose episode ended last step ignored its action; no transition.
        keep = ~autoreset
        rb.add(obs[keep], next_obs[keep], actions[keep], rewards[keep], terminations[keep])
        obs, autoreset = next_obs, terminations | truncations
        if step > args.learning_starts and iteration % args.train_frequency == 0:
            b_obs, b_actions, b_rewards, b_next, b_dones = rb.sample(args.batch_size)
            with torch.no_grad():
                target = b_rewards + args.gamma * target_network(b_next).max(dim=1).values * (1 - b_dones)
            q = q_network(b_obs).gather(1, b_actions.unsqueeze(1)).squeeze(1)
            loss = F.smooth_l1_loss(q, target)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(q_network.parameters(), args.clip_grad)
            optimizer.step()
        if iteration % args.target_network_frequency == 0:
            target_network.load_state_dict(q_network.state_dict())
        if args.eval_every and iteration % (args.eval_every // n) == 0 and step > args.learning_starts:
            # Seeded resets (a reset without a seed is seeded by the server at random): runs repeat.
            rate = float(np.mean(evaluate(envs, q_network, args.eval_episodes, seed=args.seed + 10_000 + iteration) > 0))
            log(f"step {step}: epsilon {epsilon:.2f}, greedy catches {100 * rate:.1f}%")
            obs, _ = envs.reset(seed=args.seed + 20_000 + iteration)
            autoreset[:] = False
            if reached is None and rate >= args.target:
                reached = step
            if rate >= args.stop_at:
                break
    return step, reached


def state_dict_arrays(q_network, prefix="net."):
    """The state_dict as ``pixelpilot export --format safetensors`` names it (``net.<key>``), numpy float32."""
    return {prefix + k: v.detach().cpu().numpy().astype(np.float32) for k, v in q_network.state_dict().items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--game", default="demos/catch/training.ts", help="the training entry")
    ap.add_argument("--spec", default="demos/specs/dqn_catch_pixels.json", help="the spec file whose ConvNet is the Q-network")
    ap.add_argument("--out", default="catch.safetensors", help="where the trained state_dict goes")
    ap.add_argument("--command", default="npx pixelpilot", help="how to run the pixelpilot CLI (split as a shell would)")
    ap.add_argument("--port", type=int, help="a running pixelpilot serve (else one is started)")
    ap.add_argument("--num-envs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--total-steps", type=int, default=20000, help="agent steps over all copies")
    ap.add_argument("--learning-rate", type=float, default=1e-3)
    ap.add_argument("--buffer-size", type=int, default=10000)
    ap.add_argument("--gamma", type=float, default=0.95)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--learning-starts", type=int, default=500)
    ap.add_argument("--train-frequency", type=int, default=1, help="vector steps per gradient step")
    ap.add_argument("--target-network-frequency", type=int, default=50, help="vector steps per target copy")
    ap.add_argument("--exploration-fraction", type=float, default=0.25, help="share of total-steps over which epsilon decays")
    ap.add_argument("--end-e", type=float, default=0.05)
    ap.add_argument("--clip-grad", type=float, default=10.0)
    ap.add_argument("--eval-every", type=int, default=2000, help="agent steps between greedy evaluations (0: none)")
    ap.add_argument("--eval-episodes", type=int, default=100)
    ap.add_argument("--target", type=float, default=0.9, help="the greedy catch rate whose first step is reported")
    ap.add_argument("--stop-at", type=float, default=1.0, help="stop once an evaluation reaches this catch rate")
    ap.add_argument("--final-episodes", type=int, default=200)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    spec = read_spec(args.spec)
    args.net = spec["agent"]["net"] if isinstance(spec["agent"], dict) else spec["agent"][0]["net"]
    t0 = time.time()
    with GameVectorEnv(args.game, args.num_envs, port=args.port, command=args.command) as envs:
        shape = envs.single_observation_space.shape
        q_network = QNetwork(args.net, shape, envs.single_action_space.n)
        steps, reached = train(envs, q_network, args, log=lambda s: print(s, flush=True))
        train_s = time.time() - t0
        returns = evaluate(envs, q_network, args.final_episodes, seed=args.seed + 1000)
    write_safetensors(args.out, state_dict_arrays(q_network))
    obs = "x".join(str(d) for d in shape)
    print(f"saved {args.out}; into pixelpilot: npx pixelpilot import {args.out} --spec {args.spec} --obs {obs} --actions {envs.single_action_space.n} --out POLICY")
    print(json.dumps({"steps": steps, "steps_to_target": reached, "target": args.target, "greedy_catch_rate": float(np.mean(returns > 0)),
                      "greedy_return_mean": float(returns.mean()), "episodes": len(returns), "train_seconds": round(train_s, 1),
                      "seconds": round(time.time() - t0, 1), "obs": obs, "actions": int(envs.single_action_space.n)}))


if __name__ == "__main__":
    main()
