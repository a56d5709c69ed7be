import { createAgent, listPolicies, loadAgent, PixelpilotError, presets } from "pixelpilot";
import { describeError, exampleHook, stepByHand } from "../../example_hook";
import { showStatus } from "../../status";
import { Catch } from "./Catch";
/** Where the bot is kept between visits (this browser's IndexedDB). */
const POLICY_URL = "indexeddb://catch-bot";
const ACTIONS = ["left", "right", "stay"];
/** Save every this many rounds. */
const SAVE_EVERY = 25;
/**
 * Catch with an agent at the paddle: it presses the same arrow keys a player would and learns
 * from the score. It continues from the bot saved in this browser, if there is one.
 */
class Game extends Catch {
  agent = null;
  attachment = null;
  constructor() {
    super("Game");
  }
  create() {
    super.create();
    void this.startAgent();
  }
  async startAgent() {
    const hook = exampleHook("train");
    try {
      const saved = (await listPolicies()).some((p) => p.url === POLICY_URL);
      showStatus(saved ? "Loading the bot saved in this browser…" : "Starting a new bot…");
      // The game's agent 'catch' (kept across scene restarts, saved when the game is destroyed):
      // the one saved in this browser if there is one, else a fresh one from the preset.
      const agent = saved
        ? await loadAgent(POLICY_URL)
        : await this.pixelpilot.agent("catch", () => ({
          spec: presets.dqnSmallPixels,
          options: { actions: ACTIONS, observation: { width: 24, height: 24, grayscale: true } }, // frame stack: the preset's (1)
          saveOnDispose: POLICY_URL
        }));
      this.agent = agent;
      this.attachment = this.pixelpilot.attach(agent, {
        keys: { left: "LEFT", right: "RIGHT" },
        reward: () => this.takeReward(),
        done: () => this.takeRoundOver(),
        decisionPeriod: 4,
        mode: "train"
      });
      let rounds = 0;
      agent.on("train", () => rounds++);
      agent.on("episode", (e) => {
        showStatus(`Training on ${agent.backend}: round ${e.episode}, ${rounds} training steps`);
        if (e.episode % SAVE_EVERY === 0) void agent.save(POLICY_URL);
      });
      agent.on("worker-error", () => {
        agent.restart().catch((e) => console.error("pixelpilot: restart failed", e)); // a new worker from the last save
      });
      const errors = [];
      agent.on("error", (e) => errors.push(`${e.name}: ${e.message}`));
      agent.on("worker-error", (e) => errors.push(`${e.name}: ${e.message}`));
      Object.assign(hook, {
        backend: agent.backend,
        loadedFrom: saved ? POLICY_URL : null,
        step: async (frames) => {
          await stepByHand(this.game, frames, () => this.attachment.settled());
          return { ...this.attachment.counters, backend: agent.backend, backendAttempts: agent.backendAttempts, errors, catches: this.catches, misses: this.misses };
        },
        save: () => agent.save(POLICY_URL),
        policies: async () => (await listPolicies()).map((p) => p.name),
        errors: () => provokeErrors(),
        ready: true
      });
      showStatus(`Training on ${agent.backend}${saved ? " (continuing the saved bot)" : ""}`);
    } catch (e) {
      hook.error = `${e.name}: ${e.message}`;
      showStatus(`The bot could not start: ${hook.error}`);
      console.error(e);
    }
  }
}
/**
 * The errors a game can catch by type: a policy that does not exist, an agent whose net cannot see
 * 8x8 frames (thrown in the worker), and a worker that does not answer in time.
 */
async function provokeErrors() {
  const out = {};
  try {
    await loadAgent("indexeddb://no-such-bot");
    out.missingPolicy = "resolved";
  } catch (e) {
    out.missingPolicy = { ...describeError(e), isPixelpilotError: e instanceof PixelpilotError };
  }
  try {
    const agent = await createAgent(presets.ppoArcadePixels, { actions: ACTIONS, observation: { width: 8, height: 8 } });
    await agent.dispose();
    out.tooSmall = "resolved";
  } catch (e) {
    out.tooSmall = { ...describeError(e), isPixelpilotError: e instanceof PixelpilotError };
  }
  try {
    const agent = await createAgent(presets.dqnSmallPixels, { actions: ACTIONS, callTimeoutMs: 1 });
    await agent.dispose();
    out.noReply = "resolved";
  } catch (e) {
    out.noReply = { ...describeError(e), isPixelpilotError: e instanceof PixelpilotError };
  }
  return out;
}
export {
  Game,
  POLICY_URL
};
