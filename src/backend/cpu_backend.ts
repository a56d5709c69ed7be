/**
 * Registers tfjs' pure-JS cpu backend (priority 1, synchronous) and silences the banner it prints
 * on its first tensor in Node ("looks like you are running TensorFlow.js in Node.js ..."): the SDK
 * does not use tfjs-node (it cannot install here), so the advice is noise.
 */
import '@tensorflow/tfjs-backend-cpu';
import { tf } from './tf_core';

/** Marks the cpu backend instance as already used so it never prints its Node banner. */
export function silenceCpuBanner(): void {
  // findBackend initialises the (cheap, synchronous) cpu backend without making it current.
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
}
