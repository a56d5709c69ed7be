/**
 * `importPyTorchPolicy(weights, spec, options)`: weights trained in PyTorch (a safetensors
 * state_dict of the SLM Lab / AMAGO nets of `spec`) as the policy file of the agent that
 * `createAgent(spec, options)` makes, for `loadBot` (ship it) or `loadAgent` (keep learning).
 *
 * `pixelpilot` keeps tfjs off the page's main thread until it is needed: the nets that take the
 * weights are built by a chunk loaded on the first call (tfjs with its cpu backend, the spec
 * resolver, the nets), on the main thread; the work is a few transposes.
 */
import { StorageError } from '../util/errors';
import { checkAgentOptions, type AgentOptions } from './agent_options';

/** Options of importPyTorchPolicy: createAgent's that decide the nets and the policy's spaces. */
export interface ImportPyTorchPolicyOptions extends Pick<AgentOptions, 'actions' | 'observation' | 'specName' | 'maxParams'> {
  /** Names the weights in errors. Default 'importPyTorchPolicy'. */
  where?: string;
}

/**
 * Turns a PyTorch state_dict into policy file bytes that `loadBot` and `loadAgent` take: the nets
 * `spec` builds for `options` (createAgent's defaults: 84x84 gray pixels, the spec's frame stack,
 * else 4) with every weight from `weights` (keys `net.<name>` as `pixelpilot export --format
 * safetensors` writes them, or one net's bare `state_dict()` keys; all of them, with PyTorch's
 * shapes). The manifest records the spec, the action names and the observation pipeline as an
 * agent's saved policy does; there is no training state. Throws AgentError (options), SpecError
 * (spec), StorageError (not a safetensors file), ShapeError naming every missing, unexpected or
 * misshapen tensor and the spec and spaces they were matched against. Runs on tfjs' current
 * backend when the page has one (pixelpilot/lab's), else on its cpu backend.
 */
export async function importPyTorchPolicy(weights: Uint8Array | ArrayBuffer, spec: unknown, options: ImportPyTorchPolicyOptions): Promise<Uint8Array> {
  checkAgentOptions({ actions: options.actions, ...(options.observation === undefined ? {} : { observation: options.observation }), ...(options.maxParams === undefined ? {} : { maxParams: options.maxParams }) });
  const where = options.where ?? 'importPyTorchPolicy';
  const bytes = weights instanceof Uint8Array ? weights : weights instanceof ArrayBuffer ? new Uint8Array(weights) : null;
  if (bytes === null) throw new StorageError(`${where}: the weights must be a Uint8Array or an ArrayBuffer of a safetensors file (got ${weights === null ? 'null' : typeof weights})`);
  const [{ policyFromPytorch }, { tf }, { selectBackend }] = await Promise.all([import('../store/pytorch_policy'), import('../backend/tf'), import('../backend/select_backend')]);
  // The weights are only transposed: any backend gives the same bytes; do not move a page's tensors off theirs.
  if (!tf.getBackend()) await selectBackend({ gpu: 'cpu' });
  return policyFromPytorch(bytes, spec, {
    actions: options.actions,
    ...(options.observation === undefined ? {} : { observation: options.observation }),
    ...(options.specName === undefined ? {} : { specName: options.specName }),
    ...(options.maxParams === undefined ? {} : { maxParams: options.maxParams }),
    where,
  });
}
