/**
 * OnPolicyReplay: SLM Lab's episodic on-policy memory (REINFORCE). Steps gather per env stream
 * until the episode ends (terminated or truncated); the memory is ready once
 * `training_frequency` episodes are complete, and `sample()` returns every complete episode,
 * concatenated in the order they ended, then forgets them. Episodes still running stay (they
 * continue under the updated policy, as in SLM Lab where a single env trains at episode end).
 */
import { MemoryError } from '../util/errors';
import { MemoryLayout } from './memory_layout';
import { SpecReader } from './spec_checks';
import { StepTable, type StepColumns } from './step_table';
import type { MemoryOptions, MemorySpec, Transition } from './types';

/** Complete episodes, concatenated. Views of the memory: valid until the next `add`. */
export interface EpisodeBatch extends StepColumns {
  /** Shape of one observation; `observations` is [totalSteps, ...obsShape]. */
  readonly obsShape: readonly number[];
  /** Episode e is rows [episodeStarts[e], episodeStarts[e+1]); length episodes + 1. */
  readonly episodeStarts: Int32Array;
  /** The env stream each episode came from. */
  readonly episodeStreams: Int32Array;
  readonly episodes: number;
  readonly totalSteps: number;
}

/** Episodic on-policy memory. Spec key: training_frequency in episodes (else opts, default 1). */
export class OnPolicyReplay {
  readonly name: string = 'OnPolicyReplay';
  /** Complete episodes needed before the memory is ready. */
  readonly trainingFrequency: number;
  readonly numEnvs: number;
  readonly layout: MemoryLayout;
  private readonly running: StepTable[];
  private readonly runningLen: Int32Array;
  private readonly done: StepTable;
  private doneLen = 0;
  private starts: number[] = [0];
  private streams: number[] = [];

  constructor(spec: MemorySpec, opts: MemoryOptions) {
    const read = new SpecReader(spec);
    this.trainingFrequency = read.int('training_frequency', opts.trainingFrequency ?? 1);
    read.done();
    const n = opts.numEnvs ?? 1;
    if (!Number.isInteger(n) || n < 1) throw new MemoryError(`memory: numEnvs must be a positive integer (got ${n})`);
    this.numEnvs = n;
    this.layout = new MemoryLayout(opts);
    this.running = Array.from({ length: n }, () => new StepTable(this.layout, 256));
    this.runningLen = new Int32Array(n);
    this.done = new StepTable(this.layout, 1024);
  }

  /** Adds env `stream`'s next step (default 0); a terminated or truncated step ends its episode. */
  add(t: Transition, stream = 0): void {
    if (!Number.isInteger(stream) || stream < 0 || stream >= this.numEnvs) {
      throw new MemoryError(`memory: stream ${stream} outside [0, ${this.numEnvs}) (numEnvs)`);
    }
    this.layout.check(t);
    const table = this.running[stream];
    const len = this.runningLen[stream];
    table.reserve(len + 1, len);
    table.write(len, t);
    this.runningLen[stream] = len + 1;
    if (!t.terminated && !t.truncated) return;
    const n = len + 1;
    this.done.reserve(this.doneLen + n, this.doneLen);
    this.done.copyRowsFrom(table, 0, this.doneLen, n);
    this.doneLen += n;
    this.starts.push(this.doneLen);
    this.streams.push(stream);
    this.runningLen[stream] = 0;
  }

  /** Complete episodes stored. */
  get episodes(): number {
    return this.streams.length;
  }

  /** True when at least training_frequency episodes are complete. */
  get isReady(): boolean {
    return this.streams.length >= this.trainingFrequency;
  }

  /** Returns every complete episode and forgets them (running episodes stay). */
  sample(): EpisodeBatch {
    if (this.streams.length === 0) throw new MemoryError('OnPolicyReplay: cannot sample, no complete episode yet');
    const batch: EpisodeBatch = {
      ...this.done.view(this.doneLen),
      obsShape: this.layout.obsShape,
      episodeStarts: Int32Array.from(this.starts),
      episodeStreams: Int32Array.from(this.streams),
      episodes: this.streams.length,
      totalSteps: this.doneLen,
    };
    this.doneLen = 0;
    this.starts = [0];
    this.streams = [];
    return batch;
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.running.reduce((a, t) => a + t.byteLength, this.done.byteLength);
  }
}
