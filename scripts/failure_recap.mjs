// Collects the failing tests from node's TAP output and writes them again with the closing
// summary after them: CI keeps only the tail of a long log, where the summary says how many failed
// but not which. Only leaf failures are kept (a suite fails because a test in it did).

const SUMMARY = /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /;

export class FailureRecap {
  #partial = '';
  #lines = [];
  #summary = [];

  /** Takes the next piece of the runner's output. */
  add(text) {
    const parts = (this.#partial + text).split('\n');
    this.#partial = parts.pop();
    for (const line of parts) {
      if (SUMMARY.test(line)) this.#summary.push(line);
      else this.#lines.push(line);
    }
  }

  /** The failures, each with its YAML block (error, location), then the summary; '' when none failed. */
  text() {
    if (this.#partial !== '') this.add('\n');
    const failures = leafFailures(this.#lines);
    if (failures.length === 0) return '';
    return ['', `# ${failures.length} failing test(s), repeated from above:`, ...failures.flat(), ...this.#summary, ''].join('\n');
  }
}

/** The `not ok` blocks whose test has no failing subtest, with their subtest path. */
function leafFailures(lines) {
  const found = [];
  const names = []; // names[depth]: the open "# Subtest:" at that depth
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const depth = indentOf(line) / 4;
    const sub = /^\s*# Subtest: (.*)$/.exec(line);
    if (sub) {
      names.length = depth;
      names[depth] = sub[1];
      continue;
    }
    if (!/^\s*not ok \d+ - /.test(line)) continue;
    const block = [names.slice(0, depth + 1).join(' > ')];
    let j = i + 1;
    for (; j < lines.length && (lines[j].trim() === '' || indentOf(lines[j]) > indentOf(line)) && !/^\s*\.\.\.$/.test(lines[j]); j++) block.push(lines[j]);
    // A suite's block says its subtests failed; the tests inside have already been kept.
    if (!block.some((l) => /failureType: 'subtestsFailed'/.test(l))) found.push(shortStack(block).map((l) => `#   ${l.trim() === '' ? '' : l}`));
  }
  return found;
}

/** The block with its stack cut to the first frames (the test's own file comes first). */
function shortStack(block) {
  const at = block.findIndex((l) => /^\s*stack: /.test(l));
  if (at < 0) return block;
  const stackIndent = indentOf(block[at]);
  let end = at + 1;
  while (end < block.length && indentOf(block[end]) > stackIndent) end++;
  return [...block.slice(0, Math.min(end, at + 4)), ...block.slice(end)];
}

function indentOf(line) {
  return line.length - line.trimStart().length;
}
