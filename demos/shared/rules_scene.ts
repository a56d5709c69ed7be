/**
 * What the demo scenes share: a game whose rules live in a plain class (catch_rules.ts, ...)
 * advanced one rule step every `framesPerStep` frames, and the callbacks `agent.attach` takes.
 *
 * Timing, which the agents rely on: the frame after an episode ends starts the next one (the
 * agent's first decision of the episode); the rules then advance in the update of every
 * `framesPerStep`-th frame after it, with the last action the agent gave, and the agent decides in
 * the 'postrender' of those same frames (attach with `decisionPeriod: framesPerStep`, or a multiple).
 */
import * as Phaser from 'phaser';
import type { DemoScene } from './bootstrap';
import type { RuleStep } from './game_rules';

export type { RuleStep };

/** A Phaser scene driven by step rules, with `act`, `takeReward`, `takeDone` for attach. */
export abstract class RulesScene extends Phaser.Scene implements DemoScene {
  readonly created: Promise<void>;
  /** Game frames per rule step. */
  readonly framesPerStep: number;

  /** The action in force: the rules use it at their next step. */
  protected action: number;
  private markCreated: () => void = () => undefined;
  private reward = 0;
  private done = false;
  private startPending = true;
  private frame = 0;

  constructor(key: string, framesPerStep: number, initialAction: number) {
    super({ key });
    this.framesPerStep = framesPerStep;
    this.action = initialAction;
    this.created = new Promise((resolve) => (this.markCreated = resolve));
  }

  /** Resets the rules for a new episode. */
  protected abstract startEpisode(): void;
  /** One rule step with `action`. */
  protected abstract advance(action: number): RuleStep;
  /** Moves the game objects to the rules' state. */
  protected abstract draw(): void;

  /**
   * Subclasses call it at the end of create(): draws and lets `created` resolve. A scene that
   * Phaser restarts (`scene.restart()`: the training copies do it after an episode maxStep cut)
   * runs create() again and starts a new episode at its next frame, as after a game over.
   */
  protected ready(): void {
    this.restartEpisode();
    this.draw();
    this.markCreated();
  }

  override update(): void {
    if (this.startPending) {
      this.startPending = false;
      this.startEpisode();
      this.frame = 0;
    } else if (++this.frame % this.framesPerStep === 0) {
      const { reward, done } = this.advance(this.action);
      this.reward += reward;
      if (done) {
        this.done = true;
        this.startPending = true;
      }
    }
    this.draw();
  }

  /** attach's `act`: the action the rules use from their next step on. */
  readonly act = (action: number): void => {
    this.action = action;
  };

  /** attach's `reward`: the reward earned since the last call. */
  readonly takeReward = (): number => {
    const r = this.reward;
    this.reward = 0;
    return r;
  };

  /** attach's `done`: true once for each finished episode. */
  readonly takeDone = (): boolean => {
    const d = this.done;
    this.done = false;
    return d;
  };

  /** Abandons the current episode: the next frame starts a new one. Call it right before `agent.attach`. */
  restartEpisode(): void {
    this.startPending = true;
    this.reward = 0;
    this.done = false;
  }
}
