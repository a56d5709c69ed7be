/**
 * A min tree over `capacity` values (empty leaves hold +Infinity): O(log n) update, O(1) minimum.
 * Prioritized replay keeps one beside its sum tree so the largest importance weight, which comes
 * from the smallest priority, is known without a scan.
 */
import { assert } from '../util/assert';

/** Minimum of a fixed set of values with O(log n) `update`. */
export class MinTree {
  readonly capacity: number;
  private readonly size: number;
  private readonly nodes: Float64Array;

  /** @param capacity leaves, each starting empty (+Infinity). */
  constructor(capacity: number) {
    assert(Number.isInteger(capacity) && capacity > 0, () => `MinTree: capacity ${capacity}`);
    this.capacity = capacity;
    let size = 1;
    while (size < capacity) size *= 2;
    this.size = size;
    this.nodes = new Float64Array(2 * size).fill(Infinity);
  }

  /** The smallest value (+Infinity when every leaf is empty). */
  get min(): number {
    return this.nodes[1];
  }

  /** Sets leaf `i` to `value` (+Infinity empties it). O(log n). */
  update(i: number, value: number): void {
    assert(i >= 0 && i < this.capacity, () => `MinTree.update: index ${i} outside [0, ${this.capacity})`);
    const n = this.nodes;
    let j = this.size + i;
    n[j] = value;
    for (j >>= 1; j >= 1; j >>= 1) n[j] = Math.min(n[2 * j], n[2 * j + 1]);
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.nodes.byteLength;
  }
}
