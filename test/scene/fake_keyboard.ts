/**
 * Phaser's keyboard as the key actuator sees it: keys made by addKey, pressed and lifted through
 * onDown / onUp, events announced on the plugin. `resetKeys()` lifts every key as Phaser does
 * itself on pause, sleep and window blur (no 'keyup'). Not a test file.
 */
import type { KeyboardEventLike, KeyboardLike, KeyLike } from '../../src/scene/key_actuator';

export const CODES: Record<string, number> = { LEFT: 37, RIGHT: 39, UP: 38, SPACE: 32, A: 65 };

/** The event clock of fake presses (Phaser's Key keeps the keydown event's timeStamp). */
let clock = 0;

/** Phaser's Key as far as state goes: onDown sets isDown once, onUp clears it. */
export class FakeKey implements KeyLike {
  isDown = false;
  downs = 0;
  timeDown = 0;
  constructor(readonly keyCode: number) {}
  onDown(_e: KeyboardEventLike): void {
    if (!this.isDown) {
      this.downs++;
      this.timeDown = ++clock;
    }
    this.isDown = true;
  }
  onUp(_e: KeyboardEventLike): void {
    this.isDown = false;
  }
}

export class FakeKeyboard implements KeyboardLike {
  readonly keys = new Map<number, FakeKey>();
  readonly emitted: string[] = [];
  addKey(key: string | number): FakeKey {
    const code = typeof key === 'number' ? key : CODES[key];
    if (code === undefined) return undefined as unknown as FakeKey; // Phaser returns keys[undefined]
    if (!this.keys.has(code)) this.keys.set(code, new FakeKey(code));
    return this.keys.get(code)!;
  }
  emit(event: string): void {
    this.emitted.push(event);
  }
}

/** Phaser's KeyboardPlugin.resetKeys: every key up, no 'keyup' event. */
export function resetKeys(keyboard: FakeKeyboard): void {
  keyboard.keys.forEach((k) => {
    k.isDown = false;
    k.timeDown = 0;
  });
}
