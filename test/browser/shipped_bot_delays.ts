/**
 * Browser side of the "shipped bot at several delays" check, for any training entry and policy:
 * for each delay, a fresh Phaser game of the entry's own scene runs at real time (Phaser's own
 * requestAnimationFrame loop, nothing stepped by hand); the entry's attach options are taken right
 * after the scene's create() (as the fast mode takes them), the game then plays on by itself for
 * `delay` ms of real time, and only then does a `pixelpilot/play` bot attach with those options and
 * play `episodes` episodes. A policy that learned one trajectory does well at delay 0 and badly
 * later; one trained and judged on varied starts does about as `eval --game` says at every delay.
 * With `entryResets`, each (re)start of the scene is followed by the entry's `reset(scene, rng)`
 * (its own seeded stream per episode), as a training copy's random start does: a game that waits
 * for its player (breakout) starts alike whatever the delay, and only this gives its shipped bot
 * the starts `eval --game` averages over.
 * A page module imports this with its game's entry and policy (shipped_delays_<game>.page.ts).
 */
import * as Phaser from 'phaser';
import { loadBot } from '../../src/play/index';
import type { TrainingEntry } from '../../src/game/training_entry';
import { restartPolicy } from '../../src/game/copy_restart';
import { startStream } from '../../src/game/random_starts';

/** What one delay gave. */
export interface DelayRun {
  delayMs: number;
  episodes: number;
  returnMean: number;
  returns: number[];
  /** The bot attachment's counters (decisions, late, dropped ...), and the game's frames per second. */
  counters: Record<string, number>;
  fps: number;
}

/** Options of shippedBotAtDelays. */
export interface DelayOptions {
  delaysMs: readonly number[];
  /** Episodes the bot plays after each delay (the first one starts wherever the game was). */
  episodes: number;
  /** Backend of the bot. Default 'wasm'. */
  backend?: 'wasm' | 'cpu' | 'webgpu' | 'auto';
  /** Gives up a delay's run after this long. Default 120 s. */
  timeoutMs?: number;
  /**
   * Calls the entry's `reset(scene, rng)` after every create (the first and each restart), from the
   * stream `startStream(seed, delay's index, episode)`, before the delay: the training copies'
   * start, at real time. Default: off (the game's own start). An entry without reset ignores it.
   */
  entryResets?: { seed: number };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Plays `policy` on the entry's scene after each delay (see the file comment); one game per delay, in turn. */
export async function shippedBotAtDelays<S extends Phaser.Scene>(entry: TrainingEntry<S>, policy: string | Uint8Array, options: DelayOptions): Promise<DelayRun[]> {
  const bot = await loadBot(policy, { actions: entry.actions, backend: options.backend ?? 'wasm' });
  const parent = document.createElement('div');
  document.body.appendChild(parent);
  const runs: DelayRun[] = [];
  try {
    for (const [d, delayMs] of options.delaysMs.entries()) {
      let episode = 0;
      const entryReset = (s: S): void => {
        if (options.entryResets !== undefined && entry.reset !== undefined) entry.reset(s, startStream(options.entryResets.seed, d, episode++));
      };
      const scene = new entry.scene();
      const game = new Phaser.Game({ ...entry.game, parent, banner: false, audio: { noAudio: true }, scene });
      try {
        // The scene is running once its create() has run.
        while (!scene.sys?.isActive()) await sleep(2);
        const started = performance.now();
        const o = entry.attach(scene, 0);
        entryReset(scene);
        // The game runs on by itself (its initial action, no agent) for the delay.
        if (delayMs > 0) await sleep(delayMs - (performance.now() - started));
        const returns: number[] = [];
        // An episode maxStep cut restarts the scene, as the fast mode does (the entry's onCut), and
        // so does one the game ended where the entry says onDone 'restart' (a ball of a game that
        // goes on); the bot attaches again after the same delay: each episode starts as the first one did.
        const restarting = restartPolicy(entry);
        let restartDue = false;
        // Between an episode's end and the restart, the bot may have begun another episode: detaching closes
        // it, and that stub is not counted.
        let counting = true;
        const attachBot = () => bot.attach(scene, {
          ...(o.act === undefined ? {} : { act: o.act }),
          ...(o.reward === undefined ? {} : { reward: o.reward }),
          ...(o.done === undefined ? {} : { done: o.done }),
          ...(o.observe === undefined ? {} : { observe: o.observe }),
          ...(o.actionMask === undefined ? {} : { actionMask: o.actionMask }),
          ...(o.decisionPeriod === undefined ? {} : { decisionPeriod: o.decisionPeriod }),
          ...(o.maxStep === undefined ? {} : { maxStep: o.maxStep }),
          onEpisode: (e) => {
            if (!counting) return;
            returns.push(e.return);
            restartDue = restarting[e.truncated ? 'cut' : 'done'];
            if (restartDue) counting = false;
          },
        });
        let attachment = attachBot();
        const t0 = performance.now();
        let frames = 0;
        const counted: Record<string, number> = {};
        const keep = (c: object): void => {
          for (const [k, v] of Object.entries(c)) if (typeof v === 'number') counted[k] = (counted[k] ?? 0) + v;
        };
        while (returns.length < options.episodes) {
          if (performance.now() - t0 > (options.timeoutMs ?? 120_000)) throw new Error(`delay ${delayMs} ms: ${returns.length} of ${options.episodes} episodes in ${options.timeoutMs ?? 120_000} ms`);
          if (restartDue) {
            restartDue = false;
            keep(attachment.counters);
            attachment.detach();
            // Phaser restarts a scene at its next frame: wait for its create() to have run again.
            const created = new Promise<void>((resolve) => scene.events.once('create', () => resolve()));
            scene.scene.restart();
            await created;
            entryReset(scene);
            const restarted = performance.now();
            if (delayMs > 0) await sleep(delayMs - (performance.now() - restarted));
            counting = true;
            attachment = attachBot();
          }
          await sleep(50);
        }
        keep(attachment.counters);
        frames = counted.frames ?? 0;
        const seconds = (performance.now() - t0) / 1000;
        const counters = counted;
        attachment.detach();
        const kept = returns.slice(0, options.episodes);
        runs.push({
          delayMs,
          episodes: kept.length,
          returnMean: kept.reduce((s, r) => s + r, 0) / kept.length,
          returns: kept,
          counters,
          fps: frames / seconds,
        });
      } finally {
        game.destroy(true);
      }
    }
  } finally {
    bot.dispose();
    parent.remove();
  }
  return runs;
}
