/**
 * What every optimizer shares: the interface the train step and the schedulers use, plain-data
 * state for saving, and slot bookkeeping. Update equations live one per file beside this one.
 */
import { tf } from '../../backend/tf';
import type { OptimName } from '../../spec/types';
import { assert } from '../../util/assert';
import { ShapeError } from '../../util/errors';

/** One optimizer slot (e.g. Adam's `exp_avg` of parameter 3) as plain data. */
export interface OptimizerSlotState {
  /** `<param index>.<PyTorch state key>`, e.g. `3.exp_avg`. */
  name: string;
  data: Float32Array;
  shape: number[];
}

/** An optimizer's state as plain data: saved with the weights, restored with `setState`. */
export interface OptimizerState {
  name: OptimName;
  /** Steps taken so far (PyTorch's `state['step']`; drives Adam's bias correction). */
  step: number;
  slots: OptimizerSlotState[];
}

/**
 * A PyTorch-equivalent optimizer over a fixed list of variables.
 * `step(grads)` takes gradients in the order of the variables it was built with; a `null`
 * gradient leaves that variable and its slots alone (PyTorch skips params whose grad is None).
 * To skip a step (e.g. a non-finite loss), do not call `step`: trainStep decides on the host.
 */
export interface Optimizer {
  readonly name: OptimName;
  /** Learning rate used by the next step; schedulers set it. */
  lr: number;
  /** Number of `step` calls so far. */
  readonly stepCount: number;
  step(grads: readonly (tf.Tensor | null)[]): void;
  getState(): Promise<OptimizerState>;
  /** Throws ShapeError when `state` does not fit these variables; changes nothing. */
  checkState(state: OptimizerState): void;
  /** Restores state from `getState`; throws ShapeError (changing nothing) when it does not fit. */
  setState(state: OptimizerState): void;
  /** Disposes the slots (not the parameters, which the net owns). */
  dispose(): void;
}

/** New values for variables, assigned together once every new value has been computed. */
export type Assignments = [tf.Variable, tf.Tensor][];

/** Step-wide values handed to each per-parameter update. */
export interface StepContext {
  /** 1-based step number, as PyTorch's `state['step']` after its increment. */
  t: number;
  lr: number;
}

/** Slot bookkeeping, state (de)serialisation and assignment; subclasses give `update`. */
export abstract class BaseOptimizer implements Optimizer {
  abstract readonly name: OptimName;
  lr: number;
  protected readonly params: readonly tf.Variable[];
  private t = 0;
  private readonly slotNames: readonly string[];
  /** slots[slotName][paramIndex], zeros like the parameter, created eagerly. */
  private readonly slots: Map<string, tf.Variable[]>;
  private disposed = false;

  protected constructor(params: readonly tf.Variable[], lr: number, slotNames: readonly string[]) {
    this.params = params.slice();
    this.lr = lr;
    this.slotNames = slotNames;
    this.slots = new Map(
      // tidy disposes the zeros tensor; the variable keeps its own reference to the buffer.
      slotNames.map((s) => [s, this.params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)))]),
    );
  }

  get stepCount(): number {
    return this.t;
  }

  /** The new values of parameter `i` and its slots, computed from their current values. */
  protected abstract update(i: number, grad: tf.Tensor, ctx: StepContext): Assignments;

  protected slot(name: string, i: number): tf.Variable {
    const vars = this.slots.get(name);
    assert(vars !== undefined, () => `${this.name} has no slot "${name}"`);
    return vars[i]!;
  }

  step(grads: readonly (tf.Tensor | null)[]): void {
    assert(!this.disposed, () => `${this.name}.step after dispose`);
    if (grads.length !== this.params.length) {
      throw new ShapeError(
        `${this.name}.step: got ${grads.length} gradients for ${this.params.length} parameters`,
      );
    }
    grads.forEach((g, i) => {
      const p = this.params[i]!;
      if (g !== null && !tf.util.arraysEqual(g.shape, p.shape)) {
        throw new ShapeError(
          `${this.name}.step: gradient ${i} has shape [${g.shape}], its parameter [${p.shape}]`,
        );
      }
    });
    this.t += 1;
    const ctx: StepContext = { t: this.t, lr: this.lr };
    tf.tidy(() => {
      const all: Assignments = [];
      grads.forEach((g, i) => {
        if (g !== null) all.push(...this.update(i, g, ctx));
      });
      // Every new value is computed before the first assign, so no update reads a new value.
      for (const [v, value] of all) v.assign(value);
    });
  }

  async getState(): Promise<OptimizerState> {
    const slots: OptimizerSlotState[] = [];
    for (const [name, vars] of this.orderedSlots()) {
      // Copy: a backend may hand out its own backing array.
      slots.push({ name, data: new Float32Array(await vars.data()), shape: vars.shape.slice() });
    }
    return { name: this.name, step: this.t, slots };
  }

  checkState(state: OptimizerState): void {
    if (state.name !== this.name) {
      throw new ShapeError(`optimizer state is for ${state.name}, this optimizer is ${this.name}`);
    }
    if (!Number.isInteger(state.step) || state.step < 0) {
      throw new ShapeError(`${this.name} state: step must be a non-negative integer (got ${state.step})`);
    }
    const mine = this.orderedSlots();
    if (state.slots.length !== mine.length) {
      throw new ShapeError(
        `${this.name} state has ${state.slots.length} slots, this optimizer has ${mine.length}`,
      );
    }
    mine.forEach(([name, v], k) => {
      const s = state.slots[k]!;
      if (s.name !== name) throw new ShapeError(`${this.name} state: slot ${k} is "${s.name}", expected "${name}"`);
      if (!tf.util.arraysEqual(s.shape, v.shape) || s.data.length !== v.size) {
        throw new ShapeError(
          `${this.name} state: slot "${name}" has shape [${s.shape}] (${s.data.length} values), ` +
            `expected [${v.shape}]`,
        );
      }
    });
  }

  setState(state: OptimizerState): void {
    this.checkState(state);
    const mine = this.orderedSlots();
    tf.tidy(() => {
      mine.forEach(([, v], k) => {
        const s = state.slots[k]!;
        v.assign(tf.tensor(s.data, s.shape, 'float32'));
      });
    });
    this.t = state.step;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const vars of this.slots.values()) for (const v of vars) v.dispose();
  }

  /** Slots in a fixed order: by parameter, then by slot name order of the subclass. */
  private orderedSlots(): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    this.params.forEach((_, i) => {
      for (const s of this.slotNames) out.push([`${i}.${s}`, this.slot(s, i)]);
    });
    return out;
  }
}
