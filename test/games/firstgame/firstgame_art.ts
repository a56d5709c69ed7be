/**
 * The tutorial's five images, drawn instead of loaded, at their sizes: 'sky' 800x600, 'ground'
 * 400x32, 'star' 24x22, 'bomb' 14x14 and the 'dude' spritesheet of nine 32x48 frames (a figure
 * looking left in 0-3, ahead in 4, right in 5-8). Flat colours whose gray levels differ (the
 * agent sees the canvas in gray): sky 149, ground 115, star 202, bomb 34, dude 94 (of 255).
 */
import type * as Phaser from 'phaser';
import { BOMB_SIZE, DUDE_FRAME, DUDE_FRAMES, HEIGHT, PLATFORM_SIZE, STAR_SIZE, WIDTH } from './firstgame_rules';

/** Adds the five textures to `textures` (once per game). */
export function addFirstGameTextures(textures: Phaser.Textures.TextureManager): void {
  if (textures.exists('sky')) return;
  draw(textures, 'sky', WIDTH, HEIGHT, (c) => {
    c.fillStyle = '#5ba3e0';
    c.fillRect(0, 0, WIDTH, HEIGHT);
  });
  draw(textures, 'ground', PLATFORM_SIZE.width, PLATFORM_SIZE.height, (c) => {
    c.fillStyle = '#3c9a3c';
    c.fillRect(0, 0, PLATFORM_SIZE.width, PLATFORM_SIZE.height);
  });
  draw(textures, 'star', STAR_SIZE.width, STAR_SIZE.height, (c) => {
    const { width: w, height: h } = STAR_SIZE;
    c.fillStyle = '#ffd700';
    c.beginPath();
    for (let i = 0; i < 10; i++) {
      const r = i % 2 === 0 ? w / 2 : w / 5;
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      c.lineTo(w / 2 + r * Math.cos(a), h / 2 + 1 + r * Math.sin(a) * (h / w));
    }
    c.closePath();
    c.fill();
  });
  draw(textures, 'bomb', BOMB_SIZE, BOMB_SIZE, (c) => {
    c.fillStyle = '#222222';
    c.beginPath();
    c.arc(BOMB_SIZE / 2, BOMB_SIZE / 2, BOMB_SIZE / 2, 0, 2 * Math.PI);
    c.fill();
  });
  const { width: fw, height: fh } = DUDE_FRAME;
  const dude = draw(textures, 'dude', fw * DUDE_FRAMES, fh, (c) => {
    for (let f = 0; f < DUDE_FRAMES; f++) {
      const x = f * fw;
      c.fillStyle = '#7b3fb0';
      c.fillRect(x + 8, 6, 16, 42);
      // The eye shows which way the dude looks.
      const eye = f < 4 ? 10 : f === 4 ? 14 : 18;
      c.fillStyle = '#ffffff';
      c.fillRect(x + eye, 12, 4, 4);
    }
  });
  for (let f = 0; f < DUDE_FRAMES; f++) dude.add(f, 0, f * fw, 0, fw, fh);
}

/** A canvas texture `key` of w x h drawn by `paint`. */
function draw(textures: Phaser.Textures.TextureManager, key: string, w: number, h: number, paint: (c: CanvasRenderingContext2D) => void): Phaser.Textures.CanvasTexture {
  const t = textures.createCanvas(key, w, h)!;
  paint(t.context);
  t.refresh();
  return t;
}
