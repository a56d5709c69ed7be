/**
 * Types `this.pixelpilot` in every Phaser scene of a game that installs the plugin
 * (`plugins: { scene: [PixelpilotPlugin.config()] }`). Phaser declares its classes in the global
 * `Phaser` namespace; an interface of the same name merges into the class. Type-only: nothing
 * here runs, and Phaser stays an optional peer.
 */
import type { PixelpilotPlugin } from './plugin';

declare global {
  namespace Phaser {
    interface Scene {
      /** The pixelpilot scene plugin (installed with `PixelpilotPlugin.config()`). */
      pixelpilot: PixelpilotPlugin;
    }
  }
}

export {};
