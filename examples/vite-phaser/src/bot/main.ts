import { AUTO, Game as PhaserGame, type Types } from 'phaser';
import { Boot } from '../game/scenes/Boot';
import { HEIGHT, WIDTH } from '../game/scenes/Catch';
import { Watch } from './scenes/Watch';

/** The game as shipped with its bot: no training code, only pixelpilot/play. */
const config: Types.Core.GameConfig = {
  type: AUTO,
  width: WIDTH,
  height: HEIGHT,
  backgroundColor: '#000000',
  audio: { noAudio: true },
  scene: [new Boot('Watch'), Watch],
};

const StartBot = (parent: string): PhaserGame => new PhaserGame({ ...config, parent });

export default StartBot;
