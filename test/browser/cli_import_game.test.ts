/**
 * `pixelpilot import WEIGHTS --spec SPEC --game ENTRY` as users run it (the built `node
 * dist/cli.js`; the entry is read in headless Chromium): the shipped catch policy (saved by `train
 * --game`) exported as a PyTorch state_dict and imported with the catch entry comes back with
 * train --game's manifest observation and action names and its weights bit for bit, and `eval
 * --game` plays it exactly as it plays the shipped policy; the Pong entry's crop and the spec's
 * frame stack reach the policy; an entry that throws, a module that is no training entry and
 * weights that do not fit the entry's spaces fail naming the problem.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPolicyArtifacts, type PolicyContents } from '../../src/store/policy_read';
import { decodePolicyFile } from '../../src/store/policy_file';
import { cliProcess, type CliRun } from '../cli/run_cli';

const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-import-game-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const CATCH_SPEC = 'demos/specs/dqn_catch_pixels.json';
const PONG_SPEC = 'demos/specs/pong_ppo_natureish.json';
const SHIPPED = 'demos/catch/catch.ppol';
const file = (name: string): string => join(dir, name);
const contentsOf = (path: string): Promise<PolicyContents> => readPolicyArtifacts(decodePolicyFile(new Uint8Array(readFileSync(path)), path), path);

async function run(...args: string[]): Promise<CliRun> {
  const r = await cliProcess(args, { timeoutMs: 180_000 });
  console.log(`pixelpilot ${args.join(' ')}: exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s${r.stderr === '' ? '' : `\n${r.stderr}`}`);
  return r;
}

test('catch: export --format safetensors, import --game gives train --game\'s policy back, and eval --game plays it as it plays the shipped one', { timeout: 400_000 }, async () => {
  {
    const weights = file('catch.safetensors');
    assert.equal((await run('export', SHIPPED, '--format', 'safetensors', '--out', weights)).code, 0);
    const imported = file('catch.ppol');
    const i = await run('import', weights, '--spec', CATCH_SPEC, '--game', 'demos/catch/training.ts', '--out', imported, '--json');
    assert.equal(i.code, 0, i.stderr);
    assert.deepEqual(i.json, { input: weights, output: imported, spec: CATCH_SPEC, observation: [10, 10, 1], action_space: { type: 'discrete', n: 3 }, action_names: ['left', 'stay', 'right'], tensors: 8, output_bytes: readFileSync(imported).length });
    const [a, b] = [await contentsOf(SHIPPED), await contentsOf(imported)];
    assert.deepEqual(b.manifest.observation, a.manifest.observation, 'the observation and pipeline train --game saved');
    assert.deepEqual(b.manifest.actionNames, a.manifest.actionNames);
    const acting = a.manifest.weights.filter((w) => w.kind === 'parameter' || w.kind === 'buffer');
    assert.deepEqual(b.manifest.weights, acting);
    for (const w of acting) assert.deepEqual(new Uint8Array(b.weights.get(w.name)!.buffer), new Uint8Array(a.weights.get(w.name)!.buffer), w.name);
    // Greedy play of the same weights on the same seeded starts: the same episodes.
    const evalOf = async (policy: string): Promise<Record<string, unknown>> => {
      const r = await run('eval', policy, '--game', 'demos/catch/training.ts', '--episodes', '20', '--envs', '4', '--seed', '5', '--backend', 'cpu', '--json');
      assert.equal(r.code, 0, r.stderr);
      return r.json;
    };
    const [shipped, ours] = [await evalOf(SHIPPED), await evalOf(imported)];
    console.log(`eval --game, 20 episodes: shipped ${JSON.stringify(shipped)}\nimported ${JSON.stringify(ours)}`);
    assert.equal(ours.episodes, 20);
    assert.deepEqual(ours, shipped);
  }
});

test('Pong: the entry\'s crop and the spec\'s frame stack reach the policy; the weights are those --obs 48x48x2 imports; eval --game plays it', { timeout: 400_000 }, async () => {
  // A Pong policy's state_dict (no Pong policy is shipped): a brief train --env on the view fixture, exported.
  const trained = file('pong_train.ppol');
  const t = await run('train', PONG_SPEC, '--env', 'test/cli/fixtures/pong_view_env.mjs', '--steps', '256', '--save', trained, '--json');
  assert.equal(t.code, 0, t.stderr);
  const weights = file('pong.safetensors');
  assert.equal((await run('export', trained, '--format', 'safetensors', '--out', weights)).code, 0);
  const [byGame, byObs] = [file('pong_game.ppol'), file('pong_obs.ppol')];
  const g = await run('import', weights, '--spec', PONG_SPEC, '--game', 'demos/pong/training.ts', '--out', byGame, '--json');
  assert.equal(g.code, 0, g.stderr);
  assert.equal((await run('import', weights, '--spec', PONG_SPEC, '--obs', '48x48x2', '--actions', '3', '--out', byObs)).code, 0);
  const [a, b] = [await contentsOf(byGame), await contentsOf(byObs)];
  // demos/pong/pong_agent.ts: 48x48 gray of the field below the score strip (PongScene's fieldCrop); 2 frames (the spec's frame_op_len).
  assert.deepEqual(a.manifest.observation, { shape: [48, 48, 2], dtype: 'uint8', frameStack: 2, pipeline: { kind: 'pixels', width: 48, height: 48, grayscale: true, frameStack: 2, crop: { x: 0, y: 30, w: 300, h: 300 } } });
  assert.equal(b.manifest.observation.pipeline, null);
  assert.deepEqual(a.manifest.actionNames, ['left', 'stay', 'right']);
  for (const w of b.manifest.weights) assert.deepEqual(a.weights.get(w.name), b.weights.get(w.name), w.name);
  const e = await run('eval', byGame, '--game', 'demos/pong/training.ts', '--episodes', '2', '--backend', 'cpu', '--json');
  assert.equal(e.code, 0, e.stderr);
  assert.equal(e.json.episodes, 2);
});

test('import --game fails naming the problem: an entry that throws, a module that is no training entry, weights that do not fit the entry', { timeout: 300_000 }, async () => {
  const weights = file('catch.safetensors');
  if (!existsSync(weights)) assert.equal((await run('export', SHIPPED, '--format', 'safetensors', '--out', weights)).code, 0);
  const out = file('x.ppol');
  const throws = await run('import', weights, '--spec', CATCH_SPEC, '--game', 'test/cli/fixtures/games/import_throws.ts', '--out', out);
  assert.equal(throws.code, 1);
  assert.match(throws.stderr, /^GameError: the training entry threw while it was imported: Error: no level named intro\n {4}at readLevel \(test\/cli\/fixtures\/games\/import_throws\.ts:5:9\)/);
  const notEntry = await run('import', weights, '--spec', CATCH_SPEC, '--game', 'test/cli/fixtures/games/not_an_entry.ts', '--out', out);
  assert.equal(notEntry.code, 1);
  assert.match(notEntry.stderr, /^AgentError: training entry import --game: 3 problems\n {2}attach must be a function .*\n {2}actions must be an array of at least 2 action names \(got \["only"\]\)\n {2}unknown key reward/);
  // The catch weights for the Pong entry's 48x48 view: the first Linear after the convs no longer fits.
  const misfit = await run('import', weights, '--spec', CATCH_SPEC, '--game', 'demos/pong/training.ts', '--out', out);
  assert.equal(misfit.code, 1);
  assert.match(misfit.stderr, /^ShapeError: .*catch\.safetensors: the PyTorch state_dict does not match the nets of spec "ddqn_catch_pixels" \(ConvNet\) for observation \[48,48,1\], 1 frame stacked and 3 actions\n {2}net\.fc_model\.0\.weight: checkpoint shape \[64,400\] but the net's PyTorch shape is \[64,9216\]/);
  const missing = await run('import', weights, '--spec', CATCH_SPEC, '--game', 'test/cli/fixtures/games/nope.ts', '--out', out);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--game test\/cli\/fixtures\/games\/nope\.ts: no such file/);
  assert.equal(existsSync(out), false, 'nothing is written when the import fails');
});
