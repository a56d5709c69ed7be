/**
 * attach's `overlap: true` (src/agent/overlap_port.ts): an attached PPO agent acts on a second
 * worker one round behind while its own worker trains; the second worker starts only once attach's
 * checks passed, is ended on detach, and is replaced after a restart; a spec that does not train
 * in rounds, or whose second worker crashed, acts in its training worker, with an 'overlap-off'
 * warning. Real Trainers behind MessageChannels (FakeWorker), a scene stepped by hand.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgent } from '../../src/agent/create_agent';
import type { Agent } from '../../src/agent/agent';
import type { TrainInfo } from '../../src/attach/loop_events';
import type { AgentWarning } from '../../src/attach/warnings';
import { FakeWorker } from '../worker/fake_worker';
import { PPO_MLP_SPEC } from '../worker/fixtures';
import { FakeScene, VECTOR_SPEC, flush } from '../attach/fakes';

const OBS = 6;
/** The worker tests' small PPO MLP, one env: a round every 8 steps. */
const PPO_SPEC = { ...PPO_MLP_SPEC, env: { ...PPO_MLP_SPEC.env, num_envs: 1 } };

/** An agent whose workers are FakeWorkers, listed in `workers` as they are made. */
async function agentWithWorkers(spec: object): Promise<{ agent: Agent; workers: FakeWorker[] }> {
  const workers: FakeWorker[] = [];
  const agent = await createAgent(spec, { actions: ['a', 'b', 'c'], observation: { vector: OBS }, backend: 'cpu', seed: 2, worker: () => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  } });
  return { agent, workers };
}

/** Renders `frames` frames of `scene`, letting the attachment's calls settle after each. */
async function play(scene: FakeScene, settled: () => Promise<void>, frames: number): Promise<void> {
  for (let f = 0; f < frames; f++) {
    scene.frame();
    await settled();
  }
}

/** Waits until `check` holds (the workers' calls are chains of messages), at most ~2 s. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const observe = (): number[] => Array.from({ length: OBS }, (_, i) => Math.sin(i));

describe('agent.attach with overlap', () => {
  test('PPO: a second worker acts, the agent\'s worker only stores steps and trains; detach ends the second worker', async () => {
    const { agent, workers } = await agentWithWorkers(PPO_SPEC);
    try {
      const trains: TrainInfo[] = [];
      const warnings: AgentWarning[] = [];
      agent.on('train', (t) => trains.push(t));
      agent.on('warning', (w) => warnings.push(w));
      const scene = new FakeScene();
      const attachment = agent.attach(scene, { act: () => undefined, observe, reward: () => 1, overlap: true });
      await play(scene, () => attachment.settled(), 41);
      assert.equal(workers.length, 2, 'the actor has a worker of its own');
      // 41 decisions close 40 steps: a round at every 8th.
      await until(() => trains.length === 5, 'five rounds');
      assert.deepEqual(trains.map((t) => t.step), [8, 16, 24, 32, 40]);
      const learner = await agent.stats();
      assert.equal(learner.acts, 0, 'the agent\'s own worker never acted');
      assert.equal(learner.steps, 40, 'it stored every step');
      assert.deepEqual(warnings.filter((w) => w.code === 'overlap-off'), []);
      attachment.detach();
      // The step detach closes reaches the learner before a call made right after it, as without overlap.
      assert.equal((await agent.stats()).steps, 41, 'the step detach closed is stored before stats answers');
      await until(() => workers[1]!.terminated, 'the actor\'s worker to end');
      assert.equal(workers[0]!.terminated, false, 'the agent keeps its own worker');
    } finally {
      await agent.dispose();
    }
  });

  test('without overlap the agent\'s own worker acts and no second worker is started', async () => {
    const { agent, workers } = await agentWithWorkers(PPO_SPEC);
    try {
      const scene = new FakeScene();
      const attachment = agent.attach(scene, { act: () => undefined, observe, reward: () => 1 });
      await play(scene, () => attachment.settled(), 17);
      assert.equal(workers.length, 1);
      assert.equal((await agent.stats()).acts, 17);
    } finally {
      await agent.dispose();
    }
  });

  test('DQN: the agent acts in its training worker and warns overlap-off, saying why', async () => {
    const { agent, workers } = await agentWithWorkers(VECTOR_SPEC);
    try {
      const warnings: AgentWarning[] = [];
      agent.on('warning', (w) => warnings.push(w));
      const scene = new FakeScene();
      const attachment = agent.attach(scene, { act: () => undefined, observe, reward: () => 1, overlap: true });
      await play(scene, () => attachment.settled(), 12);
      assert.equal(workers.length, 1, 'no second worker');
      assert.equal((await agent.stats()).acts, 12, 'the training worker acted every decision');
      const off = warnings.filter((w) => w.code === 'overlap-off');
      assert.equal(off.length, 1);
      assert.match(off[0]!.message, /vec_dqn's training is not in rounds .*acts in its training worker/);
    } finally {
      await agent.dispose();
    }
  });

  test('bad overlap options throw before any worker starts', async () => {
    const { agent, workers } = await agentWithWorkers(PPO_SPEC);
    try {
      const scene = new FakeScene();
      assert.throws(() => agent.attach(scene, { act: () => undefined, observe, mode: 'inference', overlap: true }), /overlap acts beside training: it needs mode 'train' \(got "inference"\)/);
      assert.throws(() => agent.attach(scene, { act: () => undefined, observe, overlap: 'yes' as never }), /overlap must be a boolean \(got yes\)/);
      await flush();
      assert.equal(workers.length, 1);
      assert.equal(agent.attached, false);
    } finally {
      await agent.dispose();
    }
  });

  test('attaching and detaching three times starts and ends three second workers, and frees their tensors', async () => {
    const { agent, workers } = await agentWithWorkers(PPO_SPEC);
    try {
      const scene = new FakeScene();
      // Every FakeWorker's Trainer shares this process's engine: its count covers the actors too.
      const tensors: number[] = [(await agent.stats()).numTensors];
      for (let i = 0; i < 3; i++) {
        const attachment = agent.attach(scene, { act: () => undefined, observe, reward: () => 1, overlap: true });
        await play(scene, () => attachment.settled(), 17);
        attachment.detach();
        await until(() => workers.length === i + 2 && workers[i + 1]!.terminated, `actor ${i + 1} to end`);
        tensors.push((await agent.stats()).numTensors);
      }
      assert.equal(workers.filter((w) => w.terminated).length, 3, 'every actor ended, the learner kept');
      assert.deepEqual(tensors.slice(2), [tensors[1], tensors[1]], `tensors ${tensors}: flat after the first (the learner's kept copies of the acting weights)`);
    } finally {
      await agent.dispose();
    }
  });

  test('a detach while the second worker starts ends that worker once it is up, and warns nothing', async () => {
    const { agent, workers } = await agentWithWorkers(PPO_SPEC);
    try {
      const warnings: AgentWarning[] = [];
      agent.on('warning', (w) => warnings.push(w));
      const scene = new FakeScene();
      agent.attach(scene, { act: () => undefined, observe, reward: () => 1, overlap: true }).detach();
      await until(() => workers.length === 2 && workers[1]!.terminated, 'the late actor to start and end');
      assert.deepEqual(warnings, []);
      assert.equal(workers[0]!.terminated, false);
    } finally {
      await agent.dispose();
    }
  });

  test('a crash of the second worker: the attachment acts on in the training worker with an overlap-off warning, and no training is lost', async () => {
    const { agent, workers } = await agentWithWorkers(PPO_SPEC);
    try {
      const failures: Error[] = [];
      const warnings: AgentWarning[] = [];
      const trains: TrainInfo[] = [];
      agent.on('worker-error', (e) => failures.push(e));
      agent.on('warning', (w) => warnings.push(w));
      agent.on('train', (t) => trains.push(t));
      const scene = new FakeScene();
      let acted = 0;
      const attachment = agent.attach(scene, { act: () => void acted++, observe, reward: () => 1, overlap: true });
      await play(scene, () => attachment.settled(), 20);
      await until(() => trains.length >= 2, 'two rounds before the crash');
      const stepsBefore = (await agent.stats()).steps;
      assert.equal((await agent.stats()).acts, 0, 'the second worker acted until then');
      workers[1]!.crash('out of memory');
      await flush();
      assert.deepEqual(failures, [], 'nothing to restart: the learner is alive');
      const off = warnings.filter((w) => w.code === 'overlap-off');
      assert.equal(off.length, 1, JSON.stringify(warnings));
      assert.match(off[0]!.message, /second worker failed \(.*out of memory.*\).*training worker/);
      const before = acted;
      await play(scene, () => attachment.settled(), 20);
      assert.ok(acted > before, 'acting goes on');
      const learner = await agent.stats();
      assert.ok(learner.acts > 0, 'now in the training worker');
      assert.ok(learner.steps > stepsBefore, `the same learner stores on (${stepsBefore} -> ${learner.steps} steps)`);
      await until(() => trains.length >= 4, 'rounds go on after the crash');
      assert.equal(workers.length, 2, 'no worker was started');
      assert.equal(workers[0]!.terminated, false);
      // A restart after that replaces the learner only: the attachment stays in its training worker.
      await agent.restart({ from: null });
      await play(scene, () => attachment.settled(), 5);
      assert.equal(workers.length, 3);
      assert.ok((await agent.stats()).acts > 0);
    } finally {
      await agent.dispose();
    }
  });

  test('after a restart a new second worker acts on the new worker\'s weights; the old one is ended', async () => {
    const { agent, workers } = await agentWithWorkers(PPO_SPEC);
    try {
      const scene = new FakeScene();
      const attachment = agent.attach(scene, { act: () => undefined, observe, reward: () => 1, overlap: true });
      await play(scene, () => attachment.settled(), 10);
      assert.equal(workers.length, 2);
      await agent.restart({ from: null });
      await until(() => workers.length === 4, 'a new learner and a new actor');
      await until(() => workers[0]!.terminated && workers[1]!.terminated, 'the old learner and actor to end');
      await play(scene, () => attachment.settled(), 10);
      const learner = await agent.stats();
      assert.equal(learner.acts, 0, 'the new learner never acted');
      assert.ok(learner.steps >= 8, `the new learner stored the steps after the restart (${learner.steps})`);
      assert.equal(workers[3]!.terminated, false);
      attachment.detach();
      await until(() => workers[3]!.terminated, 'the new actor to end on detach');
    } finally {
      await agent.dispose();
    }
  });
});
