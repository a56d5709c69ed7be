/**
 * The recall game drawn by Phaser: RecallRules on a WEBGL canvas, one rule step every
 * `framesPerStep` game frames (so a person can follow it at 60 fps); attach the agent with
 * `decisionPeriod: framesPerStep` so that each decision sees one step: the cue lamp, the dark
 * wait, the "go" bar, then its choice. A score strip sits below the field; `fieldCrop` is the part
 * of the canvas the agent should observe, so the text never enters its observations.
 *
 * Timing, which the agent relies on: the frame after an episode ends shows the next cue (the
 * agent's first decision of the episode); the rules then advance in the update of every
 * `framesPerStep`-th frame after it, with the last action the agent gave, and the agent decides in
 * the 'postrender' of those same frames. The scene is used as it is by the demo page and by the browser test
 * (test/browser/demo_games_recall.page.ts).
 */
import * as Phaser from 'phaser';
import type { CropRect } from 'pixelpilot';
import { RulesScene, type RuleStep } from '../shared/rules_scene';
import { FIELD, MEMORY_ACTIONS, RecallRules } from './recall_rules';

/** Options of a RecallScene; each has a default. */
export interface RecallSceneOptions {
  /** Canvas pixels per field unit (the field is 100 x 100 units). Default 3. */
  scale?: number;
  /** Game frames per rule step. Default 10 (6 steps a second at 60 fps). */
  framesPerStep?: number;
  /** Dark steps between the cue and the go bar. Default 4. */
  delay?: number;
  /** Seed of the cues. Default 1. */
  seed?: number;
}

/** Height of the score strip below the field, in canvas pixels. */
const HUD = 30;
/** Colours of the boxes (left lamp, right lamp, go bar, player), dimmed by each box's shade. */
const COLOURS = [0xffcc33, 0x33ccff, 0x66ff66, 0xffffff];

export { MEMORY_ACTIONS };

function dim(colour: number, shade: number): number {
  const c = (shift: number): number => Math.round(((colour >> shift) & 0xff) * shade) << shift;
  return c(16) | c(8) | c(0);
}

/** The recall game as a Phaser scene, with the callbacks `agent.attach` needs. */
export class RecallScene extends RulesScene {
  /** Canvas pixels per field unit. */
  readonly unit: number;
  readonly rules: RecallRules;

  private shapes: Phaser.GameObjects.Rectangle[] = [];
  private text!: Phaser.GameObjects.Text;

  constructor(options: RecallSceneOptions = {}) {
    // framesPerStep is the agent's decisionPeriod; the player starts with action 0.
    super('recall', options.framesPerStep ?? 10, 0);
    this.unit = options.scale ?? 3;
    this.rules = new RecallRules({ delay: options.delay ?? 4, seed: options.seed ?? 1 });
  }

  /** Canvas width and height in pixels. */
  get canvasWidth(): number {
    return FIELD * this.unit;
  }
  get canvasHeight(): number {
    return FIELD * this.unit + HUD;
  }

  /** The field on the canvas (above the score strip): the agent's `observation.crop`. */
  get fieldCrop(): CropRect {
    return { x: 0, y: 0, w: FIELD * this.unit, h: FIELD * this.unit };
  }

  create(): void {
    this.add.rectangle(0, this.canvasHeight - HUD, this.canvasWidth, 2, 0x333a48).setOrigin(0, 0);
    this.text = this.add.text(8, this.canvasHeight - HUD + 8, '', { fontFamily: 'monospace', fontSize: '14px', color: '#9ab' });
    // Sizes never change: set once; draw() moves and recolours.
    this.shapes = this.rules.boxes().map((b) => this.add.rectangle(0, 0, b.w * this.unit, b.h * this.unit, 0xffffff).setOrigin(0, 0));
    this.ready();
  }

  protected startEpisode(): void {
    this.rules.reset();
  }

  protected advance(action: number): RuleStep {
    return this.rules.step(action);
  }

  protected draw(): void {
    const s = this.unit;
    this.rules.boxes().forEach((b, i) => {
      this.shapes[i]!.setPosition(b.x * s, b.y * s).setFillStyle(dim(COLOURS[i]!, b.shade)).setVisible(b.shade > 0);
    });
    const r = this.rules;
    const phase = r.over ? (r.chosen === r.cue ? 'right!' : 'wrong') : r.t === 0 ? 'remember' : r.goTime ? 'go!' : 'wait';
    const pct = r.episodes === 0 ? 0 : (100 * r.correct) / r.episodes;
    this.text.setText(`${phase.padEnd(9)} right ${r.correct}/${r.episodes} (${pct.toFixed(0)}%)`);
  }
}
