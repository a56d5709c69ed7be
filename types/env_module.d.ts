/**
 * The shape of a user env module, the file `pixelpilot train --env ./my_env.js` loads: its default
 * export is a factory returning a Gymnasium-shaped Env (see DESIGN.md and src/env/env.ts).
 *
 * In TypeScript:   import type { EnvModule } from 'pixelpilot/types/env_module';
 *                  const factory: EnvModule['default'] = (options) => ({ ... });
 *                  export default factory;
 * In JavaScript:   /** @type {import('pixelpilot/types/env_module').EnvModule['default']} *\/
 */
import type { EnvFactory } from 'pixelpilot/lab';

export interface EnvModule {
  /** Called once per env copy (the spec's env.num_envs), with the options the caller passes. */
  default: EnvFactory;
}
