import { Scene } from 'phaser';

/** Nothing to load (the game draws rectangles): shows the title for a moment, then starts `next`. */
export class Boot extends Scene {
  constructor(private readonly next: string) {
    super('Boot');
  }

  create(): void {
    this.add.text(200, 200, 'CATCH', { fontFamily: 'monospace', fontSize: '48px', color: '#ffffff' }).setOrigin(0.5);
    this.time.delayedCall(300, () => this.scene.start(this.next));
  }
}
