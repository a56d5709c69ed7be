/**
 * A sum tree over `capacity` non-negative priorities: O(log n) update and prefix-sum search, the
 * structure proportional prioritized replay samples from (Schaul et al. 2016).
 *
 * Stored as a complete binary tree in one Float64Array: leaves at [size, 2*size), node i holds
 * the sum of nodes 2i and 2i+1. Parents are recomputed from their children (not adjusted by
 * deltas), so rounding error never accumulates across updates.
 */
import { assert } from '../util/assert';

/** Sums of priorities with O(log n) `update` and `find`. */
export class SumTree {
  /** Number of leaves that can hold a priority. */
  readonly capacity: number;
  private readonly size: number;
  private readonly nodes: Float64Array;

  /** @param capacity leaves, each starting at priority 0. */
  constructor(capacity: number) {
    assert(Number.isInteger(capacity) && capacity > 0, () => `SumTree: capacity ${capacity}`);
    this.capacity = capacity;
    let size = 1;
    while (size < capacity) size *= 2;
    this.size = size;
    this.nodes = new Float64Array(2 * size);
  }

  /** Sum of all priorities. */
  get total(): number {
    return this.nodes[1];
  }

  /** Priority of leaf `i`. */
  get(i: number): number {
    return this.nodes[this.size + i];
  }

  /** Sets leaf `i` to `priority` (>= 0, finite) and refreshes its ancestors. O(log n). */
  update(i: number, priority: number): void {
    assert(i >= 0 && i < this.capacity, () => `SumTree.update: index ${i} outside [0, ${this.capacity})`);
    assert(priority >= 0 && Number.isFinite(priority), () => `SumTree.update: priority ${priority}`);
    const n = this.nodes;
    let j = this.size + i;
    n[j] = priority;
    for (j >>= 1; j >= 1; j >>= 1) n[j] = n[2 * j] + n[2 * j + 1];
  }

  /**
   * The leaf where the running sum of priorities first exceeds `prefixSum`, i.e. the smallest i
   * with prefixSum < p_0 + ... + p_i. Leaves of priority 0 are never returned while the total is
   * positive: values at or past the total (rounding) land on the last positive leaf. O(log n).
   */
  find(prefixSum: number): number {
    assert(this.nodes[1] > 0, () => 'SumTree.find: total priority is 0');
    const n = this.nodes;
    let s = prefixSum;
    let j = 1;
    while (j < this.size) {
      const left = n[2 * j];
      // Going left when the right subtree is empty keeps the walk on positive mass.
      if (s < left || n[2 * j + 1] <= 0) {
        j = 2 * j;
      } else {
        s -= left;
        j = 2 * j + 1;
      }
    }
    return j - this.size;
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.nodes.byteLength;
  }
}
