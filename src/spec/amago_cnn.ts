/**
 * Resolves AMAGO's image encoders (NatureishCNN, GridworldCNN, IMPALAishCNN, DrQCNN): their
 * keyword arguments, sitting beside the common net keys for AMAGO net types or inside a
 * RecurrentNet's `cnn: {name, ...}`, with AMAGO's defaults filled in.
 */
import { bool, oneOf, posInt } from './checks';
import { AMAGO_DEFAULTS, LIMITS } from './defaults';
import { ACTIVATIONS } from './net_names';
import { Section } from './section';
import type { Activation, AmagoCnnName, AmagoCnnSpec } from './types';

export const AMAGO_CNN_NAMES: readonly AmagoCnnName[] = ['NatureishCNN', 'IMPALAishCNN', 'DrQCNN', 'GridworldCNN'];

/**
 * Reads the encoder's kwargs from `sec` (key checking is the caller's: the kwargs share their
 * object with other keys). `activation` defaults to `defaultActivation`.
 */
export function resolveAmagoCnn(sec: Section, name: AmagoCnnName, defaultActivation: Activation): AmagoCnnSpec {
  const activation = sec.opt('activation', oneOf(ACTIVATIONS, 'activation', { caseInsensitive: true }), defaultActivation);
  const spec: AmagoCnnSpec = {
    name,
    activation,
    channels: [],
    kernels: [],
    strides: [],
    cnn_block_depths: [],
    post_group_norm: false,
  };
  if (name === 'NatureishCNN' || name === 'GridworldCNN') {
    const d = AMAGO_DEFAULTS[name];
    const opts = { maxLen: LIMITS.layers, minLen: 1 };
    spec.channels = sec.list('channels', posInt(LIMITS.units), opts, [...d.channels]);
    spec.kernels = sec.list('kernels', posInt(LIMITS.kernel), opts, [...d.kernels]);
    spec.strides = sec.list('strides', posInt(LIMITS.kernel), opts, [...d.strides]);
    // AMAGO zips the three lists, silently dropping extra entries; here unequal lengths are errors.
    for (const key of ['kernels', 'strides'] as const) {
      const n = spec[key].length;
      if (n > 0 && spec.channels.length > 0 && n !== spec.channels.length) {
        sec.error(key, `must have as many entries as channels (${spec.channels.length}) (got ${n})`);
      }
    }
  } else if (name === 'IMPALAishCNN') {
    const d = AMAGO_DEFAULTS.IMPALAishCNN;
    spec.post_group_norm = sec.opt('post_group_norm', bool, d.post_group_norm);
    spec.cnn_block_depths = sec.list(
      'cnn_block_depths',
      posInt(LIMITS.units),
      { maxLen: LIMITS.layers, minLen: 1 },
      [...d.cnn_block_depths],
    );
    if (spec.post_group_norm) {
      spec.cnn_block_depths.forEach((depth, i) => {
        if (depth % 4 !== 0) {
          sec.ctx.error(
            `${sec.at('cnn_block_depths')}[${i}]`,
            `must be a multiple of 4 with post_group_norm (GroupNorm(4, depth)) (got ${depth})`,
          );
        }
      });
    }
  }
  return spec;
}
