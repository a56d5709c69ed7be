/**
 * Resolves the `meta` section. SLM Lab's experiment-control keys (sessions, trials, search,
 * distributed training) and its run bookkeeping mean nothing here: they are warnings.
 */
import { nonNegInt, nullable, posInt } from './checks';
import { LIMITS, META_DEFAULTS } from './defaults';
import { Section } from './section';
import type { ResolvedMetaSpec } from './types';

const SEARCH = 'hyperparameter search is not supported; ignored';
const BOOKKEEPING = "SLM Lab's run bookkeeping; ignored";

const IGNORED_META_KEYS: Readonly<Record<string, string>> = {
  distributed: 'multi-process (Hogwild) training is not supported; ignored',
  max_session: 'one session per run here; ignored',
  max_trial: SEARCH,
  search: SEARCH,
  search_resources: SEARCH,
  search_scheduler: SEARCH,
  num_samples: SEARCH,
  resume: BOOKKEEPING,
  rigorous_eval: BOOKKEEPING,
  experiment: BOOKKEEPING,
  trial: BOOKKEEPING,
  session: BOOKKEEPING,
  cuda_offset: BOOKKEEPING,
  experiment_ts: BOOKKEEPING,
  prepath: BOOKKEEPING,
  git_sha: BOOKKEEPING,
  ckpt: BOOKKEEPING,
  model_prepath: BOOKKEEPING,
  info_prepath: BOOKKEEPING,
  log_prepath: BOOKKEEPING,
  graph_prepath: BOOKKEEPING,
  eval_model_prepath: BOOKKEEPING,
};

/** Resolves meta; a missing section gives every default. */
export function resolveMeta(sec: Section | null): ResolvedMetaSpec {
  if (sec === null) {
    return { eval_frequency: META_DEFAULTS.eval_frequency, log_frequency: META_DEFAULTS.eval_frequency, random_seed: null };
  }
  sec.keys(['eval_frequency', 'log_frequency', 'random_seed'], { ignored: IGNORED_META_KEYS });
  const steps = posInt(LIMITS.steps);
  const eval_frequency = sec.opt('eval_frequency', steps, META_DEFAULTS.eval_frequency);
  return {
    eval_frequency,
    log_frequency: sec.opt('log_frequency', steps, eval_frequency),
    random_seed: sec.opt('random_seed', nullable(nonNegInt(0xffffffff)), META_DEFAULTS.random_seed),
  };
}
