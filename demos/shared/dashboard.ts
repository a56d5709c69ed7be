/**
 * The panel every demo page shows beside its game: a learning curve (episode returns and their
 * moving average against agent steps), the score per episode, agent decisions per second, the backend in use, a status
 * line, and Save / Load / Reset buttons. Demos only report finished episodes (`recordEpisode`);
 * the dashboard follows the agent's own events for the step rate, and re-subscribes by itself when
 * `getAgent()` starts returning another agent (after Reset).
 *
 * Elements carry `data-field` / `data-action` attributes so that browser tests can read and press
 * them without depending on the layout.
 */
import type { Agent } from 'pixelpilot';
import type { CurvePoint } from './learning_curve';
import { RewardPlot } from './reward_plot';
import { StepRate } from './step_rate';

/** What a demo gives its dashboard. */
export interface DashboardOptions {
  /** Where the dashboard is drawn (its content is replaced). */
  root: HTMLElement;
  /** The heading, e.g. 'Catch — DoubleDQN ConvNet'. */
  title: string;
  /** What the score counts, e.g. 'catches per episode'. */
  scoreLabel: string;
  /** Where Save writes and Load reads, e.g. 'indexeddb://demo-catch'. */
  storageKey: string;
  /** The current agent (Save/Load use it; null while none exists). */
  getAgent: () => Agent | null;
  /** The Reset button: the demo recreates its agent. The curve is cleared first. */
  onReset: () => Promise<void>;
}

/** A mounted dashboard. */
export interface Dashboard {
  /** One finished episode: its return (sum of rewards), its game score, and the agent steps (all players) when it ended. */
  recordEpisode(ret: number, score: number, step: number): void;
  /** Forgets every episode (a new agent): the curve, its marks, the scores, the count. */
  clear(): void;
  /** Marks agent step `step` on the curve with a vertical line and `label` (where cloning ended and RL began). */
  mark(step: number, label: string): void;
  /** The curve's marks. */
  markers(): readonly { step: number; label: string }[];
  /** Disables (or enables again) the Save / Load / Reset / Download buttons, while the page is busy. */
  setBusy(busy: boolean): void;
  /** The learning curve's points as last drawn (step, return, moving average). */
  curve(): readonly CurvePoint[];
  /** Sets the status line (backend problems, save/load results, errors). */
  setStatus(text: string): void;
  /** Stops its timers and listeners and empties `root`. */
  dispose(): void;
}

/** Episodes averaged by the moving average and the score summary. */
const WINDOW = 100;
/** How often the numbers are refreshed (ms); drawing every episode would cost a fast game frames. */
const REFRESH_MS = 500;

/** Draws a dashboard into `options.root` and returns its handle. */
export function mountDashboard(options: DashboardOptions): Dashboard {
  injectStyle();
  const { root } = options;
  root.replaceChildren();
  root.classList.add('pp-dashboard');
  const h = (tag: string, attrs: Record<string, string> = {}, text = ''): HTMLElement => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    el.textContent = text;
    return el;
  };
  const field = (label: string, name: string): HTMLElement => {
    const row = h('div', { class: 'pp-row' });
    row.append(h('span', { class: 'pp-label' }, label), h('span', { class: 'pp-value', 'data-field': name }, '—'));
    return row;
  };

  root.append(h('h2', {}, options.title));
  const stats = h('div', { class: 'pp-stats' });
  stats.append(
    field('backend', 'backend'),
    field('steps/s', 'steps-per-second'),
    field('episodes', 'episodes'),
    field(`${options.scoreLabel} (last)`, 'score-last'),
    field(`${options.scoreLabel} (mean of last ${WINDOW})`, 'score-mean'),
  );
  const canvas = h('canvas', { width: '360', height: '160', 'data-field': 'reward-plot' }) as HTMLCanvasElement;
  const caption = h('div', { class: 'pp-caption' }, `episode return (dots) and its moving average over ${WINDOW} episodes (line), against agent steps`);
  const buttons = h('div', { class: 'pp-buttons' });
  const save = h('button', { 'data-action': 'save' }, 'Save') as HTMLButtonElement;
  const load = h('button', { 'data-action': 'load' }, 'Load') as HTMLButtonElement;
  const reset = h('button', { 'data-action': 'reset' }, 'Reset') as HTMLButtonElement;
  const download = h('button', { 'data-action': 'download' }, 'Download') as HTMLButtonElement;
  buttons.append(save, load, reset, download);
  const status = h('div', { class: 'pp-status', 'data-field': 'status' });
  root.append(stats, canvas, caption, buttons, status);

  const plot = new RewardPlot(canvas, WINDOW);
  const rate = new StepRate();
  const scores: number[] = [];
  let episodes = 0;
  const value = (name: string): HTMLElement => root.querySelector(`[data-field="${name}"]`) as HTMLElement;
  const setStatus = (text: string): void => void (status.textContent = text);

  let followed: Agent | null = null;
  let unfollow: (() => void) | null = null;
  const follow = (): void => {
    const agent = options.getAgent();
    if (agent === followed) return;
    unfollow?.();
    unfollow = null;
    followed = agent;
    rate.restart();
    if (agent === null) return;
    const offs = [
      agent.on('episode', (e) => rate.addEpisodeSteps(e.steps)),
      agent.on('train', (t) => rate.sawStep(t.step)),
      agent.on('error', (e) => setStatus(`error: ${e.message}`)),
      agent.on('worker-error', (e) => setStatus(`worker stopped: ${e.message}`)),
    ];
    unfollow = () => offs.forEach((off) => off());
  };

  const refresh = (): void => {
    follow();
    value('backend').textContent = followed?.backend ?? '—';
    const perSecond = rate.perSecond(performance.now());
    value('steps-per-second').textContent = perSecond === null ? '—' : perSecond.toFixed(0);
    value('episodes').textContent = String(episodes);
    value('score-last').textContent = scores.length === 0 ? '—' : String(scores.at(-1));
    const recent = scores.slice(-WINDOW);
    value('score-mean').textContent = recent.length === 0 ? '—' : (recent.reduce((a, b) => a + b, 0) / recent.length).toFixed(2);
    plot.draw();
  };
  const timer = setInterval(refresh, REFRESH_MS);
  refresh();

  /** Runs one button's work with every button disabled, reporting the outcome on the status line. */
  const press = async (verb: string, work: () => Promise<string>): Promise<void> => {
    for (const b of [save, load, reset, download]) b.disabled = true;
    setStatus(`${verb}…`);
    try {
      setStatus(await work());
    } catch (e) {
      setStatus(`${verb} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      for (const b of [save, load, reset, download]) b.disabled = false;
    }
  };
  const needAgent = (): Agent => {
    const agent = options.getAgent();
    if (agent === null) throw new Error('no agent yet');
    return agent;
  };
  save.onclick = () => void press('saving', async () => {
    const r = await needAgent().save(options.storageKey);
    return `saved ${r.weightBytes} bytes of weights to ${r.url}`;
  });
  load.onclick = () => void press('loading', async () => {
    await needAgent().load(options.storageKey);
    return `loaded ${options.storageKey}`;
  });
  download.onclick = () => void press('preparing the download', async () => {
    const r = await needAgent().download(`${options.storageKey.replace(/^indexeddb:\/\//, '')}.ppol`);
    return `downloaded ${r.fileName} (${r.bytes} bytes: load it with loadBot or loadAgent)`;
  });
  const clear = (): void => {
    plot.clear();
    scores.length = 0;
    episodes = 0;
  };
  reset.onclick = () => void press('resetting', async () => {
    clear();
    await options.onReset();
    refresh();
    return `a new agent, on ${options.getAgent()?.backend ?? 'no backend'}`;
  });

  return {
    recordEpisode(ret: number, score: number, step: number): void {
      episodes++;
      scores.push(score);
      if (scores.length > WINDOW) scores.shift();
      plot.add(step, ret);
    },
    clear(): void {
      clear();
      refresh();
    },
    setBusy(busy: boolean): void {
      for (const b of [save, load, reset, download]) b.disabled = busy;
    },
    curve: () => plot.drawn,
    mark(step: number, label: string): void {
      plot.mark(step, label);
      plot.draw();
    },
    markers: () => plot.markers,
    setStatus,
    dispose(): void {
      clearInterval(timer);
      unfollow?.();
      root.replaceChildren();
    },
  };
}

const STYLE_ID = 'pp-dashboard-style';

/** The dashboard's look, added once per page so demos need no stylesheet of their own for it. */
function injectStyle(): void {
  if (document.getElementById(STYLE_ID) !== null) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = `
.pp-dashboard { font: 14px/1.4 system-ui, sans-serif; color: #ddd; background: #1b1d23; padding: 12px 16px;
  border-radius: 8px; width: 360px; box-sizing: content-box; }
.pp-dashboard h2 { font-size: 16px; margin: 0 0 8px; color: #fff; }
.pp-dashboard .pp-row { display: flex; justify-content: space-between; gap: 12px; }
.pp-dashboard .pp-label { color: #999; }
.pp-dashboard .pp-value { font-variant-numeric: tabular-nums; color: #fff; }
.pp-dashboard canvas { display: block; margin-top: 10px; background: #111318; border-radius: 4px; }
.pp-dashboard .pp-caption { font-size: 12px; color: #888; margin-top: 2px; }
.pp-dashboard .pp-buttons { display: flex; gap: 8px; margin-top: 10px; }
.pp-dashboard button { font: inherit; padding: 4px 14px; border-radius: 4px; border: 1px solid #555;
  background: #2b2f38; color: #eee; cursor: pointer; }
.pp-dashboard button:disabled { opacity: 0.5; cursor: default; }
.pp-dashboard .pp-status { margin-top: 8px; min-height: 1.4em; color: #bbb; font-size: 13px; word-break: break-word; }
`;
  document.head.append(style);
}
