/**
 * The Phaser glue: its event names are Phaser 4's own (read from phaser's sources, since phaser
 * does not load in Node), a Phaser.Scene fits SceneLike (type check), and hookScene adds exactly
 * its listeners and removes every one on remove() or on scene shutdown / destroy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Phaser from 'phaser';
import { GAME_POST_RENDER, SCENE_DESTROY, SCENE_POST_UPDATE, SCENE_SHUTDOWN, SCENE_UPDATE, hookScene, type SceneLike } from '../../src/scene/scene_hooks';
import { FakeScene } from '../attach/fakes';

const PHASER_SRC = join(process.cwd(), 'node_modules/phaser/src');
const exported = (file: string): string => /module\.exports = '([^']+)'/.exec(readFileSync(join(PHASER_SRC, file), 'utf8'))![1]!;

// Compile-time check: a Phaser 4 scene is a SceneLike.
export const sceneFits = (scene: Phaser.Scene): SceneLike => scene;

test("the event names are Phaser 4's", () => {
  assert.equal(GAME_POST_RENDER, exported('core/events/POST_RENDER_EVENT.js'));
  assert.equal(SCENE_SHUTDOWN, exported('scene/events/SHUTDOWN_EVENT.js'));
  assert.equal(SCENE_DESTROY, exported('scene/events/DESTROY_EVENT.js'));
  assert.equal(SCENE_UPDATE, exported('scene/events/UPDATE_EVENT.js'));
  assert.equal(SCENE_POST_UPDATE, exported('scene/events/POST_UPDATE_EVENT.js'));
  // Systems.isActive() is true only while the scene runs (not paused, asleep, or shut down).
  assert.match(readFileSync(join(PHASER_SRC, 'scene/Systems.js'), 'utf8'), /isActive: function \(\)\s*\{\s*return \(this\.settings\.status === CONST\.RUNNING\);/);
});

test("hookScene passes on no frame of a scene that is not active, and calls onUpdate on the scene's update and postupdate", () => {
  let active = true;
  const scene = Object.assign(new FakeScene(), { sys: { isActive: () => active } });
  let frames = 0;
  let updates = 0;
  const hooks = hookScene(scene, () => frames++, () => undefined, () => updates++);
  assert.equal(scene.game.events.total() + scene.events.total(), 5);
  scene.frame();
  active = false; // paused or asleep: Phaser still renders the game and emits 'postrender'
  scene.frame();
  scene.frame();
  assert.equal(frames, 1);
  scene.events.emit(SCENE_UPDATE);
  scene.events.emit(SCENE_POST_UPDATE);
  assert.equal(updates, 2);
  hooks.remove();
  assert.equal(scene.game.events.total() + scene.events.total(), 0);
});

test('hookScene calls onFrame per postrender and removes every listener on remove(), shutdown or destroy', () => {
  for (const end of ['remove', SCENE_SHUTDOWN, SCENE_DESTROY]) {
    const scene = new FakeScene();
    let frames = 0;
    let ended = 0;
    const hooks = hookScene(scene, () => frames++, () => ended++);
    assert.equal(hooks.canvas, scene.game.canvas);
    scene.frame();
    scene.frame();
    assert.equal(frames, 2);
    assert.equal(scene.game.events.total() + scene.events.total(), 3);
    if (end === 'remove') hooks.remove();
    else scene.events.emit(end);
    assert.equal(scene.game.events.total() + scene.events.total(), 0, end);
    assert.equal(ended, end === 'remove' ? 0 : 1);
    scene.frame();
    scene.events.emit(SCENE_DESTROY);
    hooks.remove();
    assert.deepEqual([frames, ended], [2, end === 'remove' ? 0 : 1]);
  }
});
