/**
 * The rules of Phaser's snake example (phaserjs/examples public/src/games/snake/part8.js), without
 * Phaser: a 40x30 grid of 16-pixel cells whose sides wrap, a snake that moves one cell every `speed`
 * ms of game time (100 at first), turns only at right angles, grows by one cell per food, speeds up
 * by 5 ms every fifth food while its speed is over 20, and dies when its head runs into its body.
 * Food goes to a cell the snake does not cover, picked by the game's random generator. Positions are
 * in cells (the example keeps them in pixels, cells x 16: the same comparisons).
 */

export const GRID_WIDTH = 40;
export const GRID_HEIGHT = 30;
export const CELL = 16;

export const UP = 0;
export const DOWN = 1;
export const LEFT = 2;
export const RIGHT = 3;
export type Direction = typeof UP | typeof DOWN | typeof LEFT | typeof RIGHT;

export interface Cell {
  x: number;
  y: number;
}

/** `v` wrapped into [min, max) (Phaser.Math.Wrap). */
export function wrap(v: number, min: number, max: number): number {
  const range = max - min;
  return min + ((((v - min) % range) + range) % range);
}

/** The food: where it is and how many were eaten. */
export class Food {
  total = 0;
  constructor(
    public x: number,
    public y: number,
  ) {}

  eat(): void {
    this.total++;
  }
}

export class Snake {
  readonly headPosition: Cell;
  /** The body's cells, head first. */
  readonly body: Cell[];
  alive = true;
  /** Game time between moves, in ms. */
  speed = 100;
  /** Game time of the next move. */
  moveTime = 0;
  /** The cell the last segment left at the last move (where the snake grows). */
  readonly tail: Cell;
  heading: Direction = RIGHT;
  direction: Direction = RIGHT;

  constructor(x: number, y: number) {
    this.headPosition = { x, y };
    this.body = [{ x, y }];
    this.tail = { x, y };
  }

  /** Moves when `time` (ms) has reached the move time: true when it moved, false when it died, undefined when not yet. */
  update(time: number): boolean | undefined {
    if (time >= this.moveTime) return this.move(time);
    return undefined;
  }

  // Turns at right angles only: a reversal would be into the body.
  faceLeft(): void {
    if (this.direction === UP || this.direction === DOWN) this.heading = LEFT;
  }
  faceRight(): void {
    if (this.direction === UP || this.direction === DOWN) this.heading = RIGHT;
  }
  faceUp(): void {
    if (this.direction === LEFT || this.direction === RIGHT) this.heading = UP;
  }
  faceDown(): void {
    if (this.direction === LEFT || this.direction === RIGHT) this.heading = DOWN;
  }

  /** One cell in the heading's direction, wrapping at the sides; the body follows the head. */
  move(time: number): boolean {
    const h = this.headPosition;
    if (this.heading === LEFT) h.x = wrap(h.x - 1, 0, GRID_WIDTH);
    else if (this.heading === RIGHT) h.x = wrap(h.x + 1, 0, GRID_WIDTH);
    else if (this.heading === UP) h.y = wrap(h.y - 1, 0, GRID_HEIGHT);
    else h.y = wrap(h.y + 1, 0, GRID_HEIGHT);
    this.direction = this.heading;

    // Each segment takes the place of the one before it; the last one's old place is the tail.
    let prev = { x: h.x, y: h.y };
    for (const segment of this.body) {
      const old = { x: segment.x, y: segment.y };
      segment.x = prev.x;
      segment.y = prev.y;
      prev = old;
    }
    this.tail.x = prev.x;
    this.tail.y = prev.y;

    const head = this.body[0]!;
    if (this.body.some((s, i) => i > 0 && s.x === head.x && s.y === head.y)) {
      this.alive = false;
      return false;
    }
    this.moveTime = time + this.speed;
    return true;
  }

  grow(): void {
    this.body.push({ x: this.tail.x, y: this.tail.y });
  }

  /** Eats `food` when the head is on it (and grows, and speeds up every fifth); true when it did. */
  collideWithFood(food: Food): boolean {
    const head = this.body[0]!;
    if (head.x !== food.x || head.y !== food.y) return false;
    this.grow();
    food.eat();
    if (this.speed > 20 && food.total % 5 === 0) this.speed -= 5;
    return true;
  }

  /** The cells the body does not cover, row by row. */
  freeCells(): Cell[] {
    const taken = new Set(this.body.map((s) => s.y * GRID_WIDTH + s.x));
    const free: Cell[] = [];
    for (let y = 0; y < GRID_HEIGHT; y++) {
      for (let x = 0; x < GRID_WIDTH; x++) if (!taken.has(y * GRID_WIDTH + x)) free.push({ x, y });
    }
    return free;
  }
}

/** Moves `food` to a free cell chosen by `pick`; false when no cell is free (the player won). */
export function repositionFood(food: Food, snake: Snake, pick: (cells: Cell[]) => Cell): boolean {
  const free = snake.freeCells();
  if (free.length === 0) return false;
  const cell = pick(free);
  food.x = cell.x;
  food.y = cell.y;
  return true;
}
