import { AUTO, Game as PhaserGame } from "phaser";
import { PixelpilotPlugin } from "pixelpilot";
import { Boot } from "./scenes/Boot";
import { Game } from "./scenes/Game";
import { HEIGHT, WIDTH } from "./scenes/Catch";
const config = {
  type: AUTO,
  width: WIDTH,
  height: HEIGHT,
  backgroundColor: "#000000",
  audio: { noAudio: true },
  plugins: { scene: [PixelpilotPlugin.config()] },
  // this.pixelpilot in every scene
  scene: [new Boot("Game"), Game]
};
const StartGame = (parent) => new PhaserGame({ ...config, parent });
export default StartGame;
