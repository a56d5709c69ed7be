import { Scene } from "phaser";
/** Canvas size (the agent sees all of it, shrunk to 24x24 gray). */
const WIDTH = 400;
const HEIGHT = 400;
const PADDLE_Y = 372;
const PADDLE_HALF = 40;
const PADDLE_SPEED = 10;
const BLOCK_SPEED = 8;
/**
 * The game: a block falls, the paddle (arrow keys) must be under it when it lands. A catch scores
 * +1, a miss -1; either ends the round and the next block falls. The scenes that add a trainer
 * (Game) or a shipped bot (Watch) extend it; the rules do not know about either.
 */
class Catch extends Scene {
  paddle;
  block;
  cursors;
  scoreText;
  catches = 0;
  misses = 0;
  reward = 0;
  roundOver = false;
  seed = 12345;
  create() {
    this.cameras.main.setBackgroundColor(0x000000);
    this.paddle = this.add.rectangle(WIDTH / 2, PADDLE_Y, 2 * PADDLE_HALF, 16, 0xffffff);
    this.block = this.add.rectangle(this.dropX(), 0, 24, 24, 0xffffff);
    this.cursors = this.input.keyboard.createCursorKeys();
    this.scoreText = this.add.text(8, 8, "", { fontFamily: "monospace", fontSize: "14px", color: "#666666" });
    this.catches = 0;
    this.misses = 0;
  }
  update() {
    const dir = this.cursors.left.isDown ? -1 : this.cursors.right.isDown ? 1 : 0;
    this.paddle.x = Math.min(WIDTH - PADDLE_HALF, Math.max(PADDLE_HALF, this.paddle.x + dir * PADDLE_SPEED));
    this.block.y += BLOCK_SPEED;
    if (this.block.y >= PADDLE_Y) {
      const caught = Math.abs(this.block.x - this.paddle.x) <= PADDLE_HALF + 12;
      if (caught) this.catches++;
      else this.misses++;
      this.reward += caught ? 1 : -1;
      this.roundOver = true;
      this.block.setPosition(this.dropX(), 0);
    }
    this.scoreText.setText(`caught ${this.catches}  missed ${this.misses}`);
  }
  /** Reward since the last call: +1 per catch, -1 per miss. */
  takeReward() {
    const r = this.reward;
    this.reward = 0;
    return r;
  }
  /** Whether a round ended since the last call. */
  takeRoundOver() {
    const over = this.roundOver;
    this.roundOver = false;
    return over;
  }
  /** Where the next block falls (a small LCG: the same sequence every game). */
  dropX() {
    this.seed = this.seed * 1103515245 + 12345 >>> 0;
    return 30 + this.seed % (WIDTH - 60);
  }
}
export {
  Catch,
  HEIGHT,
  WIDTH
};
