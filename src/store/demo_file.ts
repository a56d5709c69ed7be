/**
 * The demonstration file (docs/demonstrations.md has the byte layout for other writers):
 *   bytes 0-7   "PXDEMOS\n"
 *   bytes 8-11  uint32 LE: header length H (<= 16 MiB)
 *   H bytes     UTF-8 JSON: the DemoManifest (demo_manifest.ts), exactly as JSON.stringify writes it
 *   the data    four sections, each episode after episode, little-endian, no padding:
 *               observations  (steps + episodes) x prod(shape), uint8 or float32: each step's
 *                             observation, then the episode's last next observation
 *               actions       steps x width, int32 (discrete, multi-discrete) or float32 (continuous)
 *               rewards       steps, float32
 *               flags         steps, uint8: bit 0 terminated, bit 1 truncated (last step of an episode only)
 * The checksum is SHA-256 over a domain tag, the header's length, the header (checksum "") and the
 * data (as policy files v3). Data only: nothing in it is run; the sizes come from the header and
 * are checked against the file before anything is allocated; a damaged or edited file is a
 * StorageError.
 */
import type { DemoEpisode, Demonstrations } from '../memory/demonstrations';
import { actionWidth } from '../memory/demonstrations';
import { StorageError } from '../util/errors';
import { encodeFramed, readFramed, type HeaderFormat } from './bounded_header';
import { framedChecksum } from './checksum';
import { checkDemoManifest, DEMO_FORMAT, DEMO_FORMAT_VERSION, DEMO_HEADER_KEYS, type DemoManifest } from './demo_manifest';
import type { ObservationPipeline } from './policy_manifest';

/** The largest header accepted: 16 MiB (a million episodes' entries fit). */
const MAX_DEMO_HEADER = 16 * 1024 * 1024;

const FORMAT: HeaderFormat = {
  magic: new TextEncoder().encode('PXDEMOS\n'),
  noun: 'demonstration',
  keys: DEMO_HEADER_KEYS,
  maxHeader: MAX_DEMO_HEADER,
  maxDepth: 16,
};

const DOMAIN = new TextEncoder().encode('pixelpilot-demos checksum v1\n');

/** A demonstration file's checksum: SHA-256 over a domain tag, the header's length, the header (its checksum "") and the data. */
export function demoChecksum(header: object, data: Uint8Array): Promise<string> {
  return framedChecksum(DOMAIN, header, data);
}

/** What a demonstration file records beside the steps. */
export interface DemoFileInfo {
  /** How the game's frames became observations; null (default) when unknown (Node envs). */
  pipeline?: ObservationPipeline | null;
  /** Names of the discrete actions; null (default) when none. */
  actionNames?: readonly string[] | null;
  /** Decisions the actions were shifted back by when recording. Default 0. */
  reflexLag?: number;
  /** Who or what played (e.g. "keys", "heuristic"). Default null. */
  source?: string | null;
  /** Time of writing. Default now. */
  createdAt?: string;
}

/** A demonstration file read back and verified. */
export interface DemoFile {
  manifest: DemoManifest;
  demonstrations: Demonstrations;
}

/** Bytes of each data section, from the header alone. */
function sections(m: Pick<DemoManifest, 'observation' | 'actionSpace' | 'episodes' | 'steps'>): { obs: number; actions: number; rewards: number; flags: number } {
  const obsSize = m.observation.shape.reduce((a, b) => a * b, 1);
  const obsBytes = m.observation.dtype === 'uint8' ? 1 : 4;
  return {
    obs: (m.steps + m.episodes.length) * obsSize * obsBytes,
    actions: m.steps * actionWidth(m.actionSpace) * 4,
    rewards: m.steps * 4,
    flags: m.steps,
  };
}

/** Serialises demonstrations into a file's bytes (checksummed). StorageError on arrays that do not fit their shapes. */
export async function encodeDemoFile(d: Demonstrations, info: DemoFileInfo = {}): Promise<Uint8Array> {
  const obsSize = d.obsShape.reduce((a, b) => a * b, 1);
  const width = actionWidth(d.actionSpace);
  d.episodes.forEach((e, i) => {
    const fits = e.steps >= 1 && e.observations.length === (e.steps + 1) * obsSize && e.actions.length === e.steps * width &&
      e.rewards.length === e.steps && e.terminated.length === e.steps && e.truncated.length === e.steps;
    if (!fits) throw new StorageError(`encodeDemoFile: episode ${i}'s arrays do not fit ${e.steps} steps of [${d.obsShape}]`);
  });
  const steps = d.episodes.reduce((n, e) => n + e.steps, 0);
  const header: DemoManifest = {
    format: DEMO_FORMAT,
    formatVersion: DEMO_FORMAT_VERSION,
    generatedBy: 'pixelpilot',
    observation: { shape: [...d.obsShape], dtype: d.obsDtype, frameStack: d.frameStack, pipeline: info.pipeline ? structuredClone(info.pipeline) : null },
    actionSpace: structuredClone(d.actionSpace) as DemoManifest['actionSpace'],
    actionNames: info.actionNames ? [...info.actionNames] : null,
    episodes: d.episodes.map((e) => ({ player: e.player, steps: e.steps })),
    steps,
    reflexLag: info.reflexLag ?? 0,
    source: info.source ?? null,
    createdAt: info.createdAt ?? new Date().toISOString(),
    checksum: '',
  };
  // The writer's own header must pass the reader's checks (the same rules, the same limits).
  checkDemoManifest({ ...header, checksum: '0'.repeat(64) }, 'encodeDemoFile');
  const size = sections(header);
  const data = new Uint8Array(size.obs + size.actions + size.rewards + size.flags);
  const view = new DataView(data.buffer);
  let at = 0;
  for (const e of d.episodes) {
    if (e.observations instanceof Uint8Array) data.set(e.observations, at);
    else for (let i = 0; i < e.observations.length; i++) view.setFloat32(at + 4 * i, e.observations[i]!, true);
    at += e.observations.length * (e.observations instanceof Uint8Array ? 1 : 4);
  }
  for (const e of d.episodes) {
    for (let i = 0; i < e.actions.length; i++) {
      if (e.actions instanceof Int32Array) view.setInt32(at, e.actions[i]!, true);
      else view.setFloat32(at, e.actions[i]!, true);
      at += 4;
    }
  }
  for (const e of d.episodes) for (let i = 0; i < e.steps; i++, at += 4) view.setFloat32(at, e.rewards[i]!, true);
  for (const e of d.episodes) for (let i = 0; i < e.steps; i++) data[at++] = (e.terminated[i] ? 1 : 0) | (e.truncated[i] ? 2 : 0);
  header.checksum = await demoChecksum(header, data);
  return encodeFramed(FORMAT, header, data);
}

/**
 * Reads a demonstration file: framing, header (every size), the data's length, the checksum, then
 * every value (actions in the action space, finite rewards and float observations, end flags on
 * episodes' last steps only). Throws StorageError naming what is wrong; `where` names the source.
 */
export async function decodeDemoFile(bytes: Uint8Array, where: string): Promise<DemoFile> {
  const { header, dataStart } = readFramed(FORMAT, bytes, where);
  const m = checkDemoManifest(header, where);
  const size = sections(m);
  const expected = size.obs + size.actions + size.rewards + size.flags;
  const got = bytes.length - dataStart;
  if (got !== expected) throw new StorageError(`${where}: the data is ${got} bytes, the header describes ${expected} (truncated or padded)`);
  const data = bytes.subarray(dataStart);
  if ((await demoChecksum(header, data)) !== m.checksum) {
    throw new StorageError(`${where}: checksum mismatch: the demonstration file's header or data were altered or corrupted`);
  }
  return { manifest: m, demonstrations: readData(m, data, where) };
}

/** The episodes' arrays from the data (its length already checked), every value checked. */
function readData(m: DemoManifest, data: Uint8Array, where: string): Demonstrations {
  const fail = (what: string): never => {
    throw new StorageError(`${where}: ${what}`);
  };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const obsSize = m.observation.shape.reduce((a, b) => a * b, 1);
  const float = m.observation.dtype === 'float32';
  const space = m.actionSpace;
  const width = actionWidth(space);
  const size = sections(m);
  let obsAt = 0;
  let actAt = size.obs;
  let rewAt = size.obs + size.actions;
  let flagAt = rewAt + size.rewards;
  const episodes: DemoEpisode[] = m.episodes.map((entry, k) => {
    const n = entry.steps;
    const count = (n + 1) * obsSize;
    let observations: Uint8Array | Float32Array;
    if (float) {
      observations = new Float32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getFloat32(obsAt + 4 * i, true);
        if (!Number.isFinite(v)) fail(`episode ${k}: observation value ${v} at element ${i} is not finite`);
        observations[i] = v;
      }
      obsAt += 4 * count;
    } else {
      observations = data.slice(obsAt, obsAt + count);
      obsAt += count;
    }
    const actions = space.type === 'continuous' ? new Float32Array(n * width) : new Int32Array(n * width);
    for (let i = 0; i < n * width; i++, actAt += 4) {
      if (actions instanceof Float32Array) {
        const v = view.getFloat32(actAt, true);
        if (!Number.isFinite(v)) fail(`episode ${k}: action value ${v} at step ${Math.floor(i / width)} is not finite`);
        actions[i] = v;
      } else {
        const v = view.getInt32(actAt, true);
        const limit = space.type === 'discrete' ? space.n : space.type === 'multi_discrete' ? space.nvec[i % width]! : 0;
        if (!(v >= 0 && v < limit)) fail(`episode ${k}: action ${v} at step ${Math.floor(i / width)} is outside [0, ${limit})`);
        actions[i] = v;
      }
    }
    const rewards = new Float32Array(n);
    for (let i = 0; i < n; i++, rewAt += 4) {
      const v = view.getFloat32(rewAt, true);
      if (!Number.isFinite(v)) fail(`episode ${k}: reward ${v} at step ${i} is not finite`);
      rewards[i] = v;
    }
    const terminated = new Uint8Array(n);
    const truncated = new Uint8Array(n);
    for (let i = 0; i < n; i++, flagAt++) {
      const f = data[flagAt]!;
      if (f > 3) fail(`episode ${k}: step ${i}'s flags byte is ${f} (only bits 0 terminated and 1 truncated exist)`);
      if (f !== 0 && i !== n - 1) fail(`episode ${k}: step ${i} ends the episode but is not its last step (${n} steps)`);
      terminated[i] = f & 1;
      truncated[i] = (f >> 1) & 1;
    }
    return { player: entry.player, steps: n, observations, actions, rewards, terminated, truncated };
  });
  return {
    obsShape: [...m.observation.shape],
    obsDtype: m.observation.dtype,
    frameStack: m.observation.frameStack,
    actionSpace: m.actionSpace,
    episodes,
  };
}
