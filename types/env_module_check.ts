// Compiles only if a plain env module can be typed with EnvModule (checked by `npm test`).
import type { EnvModule } from './env_module';

const factory: EnvModule['default'] = () => ({
  observationSpace: { shape: [2], dtype: 'float32' },
  actionSpace: { type: 'discrete', n: 2 },
  reset: () => ({ observation: new Float32Array(2) }),
  step: () => ({ observation: new Float32Array(2), reward: 0, terminated: true, truncated: false }),
});
export default factory;
