// The `msa3d` command line: batch work on many cubes. Errors print one line on stderr (stack with --debug).
import { parseArgs, checkFlags, stringFlag, UsageError, COMMON_FLAGS, BOOLEAN_FLAGS, type ParsedArgs } from './args';
import { reproduce } from '../report/reproduce';
import { fitCommand } from './fit-command';
import { simulateCommand } from './simulate-command';
import { analyzeCommand } from './analyze-command';
import { kernelCommand } from './kernel-command';
import { batchCommand } from './batch-command';
import { mapMaskTableText } from '../linemaps/map-mask';

interface Command {
  summary: string;
  usage: string;
  run(args: ParsedArgs): number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  simulate: simulateCommand,
  fit: fitCommand,
  analyze: analyzeCommand,
  batch: batchCommand,
  kernel: kernelCommand,
  flags: {
    summary: 'print the bits of the integer _MASK maps of `msa3d fit --out` (and of the *_flag columns)',
    usage: 'msa3d flags',
    run(args) {
      checkFlags(args, COMMON_FLAGS);
      if (args.positional.length > 0) throw new UsageError(`flags takes no arguments, got: ${args.positional.join(' ')}`);
      process.stdout.write(`${mapMaskTableText()}\n`);
      return 0;
    },
  },
  reproduce: {
    summary: 'execute every notebook headless and write out/reproduction.{json,md} with the figures as PNG',
    usage: 'msa3d reproduce [--only NAME[,NAME…]] [--out DIR]',
    run(args) {
      checkFlags(args, [...COMMON_FLAGS, 'only', 'out']);
      const only = stringFlag(args, 'only')?.split(',').filter(Boolean);
      const { ok } = reproduce({ only, outDir: stringFlag(args, 'out') });
      return ok ? 0 : 1;
    },
  },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'msa3d — gas-phase metallicity gradients from integral-field spectroscopy',
    '',
    'Usage: msa3d <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  ${c.usage}`),
    '',
    'Options for every command:',
    '  --help     show this help (or a command\'s usage)',
    '  --debug    print the stack trace of an error',
    '',
    'Notebooks and the library: see README.md.',
  ].join('\n');
}

/** Runs the CLI; resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write(help() + '\n');
      return 0;
    }
    if (name === '--version') {
      process.stdout.write(`msa3d ${require('../../package.json').version}\n`);
      return 0;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
    const args = parseArgs(rest, BOOLEAN_FLAGS);
    if (args.flags.has('help')) {
      process.stdout.write(`${command.usage}\n  ${command.summary}\n`);
      return 0;
    }
    return await command.run(args);
  } catch (error) {
    const err = error as Error;
    process.stderr.write(`msa3d: ${String(err.message ?? err).split('\n')[0]}\n`);
    if (debug && err.stack) process.stderr.write(err.stack + '\n');
    return err instanceof UsageError ? 2 : 1;
  }
}
