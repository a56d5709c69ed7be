/**
 * The game of Phaser's first-game tutorial, part 10 (phaserjs/examples
 * public/src/games/firstgame/part10.js), as a Phaser 4 TypeScript scene, its rules kept (numbers
 * in firstgame_rules.ts): Arcade physics with gravity 300, a ground and three ledges, the dude
 * (bounce 0.2) running at 160 px/s and jumping at 330 px/s when standing on something, 12 stars
 * that fall and bounce onto the platforms, 10 points a star, a new batch and a bouncing bomb when
 * the last star of a batch is taken, and the game over (physics paused, the dude red) when a bomb
 * hits him. The score text stays where the tutorial draws it (the agent sees it).
 * The tutorial sets `bomb.allowGravity = false` on the sprite, a property its body never reads:
 * its bombs fall under gravity, and so do these.
 *
 * The tutorial stops for good at the game over. Added for the agent, as a game developer would:
 * `act` holds the cursor keys of an action, `takeReward` hands over the stars taken since its last
 * call (score / 10), `takeDone` says once that the game is over, and the scene restarts the frame after.
 */
import * as Phaser from 'phaser';
import { addFirstGameTextures } from './firstgame_art';
import {
  BOMB_DROP_Y,
  BOMB_SPEED_X,
  BOMB_SPEED_Y,
  bombDropX,
  chaseStarAction,
  FIRSTGAME_ACTIONS,
  JUMP_SPEED,
  keysOfAction,
  PLATFORMS,
  PLAYER_BOUNCE,
  PLAYER_START,
  POINTS_PER_STAR,
  RUN_SPEED,
  STAR_BOUNCE,
  STAR_COUNT,
  STAR_FIRST_X,
  STAR_STEP_X,
  type HeldKeys,
} from './firstgame_rules';

type Sprite = Phaser.Types.Physics.Arcade.SpriteWithDynamicBody;
type Image = Phaser.Types.Physics.Arcade.ImageWithDynamicBody;

export class FirstGameScene extends Phaser.Scene {
  private player!: Sprite;
  private stars!: Phaser.Physics.Arcade.Group;
  private bombs!: Phaser.Physics.Arcade.Group;
  private cursors!: Phaser.Types.Input.Keyboard.CursorKeys;
  private scoreText!: Phaser.GameObjects.Text;
  private score = 0;
  private gameOver = false;

  // For the agent.
  private held: HeldKeys = { left: false, right: false, up: false };
  private pendingReward = 0;
  private over = false;

  constructor() {
    super({ key: 'firstgame' });
  }

  preload(): void {
    // The tutorial loads five images; drawn here instead.
    addFirstGameTextures(this.textures);
  }

  create(): void {
    this.score = 0;
    this.gameOver = false;
    this.add.image(400, 300, 'sky');

    const platforms = this.physics.add.staticGroup();
    for (const p of PLATFORMS) platforms.create(p.x, p.y, 'ground').setScale(p.scale).refreshBody();

    this.player = this.physics.add.sprite(PLAYER_START.x, PLAYER_START.y, 'dude');
    this.player.setBounce(PLAYER_BOUNCE);
    this.player.setCollideWorldBounds(true);

    if (!this.anims.exists('left')) {
      this.anims.create({ key: 'left', frames: this.anims.generateFrameNumbers('dude', { start: 0, end: 3 }), frameRate: 10, repeat: -1 });
      this.anims.create({ key: 'turn', frames: [{ key: 'dude', frame: 4 }], frameRate: 20 });
      this.anims.create({ key: 'right', frames: this.anims.generateFrameNumbers('dude', { start: 5, end: 8 }), frameRate: 10, repeat: -1 });
    }

    this.cursors = this.input.keyboard!.createCursorKeys();

    this.stars = this.physics.add.group({ key: 'star', repeat: STAR_COUNT - 1, setXY: { x: STAR_FIRST_X, y: 0, stepX: STAR_STEP_X } });
    for (const star of this.stars.getChildren()) (star as Image).setBounceY(Phaser.Math.FloatBetween(STAR_BOUNCE.min, STAR_BOUNCE.max));

    this.bombs = this.physics.add.group();

    this.scoreText = this.add.text(16, 16, 'score: 0', { fontSize: '32px', color: '#000' });

    this.physics.add.collider(this.player, platforms);
    this.physics.add.collider(this.stars, platforms);
    this.physics.add.collider(this.bombs, platforms);
    this.physics.add.overlap(this.player, this.stars, (_p, star) => this.collectStar(star as Image));
    this.physics.add.collider(this.player, this.bombs, () => this.hitBomb());
  }

  override update(): void {
    if (this.gameOver) {
      // Added: a new game (the tutorial stays on its game-over picture).
      this.scene.restart();
      return;
    }
    const c = this.cursors;
    if (c.left.isDown || this.held.left) {
      this.player.setVelocityX(-RUN_SPEED);
      this.player.anims.play('left', true);
    } else if (c.right.isDown || this.held.right) {
      this.player.setVelocityX(RUN_SPEED);
      this.player.anims.play('right', true);
    } else {
      this.player.setVelocityX(0);
      this.player.anims.play('turn');
    }
    if ((c.up.isDown || this.held.up) && this.player.body.touching.down) this.player.setVelocityY(-JUMP_SPEED);
  }

  collectStar(star: Image): void {
    star.disableBody(true, true);
    this.score += POINTS_PER_STAR;
    this.scoreText.setText(`Score: ${this.score}`);
    this.pendingReward += 1;

    if (this.stars.countActive(true) === 0) {
      for (const s of this.stars.getChildren()) (s as Image).enableBody(true, (s as Image).x, 0, true, true);
      const x = bombDropX(this.player.x, Phaser.Math.Between);
      const bomb = this.bombs.create(x, BOMB_DROP_Y, 'bomb') as Image;
      bomb.setBounce(1);
      bomb.setCollideWorldBounds(true);
      bomb.setVelocity(Phaser.Math.Between(BOMB_SPEED_X.min, BOMB_SPEED_X.max), BOMB_SPEED_Y);
    }
  }

  hitBomb(): void {
    this.physics.pause();
    this.player.setTint(0xff0000);
    this.player.anims.play('turn');
    this.gameOver = true;
    this.over = true;
  }

  // ---- the agent's hooks ----

  /** Holds the keys of action `a` of FIRSTGAME_ACTIONS. */
  act(a: number): void {
    this.held = keysOfAction(a);
  }

  /** A scripted player's action (the training entry's heuristic): chaseStarAction on the game's own state. */
  chaseStar(): number {
    const stars = (this.stars.getChildren() as Image[]).filter((s) => s.active).map((s) => ({ x: s.x, y: s.y }));
    const body = this.player.body;
    const name = chaseStarAction({ x: this.player.x, y: this.player.y, vx: body.velocity.x, vy: body.velocity.y, onFloor: body.blocked.down || body.touching.down }, stars);
    return FIRSTGAME_ACTIONS.indexOf(name);
  }

  /** Stars taken since the last call. */
  takeReward(): number {
    const r = this.pendingReward;
    this.pendingReward = 0;
    return r;
  }

  /** True once after each game over. */
  takeDone(): boolean {
    const d = this.over;
    this.over = false;
    return d;
  }
}
