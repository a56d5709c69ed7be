/**
 * The set of sampleable slots, kept dense so a uniform draw is one random number and O(1):
 * `items[0..size)` lists the members, `where[slot]` is a member's position (-1 when absent).
 */

/** A set of integers in [0, capacity) with O(1) add, delete and uniform pick. */
export class DenseSet {
  private readonly items: Int32Array;
  private readonly where: Int32Array;
  private count = 0;

  /** @param capacity members are integers in [0, capacity). */
  constructor(capacity: number) {
    this.items = new Int32Array(capacity);
    this.where = new Int32Array(capacity).fill(-1);
  }

  /** Number of members. */
  get size(): number {
    return this.count;
  }

  has(x: number): boolean {
    return this.where[x] >= 0;
  }

  /** Adds `x`; a no-op when present. */
  add(x: number): void {
    if (this.where[x] >= 0) return;
    this.items[this.count] = x;
    this.where[x] = this.count++;
  }

  /** Removes `x` by moving the last member into its place; a no-op when absent. */
  delete(x: number): void {
    const i = this.where[x];
    if (i < 0) return;
    const last = this.items[--this.count];
    this.items[i] = last;
    this.where[last] = i;
    this.where[x] = -1;
  }

  /** The member at position `i` in [0, size): with a uniform `i`, a uniform member. */
  at(i: number): number {
    return this.items[i];
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.items.byteLength + this.where.byteLength;
  }
}
