/**
 * Demonstrations on an arcade port (issue 18's arcade target), through the `pixelpilot` command as
 * a user runs it: for each seed, `record --game` records the entry's heuristic (a few minutes of
 * play at the game's real-time decision rate), then `train PRESET --game --demos FILE --metrics`
 * (cloning pre-training, then the preset with its cloning loss beside RL) and `train PRESET --game
 * --metrics` alone, the same steps, copies and seed. Prints, per seed, the steps each run took to
 * first reach the preset-alone run's final score (its mean return of the last 100 episodes) and
 * both curves (the metrics files are kept in build/bench/arcade_demos/).
 *
 *   node benchmarks/arcade_demos.bench.mjs [--game breakout] [--preset ppoArcadePixels] [--seeds 1,2]
 *     [--envs 8] [--steps 40000] [--record-envs 4] [--record-steps 4000] [--frame-stack 2]
 *     [--record-flag FLAG ...]  (passed to record, e.g. --record-flag --random-starts: recorded from
 *                                varied starts, as eval --game plays; docs/measured.md, twelfth session)
 * Plain Node (it drives a browser); builds dist/ first when it is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const all = (name) => args.flatMap((a, i) => (a === name ? [args[i + 1]] : []));
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli.js');
const outDir = join(root, 'build', 'bench', 'arcade_demos');
const ENTRIES = { breakout: 'test/games/breakout/training.ts', firstgame: 'test/games/firstgame/training.ts' };
const game = arg('--game', 'breakout');
const entry = ENTRIES[game] ?? game;
const preset = arg('--preset', 'ppoArcadePixels');
const seeds = arg('--seeds', '1').split(',');
const envs = arg('--envs', '8');
const steps = Number(arg('--steps', '40000'));
const recordEnvs = arg('--record-envs', '4');
const recordSteps = arg('--record-steps', '4000');
// ppoArcadePixels stacks 2 frames, dqnSmallPixels 1 (their env.frame_op_len).
const frameStack = arg('--frame-stack', preset.startsWith('dqn') ? '1' : '2');

if (!existsSync(cli)) spawnSync('npx', ['rollup', '-c', '--silent'], { cwd: root, stdio: 'inherit' });
mkdirSync(outDir, { recursive: true });

/** Runs the command; its JSON line and wall seconds. */
function run(argv) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, ...argv, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`pixelpilot ${argv.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { json: JSON.parse(r.stdout.trim().split('\n').at(-1)), wall: (Date.now() - t0) / 1000 };
}

const curve = (file) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
/** The first metrics line whose mean return reaches `target`; null when none does. */
const reach = (lines, target) => lines.find((l) => l.return_mean_100 !== null && l.return_mean_100 >= target)?.step ?? null;

const rows = [];
for (const seed of seeds) {
  const demos = join(outDir, `${game}_s${seed}.pxdemo`);
  const rec = run(['record', '--game', entry, '--envs', recordEnvs, '--steps', recordSteps, '--seed', seed, '--frame-stack', frameStack, ...all('--record-flag'), '--out', demos]);
  console.log(JSON.stringify({ seed, record: rec.json, wall: rec.wall }));
  const files = { demos: join(outDir, `${game}_${preset}_demos_s${seed}.jsonl`), alone: join(outDir, `${game}_${preset}_alone_s${seed}.jsonl`) };
  const out = {};
  for (const kind of ['demos', 'alone']) {
    rmSync(files[kind], { force: true });
    const load = loadavg()[0];
    const t = run(['train', preset, '--game', entry, '--envs', envs, '--steps', String(steps), '--seed', seed, '--backend', 'wasm', '--watchdog', '300', '--metrics', files[kind], ...(kind === 'demos' ? ['--demos', demos] : [])]);
    out[kind] = { ...t.json, wall: t.wall, load };
    console.log(JSON.stringify({ seed, kind, ...out[kind] }));
  }
  const alone = curve(files.alone);
  const withDemos = curve(files.demos);
  const target = out.alone.return_mean_100;
  const row = {
    seed,
    recorded: { steps: rec.json.steps, episodes: rec.json.episodes, return_mean: rec.json.return_mean },
    target,
    steps_to_target: { demos: reach(withDemos, target), alone: reach(alone, target) },
    final: { demos: out.demos.return_mean_100, alone: target },
    wall: { demos: out.demos.wall, alone: out.alone.wall },
    curves: { demos: withDemos.map((l) => [l.step, l.return_mean_100]), alone: alone.map((l) => [l.step, l.return_mean_100]) },
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
console.log(`\n| seed | recorded (steps, episodes, return) | preset alone: final return | steps to it: demos + preset | steps to it: preset alone | demos + preset: final return |`);
console.log('|---|---|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.seed} | ${r.recorded.steps}, ${r.recorded.episodes}, ${r.recorded.return_mean?.toFixed(1)} | ${r.target?.toFixed(2)} | ${r.steps_to_target.demos ?? 'not reached'} | ${r.steps_to_target.alone} | ${r.final.demos?.toFixed(2)} |`);
}
