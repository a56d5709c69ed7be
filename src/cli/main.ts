/**
 * The `pixelpilot` command. Every command takes `--json`, which prints one JSON object as the last
 * line of stdout; without it, people get tables. Bad input exits non-zero with the typed error's
 * message and no stack trace (set PIXELPILOT_DEBUG=1 to see one).
 */
import { parseArgs } from 'node:util';
import { PixelpilotError } from '../util/errors';
import { UsageError } from './obs_shape';
import { formatSummaryText, summarize } from './summary_command';

const USAGE = `usage: pixelpilot <command> [options]

commands:
  summary SPEC [--name NAME] [--obs HxWxC|D] [--actions N] [--json]
      layers, output shapes and parameter counts of the nets SPEC builds

every command takes --json: one JSON object on the last line of stdout`;

type Out = { log: (s: string) => void; err: (s: string) => void };

async function runSummary(args: string[], out: Out): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      obs: { type: 'string' },
      actions: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('summary takes exactly one SPEC file');
  const specPath = positionals[0]!;
  const flags = {
    ...(values.name !== undefined && { name: values.name }),
    ...(values.obs !== undefined && { obs: values.obs }),
    ...(values.actions !== undefined && { actions: values.actions }),
  };
  const summary = await summarize(specPath, flags);
  for (const w of summary.warnings) out.err(`warning: ${w}`);
  if (values.json) out.log(JSON.stringify(summary.result));
  else out.log(formatSummaryText(values.name ?? specPath, summary));
}

const COMMANDS: Record<string, (args: string[], out: Out) => Promise<void>> = { summary: runSummary };

/** Runs the CLI on `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], out: Out = { log: console.log, err: console.error }): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  try {
    if (run === undefined) throw new UsageError(`unknown command '${command}'\n\n${USAGE}`);
    await run(rest, out);
    return 0;
  } catch (e) {
    if (process.env.PIXELPILOT_DEBUG) out.err(String((e as Error).stack));
    if (e instanceof UsageError) {
      out.err(`pixelpilot: ${e.message}`);
      return 2;
    }
    if (e instanceof PixelpilotError) {
      out.err(`${e.name}: ${e.message}`);
      return 1;
    }
    // parseArgs rejects unknown flags with a TypeError whose code starts with ERR_PARSE_ARGS.
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS')) {
      out.err(`pixelpilot: ${(e as Error).message}`);
      return 2;
    }
    out.err(`pixelpilot: internal error: ${(e as Error).message} (PIXELPILOT_DEBUG=1 shows the stack)`);
    return 70;
  }
}
