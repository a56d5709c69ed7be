/**
 * The lagged actor (src/agent/lagged_actor.ts): the actor acts on weights one round behind while
 * the learner trains, the copies of the weights fall at fixed steps (so a learner slow at any
 * moment changes nothing), a step never waits for a round, and failures are reported.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActionBatch, StepBatch, TrainReport } from '../../src/algorithm/algorithm';
import { LaggedActor, type ActorPort, type LearnerPort } from '../../src/agent/lagged_actor';
import { tf } from '../../src/backend/tf';
import { Rng } from '../../src/util/rng';
import { Trainer } from '../../src/worker/trainer';
import type { TrainerInitOptions } from '../../src/worker/trainer_types';
import { zeroTrainerTiming } from '../../src/worker/trainer_timing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DQN_SPEC_TEXT, PPO_MLP_SPEC as PPO_SPEC } from '../worker/fixtures';
import { actingWeights } from '../../src/algorithm/acting_snapshots';
import { readPolicyArtifacts } from '../../src/store/policy_artifact';
import { decodePolicyFile } from '../../src/store/policy_file';
import { createAgent } from '../../src/agent/create_agent';
import type { TrainInfo } from '../../src/attach/loop_events';
import type { WorkerError } from '../../src/util/errors';
import { FakeWorker } from '../worker/fake_worker';
import { FakeScene, flush as flushTicks } from '../attach/fakes';

const EVERY = 3;
const REPORT: TrainReport = { loss: 0.5, updates: 2, skipped: 0, extra: {} };

/** A promise resolved from outside. */
function deferred(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Lets every pending callback run (the fakes' calls are chains of promises and timers). */
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

/** A learner whose calls run one at a time, as a Trainer's do; each `EVERY`-th step trains (version + 1) once its gate opens. */
class FakeLearner implements LearnerPort {
  readonly log: string[] = [];
  version = 0;
  readonly gates = new Map<number, ReturnType<typeof deferred>>();
  private queue: Promise<unknown> = Promise.resolve();

  observe(_step: StepBatch, frame: number): Promise<TrainReport | null> {
    return this.serial(async () => {
      this.log.push(`observe ${frame}`);
      if (frame % EVERY !== 0) return null;
      await this.gates.get(frame)?.promise;
      this.version++;
      return REPORT;
    });
  }

  exportPolicy(): Promise<Uint8Array> {
    return this.serial(async () => {
      this.log.push(`export v${this.version}`);
      return Uint8Array.of(this.version);
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** An actor that answers every env with the version of the weights it holds. */
class FakeActor implements ActorPort {
  version = -1;
  terminated = false;
  async act(): Promise<Int32Array> {
    return Int32Array.of(this.version);
  }
  async importPolicy(bytes: Uint8Array): Promise<unknown> {
    this.version = bytes[0]!;
    return {};
  }
  async timing() {
    return zeroTrainerTiming();
  }
  async dispose(): Promise<void> {}
  terminate(): void {
    this.terminated = true;
  }
}

const step = (): StepBatch => ({
  observations: new Uint8Array(1), actions: new Int32Array(1), rewards: new Float32Array(1),
  nextObservations: new Uint8Array(1), terminated: new Uint8Array(1), truncated: new Uint8Array(1),
});

describe('LaggedActor with a fake learner and actor', () => {
  test('acts on the weights of the round before: a copy is queued right before each step that starts a round', async () => {
    const learner = new FakeLearner();
    const actor = new FakeActor();
    const trained: number[] = [];
    const port = new LaggedActor(learner, actor, { next: EVERY, every: EVERY }, { onTrain: (_r, s) => trained.push(s), onError: (e) => assert.fail(String(e)) });
    const versions: number[] = [];
    for (let s = 1; s <= 9; s++) {
      versions.push((await port.act(new Uint8Array(1)))[0]!);
      assert.equal(await port.observe(step(), s), null, 'a step resolves at once, with no report');
    }
    await port.drained();
    // Rounds train at steps 3, 6, 9. Steps 4-6 act on the weights copied before step 3 (v0),
    // steps 7-9 on those copied before step 6: v1, after the round of step 3.
    assert.deepEqual(versions, [0, 0, 0, 0, 0, 0, 1, 1, 1]);
    assert.deepEqual(learner.log, ['export v0', 'observe 1', 'observe 2', 'export v0', 'observe 3', 'observe 4', 'observe 5', 'export v1', 'observe 6', 'observe 7', 'observe 8', 'export v2', 'observe 9']);
    assert.deepEqual(trained, [3, 6, 9], 'each round is reported with the step that started it');
    assert.deepEqual(await port.close(), zeroTrainerTiming(), 'close() gives the actor\'s timing');
    assert.ok(actor.terminated);
  });

  test('steps go on while a round trains; only the actions after the next round\'s first step wait for it', async () => {
    const learner = new FakeLearner();
    const actor = new FakeActor();
    const gate = deferred();
    learner.gates.set(3, gate);
    const port = new LaggedActor(learner, actor, { next: EVERY, every: EVERY }, { onTrain: () => undefined, onError: (e) => assert.fail(String(e)) });
    for (let s = 1; s <= 6; s++) {
      await port.act(new Uint8Array(1));
      await port.observe(step(), s); // steps 4-6 are stored after the round of step 3, which is held
    }
    let answered: number | null = null;
    const seventh = port.act(new Uint8Array(1)).then((a) => (answered = a[0]!));
    await flush();
    assert.equal(answered, null, 'the action after step 6 waits for the round of step 3');
    assert.ok(!learner.log.includes('observe 4'), 'the learner is still in the round of step 3');
    gate.open();
    await seventh;
    assert.equal(answered, 1, 'and then acts on the weights after that round');
    await port.drained();
    assert.ok(port.waitMs >= 0);
  });

  test('a failed step is reported, a failed copy of the weights fails the actions after it, and close ends the actor', async () => {
    const errors: unknown[] = [];
    const learner: LearnerPort = {
      observe: (_s, frame) => (frame === 2 ? Promise.reject(new Error('store failed')) : Promise.resolve(null)),
      exportPolicy: (() => {
        let calls = 0;
        return () => (++calls === 2 ? Promise.reject(new Error('export failed')) : Promise.resolve(Uint8Array.of(0)));
      })(),
    };
    const actor = new FakeActor();
    const port = new LaggedActor(learner, actor, { next: 3, every: 3 }, { onTrain: () => undefined, onError: (e) => errors.push(e) });
    for (let s = 1; s <= 3; s++) {
      await port.act(new Uint8Array(1));
      await port.observe(step(), s);
    }
    await port.drained();
    assert.deepEqual(errors.map((e) => (e as Error).message), ['store failed']);
    await assert.rejects(port.act(new Uint8Array(1)), /export failed/);
    await port.close();
    assert.ok(actor.terminated, 'close() ends the actor\'s worker');
  });
});

const ENVS = 2;
const OBS = 6;

/** A2C (ActorCritic) with the same net, a round every 8 steps. */
const A2C_SPEC = {
  ...PPO_SPEC,
  agent: { ...PPO_SPEC.agent, name: 'A2C', algorithm: { name: 'ActorCritic', gamma: 0.9, lam: 0.9, training_frequency: 8, entropy_coef_spec: { name: 'no_decay', start_val: 0.01 }, val_loss_coef: 0.5, policy_loss_coef: 1 } },
};

function init(backend: 'cpu' | 'wasm', spec: object = PPO_SPEC): TrainerInitOptions {
  return { spec, obsShape: [OBS], obsDtype: 'float32', actionSpace: { type: 'discrete', n: 3 }, numEnvs: ENVS, frameStack: 1, seed: 11, backend };
}

/** A made-up env whose reward depends on the action taken: what the policy does shapes what is learned. */
function envStep(rng: Rng, obs: Float32Array, actions: ActionBatch): StepBatch {
  const next = Float32Array.from({ length: ENVS * OBS }, () => rng.uniform() * 2 - 1);
  return {
    observations: obs,
    actions,
    rewards: Float32Array.from(actions as Int32Array, (a, e) => (a === (obs[e * OBS]! > 0 ? 2 : 0) ? 1 : 0)),
    nextObservations: next,
    terminated: Uint8Array.from({ length: ENVS }, () => (rng.uniform() < 0.1 ? 1 : 0)),
    truncated: new Uint8Array(ENVS),
  };
}

/** The trainer's weights, each variable's bytes (so that -0 and 0 differ too). */
async function weightsOf(t: Trainer): Promise<Map<string, string>> {
  const { weights } = await readPolicyArtifacts(decodePolicyFile(await t.exportPolicy({ training: false }), 'test'), 'test');
  return new Map([...weights].map(([k, v]) => [k, Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')]));
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`LaggedActor on two real Trainers [${backend}]: a learner that answers late at random trains exactly the weights of the same schedule run one call at a time`, async () => {
    const tensors = tf.memory().numTensors;
    const STEPS = 61; // 7 rounds of 8 steps and a part
    // The reference: every call awaited in order; before the step that starts a round, the actor takes the learner's weights.
    const refLearner = new Trainer();
    const refActor = new Trainer();
    await refLearner.init(init(backend));
    await refActor.init(init(backend));
    const initial = await weightsOf(refLearner);
    const schedule = await refLearner.roundSchedule();
    assert.deepEqual(schedule, { next: 8, every: 8 });
    let rng = new Rng(3);
    let obs: Float32Array = Float32Array.from({ length: ENVS * OBS }, () => rng.uniform() * 2 - 1);
    await refActor.importPolicy(await refLearner.exportPolicy({ training: false, acting: 'start' }), { mode: 'inference' });
    const refActions: number[] = [];
    for (let s = 1; s <= STEPS; s++) {
      const actions = await refActor.act(obs.slice());
      refActions.push(...actions);
      if (s % 8 === 0) await refActor.importPolicy(await refLearner.exportPolicy({ training: false, acting: 'round' }), { mode: 'inference' });
      const st = envStep(rng, obs, actions);
      await refLearner.observe(st, s * ENVS);
      obs = st.nextObservations as Float32Array;
    }
    // The lagged actor, its learner's calls delayed by random timers (as a worker busy training would be).
    const learner = new Trainer();
    const actor = new Trainer();
    await learner.init(init(backend));
    await actor.init(init(backend));
    const delays = new Rng(9);
    const later = <T>(fn: () => Promise<T>): Promise<T> => new Promise((resolve) => setTimeout(resolve, Math.floor(delays.uniform() * 4))).then(fn);
    const slowLearner: LearnerPort = {
      // Sent in order, run in order (as a worker's queue): delay the sending, then chain.
      observe: (st, frame) => later(() => learner.observe(st, frame)),
      exportPolicy: (o) => later(() => learner.exportPolicy(o)),
    };
    let chain: Promise<unknown> = Promise.resolve();
    const ordered: LearnerPort = {
      observe: (st, frame) => (chain = chain.then(() => slowLearner.observe(st, frame))) as Promise<TrainReport | null>,
      exportPolicy: (o) => (chain = chain.then(() => slowLearner.exportPolicy(o))) as Promise<Uint8Array>,
    };
    const rounds: number[] = [];
    const port = new LaggedActor(ordered, { act: (o, m, opts) => actor.act(o, m, opts), importPolicy: (b, opts) => actor.importPolicy(b, opts), timing: () => actor.timing(), dispose: async () => undefined, terminate: () => undefined }, (await learner.roundSchedule())!, {
      onTrain: (_r, s) => rounds.push(s),
      onError: (e) => assert.fail(String(e)),
    });
    rng = new Rng(3);
    obs = Float32Array.from({ length: ENVS * OBS }, () => rng.uniform() * 2 - 1);
    const actions: number[] = [];
    for (let s = 1; s <= STEPS; s++) {
      const a = await port.act(obs.slice());
      actions.push(...a);
      const st = envStep(rng, obs, a);
      void port.observe(st, s * ENVS);
      obs = st.nextObservations as Float32Array;
    }
    await port.drained();
    assert.deepEqual(actions, refActions, 'the same actions, step for step');
    assert.deepEqual(rounds, [8, 16, 24, 32, 40, 48, 56].map((s) => s * ENVS), 'every round reported with its step');
    assert.deepEqual(await weightsOf(learner), await weightsOf(refLearner), 'the learner trained the same weights');
    assert.notDeepEqual(await weightsOf(learner), initial, 'and it did train');
    assert.deepEqual(await learner.roundSchedule(), { next: 3, every: 8 }, 'the learner holds 5 of the next round\'s 8 steps');
    for (const t of [refLearner, refActor, learner, actor]) await t.dispose();
    assert.equal(tf.memory().numTensors, tensors, 'no tensor left behind');
  });
}

describe('Trainer.roundSchedule: which trainings a lagged actor can serve', () => {
  const spec = (file: string): string => readFileSync(join('test/algorithm/specs', file), 'utf8');
  const vector = (text: unknown, specName?: string, continuous = false): TrainerInitOptions => ({
    spec: text, ...(specName === undefined ? {} : { specName }), obsShape: [4], obsDtype: 'float32',
    actionSpace: continuous ? { type: 'continuous', shape: [1], low: -1, high: 1 } : { type: 'discrete', n: 2 },
    numEnvs: 2, frameStack: 1, seed: 1, backend: 'cpu',
  });
  const schedule = async (options: TrainerInitOptions): Promise<unknown> => {
    const t = new Trainer();
    await t.init(options);
    try {
      return await t.roundSchedule();
    } finally {
      await t.dispose();
    }
  };

  test('PPO and A2C rollouts of a feedforward net with discrete actions: every time_horizon / training_frequency steps', async () => {
    assert.deepEqual(await schedule(vector(spec('ppo_cartpole.json'))), { next: 128, every: 128 });
    assert.deepEqual(await schedule(vector(spec('a2c_cartpole.json'))), { next: 32, every: 32 });
  });

  test('none for a recurrent net, continuous actions, episodic rollouts (Reinforce) or DQN', async () => {
    assert.equal(await schedule({ ...vector(spec('ppo_memory.json'), 'ppo_gru_memory'), obsShape: [3] }), null);
    assert.equal(await schedule(vector(spec('ppo_cartpole.json'), undefined, true)), null);
    assert.equal(await schedule(vector(spec('reinforce_cartpole.json'))), null);
    assert.equal(await schedule({ ...vector(DQN_SPEC_TEXT), obsShape: [10, 10, 1], obsDtype: 'uint8', actionSpace: { type: 'discrete', n: 3 } }), null);
  });
});

describe('Agent.startLaggedActor', () => {
  test('a second worker acts while the agent\'s trains: rounds are reported with their step, and a crash of the actor is a worker-error', async () => {
    const workers: FakeWorker[] = [];
    const agent = await createAgent({ ...PPO_SPEC, env: { ...PPO_SPEC.env, num_envs: 1 } }, { actions: ['a', 'b', 'c'], observation: { vector: OBS }, backend: 'cpu', seed: 2, worker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    } });
    try {
      const actor = await agent.startLaggedActor();
      assert.ok(actor instanceof LaggedActor, String(actor));
      assert.equal(workers.length, 2, 'the actor has a worker of its own');
      const trains: TrainInfo[] = [];
      const failures: WorkerError[] = [];
      agent.on('train', (t) => trains.push(t));
      agent.on('worker-error', (e) => failures.push(e));
      const scene = new FakeScene();
      let frame = 0;
      const attachment = agent.attachTo(scene, { act: () => undefined, observe: () => Array.from({ length: OBS }, (_, i) => Math.sin(frame + i)), reward: () => 1 }, undefined, undefined, actor);
      for (; frame < 40; frame++) {
        scene.frame();
        await attachment.settled();
      }
      await actor.drained();
      // A step is closed at each decision after the first; a round every 8 steps.
      assert.deepEqual(trains.map((t) => t.step), [8, 16, 24, 32]);
      const learner = await agent.stats();
      assert.equal(learner.acts, 0, 'the agent\'s own worker never acted');
      assert.equal(learner.steps, 39, 'it stored every step');
      const [, actorWorker] = workers;
      actorWorker!.crash('out of memory');
      await flushTicks();
      assert.equal(failures.length, 1, 'the actor\'s crash stops the run');
      attachment.detach();
      await actor.close();
    } finally {
      await agent.dispose();
    }
  });

  test('says why not for DQN, and when no second worker can be started', async () => {
    const dqn = await createAgent(DQN_SPEC_TEXT, { actions: ['a', 'b', 'c'], observation: { width: 10, height: 10 }, backend: 'cpu', players: 2, worker: () => new FakeWorker() });
    try {
      assert.match(String(await dqn.startLaggedActor()), /tiny_dqn's training is not in rounds of steps that acting leaves alone/);
    } finally {
      await dqn.dispose();
    }
    const once = await createAgent(PPO_SPEC, { actions: ['a', 'b', 'c'], observation: { vector: OBS }, backend: 'cpu', players: 2, worker: new FakeWorker() });
    try {
      assert.match(String(await once.startLaggedActor()), /^a second worker could not be started: .*ready-made worker/);
    } finally {
      await once.dispose();
    }
  });
});

describe('decoupled PPO on a lagged actor\'s rollouts', () => {
  test('actingWeights: min(1, pi_old / pi_acting) per sample', () => {
    const w = actingWeights(Float32Array.of(Math.log(0.5), Math.log(0.2), Math.log(0.3)), Float32Array.of(Math.log(0.25), Math.log(0.4), Math.log(0.3)));
    assert.deepEqual([...w].map((x) => Number(x.toFixed(6))), [1, 0.5, 1]);
  });

  for (const [name, spec, backend] of [['PPO', PPO_SPEC, 'cpu'], ['PPO', PPO_SPEC, 'wasm'], ['A2C', A2C_SPEC, 'cpu']] as const) {
    test(`${name}: a learner told of its actor's copies weighs each rollout by the policy that acted it [${backend}]`, async () => {
      const tensors = tf.memory().numTensors;
      const told = new Trainer();
      const plain = new Trainer();
      await told.init(init(backend, spec));
      await plain.init(init(backend, spec));
      await told.exportPolicy({ training: false, acting: 'start' });
      const rng = new Rng(4);
      let obs: Float32Array = Float32Array.from({ length: ENVS * OBS }, () => rng.uniform() * 2 - 1);
      const reports: (TrainReport | null)[][] = [];
      const weightsAfter: Map<string, string>[][] = [];
      for (let s = 1; s <= 16; s++) {
        const st = envStep(rng, obs, Int32Array.from({ length: ENVS }, (_, e) => (s + e) % 3));
        if (s % 8 === 0) await told.exportPolicy({ training: false, acting: 'round' });
        const copy = (): StepBatch => ({ ...st, observations: st.observations.slice(), nextObservations: st.nextObservations.slice() });
        const r = [await told.observe(copy(), s * ENVS), await plain.observe(copy(), s * ENVS)];
        if (s % 8 === 0) {
          reports.push(r);
          weightsAfter.push([await weightsOf(told), await weightsOf(plain)]);
        }
        obs = st.nextObservations as Float32Array;
      }
      // Round 1: its rollout was acted by the first copy, the weights the round starts from: weights 1, the same update as PPO's.
      assert.equal(reports[0]![0]!.extra['acting_weight'], 1);
      assert.equal(reports[0]![1]!.extra['acting_weight'], undefined, 'a learner with no actor weighs nothing');
      assert.deepEqual(weightsAfter[0]![0], weightsAfter[0]![1]);
      // Round 2: acted by the weights before round 1, trained from those after it.
      const w = reports[1]![0]!.extra['acting_weight']!;
      assert.ok(w > 0 && w < 1, `acting_weight ${w}`);
      assert.notDeepEqual(weightsAfter[1]![0], weightsAfter[1]![1], 'so the update differs from PPO\'s');
      await told.dispose();
      await plain.dispose();
      assert.equal(tf.memory().numTensors, tensors, 'the kept copies are freed');
    });
  }
});
