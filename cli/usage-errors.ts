/**
 * Exit codes for commander's own outcomes. Usage errors (unknown command or option, missing
 * argument or required option, invalid value, a bare command group) exit 2, like a bad spec,
 * so scripts can tell "you called it wrong" from "it ran and failed" (1). Help and --version
 * exit 0.
 */
import type { CommanderError } from 'commander';

export const USAGE_EXIT_CODE = 2;

export function exitCodeForCommanderError(e: CommanderError): number {
  return e.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
}
