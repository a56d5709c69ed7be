/**
 * The published types show users the API, not the SDK's own plumbing: the Agent's internals
 * (its constructor, the worker client, the calls createAgent and the fast mode make) are marked
 * `@internal` and stripped from dist/*.d.ts. Runs on the build `npm test` makes first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const INTERNAL = ['workerFailed', 'backendChanged', 'attachTo', 'get trainer', 'static create'];

for (const entry of ['index', 'lab']) {
  test(`dist/${entry}.d.ts has no Agent internals and no public Agent constructor`, () => {
    const types = readFileSync(`dist/${entry}.d.ts`, 'utf8');
    const agent = /declare class Agent \{[\s\S]*?\n\}/.exec(types)?.[0];
    assert.ok(agent !== undefined, 'the Agent class is published');
    assert.deepEqual(INTERNAL.filter((name) => agent.includes(name)), []);
    assert.match(agent, /private constructor\(\);/);
  });
}

test('the main entry publishes the types the demos and a game need (CropRect, SceneLike, KeyMap)', () => {
  const types = readFileSync('dist/index.d.ts', 'utf8');
  const exported = [...types.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(',').map((s) => s.trim().split(' as ').pop()!));
  for (const name of ['CropRect', 'SceneLike', 'KeyMap', 'Attachment', 'AttachOptions', 'TrainingEntry']) assert.ok(exported.includes(name), name);
});
