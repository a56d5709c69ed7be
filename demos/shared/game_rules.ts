/**
 * The shapes the demos' game rules share (plain TypeScript, no Phaser: Node tests run the rules
 * too). A rules class advances one step per action; the box games describe what to draw as boxes.
 */

/** What one rule step gave. */
export interface RuleStep {
  reward: number;
  /** The episode is over (the next step starts a new one). */
  done: boolean;
}

/** A filled rectangle in field units, shade 0 (black, hidden) to 1 (white). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  shade: number;
}

/** Rules drawn as boxes (pong, memory). */
export interface BoxRules {
  reset(): void;
  step(action: number): RuleStep;
  boxes(): Box[];
}
