/**
 * Records a demonstration file headless: a heuristic (a function of the observation) plays a
 * built-in env and its decisions go to a file, as a game's recording mode would write them.
 * Heuristics: `catch` (src/env/catch_heuristic.ts) and `key_door` (benchmarks/key_door_env.ts).
 * Run: npm run bench -- benchmarks/record_demos.ts --env catch --decisions 300 [--noise 0.2]
 *      [--reflex-lag 0] [--seed 1] --out catch.pxdemo
 * then: pixelpilot train demos/specs/dqn_catch.json --demos catch.pxdemo [--steps 0 --save bc.ppol]
 */
import { parseArgs } from 'node:util';
import { catchEnv, CATCH_ACTIONS } from '../src/env/catch';
import { catchHeuristic } from '../src/env/catch_heuristic';
import type { Action, Env, Observation } from '../src/env/env';
import { saveDemos } from '../src/store/demo_store';
import { recordEnvDemos } from '../src/store/record_env_demos';
import keyDoorEnv, { keyDoorHeuristic } from './key_door_env';

const PLAYERS: Record<string, { env: () => Env; player: (o: Observation) => Action; names?: readonly string[] }> = {
  catch: { env: () => catchEnv(), player: (o) => catchHeuristic(o as Uint8Array, [10, 10, 1]), names: CATCH_ACTIONS },
  key_door: { env: keyDoorEnv, player: keyDoorHeuristic, names: ['up', 'down', 'left', 'right'] },
};

const { values } = parseArgs({
  options: {
    env: { type: 'string', default: 'catch' },
    decisions: { type: 'string', default: '300' },
    noise: { type: 'string', default: '0' },
    'reflex-lag': { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
const chosen = PLAYERS[values.env!];
if (!chosen || values.out === undefined) {
  console.error(`usage: record_demos.ts --env ${Object.keys(PLAYERS).join('|')} --decisions N [--noise P] [--reflex-lag K] [--seed S] --out FILE`);
  process.exit(2);
}
const bytes = await recordEnvDemos(chosen.env(), chosen.player, {
  decisions: Number(values.decisions),
  noise: Number(values.noise),
  reflexLag: Number(values['reflex-lag']),
  seed: Number(values.seed),
  source: `heuristic ${values.env}${Number(values.noise) > 0 ? `, ${values.noise} random` : ''}`,
  ...(chosen.names ? { actionNames: chosen.names } : {}),
});
const saved = await saveDemos(values.out, bytes);
console.log(JSON.stringify(saved));
