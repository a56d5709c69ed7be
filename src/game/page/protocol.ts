/**
 * What `pixelpilot train|eval --game` (Node, src/cli/) and the page program it runs in headless
 * Chromium (page_program.ts, built into dist/game_page.js) say to each other. Node exposes four
 * functions on the page's window (BINDINGS); the page asks for its RunConfig, sends its events in
 * batches as it runs (a 'progress' event at least every HEARTBEAT_MS: the watchdog's heartbeat),
 * and ends with exactly one call: `result` (with the policy file's bytes for `train --save`, as a
 * Uint8Array) or `fail` (the error as data, stacks as the page saw them; Node maps them back to the
 * user's files with the page's source map). `eval`'s policy file (and `train --demos`'s demonstration
 * file) comes the other way as a plain download of POLICY_PATH (DEMOS_PATH) from the page's own server. Every type here is plain data (structured
 * clone and Playwright's serializer carry it); only the policy bytes are binary.
 */
import type { AgentWarning } from '../../attach/warnings';
import type { PixelObservationOptions, VectorObservationOptions } from '../../agent/agent_options';
import type { LoadAgentOptions } from '../../agent/load_agent';
import type { GameStage } from '../../util/errors';
import type { PlayGameOptions, PlayGameResult } from '../play_game';
import type { RandomStartsOptions } from '../random_starts';
import type { RunPhase, RunProgress } from '../run_progress';
import type { ServeStep } from '../serve_copies';
import type { ServeLayout } from '../serve_layout';
import type { TrainGameOptions, TrainGameResult } from '../train_game';
import type { RecordPageResult, RecordRunConfig } from './record_protocol';

/** This protocol's version; the page refuses a config of another (a CLI and a dist/ of different builds). */
export const PAGE_PROTOCOL = 1;

/** The functions Node exposes on the page's window, by name. */
export const BINDINGS = {
  /** `() => RunConfig`. */
  config: '__pixelpilotConfig',
  /** `(events: PageEvent[]) => void`. */
  events: '__pixelpilotEvents',
  /** `(result: PageResult) => void`: the run ended. */
  result: '__pixelpilotResult',
  /** `(error: PageError) => void`: the run failed. */
  fail: '__pixelpilotFail',
} as const;

/** Where `eval`'s page downloads the policy file from, relative to the page. */
export const POLICY_PATH = 'policy.ppol';

/** Where `train --demos`'s page downloads the demonstration file from, relative to the page. */
export const DEMOS_PATH = 'demos.pxdemo';

/** How often the page sends its progress (and its pending events) at least, in ms. */
export const HEARTBEAT_MS = 250;

/**
 * trainGame's own options that are plain data, passed through as they are: options added to
 * TrainGameOptions later reach trainGame with no change here. The page adds the others (phaser,
 * the callbacks that make events, progress).
 */
export type TrainGameDataOptions = Omit<TrainGameOptions, 'agent' | 'phaser' | 'parent' | 'onEpisode' | 'onTrain' | 'onStep' | 'onWarning' | 'progress' | 'demonstrations'>;

/** playGame's own options that are plain data, passed through as they are. */
export type PlayGameDataOptions = Omit<PlayGameOptions, 'phaser' | 'parent' | 'progress'>;

/** `train --game`: trainGame on the entry, then the policy file's bytes when `save`. */
export interface TrainRunConfig {
  command: 'train';
  protocol: typeof PAGE_PROTOCOL;
  /** The spec file's text as it is (createAgent reads comments and trailing commas). */
  spec: string;
  options: TrainGameDataOptions;
  /** Send the trained policy file's bytes (with its training state) in the result. */
  save: boolean;
  /** `--demos`: learn from the demonstration file at DEMOS_PATH, pre-training this many steps first; null without. */
  demos: { pretrainSteps: number } | null;
}

/** `eval --game`: loadAgent on POLICY_PATH (mode 'inference'), then playGame on the entry. */
export interface EvalRunConfig {
  command: 'eval';
  protocol: typeof PAGE_PROTOCOL;
  /** loadAgent's options that are plain data (`players`: the copies; `backend`). */
  agent: Omit<LoadAgentOptions, 'mode'>;
  options: PlayGameDataOptions;
}

/**
 * `import --game`: import the training entry (checked as trainGame checks it) and send what an
 * agent of it observes and how it acts, without starting the game.
 */
export interface DescribeRunConfig {
  command: 'describe';
  protocol: typeof PAGE_PROTOCOL;
}

/**
 * `pixelpilot serve`: the entry's copies as one vector env (serve_copies.ts) stepped by Node's
 * commands. The page opens the page link (a WebSocket at `link`, serve_socket.ts; its messages:
 * serve_link_codec.ts), boots the copies with `seed`, sends 'ready', then answers each command
 * with its reply, until 'stop'. Events, the result and errors go as in the other runs.
 */
export interface ServeRunConfig {
  command: 'serve';
  protocol: typeof PAGE_PROTOCOL;
  /** The page link's ws:// URL on 127.0.0.1 (with a secret path). */
  link: string;
  envs: number;
  seed: number;
  /** GameCopies.start's bound on booting the copies (ms). */
  startTimeoutMs?: number;
  /** Random starts (`--random-starts`, `--noop-max`); absent or false: off, as train --game's default. */
  randomStarts?: RandomStartsOptions | false;
  /** Sticky actions' probability (`--sticky-actions`); absent: 0. */
  stickyActions?: number;
}

/**
 * Node's commands to a serving page: 'reset' (new copies seeded with `seed` unless the ones booted
 * with that seed were never stepped), 'step' (one action per copy), 'release' (destroy the copies:
 * the client left), 'stop' (end the run with its result).
 */
export type ServeCommand =
  | { type: 'reset'; seed: number }
  | { type: 'step'; actions: Int32Array }
  | { type: 'release' }
  | { type: 'stop' };

/** The entry as served: its observation and actions (serve_layout.ts), decision period and maxStep (null: none). */
export interface ServeInfo {
  layout: ServeLayout;
  decisionPeriod: number;
  maxStep: number | null;
  /** How episodes begin: random starts (the most no-ops; false: off) and sticky actions' probability. */
  randomStarts: { noops: number } | false;
  stickyActions: number;
}

/** A serving page's reply to Node's last command (to none, the first time: 'ready'), with the ms the page spent on the command. */
export type ServeReply = (
  | { type: 'ready'; info: ServeInfo }
  | { type: 'obs'; observations: Uint8Array }
  | ({ type: 'step' } & ServeStep)
  | { type: 'released' }
) & { pageMs?: number };

/** What the page is asked to run. */
export type RunConfig = TrainRunConfig | EvalRunConfig | DescribeRunConfig | RecordRunConfig | ServeRunConfig;

/** What the page is doing: 'loading' the entry and phaser, a run's phase, or 'exporting' the policy. */
export type PagePhase = 'loading' | RunPhase | 'exporting';

/** The page's progress: the run's (RunProgress) in the page's phase. */
export interface PageProgress extends Omit<RunProgress, 'phase'> {
  phase: PagePhase;
  /** Seconds since the page program started. */
  seconds: number;
}

/** An agent step of all copies (trainGame's onStep): agent steps so far, seconds since stepping began. */
export interface StepEvent { type: 'step'; steps: number; seconds: number }
/** A finished episode: its return and its length in decisions. */
export interface EpisodeEvent { type: 'episode'; return: number; length: number }
/**
 * A training round: its loss, the optimizer updates it made, and those of the report's extras that
 * `--metrics` logs (METRIC_EXTRAS: demo_loss, entropy, explained_variance, approx_kl,
 * clip_fraction, acting_weight) that it reported.
 */
export interface TrainEvent { type: 'train'; loss: number; updates: number; extra: Record<string, number> }
/** One of the agent's warnings ('warning' event). */
export interface WarningEvent { type: 'warning'; warning: AgentWarning }
/** The heartbeat: where the run is. */
export interface ProgressEvent { type: 'progress'; progress: PageProgress }

/** One event of a run, in the order it happened. */
export type PageEvent = StepEvent | EpisodeEvent | TrainEvent | WarningEvent | ProgressEvent;

/**
 * What `train` returns: trainGame's result as it is, but the agent (its numbers, returns and
 * timing: fields added to TrainGameResult later come along), and the policy file's bytes
 * (agent.exportPolicy(): with the training state, verified) when `save` was asked.
 */
export type TrainPageResult = { command: 'train'; policy: Uint8Array | null } & Omit<TrainGameResult, 'agent'>;

/** What `eval` returns: playGame's result as it is. */
export type EvalPageResult = { command: 'eval' } & PlayGameResult;

/** What `describe` returns: the entry's `actions` and `observation` as it wrote them (null: left out). */
export interface DescribePageResult {
  command: 'describe';
  actions: string[];
  observation: PixelObservationOptions | VectorObservationOptions | null;
}

/** What `serve` returns once stopped. */
export interface ServePageResult { command: 'serve' }

/** What a run returns. */
export type PageResult = TrainPageResult | EvalPageResult | DescribePageResult | RecordPageResult | ServePageResult;

/** An error as data: a PixelpilotError keeps its code (and a GameError its stage and copy); `cause` is what it wraps. */
export interface PageError {
  name: string;
  message: string;
  /** A PixelpilotError's code; null for other errors. */
  code: string | null;
  /** The stack as the page saw it (frames in page.js; Node maps them with the page's source map). */
  stack: string | null;
  /** A GameError's stage. */
  stage: GameStage | null;
  /** A GameError's copy. */
  copy: number | null;
  cause: PageError | null;
}

/** Nested causes kept at most. */
const MAX_CAUSES = 4;

/** Anything thrown, as a PageError. */
export function toPageError(e: unknown, depth = 0): PageError {
  if (!(e instanceof Error)) return { name: 'Error', message: `a non-Error value was thrown: ${String(e)}`, code: null, stack: null, stage: null, copy: null, cause: null };
  const x = e as Error & { code?: unknown; stage?: unknown; copy?: unknown };
  return {
    name: x.name,
    message: x.message,
    code: typeof x.code === 'string' ? x.code : null,
    stack: typeof x.stack === 'string' ? x.stack : null,
    stage: typeof x.stage === 'string' ? (x.stage as GameStage) : null,
    copy: typeof x.copy === 'number' ? x.copy : null,
    cause: x.cause !== undefined && depth < MAX_CAUSES ? toPageError(x.cause, depth + 1) : null,
  };
}
