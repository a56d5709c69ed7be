/**
 * The header of a demonstration file (see demo_file.ts and docs/demonstrations.md): the spaces
 * the steps were recorded in (observation as the policy manifest's `observation`, with its
 * pipeline; action space and names), the episodes (player and steps each), how they were
 * recorded, and the checksum. The data's layout is derived from it alone, so every size is known
 * and checked before anything is allocated.
 */
import { actionSpaceProblems } from '../env/validate_env';
import type { ActionSpace } from '../env/env';
import { checkDemoFit } from '../algorithm/demo_fit';
import { ShapeError, StorageError } from '../util/errors';
import type { ObservationPipeline } from './policy_manifest';
import { pipelineOk } from './policy_manifest';

/** The header's `format`. */
export const DEMO_FORMAT = 'pixelpilot-demos';
/** Bumped when a reader of the previous version could misread a new file. */
export const DEMO_FORMAT_VERSION = 1;

/** Sizes a demonstration file may declare (a header over them is refused before any allocation). */
export const DEMO_LIMITS = {
  /** Episodes in one file. */
  episodes: 1_000_000,
  /** Steps in one file, over all episodes. */
  steps: 50_000_000,
  /** Players (copies, envs) recorded together. */
  players: 4096,
  /** Elements of one observation. */
  obsElements: 1 << 26,
  /** Values of one action (multi-discrete sub-actions, continuous elements), and discrete n. */
  actionValues: 4096,
  actions: 1 << 20,
  /** Characters of `source`. */
  source: 256,
  /** Decisions the actions may be shifted by. */
  reflexLag: 1000,
} as const;

/** One recorded episode as the header lists it; its steps are in the data. */
export interface DemoEpisodeEntry {
  /** The player (copy, env) it was played by, from 0. */
  player: number;
  /** Steps (decisions), >= 1. */
  steps: number;
}

/** The header of a demonstration file. */
export interface DemoManifest {
  format: typeof DEMO_FORMAT;
  formatVersion: number;
  generatedBy: 'pixelpilot';
  /** One observation as the agent sees it (frames stacked), and the pipeline that made it (null when unknown: Node envs). */
  observation: { shape: number[]; dtype: 'uint8' | 'float32'; frameStack: number; pipeline: ObservationPipeline | null };
  actionSpace: ActionSpace;
  /** Names of the discrete actions, in the action space's order; null when none were given. */
  actionNames: string[] | null;
  episodes: DemoEpisodeEntry[];
  /** Steps over all episodes. */
  steps: number;
  /** Decisions the recorded actions were shifted back by (people react late; see DemoRecorder). */
  reflexLag: number;
  /** Who or what played, free text (e.g. "keys", "heuristic"); null when not said. */
  source: string | null;
  /** ISO 8601 time of writing. */
  createdAt: string;
  /** SHA-256 (hex) over the header (this field blank) and the data; see demoChecksum. */
  checksum: string;
}

/** The header keys, in the order the writer puts them. */
export const DEMO_HEADER_KEYS: readonly (keyof DemoManifest)[] = [
  'format', 'formatVersion', 'generatedBy', 'observation', 'actionSpace', 'actionNames', 'episodes', 'steps', 'reflexLag', 'source', 'createdAt', 'checksum',
];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const keysAre = (o: Record<string, unknown>, keys: readonly string[]): boolean => {
  const have = Object.keys(o);
  return have.length === keys.length && keys.every((k, i) => have[i] === k);
};

/** What is wrong with a saved action space (usable, and exactly the keys the writer writes); null when fine. */
function actionSpaceProblem(a: unknown): string | null {
  const problems = actionSpaceProblems(a);
  if (problems.length > 0) return problems[0]!;
  const s = a as Record<string, unknown>;
  const L = DEMO_LIMITS;
  if (s.type === 'discrete') return keysAre(s, ['type', 'n']) && isInt(s.n, 1, L.actions) ? null : `actionSpace must be {type, n} with n <= ${L.actions}`;
  if (s.type === 'multi_discrete') {
    const nvec = s.nvec as number[];
    return keysAre(s, ['type', 'nvec']) && nvec.length <= L.actionValues && nvec.every((n) => n <= L.actions) ? null : `actionSpace must be {type, nvec} with at most ${L.actionValues} entries <= ${L.actions}`;
  }
  const shape = s.shape as number[];
  const size = shape.reduce((x, y) => x * y, 1);
  const finite = Number.isFinite(s.low) && Number.isFinite(s.high);
  return keysAre(s, ['type', 'shape', 'low', 'high']) && size <= L.actionValues && finite ? null : `actionSpace must be {type, shape, low, high} with finite bounds and at most ${L.actionValues} values`;
}

/**
 * Checks a header's structure and every size in it (not yet the data). Throws StorageError naming
 * the first field that is wrong; `where` names the source for the message.
 */
export function checkDemoManifest(value: Record<string, unknown>, where: string): DemoManifest {
  const fail = (what: string): never => {
    throw new StorageError(`${where}: not a valid pixelpilot demonstration file: ${what}`);
  };
  const L = DEMO_LIMITS;
  if (value.format !== DEMO_FORMAT) fail(`format is ${JSON.stringify(value.format)}, expected "${DEMO_FORMAT}"`);
  if (value.formatVersion !== DEMO_FORMAT_VERSION) fail(`format version ${JSON.stringify(value.formatVersion)} is not supported (this SDK reads version ${DEMO_FORMAT_VERSION})`);
  if (!keysAre(value, DEMO_HEADER_KEYS)) fail(`the header must have the keys ${DEMO_HEADER_KEYS.join(', ')}, in that order`);
  if (value.generatedBy !== 'pixelpilot') fail(`generatedBy is ${JSON.stringify(value.generatedBy)}, expected "pixelpilot"`);
  const obs = value.observation;
  if (!isObject(obs) || !keysAre(obs, ['shape', 'dtype', 'frameStack', 'pipeline'])) return fail('observation must be {shape, dtype, frameStack, pipeline}');
  const shape = obs.shape;
  if (!Array.isArray(shape) || !(shape.length === 1 || shape.length === 3) || !shape.every((d) => isInt(d, 1, L.obsElements))) {
    fail('observation.shape must be [D] or [H, W, C] of positive integers');
  }
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  if (elements > L.obsElements) fail(`observation.shape [${shape as number[]}] has ${elements} elements, over the limit of ${L.obsElements}`);
  if (obs.dtype !== 'uint8' && obs.dtype !== 'float32') fail('observation.dtype must be "uint8" or "float32"');
  const stack = obs.frameStack;
  const channels = (shape as number[])[(shape as number[]).length - 1]!;
  if (!isInt(stack, 1, channels) || channels % (stack as number) !== 0) fail(`observation.frameStack must be a positive integer dividing the last axis (${channels})`);
  if (!pipelineOk(obs.pipeline)) fail('observation.pipeline must be null, {kind: "vector", length} or {kind: "pixels", width, height, grayscale, frameStack, crop}');
  const space = actionSpaceProblem(value.actionSpace);
  if (space !== null) fail(space);
  const names = value.actionNames;
  if (names !== null) {
    const a = value.actionSpace as ActionSpace;
    if (a.type !== 'discrete' || !Array.isArray(names) || names.length !== a.n || !names.every((n) => typeof n === 'string' && n.length <= 256)) {
      fail('actionNames must be null or one string (<= 256 characters) per discrete action');
    }
  }
  const episodes = value.episodes;
  if (!Array.isArray(episodes) || episodes.length < 1 || episodes.length > L.episodes) fail(`episodes must be a list of 1 to ${L.episodes} entries`);
  let steps = 0;
  (episodes as unknown[]).forEach((e, i) => {
    if (!isObject(e) || !keysAre(e, ['player', 'steps']) || !isInt(e.player, 0, L.players - 1) || !isInt(e.steps, 1, L.steps)) {
      fail(`episodes[${i}] must be {player: 0..${L.players - 1}, steps: 1..${L.steps}}`);
    }
    steps += (e as { steps: number }).steps;
  });
  if (steps > L.steps) fail(`the episodes hold ${steps} steps, over the limit of ${L.steps}`);
  if (value.steps !== steps) fail(`steps is ${JSON.stringify(value.steps)}, the episodes hold ${steps}`);
  if (!isInt(value.reflexLag, 0, L.reflexLag)) fail(`reflexLag must be an integer in [0, ${L.reflexLag}]`);
  const source = value.source;
  if (source !== null && (typeof source !== 'string' || source.length > L.source)) fail(`source must be null or a string of at most ${L.source} characters`);
  if (typeof value.createdAt !== 'string' || value.createdAt.length > 64) fail('createdAt must be an ISO 8601 time');
  if (typeof value.checksum !== 'string' || !/^[0-9a-f]{64}$/.test(value.checksum)) fail('checksum must be a SHA-256 hex string');
  return value as unknown as DemoManifest;
}

/** The agent side of `checkDemoSpaces`. */
export interface AgentSpaces {
  obsShape: readonly number[];
  obsDtype: 'uint8' | 'float32';
  frameStack: number;
  actionSpace: ActionSpace;
  /** The agent's action names, when it has them. */
  actionNames?: readonly string[] | null;
}

/**
 * ShapeError naming both sides when a demonstration file was recorded in other spaces than the
 * agent's: observation shape, dtype or frames stacked, action space, or (when both name them)
 * action names in another order (Godot RL Agents' users met that one).
 */
export function checkDemoSpaces(m: DemoManifest, agent: AgentSpaces, where: string): void {
  const o = m.observation;
  checkDemoFit({ obsShape: o.shape, obsDtype: o.dtype, frameStack: o.frameStack, actionSpace: m.actionSpace }, agent, where);
  const mine = agent.actionNames ?? null;
  if (m.actionNames !== null && mine !== null && JSON.stringify(m.actionNames) !== JSON.stringify([...mine])) {
    throw new ShapeError(`${where}: the demonstrations name their actions ${JSON.stringify(m.actionNames)}, the agent ${JSON.stringify(mine)}`);
  }
}
