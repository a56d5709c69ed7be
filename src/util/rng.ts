/**
 * Seeded pseudo-random numbers. Library code never draws from JavaScript's unseeded global random: one Rng is created from the
 * run's seed and passed down, so the same seed gives the same run.
 */

/** A stream position: sfc32's four state words and the cached second normal, if any. */
export interface RngState {
  words: [number, number, number, number];
  spareNormal: number | null;
}

/** True for a well-formed RngState (what `Rng.getState` returns). */
export function isRngState(s: unknown): s is RngState {
  if (typeof s !== 'object' || s === null) return false;
  const { words, spareNormal } = s as Partial<RngState>;
  const word = (w: unknown): boolean => Number.isInteger(w) && (w as number) >= 0 && (w as number) <= 0xffffffff;
  return Array.isArray(words) && words.length === 4 && words.every(word) && (spareNormal === null || Number.isFinite(spareNormal));
}

/** sfc32: small, fast, 128-bit state, passes PractRand; state is plain numbers so it can be saved. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  /** @param seed any integer; equal seeds give equal streams. */
  constructor(seed: number) {
    // splitmix32 spreads a small integer seed over the 128-bit state.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform float in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box-Muller, caching the second value). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** The stream's position as plain, JSON-safe data (saved with a policy's training state). */
  getState(): RngState {
    // `>>> 0`: xor leaves signed words; the stream depends only on their 32 bits.
    return { words: [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0], spareNormal: this.spareNormal };
  }

  /** Moves the stream to a position from `getState`. Throws RangeError for anything else. */
  setState(state: RngState): void {
    if (!isRngState(state)) throw new RangeError(`Rng.setState: expected {words: 4 uint32, spareNormal: number | null} (got ${JSON.stringify(state)})`);
    [this.a, this.b, this.c, this.d] = state.words;
    this.spareNormal = state.spareNormal;
  }

  /** A new integer seed drawn from this stream, for handing an independent stream to a child. */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }
}
