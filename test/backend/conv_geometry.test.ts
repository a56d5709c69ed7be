import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { filterGradCrop, gcd, inputGradPhases, spanUsed } from '../../src/backend/conv_geometry';

/** (dy index, tap) pairs that feed padded position p, by brute force over the forward conv. */
function brute(p: number, k: number, s: number, d: number, out: number): string[] {
  const pairs: string[] = [];
  for (let o = 0; o < out; o++) for (let a = 0; a < k; a++) if (o * s + a * d === p) pairs.push(`${o},${a}`);
  return pairs.sort();
}

/** The same pairs as the phase decomposition reads them (dy rows outside the window are padding). */
function fromPhases(p: number, n: number, k: number, s: number, d: number, pad: number, out: number): string[] {
  const { phases, q0, count } = inputGradPhases(n, k, s, d, pad, out);
  const r = p % s;
  const j = (p - r) / s - q0;
  assert.ok(j >= 0 && j < count, `position ${p} outside the phase rows`);
  const ph = phases[r];
  const pairs: string[] = [];
  for (let m = 0; m < ph.taps; m++) {
    const u = j + m * ph.dilation; // row of the padded dy window
    const o = u - ph.padBefore + ph.dyStart;
    if (o >= ph.dyStart && o < ph.dyStart + ph.dySize) pairs.push(`${o},${ph.a0 + (ph.taps - 1 - m) * ph.step}`);
  }
  return pairs.sort();
}

describe('conv geometry', () => {
  test('gcd', () => {
    assert.equal(gcd(4, 6), 2);
    assert.equal(gcd(3, 9), 3);
    assert.equal(gcd(2, 3), 1);
  });

  test('input-gradient phases read exactly the pairs the forward conv wrote, for every axis geometry', () => {
    let checked = 0;
    for (let k = 1; k <= 8; k++)
      for (let s = 1; s <= 4; s++)
        for (let d = 1; d <= 3; d++)
          for (let pad = 0; pad <= 3; pad++)
            for (let n = 1; n <= 12; n++) {
              const span = (k - 1) * d + 1;
              if (n + 2 * pad < span) continue;
              const out = Math.floor((n + 2 * pad - span) / s) + 1;
              const { phases, count } = inputGradPhases(n, k, s, d, pad, out);
              for (const ph of phases) {
                if (ph.taps === 0) continue;
                // A stride-1 conv over the padded window yields exactly `count` rows.
                assert.equal(ph.padBefore + ph.dySize + ph.padAfter - (ph.taps - 1) * ph.dilation, count);
                assert.ok(ph.padBefore >= 0 && ph.padAfter >= 0 && ph.dySize > 0);
              }
              for (let p = pad; p < pad + n; p++) {
                assert.deepEqual(fromPhases(p, n, k, s, d, pad, out), brute(p, k, s, d, out), `k${k} s${s} d${d} p${pad} n${n} at ${p}`);
                checked++;
              }
            }
    assert.ok(checked > 10000);
  });

  test('filter-gradient crop keeps exactly the span the forward conv read, including non-covering strides', () => {
    for (let k = 1; k <= 8; k++)
      for (let s = 1; s <= 4; s++)
        for (let d = 1; d <= 3; d++)
          for (let pad = 0; pad <= 3; pad++)
            for (let n = 1; n <= 14; n++) {
              const span = (k - 1) * d + 1;
              if (n + 2 * pad < span) continue;
              const out = Math.floor((n + 2 * pad - span) / s) + 1;
              const c = filterGradCrop(n, k, s, d, pad, out);
              assert.equal(c.padBefore + c.size + c.padAfter, spanUsed(k, s, d, out));
              assert.ok(c.size <= n && c.padAfter <= pad && c.padBefore === pad);
            }
    // 10 rows, k 3, s 4: outputs read rows 0..2 and 4..6; rows 7.. are never read.
    assert.deepEqual(filterGradCrop(10, 3, 4, 1, 0, 2), { start: 0, size: 7, padBefore: 0, padAfter: 0 });
  });
});
