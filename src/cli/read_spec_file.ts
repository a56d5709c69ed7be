/**
 * The SPEC argument of the commands: a spec file's path, or a preset's name (`ppoArcadePixels`, or
 * `ppo_arcade_pixels`), so that `pixelpilot train ppoArcadePixels --game training.ts` needs no file.
 * A file of that name wins over a preset.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { presets } from '../presets/index';
import { resolveSpec, type ResolveResult } from '../spec/index';
import { UsageError } from '../util/errors';

type PresetName = keyof typeof presets;

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The preset `name` names (its key, or the key in snake_case), or undefined. */
export function presetNamed(name: string): PresetName | undefined {
  return (Object.keys(presets) as PresetName[]).find((k) => k === name || snake(k) === name);
}

/** The preset names, for messages. */
export const PRESET_NAMES = Object.keys(presets).join(', ');

/** The spec's text as the page takes it (createAgent reads comments and trailing commas): the file's, or the preset as JSON. */
export async function readSpecText(pathOrPreset: string): Promise<string> {
  const preset = existsSync(pathOrPreset) ? undefined : presetNamed(pathOrPreset);
  if (preset !== undefined) return JSON.stringify(presets[preset]);
  try {
    return await readFile(pathOrPreset, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file, and no preset of that name (presets: ${PRESET_NAMES})` : (e as Error).message;
    throw new UsageError(`cannot read spec file '${pathOrPreset}': ${reason}`);
  }
}

/** Reads and resolves a spec file or a preset; a missing or unreadable file is a UsageError naming the path. */
export async function readSpecFile(pathOrPreset: string, name?: string): Promise<ResolveResult> {
  return resolveSpec(await readSpecText(pathOrPreset), name === undefined ? {} : { name });
}
