/**
 * Registers tfjs' pure-JS cpu backend (priority 1, synchronous) and silences the banner it prints
 * on its first tensor in Node ("looks like you are running TensorFlow.js in Node.js ..."): the SDK
 * does not use tfjs-node (it cannot install here), so the advice is noise.
 */
import '@tensorflow/tfjs-backend-cpu';
import { tf } from './tf_core';

type CpuLike = { firstUse?: boolean };

/**
 * Marks every cpu backend instance as already used so it never prints its Node banner: the one
 * there is now, and those the engine makes later (it makes a new one when it picks cpu lazily,
 * for tensor code run before any backend was chosen).
 */
export function silenceCpuBanner(): void {
  const entry = (tf.engine() as unknown as { registryFactory?: Record<string, { factory: () => unknown; silenced?: boolean }> }).registryFactory?.cpu;
  if (entry !== undefined && entry.silenced !== true) {
    const make = entry.factory;
    entry.factory = () => {
      const cpu = make() as CpuLike;
      if ('firstUse' in cpu) cpu.firstUse = false;
      return cpu;
    };
    entry.silenced = true;
  }
  // findBackend initialises the (cheap, synchronous) cpu backend without making it current.
  const cpu = tf.findBackend('cpu') as unknown as CpuLike | null;
  if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
}
