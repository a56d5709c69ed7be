/**
 * Presets on Phaser's own example games (test/games/: breakout, snake, firstgame), through the
 * `pixelpilot` command as a user runs it: for each game and seed, `train SPEC --game ENTRY --envs N
 * --frames F` (timed by the wall clock from the command's start: browser start and bundling
 * included), then `eval POLICY --game ENTRY --episodes E` greedily; and, once per game, random play:
 * an untrained DoubleDQN at epsilon 1 that never trains (uniform random actions through the same
 * decision loop, decision period and episode cut as training, with random starts as eval plays),
 * whose mean return over its last 100 episodes is the random column (cached in build/bench/arcade/ per game and frames).
 *
 * The spec is a preset of src/presets (read fresh with tsx) or a spec file, with `--set` overrides:
 *   node benchmarks/arcade_games.bench.mjs [--preset ppoArcadePixels | --spec FILE] [--set agent.algorithm.gamma=0.99 ...]
 *     [--games breakout,snake,firstgame] [--seeds 1,2,3] [--envs 8] [--frames N | --minutes M] [--episodes 200] [--label NAME] [--random-only]
 *     (--minutes M: train each for M minutes of stepping, `train --minutes M`, instead of a number of steps)
 *     [--entry game=PATH]  (another training entry for a game, e.g. with another decision period)
 *     [--train-flag FLAG ...]  (passed to train, e.g. --train-flag --sticky-actions --train-flag 0.25; a starts flag,
 *                               e.g. --train-flag --no-random-starts, replaces breakout's own --random-starts)
 * Plain Node (it drives a browser); builds dist/ first when it is missing. Rows are printed as JSON
 * lines as they finish (and appended to build/bench/arcade/rows_LABEL.jsonl), then a markdown table.
 * Then benchmarks/arcade_shipped.bench.mjs plays the shipped bots at real time.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const all = (name) => args.flatMap((a, i) => (a === name ? [args[i + 1]] : []));
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli.js');
const outDir = join(root, 'build', 'bench', 'arcade');

/**
 * Agent steps (over all copies) per game: up to about 5 minutes of training on 2 cores at load 1-2
 * (breakout 84,000 in 322-355 s, so 72,000; with one pass over each rollout, 84,000 took 264 s
 * at load 0.6; snake 80,000 in 235-302 s; the first game learns in 40,000, 164-167 s).
 * trainFlags: breakout restarts its scene every ball (its entry's onDone), so every ball would
 * start the same way: it trains on varied starts, as it is evaluated.
 */
const GAMES = {
  breakout: { entry: 'test/games/breakout/training.ts', frames: 72000, randomFrames: 8000, trainFlags: ['--random-starts'] },
  snake: { entry: 'test/games/snake/training.ts', frames: 80000, randomFrames: 32000 },
  firstgame: { entry: 'test/games/firstgame/training.ts', frames: 40000, randomFrames: 42000 },
};
// --entry game=PATH trains and evaluates another training entry of that game (e.g. another decision period).
for (const e of all('--entry')) {
  const [game, path] = e.split('=');
  GAMES[game] = { ...GAMES[game], entry: path };
}
const games = arg('--games', Object.keys(GAMES).join(',')).split(',');
const seeds = arg('--seeds', '1').split(',');
const envs = arg('--envs', '8');
const episodes = arg('--episodes', '200');
const presetName = arg('--preset', 'ppoArcadePixels');
const specFile = arg('--spec', null);
const sets = all('--set');
const trainFlags = all('--train-flag');
const label = arg('--label', all('--set').length > 0 ? all('--set').join(' ') : (specFile ?? presetName));

if (!existsSync(cli)) spawnSync('npx', ['rollup', '-c', '--silent'], { cwd: root, stdio: 'inherit' });
mkdirSync(outDir, { recursive: true });

/** The presets as src/presets has them now (not a dist/ build that may be older). */
function readPresets() {
  const r = spawnSync('npx', ['tsx', '-e', "import {presets} from './src/presets/index.ts'; process.stdout.write(JSON.stringify(presets))"], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reading the presets failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Sets `path` (dotted, e.g. agent.algorithm.gamma) of `spec` to `value` (JSON, else a string). */
function setKey(spec, path, value) {
  const keys = path.split('.');
  let o = spec;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  let v;
  try {
    v = JSON.parse(value);
  } catch {
    v = value;
  }
  o[keys.at(-1)] = v;
}

/** Runs the command with `commandArgs`; its last --json line, parsed, and the wall-clock seconds it took. */
function pixelpilot(commandArgs) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...commandArgs, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`pixelpilot ${commandArgs.join(' ')} failed (${r.status}):\n${r.stderr}`);
  // train --game's own lines on stderr: how it acted, and where the time went.
  const said = (start) => r.stderr.split('\n').find((l) => l.startsWith(start))?.slice(start.length) ?? null;
  return { result: JSON.parse(r.stdout.trim().split('\n').at(-1)), seconds, acting: said('acting: '), timing: said('where the time went: ') };
}

const presets = readPresets();
const spec = specFile === null ? structuredClone(presets[presetName]) : JSON.parse(readFileSync(specFile, 'utf8'));
for (const s of sets) {
  const eq = s.indexOf('=');
  setKey(spec, s.slice(0, eq), s.slice(eq + 1));
}
// Files of this run are named after its label (several runs may share build/bench/arcade/).
const slug = label.replace(/[^A-Za-z0-9.=-]+/g, '_').slice(0, 80);
const specPath = join(outDir, `spec_${slug}.json`);
writeFileSync(specPath, JSON.stringify(spec, null, 1));

// Random play: DoubleDQN at epsilon 1 for the whole run, training never starts.
const randomSpec = structuredClone(presets.dqnSmallPixels);
randomSpec.agent.algorithm.explore_var_spec = { name: 'linear_decay', start_val: 1, end_val: 1, start_step: 0, end_step: 1 };
randomSpec.agent.algorithm.training_start_step = 1e12;
randomSpec.agent.memory.max_size = 1000;
const randomSpecPath = join(outDir, 'random_spec.json');
writeFileSync(randomSpecPath, JSON.stringify(randomSpec));

/** Random play's mean return over its last 100 episodes on `game`, measured once (cached). */
function randomReturn(game) {
  const { entry, randomFrames } = GAMES[game];
  const cache = join(outDir, `random_starts_${game}_${randomFrames}_${entry.replace(/[^A-Za-z0-9.]+/g, '_')}.json`);
  if (!existsSync(cache)) {
    // With random starts, as eval --game plays the trained policy (its default): a game whose no-op
    // start costs the player (breakout's ball flies while the paddle waits) scores less either way.
    const r = pixelpilot(['train', randomSpecPath, '--game', entry, '--envs', '8', '--steps', String(randomFrames), '--seed', '1', '--backend', 'wasm', '--random-starts']);
    writeFileSync(cache, JSON.stringify({ ...r.result, wall: r.seconds }));
  }
  return JSON.parse(readFileSync(cache, 'utf8'));
}

const rows = [];
for (const game of games) {
  const random = randomReturn(game);
  console.log(JSON.stringify({ game, random }));
  if (args.includes('--random-only')) continue;
  for (const seed of seeds) {
    const { entry } = GAMES[game];
    const minutes = arg('--minutes', null);
    const budget = minutes === null ? ['--steps', arg('--frames', String(GAMES[game].frames))] : ['--minutes', minutes];
    const policy = join(outDir, `${game}_${slug}_seed${seed}.ppol`);
    const load = loadavg()[0].toFixed(1);
    // A starts flag given (--train-flag --no-random-starts) replaces the game's own.
    const ownStarts = trainFlags.some((f) => /random-starts|noop-max/.test(f));
    const flags = [...(ownStarts ? [] : (GAMES[game].trainFlags ?? [])), ...trainFlags];
    const train = pixelpilot(['train', specPath, '--game', entry, '--envs', envs, ...budget, '--seed', seed, '--backend', 'wasm', '--save', policy, '--plot', join(outDir, `${game}_${slug}_seed${seed}.svg`), ...flags]);
    const evaluation = pixelpilot(['eval', policy, '--game', entry, '--envs', '8', '--episodes', episodes]);
    // The shipped file: weights only (what loadBot needs), against the training file.
    const shipped = policy.replace(/\.ppol$/, '.bot.ppol');
    pixelpilot(['export', policy, '--format', 'ppol', '--out', shipped]);
    const sizes = { trainingBytes: statSync(policy).size, shippedBytes: statSync(shipped).size };
    const row = {
      game, label, seed, envs, frames: train.result.steps, trainSeconds: Math.round(train.seconds), trainReturnMean100: train.result.return_mean_100,
      greedyMean: evaluation.result.return_mean, greedyStd: evaluation.result.return_std, evalEpisodes: evaluation.result.episodes,
      greedyMin: evaluation.result.return_min, greedyMedian: evaluation.result.return_median, greedyMax: evaluation.result.return_max,
      distinctEpisodes: evaluation.result.distinct_episodes, randomStarts: evaluation.result.random_starts, ...sizes,
      evalSeconds: Math.round(evaluation.seconds), randomMean: random.return_mean_100, randomEpisodes: random.episodes, load,
      acting: train.acting, timing: train.timing,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
    // benchmarks/arcade_shipped.bench.mjs reads these (the shipped bots at real time).
    appendFileSync(join(outDir, `rows_${slug}.jsonl`), `${JSON.stringify(row)}\n`);
  }
}

const f2 = (x) => (x === null || x === undefined ? '-' : x.toFixed(2));
console.log(`\nspec: ${label}; ${envs} copies; greedy over ${episodes} episodes; random: last 100 episodes of uniform random play`);
console.log('| game | seed | agent steps | wall s (train) | training return (last 100) | greedy return mean ± std (varied starts) | distinct episodes | random return | shipped / training bytes | load at start |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.game} | ${r.seed} | ${r.frames} | ${r.trainSeconds} | ${f2(r.trainReturnMean100)} | ${f2(r.greedyMean)} ± ${f2(r.greedyStd)} | ${r.distinctEpisodes}/${r.evalEpisodes} | ${f2(r.randomMean)} | ${r.shippedBytes} / ${r.trainingBytes} (${((100 * r.shippedBytes) / r.trainingBytes).toFixed(0)}%) | ${r.load} |`);
}
