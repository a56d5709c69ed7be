"""K servers from one learner (issue #19): K ``pixelpilot serve`` processes (each its own Chromium,
``--copies`` copies of the entry's scene) on loopback, stepped by this one Python process with random
actions; every step is sent to all K servers before any answer is read (step_async / step_wait), so
their copies step at the same time ("pipelined"); for K > 1 also one server after the other
("sequential", step() each in turn) for comparison. Prints one JSON line per K and mode: agent
steps (over all copies of all servers) per second, and the wall time of one round of K steps.

Run by benchmarks/serve_python.bench.mjs (which passes --command); alone:
    PYTHONPATH=python python3 benchmarks/serve_python_bench.py --command "node dist/cli.js" --ks 1,2,4
"""
import argparse
import json
import re
import time

import numpy as np

from pixelpilot_gym import GameVectorEnv


def measure(k, args):
    """K servers started, reset, and stepped in each mode; closed at the end."""
    t0 = time.perf_counter()
    envs = [GameVectorEnv(args.game, args.copies, seed=i + 1, command=args.command) for i in range(k)]
    try:
        start_s = time.perf_counter() - t0
        for e in envs:
            e.reset()
        rng = np.random.default_rng(0)
        n = envs[0].single_action_space.n

        def pipelined():
            for e in envs:
                e.step_async(rng.integers(0, n, args.copies))
            for e in envs:
                e.step_wait()

        def sequential():
            for e in envs:
                e.step(rng.integers(0, n, args.copies))

        rows = []
        for mode, round_ in [("pipelined", pipelined), ("sequential", sequential)][: 2 if k > 1 else 1]:
            rows.append(dict(run(round_, args, k), mode=mode, start_s=round(start_s, 1)))
        return rows
    finally:
        for e in envs:
            e.close()


def run(round_, args, k):
    """Rounds of ``round_`` for args.seconds after args.warmup: steps per second and round times."""
    for _ in range(args.warmup):
        round_()
    times = []
    t1 = time.perf_counter()
    while time.perf_counter() - t1 < args.seconds:
        r0 = time.perf_counter()
        round_()
        times.append(time.perf_counter() - r0)
    elapsed = time.perf_counter() - t1
    steps = len(times) * k * args.copies
    return {"servers": k, "copies_each": args.copies, "rounds": len(times), "steps": steps, "seconds": round(elapsed, 2),
            "steps_per_s": round(steps / elapsed, 1), "round_ms_median": round(1000 * float(np.median(times)), 2),
            "round_ms_p95": round(1000 * float(np.percentile(times, 95)), 2)}


TIMING = re.compile(r"served (\d+) requests .*per request: ([\d.]+) ms round trip to the page, ([\d.]+) ms of it in the page, "
                    r"([\d.]+) ms on the page link; (\d+) observation bytes, (\d+) bytes on the page link")


def bridge(args):
    """One server, args.copies copies, args.steps random steps through Python: the bridge's rate and the server's split."""
    t0 = time.perf_counter()
    env = GameVectorEnv(args.game, args.copies, seed=1, command=args.command)
    server = env._server
    try:
        start_s = time.perf_counter() - t0
        env.reset()
        rng = np.random.default_rng(0)
        n = env.single_action_space.n
        for _ in range(args.warmup):
            env.step(rng.integers(0, n, args.copies))
        episodes = 0
        t1 = time.perf_counter()
        for _ in range(args.steps):
            _, _, terminated, truncated, _ = env.step(rng.integers(0, n, args.copies))
            episodes += int(terminated.sum() + truncated.sum())
        elapsed = time.perf_counter() - t1
    finally:
        env.close()
    # The timing line comes as the server stops: wait for its stderr to be drained.
    server._stderr_thread.join(timeout=5.0)
    m = TIMING.search(server.stderr_tail())
    if m is None:
        raise SystemExit(f"no timing line in the server's stderr:\n{server.stderr_tail()}")
    return {"copies": args.copies, "steps": args.steps, "agent_steps": args.steps * args.copies, "seconds": round(elapsed, 2),
            "steps_per_s": round(args.steps * args.copies / elapsed, 1), "step_ms": round(1000 * elapsed / args.steps, 3),
            "episodes": episodes, "start_s": round(start_s, 1), "requests": int(m.group(1)), "round_trip_ms": float(m.group(2)),
            "page_ms": float(m.group(3)), "link_ms": float(m.group(4)), "observation_bytes": int(m.group(5)), "link_bytes": int(m.group(6))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--command", default="npx pixelpilot")
    ap.add_argument("--game", default="demos/catch/training.ts")
    ap.add_argument("--ks", default="1,2,4")
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--bridge", action="store_true", help="one server, --copies copies, --steps steps (see the module's doc)")
    ap.add_argument("--steps", type=int, default=1500)
    args = ap.parse_args()
    if args.bridge:
        print(json.dumps(bridge(args)), flush=True)
        return
    for k in [int(x) for x in args.ks.split(",")]:
        for row in measure(k, args):
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
