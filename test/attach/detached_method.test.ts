/**
 * The 'detached-method' warning: a class method passed as an attach callback without its object
 * (`reward: scene.takeReward`) is caught at its first call, reported once as a warning, and each
 * failed call is an AgentCallbackError that says which `this` field it used and how to fix it.
 * Arrow functions, bound functions and plain functions that never use `this` are never flagged.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentCallbackError } from '../../src/util/errors';
import { vectorSource } from '../../src/attach/observation_source';
import { warningLoop } from './warning_loop';

/** A game object with methods that use `this`, as a Phaser scene's are. */
class Game {
  pendingReward = 0;
  over = false;
  last = -1;
  position = 0;
  takeReward(): number {
    const r = this.pendingReward;
    this.pendingReward = 0;
    return r;
  }
  isOver(): boolean {
    return this.over;
  }
  act(action: number): void {
    this.last = action;
  }
  observe(): number[] {
    return [this.position];
  }
  /** A field holding an arrow function: keeps its `this` when passed alone. */
  readonly arrowReward = (): number => this.takeReward();
}

const FIX = 'reward(0) reads this.pendingReward, but was passed without its object: use an arrow function (reward: () => scene.takeReward()) or bind it (scene.takeReward.bind(scene))';

describe('detached-method', () => {
  test('a method passed as reward without its object: one warning, and every failure says how to fix it; as an arrow, bound, an arrow field or a plain function without `this`: none', async () => {
    const game = new Game();
    const s = warningLoop({ reward: game.takeReward }); // the trap
    await s.run(30);
    assert.deepEqual(s.codes(), ['detached-method'], 'exactly one warning over 30 frames');
    assert.equal(s.warnings[0]!.player, 0);
    assert.match(s.warnings[0]!.message, /^reward is the method takeReward passed without its object/);
    assert.ok(s.warnings[0]!.message.includes('scene.takeReward.bind(scene)'));
    assert.equal(s.errors.length, 30, 'every call fails (each frame skipped for the agent)');
    for (const e of s.errors) {
      assert.ok(e instanceof AgentCallbackError);
      assert.equal(e.callback, 'reward');
      assert.equal(e.message, `attach: ${FIX}`);
    }
    assert.equal(s.loop.counters.skipped, 30);

    // Out of the trap: the same game, its callbacks passed in every way that keeps (or needs no) `this`.
    const plain = function (): number {
      return 1;
    };
    for (const reward of [() => game.takeReward(), game.takeReward.bind(game), game.arrowReward, plain]) {
      const fine = warningLoop({
        reward,
        done: game.isOver.bind(game),
        act: (a) => game.act(a),
        observe: () => game.observe(),
      }, { sources: [vectorSource(() => game.observe(), 1, 0)] });
      for (let f = 0; f < 20; f++) {
        game.pendingReward = 1;
        game.position = f;
        await fine.run(1);
      }
      assert.deepEqual(fine.warnings, []);
      assert.deepEqual(fine.errors, []);
      assert.ok(fine.trainer.steps.length >= 18 && fine.trainer.steps.every(({ step }) => step.rewards[0] === 1), 'the rewards reach the steps');
      assert.equal(game.last, 1, 'act reached the game');
    }
  });

  test('done, act (with and without keys) and observe are caught the same way, each warned once', async () => {
    const game = new Game();
    const pressed: string[] = [];
    const s = warningLoop(
      { done: game.isOver, act: game.act, observe: game.observe },
      { sources: [vectorSource(game.observe, 1, 0)], keyPlay: (name) => pressed.push(name) },
    );
    await s.run(10);
    // done fails every frame (no frame reaches a decision), so observe and act are never called.
    assert.deepEqual(s.codes(), ['detached-method']);
    assert.match(s.warnings[0]!.message, /^done is the method isOver .*reads this\.over/);

    const t = warningLoop({ act: game.act, observe: game.observe }, { sources: [vectorSource(game.observe, 1, 0)], keyPlay: (name) => pressed.push(name) });
    await t.run(10);
    assert.deepEqual(t.codes(), ['detached-method'], 'observe: one warning');
    assert.ok((t.errors[0] as AgentCallbackError).message.startsWith('attach: observe(0) reads this.position, but was passed without its object'));

    const u = warningLoop({ act: game.act }, { keyPlay: (name) => pressed.push(name) });
    await u.run(10);
    assert.deepEqual(u.codes(), ['detached-method'], 'act after the keys: one warning');
    assert.equal((u.errors[0] as AgentCallbackError).message,
      'attach: act(0) writes this.last, but was passed without its object: use an arrow function (act: (action, name) => scene.act(action, name)) or bind it (scene.act.bind(scene))');
    assert.ok(pressed.length > 0, 'the keys were pressed before act failed');
    assert.equal(game.last, -1);
  });

  test('a plain function that uses `this` is flagged too (it is called with no object)', async () => {
    // A function expression in an object literal takes its key's name.
    const s = warningLoop({ reward: function (this: { x: number }) { return this.x; } });
    await s.run(3);
    assert.deepEqual(s.codes(), ['detached-method']);
    assert.match((s.errors[0] as AgentCallbackError).message, /reads this\.x, .*\(reward: \(\) => scene\.reward\(\)\)/);
  });
});
