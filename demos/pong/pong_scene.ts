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
import type { CropRect } from 'pixelpilot';
import { RulesScene, type RuleStep } from '../shared/rules_scene';
import { FIELD, PONG_ACTIONS, PongRules, type Box } from './pong_rules';

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
export class PongScene extends RulesScene {
  /** Canvas pixels per field unit. */
  readonly unit: number;
  readonly rules: PongRules;
  readonly tally: PongTally = { episodes: 0, hits: 0, best: 0 };

  private shapes: Phaser.GameObjects.Rectangle[] = [];
  private text!: Phaser.GameObjects.Text;

  constructor(options: PongSceneOptions = {}) {
    // One rule step per frame; the paddle starts still (action 1, 'stay').
    super('pong', 1, 1);
    this.unit = options.scale ?? 3;
    this.rules = new PongRules({ seed: options.seed ?? 1 });
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
    this.ready();
  }

  protected startEpisode(): void {
    this.rules.reset();
  }

  protected advance(action: number): RuleStep {
    const step = this.rules.step(action);
    if (step.done) {
      const t = this.tally;
      t.episodes++;
      t.hits += this.rules.hits;
      t.best = Math.max(t.best, this.rules.hits);
    }
    return step;
  }

  /** A scripted player (the entry's heuristic for `pixelpilot record --game`): moves the paddle's centre towards the ball's (action index). */
  trackBall(): number {
    const [ball, paddle] = this.rules.boxes() as [Box, Box];
    const d = ball.x + ball.w / 2 - (paddle.x + paddle.w / 2);
    return d < -2 ? 0 : d > 2 ? 2 : 1;
  }

  /** Zeroes the tally (e.g. before an evaluation). */
  resetTally(): void {
    Object.assign(this.tally, { episodes: 0, hits: 0, best: 0 });
  }

  protected draw(): void {
    const s = this.unit;
    this.rules.boxes().forEach((b, i) => {
      this.shapes[i]!.setPosition(b.x * s, HUD + b.y * s).setVisible(b.shade > 0);
    });
    const t = this.tally;
    this.text.setText(`returns ${this.rules.hits}   best ${t.best}   balls ${t.episodes}`);
  }
}
