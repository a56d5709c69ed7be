/**
 * The breakout example's atlas ('assets'), drawn instead of loaded: the same frame names and sizes
 * (ball1 22x22, paddle1 105x25, six 64x32 bricks), flat shapes in colours whose gray levels differ
 * (the agent sees the canvas in gray). No asset file is needed.
 */
import type * as Phaser from 'phaser';
import { BALL_SIZE, BRICK_FRAMES, BRICK_HEIGHT, BRICK_WIDTH, PADDLE_HEIGHT, PADDLE_WIDTH } from './breakout_rules';

const BRICK_COLOURS: Record<(typeof BRICK_FRAMES)[number], string> = {
  blue1: '#3b82f6',
  red1: '#ef4444',
  green1: '#22c55e',
  yellow1: '#facc15',
  silver1: '#cbd5e1',
  purple1: '#a855f7',
};

/** Adds the 'assets' atlas to `textures` (once per game). */
export function addBreakoutAtlas(textures: Phaser.Textures.TextureManager): void {
  if (textures.exists('assets')) return;
  // Bricks side by side on the top row, the ball and the paddle below them.
  const width = BRICK_FRAMES.length * (BRICK_WIDTH + 1);
  const height = BRICK_HEIGHT + 1 + PADDLE_HEIGHT;
  const atlas = textures.createCanvas('assets', width, height)!;
  const ctx = atlas.context;
  BRICK_FRAMES.forEach((name, i) => {
    const x = i * (BRICK_WIDTH + 1);
    ctx.fillStyle = BRICK_COLOURS[name];
    ctx.fillRect(x, 0, BRICK_WIDTH, BRICK_HEIGHT);
    ctx.strokeStyle = '#000000';
    ctx.strokeRect(x + 0.5, 0.5, BRICK_WIDTH - 1, BRICK_HEIGHT - 1);
    atlas.add(name, 0, x, 0, BRICK_WIDTH, BRICK_HEIGHT);
  });
  const y = BRICK_HEIGHT + 1;
  ctx.fillStyle = '#ffffff';
  ctx.beginPath();
  ctx.arc(BALL_SIZE / 2, y + BALL_SIZE / 2, BALL_SIZE / 2, 0, 2 * Math.PI);
  ctx.fill();
  atlas.add('ball1', 0, 0, y, BALL_SIZE, BALL_SIZE);
  ctx.fillStyle = '#e2e8f0';
  ctx.fillRect(BALL_SIZE + 1, y, PADDLE_WIDTH, PADDLE_HEIGHT);
  atlas.add('paddle1', 0, BALL_SIZE + 1, y, PADDLE_WIDTH, PADDLE_HEIGHT);
  atlas.refresh();
}
