/**
 * Runs in headless Chromium: a game ships weights trained in PyTorch. The shipped catch policy's
 * PyTorch state_dict (import_pytorch.test.ts writes it with `export --format safetensors`'s
 * library form) is fetched and made a policy by `importPyTorchPolicy` (pixelpilot) with the catch
 * entry's actions and observation; `loadBot` (pixelpilot/play) plays it as it plays the shipped
 * policy on 500 observations of the catch env; `loadAgent` makes an agent of it that holds exactly
 * those weights and keeps learning (it pre-trains on recorded demonstrations and its weights move);
 * `createAgent` with the same options (a crop too) saves the same manifest observation.
 */
import { importPyTorchPolicy, loadAgent, createAgent } from '../../src/index';
import { loadBot } from '../../src/play/index';
import { catchEnv } from '../../src/env/catch';
import { catchHeuristic } from '../../src/env/catch_heuristic';
import { recordEnvDemos } from '../../src/store/record_env_demos';
import { decodePolicyFile } from '../../src/store/policy_file';
import { readPolicyArtifacts, type PolicyContents } from '../../src/store/policy_read';
import { fetchSpec } from '../../demos/shared/bootstrap';
import { tf } from '../../src/backend/tf';

const ACTIONS = ['left', 'stay', 'right'];
const OBSERVATION = { width: 10, height: 10, grayscale: true };
const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

const bytesOf = async (url: string): Promise<Uint8Array> => {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
};
const contentsOf = (bytes: Uint8Array, where: string): Promise<PolicyContents> => readPolicyArtifacts(decodePolicyFile(bytes, where), where);

/** Weight name -> its bytes as a string (for comparing whole policies as data). */
async function weightBytes(policy: Uint8Array): Promise<Record<string, string>> {
  const c = await contentsOf(policy, 'policy');
  const out: Record<string, string> = {};
  for (const w of c.manifest.weights.filter((x) => x.kind === 'parameter' || x.kind === 'buffer')) {
    const d = c.weights.get(w.name)!;
    out[w.name] = Array.from(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)).join(',');
  }
  return out;
}

async function main(): Promise<unknown> {
  const spec = await fetchSpec('dqn_catch_pixels.json');
  const [weights, shippedBytes] = [await bytesOf('/build/test/pages/browser/catch_pytorch.safetensors'), await bytesOf('/demos/catch/catch.ppol')];
  const t0 = performance.now();
  const policy = await importPyTorchPolicy(weights, spec, { actions: ACTIONS, observation: OBSERVATION });
  const importMs = performance.now() - t0;
  const [shipped, imported] = [await contentsOf(shippedBytes, 'shipped'), await contentsOf(policy, 'imported')];

  // The shipped bot and the imported one, greedily, on what the shipped bot sees playing the catch env.
  const botA = await loadBot(shippedBytes, { backend: 'wasm', wasmPaths: WASM_PATHS });
  const botB = await loadBot(policy, { backend: 'wasm', wasmPaths: WASM_PATHS, actions: ACTIONS, observation: { width: 10, height: 10, frameStack: 1 } });
  let same = 0;
  let decisions = 0;
  const env = catchEnv();
  let obs = env.reset({ seed: 3 }).observation as Uint8Array;
  for (let t = 0; t < 500; t++) {
    const [a, b] = [await botA.act(obs), await botB.act(obs)];
    decisions++;
    if (a === b) same++;
    const s = env.step(a as number);
    obs = (s.terminated || s.truncated ? env.reset().observation : s.observation) as Uint8Array;
  }
  botA.dispose();
  botB.dispose();

  // An agent of the imported policy holds its weights, and keeps learning from them.
  const agent = await loadAgent(policy, { backend: 'wasm', seed: 2 });
  let loadedSame: boolean;
  let movedAfterLearning: boolean;
  let learned: { steps: number; updates: number | null };
  try {
    const before = await agent.exportPolicy({ training: false });
    loadedSame = JSON.stringify(await weightBytes(before)) === JSON.stringify(await weightBytes(policy));
    const demos = await recordEnvDemos(catchEnv(), (o) => catchHeuristic(o as Uint8Array, [10, 10, 1]), { decisions: 200, seed: 4 });
    const r = await agent.learnFromDemonstrations(demos, { pretrainSteps: 50 });
    learned = { steps: r.steps, updates: r.report?.updates ?? null };
    movedAfterLearning = JSON.stringify(await weightBytes(await agent.exportPolicy({ training: false }))) !== JSON.stringify(await weightBytes(policy));
  } finally {
    await agent.dispose();
  }

  // createAgent with the same options saves the same observation (and with a crop).
  const crop = { x: 0, y: 0, w: 400, h: 400 };
  const tensorsBefore = tf.memory().numTensors;
  const observations: { created: unknown; imported: unknown }[] = [];
  for (const observation of [OBSERVATION, { ...OBSERVATION, crop }]) {
    const made = await createAgent(spec, { actions: ACTIONS, observation, backend: 'wasm' });
    try {
      const saved = await contentsOf(await made.exportPolicy({ training: false }), 'created');
      const ours = await contentsOf(await importPyTorchPolicy(weights, spec, { actions: ACTIONS, observation }), 'imported');
      observations.push({ created: saved.manifest.observation, imported: ours.manifest.observation });
    } finally {
      await made.dispose();
    }
  }
  let refused: { name: string; message: string } | null = null;
  try {
    await importPyTorchPolicy(weights, spec, { actions: [...ACTIONS, 'fire'], observation: OBSERVATION });
  } catch (e) {
    refused = { name: (e as Error).name, message: (e as Error).message };
  }
  const tensorsAfter = tf.memory().numTensors;
  return {
    importMs,
    tensorsBefore,
    tensorsAfter,
    observation: { shipped: shipped.manifest.observation, imported: imported.manifest.observation },
    actionNames: imported.manifest.actionNames,
    sameWeights: JSON.stringify(await weightBytes(shippedBytes)) === JSON.stringify(await weightBytes(policy)),
    decisions,
    same,
    loadedSame,
    learned,
    movedAfterLearning,
    observations,
    refused,
  };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e: unknown) => ((window as unknown as { __result: unknown }).__result = { error: String((e as Error)?.stack ?? e) }),
);
