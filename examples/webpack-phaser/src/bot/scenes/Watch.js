import { loadBot, PixelpilotError } from "pixelpilot/play";
import { describeError, exampleHook, stepByHand } from "../../example_hook";
import { showStatus } from "../../status";
import { Catch } from "../../game/scenes/Catch";
/** The bot the training page saved in this browser. A shipped game would load a .ppol file it serves instead. */
const POLICY_URL = "indexeddb://catch-bot";
const ACTIONS = ["left", "right", "stay"];
/** Catch played by the trained bot, greedily, on the main thread: no trainer, no worker. */
class Watch extends Catch {
  bot = null;
  play = null;
  constructor() {
    super("Watch");
  }
  create() {
    super.create();
    void this.startBot();
  }
  async startBot() {
    const hook = exampleHook("play");
    try {
      showStatus("Loading the bot…");
      const bot = await loadBot(POLICY_URL, { actions: ACTIONS, observation: { width: 24, height: 24, frameStack: 1 } });
      this.bot = bot;
      this.play = bot.attach(this, {
        keys: { left: "LEFT", right: "RIGHT" }, // the same keys the agent trained with
        reward: () => this.takeReward(),
        done: () => this.takeRoundOver(),
        decisionPeriod: 4
      });
      Object.assign(hook, {
        backend: bot.backend,
        loadedFrom: POLICY_URL,
        step: async (frames) => {
          await stepByHand(this.game, frames, () => this.play.settled());
          return { ...this.play.counters, backend: bot.backend, catches: this.catches, misses: this.misses };
        },
        errors: () => provokeErrors(),
        ready: true
      });
      showStatus(`The bot plays on ${bot.backend}`);
    } catch (e) {
      hook.error = `${e.name}: ${e.message}`;
      showStatus(`No bot to watch (${hook.error}): train one first.`);
      console.error(e);
    }
  }
}
/** A policy that does not exist: the error a shipped game can catch by type. */
async function provokeErrors() {
  try {
    await loadBot("indexeddb://no-such-bot");
    return { missingPolicy: "resolved" };
  } catch (e) {
    return { missingPolicy: { ...describeError(e), isPixelpilotError: e instanceof PixelpilotError } };
  }
}
export {
  Watch
};
