/**
 * Catch drawn by Phaser: the grid as cells of `cellSize` pixels, the fruit and the basket as
 * rectangles, a faint grid behind them, no text (whatever is drawn is part of what the agent sees).
 * The fruit falls one row every `framesPerRow` game frames, so a person can follow it at 60 fps;
 * attach the agent with `decisionPeriod: framesPerRow` so each decision sees one row step.
 *
 * Timing, which the agent relies on: the frame after an episode ends shows a new fruit in the top
 * row (the agent's first decision of the episode); the fruit then moves in the update of every
 * `framesPerRow`-th frame after it, using the last action the agent gave, and the agent decides in
 * the 'postrender' of those same frames. The scene is used as it is by the demo page and by the
 * browser test (test/browser/demo_catch.page.ts).
 */
import * as Phaser from 'phaser';
import { RulesScene, type RuleStep } from '../shared/rules_scene';
import { BACKGROUND, BASKET, FRUIT, GRID } from './catch_look';
import { CATCH_ACTIONS, CatchRules } from './catch_rules';

/** Options of a CatchScene; each has a default. */
export interface CatchSceneOptions {
  /** Grid rows and columns. Default 10. */
  size?: number;
  /** Pixels per cell. Default 40 (a 400x400 canvas for 10x10). */
  cellSize?: number;
  /** Game frames per row the fruit falls. Default 5 (12 rows a second at 60 fps). */
  framesPerRow?: number;
  /** Seed of the fruit and basket positions. Default 1. */
  seed?: number;
}

/** How the episodes went so far. */
export interface CatchTally {
  catches: number;
  misses: number;
}


export { CATCH_ACTIONS };

/** The catch game as a Phaser scene, with the callbacks `agent.attach` needs. */
export class CatchScene extends RulesScene {
  /** Grid rows = columns. */
  readonly size: number;
  readonly cellSize: number;
  /** Catches and misses since the scene started (or since `resetTally`). */
  readonly tally: CatchTally = { catches: 0, misses: 0 };

  private readonly rules: CatchRules;
  private fruit!: Phaser.GameObjects.Rectangle;
  private basket!: Phaser.GameObjects.Rectangle;

  constructor(options: CatchSceneOptions = {}) {
    // The basket starts still (action 1, 'stay').
    super('catch', options.framesPerRow ?? 5, 1);
    this.size = options.size ?? 10;
    this.cellSize = options.cellSize ?? 40;
    this.rules = new CatchRules(this.size, this.size, options.seed ?? 1);
  }

  /** Game frames per row the fruit falls: the agent's decisionPeriod. */
  get framesPerRow(): number {
    return this.framesPerStep;
  }

  /** Canvas width = height in pixels. */
  get pixels(): number {
    return this.size * this.cellSize;
  }

  create(): void {
    const c = this.cellSize;
    this.cameras.main.setBackgroundColor(BACKGROUND);
    const grid = this.add.graphics();
    grid.lineStyle(1, GRID, 1);
    for (let i = 1; i < this.size; i++) {
      grid.lineBetween(i * c, 0, i * c, this.pixels);
      grid.lineBetween(0, i * c, this.pixels, i * c);
    }
    const inset = Math.max(1, Math.round(c / 20));
    this.fruit = this.add.rectangle(0, 0, c - 2 * inset, c - 2 * inset, FRUIT).setOrigin(0, 0);
    this.basket = this.add.rectangle(0, 0, 3 * c - 2 * inset, c - 2 * inset, BASKET).setOrigin(0, 0);
    this.ready();
  }

  protected startEpisode(): void {
    this.rules.reset();
  }

  protected advance(action: number): RuleStep {
    const { reward, over } = this.rules.step(action);
    if (over) {
      if (reward > 0) this.tally.catches++;
      else this.tally.misses++;
    }
    return { reward, done: over };
  }

  /**
   * A scripted player's action (the training entry's heuristic): move the basket towards the
   * fruit's column, stay under it. It catches every fruit, since the basket moves a cell per row.
   */
  towardsFruit(): number {
    const d = this.rules.fruitCol - this.rules.basket;
    return d < 0 ? 0 : d > 0 ? 2 : 1;
  }

  /** Zeroes the tally (e.g. before an evaluation). */
  resetTally(): void {
    this.tally.catches = 0;
    this.tally.misses = 0;
  }

  protected draw(): void {
    const c = this.cellSize;
    const inset = Math.max(1, Math.round(c / 20));
    this.fruit.setPosition(this.rules.fruitCol * c + inset, this.rules.fruitRow * c + inset);
    this.basket.setPosition((this.rules.basket - 1) * c + inset, (this.size - 1) * c + inset);
  }
}
