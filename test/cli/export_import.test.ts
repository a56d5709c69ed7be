/**
 * `pixelpilot export` and `pixelpilot import` end to end (in-process): the demo specs (catch,
 * Pong, recall) trained briefly by `train --save` (which says it wrote training state), exported
 * weights-only (at most 45% of the training file for catch and Pong; every size printed), and the
 * exported file acts in `loadBot` as the training file does; safetensors out and back in gives the
 * acting weights bit for bit and a policy `eval` plays; ONNX out; bad flags and misfit checkpoints
 * fail with errors that name the problem.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-web';
import { tf } from '../../src/backend/tf';
import { loadBot } from '../../src/play/load_bot';
import { decodePolicyFile } from '../../src/store/policy_file';
import { readPolicyArtifacts } from '../../src/store/policy_read';
import { Rng } from '../../src/util/rng';
import { useBackend } from '../train/backends';
import { cli } from './run_cli';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'cli', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-export-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The demo specs with a Node env showing what their game shows, and a few training rounds' frames. */
const DEMOS = [
  { name: 'catch', spec: 'demos/specs/dqn_catch_pixels.json', env: 'catch', frames: 400, obs: [10, 10, 1], limit: 0.45 },
  { name: 'pong', spec: 'demos/specs/pong_ppo_natureish.json', env: join(FIXTURES, 'pong_view_env.mjs'), frames: 512, obs: [48, 48, 2], limit: 0.45 },
  { name: 'recall', spec: 'demos/specs/recall_ppo_gru.json', env: join(FIXTURES, 'recall_view_env.mjs'), frames: 384, obs: [16, 16, 1], limit: null },
] as const;

const file = (name: string): string => join(dir, name);
const contentsOf = async (path: string) => readPolicyArtifacts(decodePolicyFile(new Uint8Array(readFileSync(path)), path), path);

describe('export and import', () => {
  before(() => useBackend('cpu'));

  for (const d of DEMOS) {
    test(`${d.name}: train --save says it wrote training state; export --format ppol strips it and loadBot acts the same`, async () => {
      const start = tf.memory().numTensors;
      const training = file(`${d.name}_training.ppol`);
      const t = await cli('train', join(ROOT, d.spec), '--env', d.env, '--frames', String(d.frames), '--save', training, '--json');
      assert.equal(t.code, 0, t.stderr);
      const bytes = readFileSync(training).length;
      assert.ok(t.stderr.includes(`saved ${training}: with training state, ${bytes.toLocaleString('en-US')} bytes; \`pixelpilot export ${training} --format ppol --out FILE\` strips it`), t.stderr);
      const lean = file(`${d.name}_bot.ppol`);
      const e = await cli('export', training, '--format', 'ppol', '--out', lean, '--json');
      assert.equal(e.code, 0, e.stderr);
      assert.deepEqual(Object.keys(e.json).sort(), ['format', 'input', 'input_bytes', 'input_gzip_bytes', 'input_training_state', 'output', 'output_bytes', 'output_gzip_bytes']);
      assert.equal(e.json.input_bytes, bytes);
      assert.equal(e.json.output_bytes, readFileSync(lean).length);
      assert.equal(e.json.input_training_state, true);
      const ratio = e.json.output_bytes / e.json.input_bytes;
      console.log(`# ${d.name} (${d.spec}, ${d.frames} frames of training): training file ${e.json.input_bytes} bytes (gzip ${e.json.input_gzip_bytes}), weights only ${e.json.output_bytes} bytes (gzip ${e.json.output_gzip_bytes}), ${(100 * ratio).toFixed(1)}%`);
      if (d.limit !== null) assert.ok(ratio <= d.limit, `${(100 * ratio).toFixed(1)}% of the training file`);
      assert.equal((await contentsOf(lean)).manifest.training, null);
      const human = await cli('export', training, '--format', 'ppol', '--out', lean);
      assert.equal(human.code, 0, human.stderr);
      const [a, b] = [await loadBot(training, { backend: 'cpu' }), await loadBot(lean, { backend: 'cpu' })];
      try {
        const rng = new Rng(2);
        const size = (d.obs as readonly number[]).reduce((x, y) => x * y, 1);
        for (let k = 0; k < 30; k++) {
          const obs = Uint8Array.from({ length: size }, () => (rng.int(4) === 0 ? 255 : 0));
          assert.deepEqual(await b.decide(obs), await a.decide(obs), `decision ${k}`);
        }
      } finally {
        a.dispose();
        b.dispose();
      }
      assert.equal(tf.memory().numTensors, start, 'tensors leaked');
    });
  }

  test('export prints both sizes for people', async () => {
    const training = file('catch_training.ppol');
    const lines: string[] = [];
    const { main } = await import('../../src/cli/main');
    const code = await main(['export', training, '--format', 'ppol', '--out', file('catch_human.ppol')], { log: (s) => lines.push(s), err: (s) => lines.push(s) });
    assert.equal(code, 0, lines.join('\n'));
    assert.match(lines.join('\n'), /catch_training\.ppol: [\d,]+ bytes \(gzip [\d,]+\), with training state\n.*catch_human\.ppol: policy file, weights only, [\d,]+ bytes \(gzip [\d,]+\), \d+\.\d% of the input/);
  });

  test('catch: export --format safetensors, then import, gives the acting weights bit for bit and a policy eval plays', async () => {
    const training = file('catch_training.ppol');
    const weights = file('catch.safetensors');
    const e = await cli('export', training, '--format', 'safetensors', '--out', weights, '--json');
    assert.equal(e.code, 0, e.stderr);
    assert.equal(e.json.format, 'safetensors');
    const imported = file('catch_imported.ppol');
    const i = await cli('import', weights, '--spec', join(ROOT, 'demos/specs/dqn_catch_pixels.json'), '--obs', '10x10x1', '--actions', '3', '--out', imported, '--json');
    assert.equal(i.code, 0, i.stderr);
    assert.deepEqual(i.json, { input: weights, output: imported, spec: join(ROOT, 'demos/specs/dqn_catch_pixels.json'), observation: [10, 10, 1], action_space: { type: 'discrete', n: 3 }, action_names: null, tensors: 8, output_bytes: readFileSync(imported).length });
    const [a, b] = [await contentsOf(training), await contentsOf(imported)];
    const acting = a.manifest.weights.filter((w) => w.kind === 'parameter' || w.kind === 'buffer');
    assert.deepEqual(b.manifest.weights, acting);
    for (const w of acting) assert.deepEqual(new Uint8Array(b.weights.get(w.name)!.buffer), new Uint8Array(a.weights.get(w.name)!.buffer), w.name);
    const ev = await cli('eval', imported, '--env', 'catch', '--episodes', '10', '--json');
    assert.equal(ev.code, 0, ev.stderr);
    assert.equal(ev.json.episodes, 10);
  });

  test('recall: export --format onnx writes a model onnxruntime runs with recurrent_in', async () => {
    const out = file('recall.onnx');
    const e = await cli('export', file('recall_training.ppol'), '--format', 'onnx', '--out', out, '--json');
    assert.equal(e.code, 0, e.stderr);
    assert.equal(e.json.output_bytes, readFileSync(out).length);
    const session = await ort.InferenceSession.create(readFileSync(out));
    try {
      assert.deepEqual(session.inputNames, ['obs_0', 'action_masks', 'recurrent_in']);
      const r = await session.run({
        obs_0: new ort.Tensor('float32', new Float32Array(256), [1, 1, 16, 16]),
        action_masks: new ort.Tensor('float32', Float32Array.of(1, 1), [1, 2]),
        recurrent_in: new ort.Tensor('float32', new Float32Array(7 * 256), [1, 1, 7 * 256]),
      });
      assert.deepEqual(Array.from(r.version_number!.data as Float32Array), [3]);
      assert.deepEqual(Array.from(r.discrete_action_output_shape!.data as Float32Array), [2]);
    } finally {
      await session.release();
    }
  });

  test('bad flags and checkpoints that do not fit fail naming the problem', async () => {
    const training = file('catch_training.ppol');
    const spec = join(ROOT, 'demos/specs/dqn_catch_pixels.json');
    const cases: [string[], number, RegExp][] = [
      [['export', training, '--out', file('x.ppol')], 2, /--format is required: ppol, safetensors, onnx/],
      [['export', training, '--format', 'pt', '--out', file('x.ppol')], 2, /--format must be ppol, safetensors, onnx, got 'pt'/],
      [['export', training, '--format', 'onnx'], 2, /--out FILE is required/],
      [['export', file('missing.ppol'), '--format', 'onnx', '--out', file('x.onnx')], 1, /StorageError: .*missing\.ppol: cannot read the policy file \(no such file\)/],
      [['import', file('catch.safetensors'), '--spec', spec, '--actions', '3', '--out', file('x.ppol')], 2, /--obs is required/],
      [['import', file('catch.safetensors'), '--spec', spec, '--game', 'training.ts', '--obs', '10x10x1', '--out', file('x.ppol')], 2, /give --game ENTRY or --obs and --actions, not both \(--game reads the observation and the actions from the entry; got --obs too\)/],
      [['import', file('catch.safetensors'), '--spec', spec, '--obs', '10x10x1', '--actions', '3', '--browser', '/usr/bin/chromium', '--out', file('x.ppol')], 2, /--browser is used with --game ENTRY only/],
      [['import', file('catch.safetensors'), '--spec', file('missing.json'), '--game', 'training.ts', '--out', file('x.ppol')], 2, /cannot read spec file '.*missing\.json': no such file/],
      [['import', file('catch.safetensors'), '--obs', '10x10x1', '--actions', '3', '--out', file('x.ppol')], 2, /--spec SPEC is required/],
      [['import', file('catch.safetensors'), '--spec', spec, '--obs', '10x10x1', '--actions', '4', '--out', file('x.ppol')], 1, /ShapeError: .*catch\.safetensors: the PyTorch state_dict does not match the nets of spec "ddqn_catch_pixels" \(ConvNet\) for observation \[10,10,1\], 1 frame stacked and 4 actions\n  net\.model_tail\.0\.weight: checkpoint shape \[3,64\] but the net's PyTorch shape is \[4,64\]\n  net\.model_tail\.0\.bias: checkpoint shape \[3\] but the net's PyTorch shape is \[4\]/],
      [['import', training, '--spec', spec, '--obs', '10x10x1', '--actions', '3', '--out', file('x.ppol')], 1, /StorageError: .*safetensors header of \d+ bytes exceeds|StorageError: .*catch_training\.ppol/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli(...args);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
    assert.equal(existsSync(file('x.ppol')), false, 'nothing is written when the import fails');
  });
});

describe('the packaged bin (dist/cli.js)', () => {
  const BIN = join(ROOT, 'dist', 'cli.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT });
  test('exports the shipped catch policy in every format and imports its safetensors back, in a fresh process', () => {
    const ship = join(ROOT, 'demos', 'catch', 'catch.ppol');
    for (const format of ['ppol', 'safetensors', 'onnx']) {
      const r = run('export', ship, '--format', format, '--out', file(`bin.${format}`), '--json');
      assert.equal(r.status, 0, `${format}: ${r.stderr}`);
      assert.equal(JSON.parse(r.stdout.trim().split('\n').at(-1)!).output_bytes, readFileSync(file(`bin.${format}`)).length);
    }
    const i = run('import', file('bin.safetensors'), '--spec', join(ROOT, 'demos/specs/dqn_catch_pixels.json'), '--obs', '10x10x1', '--actions', '3', '--out', file('bin_imported.ppol'));
    assert.equal(i.status, 0, i.stderr);
    assert.match(i.stdout, /bin_imported\.ppol: policy file \(weights only\) for .*dqn_catch_pixels\.json, observation \[10,10,1\], \{"type":"discrete","n":3\}, 8 tensors from .*bin\.safetensors, [\d,]+ bytes/);
  });
});
