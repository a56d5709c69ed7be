import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

/** What scripts/play_bundle.mjs --report prints: the real rollup build of dist/play.js, in memory. */
interface BundleReport {
  files: { file: string; bytes: number; gzip: number }[];
  gzip: number;
  externals: string[];
  modules: { id: string; bytes: number }[];
}

const report: BundleReport = JSON.parse(
  execFileSync(process.execPath, ['scripts/play_bundle.mjs', '--report'], { cwd: process.cwd(), encoding: 'utf8' }).trim().split('\n').at(-1)!,
);
const ids = report.modules.map((m) => m.id);

/** The only modules of these folders a bot may carry (the rest of each folder is training). */
const ALLOWED_IN: Record<string, readonly string[]> = {
  'src/algorithm/': ['action_policy.ts', 'policy_actions.ts', 'log_std_range.ts', 'observation_tensor.ts', 'sequence_window.ts'],
  'src/agent/': ['agent_error.ts', 'agent_options.ts', 'callback_error.ts', 'decision_loop.ts', 'game_reads.ts', 'loop_counters.ts', 'loop_player.ts', 'observation_source.ts'],
  'src/backend/': ['cpu_backend.ts', 'select_backend.ts', 'wasm_setup.ts', 'wasm_inline.ts'],
};

test('the report sees the modules a bot needs (so the checks below look at the real graph)', () => {
  for (const id of ['src/play/load_bot.ts', 'src/play/bot.ts', 'src/net/net.ts', 'src/net/conv2d.ts', 'src/net/recurrent_net.ts', 'src/store/policy_artifact.ts', 'src/store/policy_store.ts', 'src/observe/frame_capture.ts', 'src/scene/scene_hooks.ts']) {
    assert.ok(ids.includes(id), `${id} is in the bundle`);
  }
  assert.ok(report.files.some((f) => f.file === 'play.js'));
});

test('dist/play.js holds no training code: no trainer, worker, memory, optimizer, loss, update step, spec resolver or gradient', () => {
  // src/spec's name lists and limits are data the weight plan checks a file's spec against (no resolver).
  const dataOnly = ['src/spec/net_names.ts', 'src/spec/defaults.ts'];
  const banned = ids.filter((id) => /^src\/(train|memory|worker|cli|env|spec)\//.test(id) && !dataOnly.includes(id));
  assert.deepEqual(banned, []);
  for (const [folder, allowed] of Object.entries(ALLOWED_IN)) {
    const extra = ids.filter((id) => id.startsWith(folder) && !allowed.includes(id.slice(folder.length)));
    assert.deepEqual(extra, [], `only ${allowed.join(', ')} of ${folder}`);
  }
});

test('it is self-contained (tfjs bundled in, nothing imported) and carries no tfjs gradients, comlink or phaser', () => {
  assert.deepEqual(report.externals, []);
  assert.ok(ids.some((id) => id.startsWith('node_modules/@tensorflow/tfjs-core/')), 'tfjs-core is bundled in');
  assert.deepEqual(ids.filter((id) => /register_all_gradients|_grad\.js$|node_modules\/(comlink|phaser)\//.test(id)), []);
});

test('its gzipped size, tfjs and the inlined wasm binary included, stays within 600 KB', (t) => {
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  t.diagnostic(`dist/play.js + chunks: ${report.files.map((f) => `${f.file} ${kb(f.bytes)} (gzip ${kb(f.gzip)})`).join(', ')}; gzip total ${kb(report.gzip)}`);
  assert.equal(report.gzip, report.files.reduce((n, f) => n + f.gzip, 0));
  assert.ok(report.gzip > 100 * 1024, 'a bundle with tfjs, nets, store and capture is not tiny');
  assert.ok(report.gzip <= 600 * 1024, `gzip total ${kb(report.gzip)}`);
});
