/**
 * The `pixelpilot` command. Every command takes `--json`, which prints one JSON object as the last
 * line of stdout; without it, people get tables. Bad input exits non-zero with the typed error's
 * message and no stack trace (set PIXELPILOT_DEBUG=1 to see one).
 */
import { parseArgs } from 'node:util';
import { PixelpilotError, UsageError } from '../util/errors';
import { evaluate } from './eval_command';
import { runExport } from './export_command';
import { runImport } from './import_command';
import { runServe } from './serve_command';
import { evalGameCommand, trainGameCommand } from './game_command';
import { describeStarts, START_FLAGS, startFlags } from './start_flags';
import { given } from './args';
import { formatSummaryText, summarize } from './summary_command';
import { train } from './train_command';
import { runRecord } from './record_command';

const USAGE = `usage: pixelpilot <command> [options]

commands:
  summary SPEC [--name NAME] [--obs HxWxC|D] [--actions N] [--max-params N] [--json]
      layers, output shapes and parameter counts of the nets SPEC builds
  train SPEC [--name NAME] [--env NAME|PATH] [--steps N] [--seed S] [--backend cpu|wasm]
        [--save FILE] [--metrics FILE] [--max-params N] [--demos FILE] [--json]
      trains the spec's agent headless; --save writes the policy file; --demos learns from a
      demonstration file too (pre-training, then DQfD or behaviour cloning; --steps 0:
      pre-training only)
  train SPEC --game ENTRY [--envs N] [--steps N] [--minutes M] [--seed S] [--backend auto|webgpu|wasm|cpu]
        [--browser PATH] [--save FILE] [--plot FILE.svg] [--metrics FILE] [--watchdog S]
        [--random-starts | --no-random-starts | --noop-max N] [--sticky-actions P]
        [--overlap | --no-overlap] [--demos FILE] [--json]
      trains on the game's own Phaser scene (a training entry module), N copies stepped by
      hand in headless Chromium (--browser, else a system Chromium/Chrome). --overlap: PPO and
      A2C with a feedforward net act on a second worker, on weights one training round behind,
      while the first trains (faster; the default, --no-overlap, acts in the training worker,
      the copies waiting for each round); --minutes M stops the copies after M minutes of
      stepping, or at --steps if that comes first (without --steps, at M minutes only); --plot
      draws return and its moving average against agent steps; --metrics (both forms) appends a
      JSON line every meta.log_frequency agent steps, at least 50 lines a run (with --minutes
      alone, every 1,000 steps at most). An error in the game stops
      the run (exit 1) and is printed with its place in your files; --watchdog S (default 30,
      0: off) stops a run that stands still for S seconds (no decision, or the copies not
      booted / the scenes' create() not run) and says what it last saw; the agent's warnings
      print as 'pixelpilot: warning: ...' on stderr; --demos as with --env (--steps 0:
      pre-training only, no copy started)
  eval POLICY_FILE [--env NAME|PATH] [--episodes N] [--seed S] [--backend cpu|wasm]
        [--max-params N] [--json]
      plays a saved policy greedily; --env is required unless the policy's env is built in
  eval POLICY_FILE --game ENTRY [--envs N] [--episodes N] [--seed S] [--backend ...] [--browser PATH]
        [--watchdog S] [--random-starts | --no-random-starts | --noop-max N] [--sticky-actions P]
      plays it greedily on N copies of the game's own scene, headless (a policy file never
      names code to run); prints the returns' spread and how many episodes were distinct.
      Random starts (eval --game: on by default; train --game: off unless --random-starts): each
      episode begins after the entry's reset(scene, rng) and 0..N no-op decisions (N: --noop-max,
      else the entry's noopMax, else 30); --sticky-actions P: each frame keeps the previous action
      with probability P (default 0)
  record --game ENTRY --steps N --out FILE [--envs N] [--seed S] [--frame-stack K] [--reflex-lag K]
        [--random-starts | --no-random-starts | --noop-max N] [--sticky-actions P]
        [--browser PATH] [--watchdog S] [--json]
      records demonstrations: the entry's heuristic(scene, player) plays N copies of the game's
      own scene headless; writes a demonstration file for train --game --demos (--frame-stack:
      the spec's env.frame_op_len, default the entry's observation.frameStack, else 4) and prints
      the steps, episodes and mean return recorded. Starts as train --game's (off unless
      --random-starts): a clone plays well only from starts like those it was shown
  export POLICY_FILE --format ppol|safetensors|onnx --out FILE [--max-params N] [--json]
      ppol: the policy without its training state (optimizer slots, target nets, counters),
        what loadBot needs; safetensors: the nets as PyTorch state_dicts of the SLM Lab / AMAGO
        modules of the spec (keys net.<name>); onnx: the acting net with Unity ML-Agents' inputs
        (obs_0 = pixels/255 NCHW, action_masks, recurrent_in) and outputs, plus logits.
        Prints both files' sizes, raw and gzipped (see docs/interop.md)
  import WEIGHTS.safetensors --spec SPEC [--name NAME] --obs HxWxC|D --actions N --out POLICY_FILE
        [--max-params N] [--json]
  import WEIGHTS.safetensors --spec SPEC [--name NAME] --game ENTRY [--browser PATH] --out POLICY_FILE
        [--max-params N] [--json]
      a PyTorch state_dict of the nets SPEC builds for those spaces (net.<name> keys, or one
      net's bare keys) as a weights-only policy file; every missing, unexpected or misshapen
      tensor is named, with the spec and spaces. --game takes the action names and the
      observation from a training entry (its observation options, the spec's frame stack) as
      train --game does, reading the entry in headless Chromium: eval --game plays the result

  serve --game ENTRY [--envs N] [--port P] [--host H] [--seed S] [--browser PATH] [--token T]
        [--idle-timeout SECONDS] [--watchdog S] [--random-starts | --noop-max N] [--sticky-actions P]
      serves N copies of the game's own scene (headless Chromium, as train --game runs them)
      as one vector env over TCP, for trainers in other languages (Python: pixelpilot_gym;
      the wire protocol: docs/serve-protocol.md). Prints one JSON line when ready ({"port": P,
      ...}; --port 0, the default, lets the system choose). Binds 127.0.0.1 unless --host;
      off loopback a client must give the token (--token, else $PIXELPILOT_TOKEN, else one
      is made up and printed in that line). One client at a time; one that leaves frees the
      copies; with no client for --idle-timeout seconds (default 60, 0: never) the server
      stops and closes Chromium. The game's errors go to the client and stop the server
      (exit 1); a port in use exits 2. Random starts and sticky actions as in train --game
      (off by default): each episode a client sees then begins as train --game's would

SPEC: a spec file (SLM Lab's format, comments allowed) or a preset's name: dqnSmallPixels,
ppoArcadePixels, ppoMemoryPixels, ppoVector (or dqn_small_pixels, ...)

words: a game FRAME is one rendered frame; a DECISION is one player's (one copy's) choice of
action, every decisionPeriod frames; an agent STEP is one decision's transition, counted over
all envs or copies (SLM Lab's "frame"): --steps and the JSON's steps count agent steps
(--frames, the old name of --steps, still works)

every command takes --json: one JSON object on the last line of stdout
--seed: a decimal integer (safe integer range); --max-params: the cap on the nets'
trainable parameters, checked before anything is built (default 50000000)`;

type Out = { log: (s: string) => void; err: (s: string) => void };

/** `--frames`, the old name of `--steps`, read as `steps` (UsageError when both are given). */
function stepsFlag<T extends { steps?: string | undefined; frames?: string | undefined }>(values: T): T {
  if (values.frames === undefined) return values;
  if (values.steps !== undefined) throw new UsageError('give --steps or its old name --frames, not both');
  return { ...values, steps: values.frames, frames: undefined };
}

async function runSummary(args: string[], out: Out): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      obs: { type: 'string' },
      actions: { type: 'string' },
      'max-params': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('summary takes exactly one SPEC file');
  const { json, ...flags } = values;
  const specPath = positionals[0]!;
  const summary = await summarize(specPath, given(flags));
  for (const w of summary.warnings) out.err(`warning: ${w}`);
  if (json) out.log(JSON.stringify(summary.result));
  else out.log(formatSummaryText(flags.name ?? specPath, summary));
}

async function runTrain(args: string[], out: Out): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      env: { type: 'string' },
      steps: { type: 'string' },
      frames: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      save: { type: 'string' },
      metrics: { type: 'string' },
      'max-params': { type: 'string' },
      game: { type: 'string' },
      envs: { type: 'string' },
      browser: { type: 'string' },
      plot: { type: 'string' },
      watchdog: { type: 'string' },
      ...START_FLAGS,
      overlap: { type: 'boolean' },
      'no-overlap': { type: 'boolean' },
      minutes: { type: 'string' },
      demos: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('train takes exactly one SPEC file');
  const { json, game, envs, browser, plot, watchdog, frames, 'random-starts': randomStarts, 'no-random-starts': noRandomStarts, 'noop-max': noopMax, 'sticky-actions': stickyActions, overlap, 'no-overlap': noOverlap, minutes, ...flags } = stepsFlag(values);
  const starts = startFlags(game, randomStarts, noRandomStarts, noopMax, stickyActions);
  if (game === undefined) {
    for (const [k, v] of [['envs', envs], ['browser', browser], ['plot', plot], ['watchdog', watchdog], ['overlap', overlap], ['no-overlap', noOverlap], ['minutes', minutes]] as const) if (v !== undefined) throw new UsageError(`--${k} is used with --game ENTRY only`);
  } else {
    if (overlap === true && noOverlap === true) throw new UsageError('give --overlap or --no-overlap, not both');
    for (const k of ['env', 'max-params'] as const) if (flags[k] !== undefined) throw new UsageError(`--${k} cannot be used with --game`);
  }
  const result = game === undefined
    ? await train(positionals[0]!, given(flags), out.err)
    : await trainGameCommand(positionals[0]!, { ...given({ name: flags.name, steps: flags.steps, seed: flags.seed, backend: flags.backend, save: flags.save, metrics: flags.metrics, demos: flags.demos, envs, browser, plot, watchdog, minutes }), ...starts, ...(overlap === true ? { overlap } : {}), game }, out.err);
  if (json) out.log(JSON.stringify(result));
  else {
    const ret = result.return_mean_100 === null ? '-' : result.return_mean_100.toFixed(2);
    out.log(`trained ${result.steps} agent steps, ${result.episodes} episodes in ${result.seconds.toFixed(1)} s on ${result.backend}; mean return (last 100): ${ret}`);
  }
}

async function runEval(args: string[], out: Out): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      env: { type: 'string' },
      episodes: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      'max-params': { type: 'string' },
      game: { type: 'string' },
      envs: { type: 'string' },
      browser: { type: 'string' },
      watchdog: { type: 'string' },
      ...START_FLAGS,
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('eval takes exactly one POLICY_FILE');
  const { json, game, envs, browser, watchdog, 'random-starts': randomStarts, 'no-random-starts': noRandomStarts, 'noop-max': noopMax, 'sticky-actions': stickyActions, ...flags } = values;
  const starts = startFlags(game, randomStarts, noRandomStarts, noopMax, stickyActions);
  if (game === undefined && (envs !== undefined || browser !== undefined || watchdog !== undefined)) throw new UsageError('--envs, --browser and --watchdog are used with --game ENTRY only');
  if (game !== undefined && (flags.env !== undefined || flags['max-params'] !== undefined)) throw new UsageError('--env and --max-params cannot be used with --game');
  if (game === undefined) {
    const result = await evaluate(positionals[0]!, given(flags), out.err);
    if (json) out.log(JSON.stringify(result));
    else out.log(`${result.episodes} episodes: return ${result.return_mean.toFixed(3)} ± ${result.return_std.toFixed(3)}`);
    return;
  }
  // The page's warnings ('identical-episodes' among them) were printed as they came.
  const r = await evalGameCommand(positionals[0]!, { ...given({ episodes: flags.episodes, seed: flags.seed, backend: flags.backend, envs, browser, watchdog }), ...starts, game }, out.err);
  if (json) out.log(JSON.stringify(r));
  else {
    const se = r.return_se === null ? '' : ` (the mean's standard error ${r.return_se.toFixed(3)})`;
    out.log(`${r.episodes} episodes: return ${r.return_mean.toFixed(3)} ± ${r.return_std.toFixed(3)}${se}`);
    out.log(`  min ${r.return_min}, median ${r.return_median}, max ${r.return_max}; ${r.distinct_episodes} distinct episode${r.distinct_episodes === 1 ? '' : 's'}` +
      `${r.identical_episodes ? ' (all the same)' : ''}; random starts: ${describeStarts(r.random_starts, r.sticky_actions)}`);
  }
}

const COMMANDS: Record<string, (args: string[], out: Out) => Promise<void>> = { summary: runSummary, train: runTrain, eval: runEval, record: runRecord, export: runExport, import: runImport, serve: runServe };

/** Runs the CLI on `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], out: Out = { log: console.log, err: console.error }): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  try {
    if (run === undefined) throw new UsageError(`unknown command '${command}'\n\n${USAGE}`);
    await run(rest, out);
    return 0;
  } catch (e) {
    if (process.env.PIXELPILOT_DEBUG) out.err(String((e as Error).stack));
    if (e instanceof UsageError) {
      out.err(`pixelpilot: ${e.message}`);
      return 2;
    }
    if (e instanceof PixelpilotError) {
      out.err(`${e.name}: ${e.message}`);
      return 1;
    }
    // parseArgs rejects unknown flags with a TypeError whose code starts with ERR_PARSE_ARGS.
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS')) {
      out.err(`pixelpilot: ${(e as Error).message}`);
      return 2;
    }
    out.err(`pixelpilot: internal error: ${(e as Error).message} (PIXELPILOT_DEBUG=1 shows the stack)`);
    return 70;
  }
}
