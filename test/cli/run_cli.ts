/** Runs the `pixelpilot` command in-process and collects what it prints. */
import { main } from '../../src/cli/main';

/** The exit code, the `--json` line parsed (when the run succeeded and printed one), and stderr. */
export async function cli(...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { log: (s) => stdout.push(s), err: (s) => stderr.push(s) });
  const last = stdout.at(-1);
  return { code, json: code === 0 && last?.startsWith('{') ? JSON.parse(last) : null, stderr: stderr.join('\n') };
}
