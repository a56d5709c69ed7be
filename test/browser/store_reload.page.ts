/**
 * Runs in headless Chromium, twice in one tab (the test reloads the page in between; the phase
 * is kept in sessionStorage). Phase 1: a pixel DQN agent (cropped 20x20 gray frames, 2 stacked)
 * with its Trainer in a real module worker trains on synthetic frames, then saves to
 * indexeddb://reload-x with its training state (and indexeddb://reload-x-lean without). Phase 2,
 * after the reload: listPolicies, loadAgent in 'train' and 'inference' mode, deletePolicy. The
 * Node side (store_reload.test.ts) asserts on both results.
 */
import { createAgent } from '../../src/agent/create_agent';
import { loadAgent } from '../../src/agent/load_agent';
import type { Agent } from '../../src/agent/agent';
import { readPolicyArtifacts, type PolicyContents } from '../../src/store/policy_artifact';
import { decodePolicyFile } from '../../src/store/policy_file';
import { deletePolicy, listPolicies } from '../../src/store/policy_store';
import { Rng } from '../../src/util/rng';

const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
const ENTRY = new URL('./store_reload.worker.js', import.meta.url);
const URL_X = 'indexeddb://reload-x';
const PHASE_KEY = 'pixelpilot-store-reload-phase';
const OBS = 20 * 20 * 2;

const SPEC = {
  reload_dqn: {
    agent: {
      name: 'DQN',
      algorithm: {
        name: 'DQN', action_pdtype: 'Argmax', action_policy: 'epsilon_greedy',
        explore_var_spec: { name: 'linear_decay', start_val: 1.0, end_val: 0.1, start_step: 0, end_step: 300 },
        gamma: 0.9, training_batch_iter: 1, training_iter: 1, training_frequency: 2, training_start_step: 16,
      },
      memory: { name: 'Replay', batch_size: 8, max_size: 500 },
      net: {
        type: 'ConvNet', conv_hid_layers: [[8, 4, 2, 0, 1]], fc_hid_layers: [32], hid_layers_activation: 'relu', normalize: true,
        loss_spec: { name: 'SmoothL1Loss' }, optim_spec: { name: 'Adam', lr: 0.001 }, update_type: 'replace', update_frequency: 30,
      },
    },
    env: { name: 'catch_pixels', frame_op: 'concat', frame_op_len: 2 },
    meta: { random_seed: 7 },
  },
};
const CREATE = { backend: 'wasm' as const, wasmPaths: WASM_PATHS, workerUrl: ENTRY };

/** SHA-256 of a policy's weight entries (names, shapes and values in manifest order), not of its header (which holds createdAt). */
async function weightsDigest(contents: PolicyContents): Promise<string> {
  const parts: BlobPart[] = [];
  for (const w of contents.manifest.weights) parts.push(`${w.name}:${w.shape.join('x')};`, new Float32Array(contents.weights.get(w.name)!));
  const digest = await crypto.subtle.digest('SHA-256', await new Blob(parts).arrayBuffer());
  return [...new Uint8Array(digest)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** What identifies an agent's policy: digests of its weights alone and with its training state. */
async function fingerprint(agent: Agent): Promise<{ acting: string; full: string; kinds: string[] }> {
  const lean = await readPolicyArtifacts(decodePolicyFile(await agent.trainer.exportPolicy({ training: false }), 'lean'), 'lean');
  const full = await readPolicyArtifacts(decodePolicyFile(await agent.trainer.exportPolicy(), 'full'), 'full');
  return { acting: await weightsDigest(lean), full: await weightsDigest(full), kinds: [...new Set(full.manifest.weights.map((w) => w.kind))].sort() };
}

/** Greedy actions on fixed frames. */
async function greedy(agent: Agent): Promise<number[]> {
  const rng = new Rng(3);
  const out: number[] = [];
  for (let i = 0; i < 8; i++) out.push(...(await agent.trainer.act(Uint8Array.from({ length: OBS }, () => rng.nextUint32() & 255), null, { explore: false })));
  return out;
}

async function counters(agent: Agent): Promise<Record<string, unknown>> {
  const { numTensors: _n, events: _e, ...c } = await agent.stats();
  return c;
}

async function phase1(): Promise<unknown> {
  const agent = await createAgent(SPEC, { ...CREATE, actions: ['left', 'right', 'stay'], observation: { width: 20, height: 20, frameStack: 2, crop: { x: 10, y: 20, w: 200, h: 200 } }, seed: 5 });
  const rng = new Rng(1);
  let obs = Uint8Array.from({ length: OBS }, () => rng.nextUint32() & 255);
  for (let frame = 1; frame <= 80; frame++) {
    const actions = (await agent.trainer.act(obs.slice())) as Int32Array;
    const next = Uint8Array.from({ length: OBS }, () => rng.nextUint32() & 255);
    await agent.trainer.observe({
      observations: obs, actions, rewards: Float32Array.of(actions[0] === 1 ? 1 : -0.1), nextObservations: next,
      terminated: Uint8Array.of(frame % 20 === 0 ? 1 : 0), truncated: Uint8Array.of(0),
    }, frame, { transfer: false });
    obs = next;
  }
  let t = performance.now();
  const saved = await agent.save(URL_X);
  const saveMs = performance.now() - t;
  t = performance.now();
  const lean = await agent.save(`${URL_X}-lean`, { training: false });
  const leanSaveMs = performance.now() - t;
  const bytes = { full: (await agent.trainer.exportPolicy()).length, lean: (await agent.trainer.exportPolicy({ training: false })).length };
  const result = { phase: 1, saved, lean, saveMs, leanSaveMs, bytes, counters: await counters(agent), fingerprint: await fingerprint(agent), greedy: await greedy(agent), observation: agent.observation, actions: agent.actions };
  await agent.dispose();
  sessionStorage.setItem(PHASE_KEY, 'saved');
  return result;
}

async function phase2(): Promise<unknown> {
  sessionStorage.removeItem(PHASE_KEY);
  const listed = (await listPolicies()).map((p) => ({ name: p.name, checksum: p.checksum, frames: p.frames }));
  let t = performance.now();
  const agent = await loadAgent(URL_X, CREATE);
  const loadMs = performance.now() - t;
  t = performance.now();
  const bot = await loadAgent(URL_X, { ...CREATE, mode: 'inference' });
  const inferenceLoadMs = performance.now() - t;
  const result = {
    phase: 2,
    listed,
    loadMs,
    inferenceLoadMs,
    backend: agent.backend,
    counters: await counters(agent),
    fingerprint: await fingerprint(agent),
    greedy: await greedy(agent),
    observation: agent.observation,
    actions: agent.actions,
    inference: { counters: await counters(bot), acting: (await fingerprint(bot)).acting, greedy: await greedy(bot) },
    afterDelete: [] as string[],
    loadDeleted: '',
  };
  await Promise.all([agent.dispose(), bot.dispose()]);
  await deletePolicy(URL_X);
  await deletePolicy(`${URL_X}-lean`);
  result.afterDelete = (await listPolicies()).map((p) => p.name);
  result.loadDeleted = await loadAgent(URL_X, CREATE).then(
    (a) => (void a.dispose(), 'loaded'),
    (e: Error) => `${e.name}: ${e.message}`,
  );
  return result;
}

(sessionStorage.getItem(PHASE_KEY) === 'saved' ? phase2() : phase1()).then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
