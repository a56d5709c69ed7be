/**
 * The page program's `serve` run (`pixelpilot serve`): boots the entry's copies, says 'ready' with
 * what a client needs to know, then answers Node's commands one at a time (protocol.ts:
 * ServeCommand / ServeReply) until 'stop'. Any failure (the game, an attach callback) rejects, and
 * the page program sends it as the run's error.
 */
import { hiddenParent, type PhaserLike } from '../game_copies';
import { resolveStarts } from '../random_starts';
import { newRunProgress, type RunProgress } from '../run_progress';
import { ServeCopies } from '../serve_copies';
import { serveLayout } from '../serve_layout';
import { checkTrainingEntry } from '../training_entry';
import type { PageEvent, ServeCommand, ServePageResult, ServeReply, ServeRunConfig } from './protocol';

/** The copies in use, the seed they were booted with, and whether they were reset since. */
interface Current {
  env: ServeCopies<object>;
  seed: number;
  used: boolean;
}

/**
 * Serves the entry until Node says 'stop'; `exchange` sends a reply and resolves with the next
 * command; `push` takes the run's events (warnings; a 'step' after each reset and step, which
 * lets the page program send its progress soon: Node's watchdog reads it).
 */
export async function servePage(
  config: ServeRunConfig,
  module: unknown,
  phaser: PhaserLike,
  exchange: (reply: ServeReply) => Promise<ServeCommand>,
  run: RunProgress,
  push: (e: PageEvent) => void,
): Promise<ServePageResult> {
  const t0 = performance.now();
  const onWarning = (warning: Extract<PageEvent, { type: 'warning' }>['warning']): void => push({ type: 'warning', warning });
  const entry = checkTrainingEntry(module, 'pixelpilot serve');
  const layout = serveLayout(entry, config.envs);
  const randomStarts = resolveStarts(config.randomStarts ?? false, entry, layout.actions, 'pixelpilot serve');
  const stickyActions = config.stickyActions ?? 0;
  const hidden = hiddenParent();
  // In an object: the closures below change it (a plain `let` would be narrowed to null).
  const held: { current: Current | null } = { current: null };
  const release = (): void => {
    held.current?.env.destroy();
    held.current = null;
  };
  const boot = async (seed: number): Promise<Current> => {
    release();
    Object.assign(run, newRunProgress(config.envs), { phase: 'booting' });
    const env = await ServeCopies.start(phaser, entry, config.envs, seed, hidden.element, {
      progress: run,
      onWarning,
      randomStarts,
      stickyActions,
      ...(config.startTimeoutMs === undefined ? {} : { startTimeoutMs: config.startTimeoutMs }),
    });
    run.phase = 'done';
    return (held.current = { env, seed, used: false });
  };
  try {
    const first = await boot(config.seed);
    const o = first.env.options;
    let reply: ServeReply = {
      type: 'ready',
      info: {
        layout, decisionPeriod: o.decisionPeriod, maxStep: Number.isFinite(o.maxStep) ? o.maxStep : null,
        randomStarts: randomStarts === null ? false : { noops: randomStarts.noops }, stickyActions,
      },
    };
    for (;;) {
      const command: ServeCommand = await exchange(reply);
      const started = performance.now();
      if (command.type === 'stop') break;
      if (command.type === 'release') {
        release();
        reply = { type: 'released' };
      } else if (command.type === 'reset') {
        const now = held.current;
        const c = now !== null && !now.used && now.seed === command.seed ? now : await boot(command.seed);
        c.used = true;
        reply = { type: 'obs', observations: c.env.reset() };
      } else {
        const c = held.current;
        if (c === null || !c.used) throw new Error('serve: a step before a reset (Node checks this)');
        reply = { type: 'step', ...c.env.step(command.actions) };
      }
      reply.pageMs = performance.now() - started;
      push({ type: 'step', steps: run.steps, seconds: (performance.now() - t0) / 1000 });
    }
    return { command: 'serve' };
  } finally {
    release();
    hidden.remove();
  }
}
