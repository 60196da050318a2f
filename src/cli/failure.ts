import { type Command, CommanderError } from 'commander';
import { internalError, ScdError, usage } from '../errors/index.js';
import { cliMessage, flagsOf } from './flags.js';

/** A failure as the ScdError it reports: commander's refusal of the command line is USAGE, the unforeseen INTERNAL. */
export function asScdError(thrown: unknown): ScdError {
  if (thrown instanceof ScdError) return thrown;
  // commander's messages begin with its own `error: `, which the code says.
  if (thrown instanceof CommanderError) return usage(thrown.message.replace(/^error: /, ''));
  return internalError(thrown);
}

/**
 * What a command's --json prints on stdout when it fails (schema/error.v1.schema.json), beside its
 * message on stderr: the code to branch on, the exit code, the message, and the flags it names.
 */
export function failureJson(error: ScdError): string {
  const { code, exitCode } = error;
  return `${JSON.stringify({ error: { code, exitCode, message: cliMessage(error), flags: flagsOf(error) } })}\n`;
}

/**
 * Whether argv asks a command that has --json for it. Read from argv, not from parsed flags: a
 * command line commander refused has none.
 */
export function wantsJson(program: Command, argv: readonly string[]): boolean {
  const command = program.commands.find((c) => c.name() === argv[2]);
  return command?.options.some((o) => o.long === '--json') === true && argv.slice(3).includes('--json');
}
