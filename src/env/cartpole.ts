import { Rng } from '../util/rng';
import type { Action, Env, ObservationSpace, ResetOptions, ResetResult, StepResult } from './env';
import { discreteAction, intOption, rejectUnknownOptions, requireRunning } from './env_options';

/** Options of `CartPole-v1` / `CartPole-v0`. */
export interface CartPoleOptions {
  /** Steps after which an episode is truncated. Default 500 (v1) or 200 (v0), as Gymnasium's TimeLimit. */
  max_episode_steps?: number;
}

/** Cart position, cart velocity, pole angle (radians, 0 = upright), pole angular velocity. */
export type CartPoleState = readonly [x: number, xDot: number, theta: number, thetaDot: number];

// Gymnasium's classic_control/cartpole.py constants.
const GRAVITY = 9.8;
const MASS_CART = 1.0;
const MASS_POLE = 0.1;
const TOTAL_MASS = MASS_CART + MASS_POLE;
const LENGTH = 0.5; // half the pole's length
const POLE_MASS_LENGTH = MASS_POLE * LENGTH;
const FORCE_MAG = 10.0;
const TAU = 0.02;
/** Episode terminates when |theta| exceeds 12 degrees. */
export const CARTPOLE_THETA_THRESHOLD = (12 * 2 * Math.PI) / 360;
/** Episode terminates when |x| exceeds 2.4. */
export const CARTPOLE_X_THRESHOLD = 2.4;

/**
 * One step of Gymnasium's CartPole physics (Euler integration, tau 0.02): action 1 pushes the cart
 * right with force 10, action 0 pushes it left. Computed in float64 like Gymnasium.
 */
export function cartPoleDynamics(state: CartPoleState, action: 0 | 1): CartPoleState {
  const [x, xDot, theta, thetaDot] = state;
  const force = action === 1 ? FORCE_MAG : -FORCE_MAG;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
  const thetaAcc = (GRAVITY * sin - cos * temp) / (LENGTH * (4.0 / 3.0 - (MASS_POLE * cos * cos) / TOTAL_MASS));
  const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
  // Explicit Euler: positions advance with the old velocities.
  return [x + TAU * xDot, xDot + TAU * xAcc, theta + TAU * thetaDot, thetaDot + TAU * thetaAcc];
}

/** Whether a state is terminal: the cart left [-2.4, 2.4] or the pole left [-12deg, 12deg] (strictly). */
export function cartPoleTerminated(state: CartPoleState): boolean {
  const [x, , theta] = state;
  return x < -CARTPOLE_X_THRESHOLD || x > CARTPOLE_X_THRESHOLD || theta < -CARTPOLE_THETA_THRESHOLD || theta > CARTPOLE_THETA_THRESHOLD;
}

/**
 * Gymnasium's `CartPole-v1`: observation float32 `[x, x_dot, theta, theta_dot]` (no uniform
 * bounds, so `low`/`high` are absent), actions 0 (push left) and 1 (push right), each state
 * element starts uniform in [-0.05, 0.05), reward 1 on every step including the terminating one,
 * terminated when |x| > 2.4 or |theta| > 12 degrees, truncated once `max_episode_steps` (500)
 * steps have been taken (both flags can be true on the same step, as with Gymnasium's TimeLimit).
 * The random stream is seeded by `reset({seed})` (seed 0 until the first seeded reset).
 */
export function cartPoleV1(options: CartPoleOptions = {}): Env {
  return new CartPoleEnv('CartPole-v1', 500, options as Record<string, unknown>);
}

/** Gymnasium's `CartPole-v0`: as `CartPole-v1` but truncated at 200 steps by default. */
export function cartPoleV0(options: CartPoleOptions = {}): Env {
  return new CartPoleEnv('CartPole-v0', 200, options as Record<string, unknown>);
}

class CartPoleEnv implements Env {
  readonly observationSpace: ObservationSpace = { shape: [4], dtype: 'float32' };
  readonly actionSpace = { type: 'discrete' as const, n: 2 };
  private readonly maxSteps: number;
  private rng = new Rng(0);
  private state: CartPoleState = [0, 0, 0, 0];
  private steps = 0;
  private running = false;

  constructor(private readonly name: string, defaultMaxSteps: number, options: Record<string, unknown>) {
    rejectUnknownOptions(name, options, ['max_episode_steps']);
    this.maxSteps = intOption(name, options, 'max_episode_steps', defaultMaxSteps, 1);
  }

  reset(options: ResetOptions = {}): ResetResult {
    if (options.seed !== undefined) this.rng = new Rng(options.seed);
    const u = (): number => -0.05 + 0.1 * this.rng.uniform();
    this.state = [u(), u(), u(), u()];
    this.steps = 0;
    this.running = true;
    return { observation: Float32Array.from(this.state) };
  }

  step(action: Action): StepResult {
    requireRunning(this.name, this.running);
    const a = discreteAction(this.name, action, 2) as 0 | 1;
    this.state = cartPoleDynamics(this.state, a);
    this.steps += 1;
    const terminated = cartPoleTerminated(this.state);
    const truncated = this.steps >= this.maxSteps;
    if (terminated || truncated) this.running = false;
    return { observation: Float32Array.from(this.state), reward: 1, terminated, truncated };
  }
}
