/**
 * Phaser's snake example, part 8 (phaserjs/examples public/src/games/snake/part8.js), as a Phaser 4
 * TypeScript scene: a 640x480 canvas, background #bfcc00, food at cell (3, 4), the snake at (8, 8)
 * heading right, steered by the cursor keys, moving and growing by the rules in snake_rules.ts at
 * the times the example uses (the scene's `time`), food placed by Phaser.Math.RND.pick. The
 * example's two 16x16 images are drawn as squares instead of loaded; its sound effects are left
 * out (the training copies run without audio).
 *
 * The example stops for good when the snake dies. Added for the agent, as a game developer would:
 * `act` holds one cursor key, `takeReward` hands over the food eaten since its last call,
 * `takeDone` says once that the snake died, and the scene restarts (a new game) the frame after.
 */
import * as Phaser from 'phaser';
import { CELL, Food, repositionFood, Snake, type Cell } from './snake_rules';

/** The agent's actions: which cursor key it holds. */
export const SNAKE_ACTIONS = ['none', 'up', 'down', 'left', 'right'] as const;
export const SNAKE_WIDTH = 640;
export const SNAKE_HEIGHT = 480;

export class SnakeScene extends Phaser.Scene {
  private snake!: Snake;
  private food!: Food;
  private cursors!: Phaser.Types.Input.Keyboard.CursorKeys;
  private foodImage!: Phaser.GameObjects.Image;
  private bodyImages!: Phaser.GameObjects.Group;

  // For the agent.
  private heldKey: Exclude<(typeof SNAKE_ACTIONS)[number], 'none'> | null = null;
  private pendingReward = 0;
  private died = false;

  constructor() {
    super({ key: 'snake' });
  }

  preload(): void {
    // The example loads food.png and body.png (16x16); drawn here instead.
    if (!this.textures.exists('food')) {
      const g = this.make.graphics({}, false);
      g.fillStyle(0xffffff).fillRect(1, 1, CELL - 2, CELL - 2).generateTexture('food', CELL, CELL);
      g.clear().fillStyle(0x1f2d00).fillRect(0, 0, CELL, CELL).generateTexture('body', CELL, CELL);
      g.destroy();
    }
  }

  create(): void {
    this.cameras.main.setBackgroundColor('#bfcc00');
    this.food = new Food(3, 4);
    this.snake = new Snake(8, 8);
    this.foodImage = this.add.image(0, 0, 'food').setOrigin(0);
    this.bodyImages = this.add.group();
    this.cursors = this.input.keyboard!.createCursorKeys();
    this.heldKey = null;
    this.draw();
  }

  override update(time: number): void {
    if (!this.snake.alive) {
      // Added: a new game (the example stays on its dead snake).
      this.scene.restart();
      return;
    }
    if (this.cursors.left.isDown || this.heldKey === 'left') this.snake.faceLeft();
    else if (this.cursors.right.isDown || this.heldKey === 'right') this.snake.faceRight();
    else if (this.cursors.up.isDown || this.heldKey === 'up') this.snake.faceUp();
    else if (this.cursors.down.isDown || this.heldKey === 'down') this.snake.faceDown();

    const moved = this.snake.update(time);
    if (moved === true && this.snake.collideWithFood(this.food)) {
      this.pendingReward += 1;
      repositionFood(this.food, this.snake, (cells: Cell[]) => Phaser.Math.RND.pick(cells));
    }
    if (moved === false) this.died = true;
    this.draw();
  }

  /** Puts the images where the rules say. */
  private draw(): void {
    this.foodImage.setPosition(this.food.x * CELL, this.food.y * CELL);
    while (this.bodyImages.getLength() < this.snake.body.length) this.bodyImages.add(this.add.image(0, 0, 'body').setOrigin(0));
    this.snake.body.forEach((s, i) => (this.bodyImages.getChildren()[i] as Phaser.GameObjects.Image).setPosition(s.x * CELL, s.y * CELL));
  }

  // ---- the agent's hooks ----

  /** Holds the cursor key of action `a` of SNAKE_ACTIONS ('none' holds no key: the snake goes on as it heads, as when a player lets go). */
  act(a: number): void {
    const key = SNAKE_ACTIONS[a];
    this.heldKey = key === undefined || key === 'none' ? null : key;
  }

  /** Food eaten since the last call. */
  takeReward(): number {
    const r = this.pendingReward;
    this.pendingReward = 0;
    return r;
  }

  /** True once after each death. */
  takeDone(): boolean {
    const d = this.died;
    this.died = false;
    return d;
  }
}
