// Types of failure_recap.mjs for the TypeScript that imports it (test/tooling/failure_recap.test.ts).

/** Collects failing tests from node's TAP output; text() repeats them, then the summary. */
export declare class FailureRecap {
  add(text: string): void;
  text(): string;
}
