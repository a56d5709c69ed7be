/**
 * "Did you mean" suggestions for misspelt spec keys and names, by edit distance.
 */

/** Levenshtein distance, case-insensitive (users often get only the case wrong). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/**
 * The candidate nearest to `word`, or undefined when none is close enough to be a likely typo
 * (distance at most max(2, a third of the word's length)).
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 200) return undefined; // nothing a user types by mistake; keep it cheap
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** `" (did you mean 'x'?)"` or the empty string. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const n = nearest(word, candidates);
  return n === undefined ? '' : ` (did you mean '${n}'?)`;
}
