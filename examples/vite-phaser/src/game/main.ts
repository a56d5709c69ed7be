import { AUTO, Game as PhaserGame, type Types } from 'phaser';
import { PixelpilotPlugin } from 'pixelpilot';
import { Boot } from './scenes/Boot';
import { Game } from './scenes/Game';
import { HEIGHT, WIDTH } from './scenes/Catch';

// Find out more information about the Game Config at:
// https://docs.phaser.io/api-documentation/typedef/types-core#gameconfig
const config: Types.Core.GameConfig = {
  type: AUTO,
  width: WIDTH,
  height: HEIGHT,
  backgroundColor: '#000000',
  audio: { noAudio: true },
  plugins: { scene: [PixelpilotPlugin.config()] }, // this.pixelpilot in every scene
  scene: [new Boot('Game'), Game],
};

const StartGame = (parent: string): PhaserGame => new PhaserGame({ ...config, parent });

export default StartGame;
