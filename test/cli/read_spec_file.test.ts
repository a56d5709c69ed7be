/**
 * The commands' SPEC argument takes a preset's name wherever it takes a spec file:
 * `pixelpilot summary ppoArcadePixels`, `pixelpilot train dqn_small_pixels --env catch`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { presetNamed, readSpecFile, readSpecText } from '../../src/cli/read_spec_file';
import { presets } from '../../src/presets/index';
import { cli } from './run_cli';

test('a preset is named by its key or the same in snake_case; anything else is a file path', async () => {
  assert.equal(presetNamed('ppoArcadePixels'), 'ppoArcadePixels');
  assert.equal(presetNamed('ppo_arcade_pixels'), 'ppoArcadePixels');
  assert.equal(presetNamed('PPOArcadePixels'), undefined);
  assert.equal(presetNamed('demos/specs/dqn_catch.json'), undefined);
  assert.deepEqual(JSON.parse(await readSpecText('dqnSmallPixels')), presets.dqnSmallPixels);
  assert.equal((await readSpecFile('ppo_vector')).spec.agent.algorithm.name, 'PPO');
  await assert.rejects(readSpecText('ppoArcade'), /cannot read spec file 'ppoArcade': no such file, and no preset of that name \(presets: dqnSmallPixels, ppoArcadePixels, ppoMemoryPixels, ppoVector\)/);
});

test('summary and train take a preset by name', async () => {
  const s = await cli('summary', 'ppoArcadePixels', '--obs', '84x84x2', '--actions', '3', '--json');
  assert.equal(s.code, 0, s.stderr);
  assert.ok(s.json.params > 0);
  const t = await cli('train', 'dqn_small_pixels', '--env', 'catch', '--steps', '200', '--backend', 'cpu', '--json');
  assert.equal(t.code, 0, t.stderr);
  assert.equal(t.json.steps, 200);
});
