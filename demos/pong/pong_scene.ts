/**
 * Pong drawn by Phaser: PongRules (one paddle against three walls) on a WEBGL canvas, one rule
 * step per game frame. A score strip sits above the field; `fieldCrop` is the part of the canvas
 * the agent should observe, so the score text never enters its observations.
 *
 * Timing, which the agent relies on: the frame after an episode ends serves a new ball (the
 * agent's first decision of the episode); every later frame moves the paddle by the last action the
 * agent gave, then the ball, and the agent decides in the 'postrender' of every
 * `decisionPeriod`-th frame. The scene is used as it is by the demo page and by the browser test
 * (test/browser/demo_games_pong.page.ts).
 */
import * as Phaser from 'phaser';
import type { CropRect } from '../../src/observe/crop';
import type { DemoScene } from '../shared/bootstrap';
import { FIELD, PONG_ACTIONS, PongRules } from './pong_rules';

/** Options of a PongScene; each has a default. */
export interface PongSceneOptions {
  /** Canvas pixels per field unit (the field is 100 x 100 units). Default 3. */
  scale?: number;
  /** Seed of the serves. Default 1. */
  seed?: number;
}

/** How the episodes went so far. */
export interface PongTally {
  episodes: number;
  /** Returns of the ball, over all episodes. */
  hits: number;
  /** Most returns in one episode. */
  best: number;
}

/** Height of the score strip above the field, in canvas pixels. */
const HUD = 30;
const BALL = 0xffffff;
const PADDLE = 0x4ade80;

export { PONG_ACTIONS };

/** The pong game as a Phaser scene, with the callbacks `agent.attach` needs. */
export class PongScene extends Phaser.Scene implements DemoScene {
  readonly created: Promise<void>;
  /** Canvas pixels per field unit. */
  readonly unit: number;
  readonly rules: PongRules;
  readonly tally: PongTally = { episodes: 0, hits: 0, best: 0 };

  private markCreated: () => void = () => undefined;
  private shapes: Phaser.GameObjects.Rectangle[] = [];
  private text!: Phaser.GameObjects.Text;
  private action = 1;
  private reward = 0;
  private done = false;
  private startPending = true;

  constructor(options: PongSceneOptions = {}) {
    super({ key: 'pong' });
    this.unit = options.scale ?? 3;
    this.rules = new PongRules({ seed: options.seed ?? 1 });
    this.created = new Promise((resolve) => (this.markCreated = resolve));
  }

  /** Canvas width and height in pixels. */
  get canvasWidth(): number {
    return FIELD * this.unit;
  }
  get canvasHeight(): number {
    return FIELD * this.unit + HUD;
  }

  /** The field on the canvas (below the score strip): the agent's `observation.crop`. */
  get fieldCrop(): CropRect {
    return { x: 0, y: HUD, w: FIELD * this.unit, h: FIELD * this.unit };
  }

  create(): void {
    this.add.rectangle(0, HUD - 2, this.canvasWidth, 2, 0x333a48).setOrigin(0, 0);
    this.text = this.add.text(8, 7, '', { fontFamily: 'monospace', fontSize: '15px', color: '#9ab' });
    const colours = [BALL, PADDLE];
    // Sizes never change (ball, paddle): set once; draw() moves them.
    this.shapes = this.rules.boxes().map((b, i) => this.add.rectangle(0, 0, b.w * this.unit, b.h * this.unit, colours[i]).setOrigin(0, 0));
    this.draw();
    this.markCreated();
  }

  override update(): void {
    if (this.startPending) {
      this.startPending = false;
      this.rules.reset();
    } else {
      const { reward, done } = this.rules.step(this.action);
      this.reward += reward;
      if (done) {
        const t = this.tally;
        t.episodes++;
        t.hits += this.rules.hits;
        t.best = Math.max(t.best, this.rules.hits);
        this.done = true;
        this.startPending = true;
      }
    }
    this.draw();
  }

  /** attach's `act`: the paddle moves by the last action given (0 left, 1 stay, 2 right). */
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

  /** Abandons the current ball: the next frame serves a new one. Call it right before `agent.attach`. */
  restartEpisode(): void {
    this.startPending = true;
    this.reward = 0;
    this.done = false;
  }

  /** Zeroes the tally (e.g. before an evaluation). */
  resetTally(): void {
    Object.assign(this.tally, { episodes: 0, hits: 0, best: 0 });
  }

  private draw(): void {
    const s = this.unit;
    this.rules.boxes().forEach((b, i) => {
      this.shapes[i]!.setPosition(b.x * s, HUD + b.y * s).setVisible(b.shade > 0);
    });
    const t = this.tally;
    this.text.setText(`returns ${this.rules.hits}   best ${t.best}   balls ${t.episodes}`);
  }
}
