// Errors the CLI reports as one paragraph: usage and input problems (exit 2).

/** An error meant for the user: printed as one paragraph, never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Process exit code: 2 for invalid input or usage. */
    readonly exitCode: number = 2,
    /** A hint printed after the message. */
    readonly hint?: string,
    /** The file the error is about, when it is about one (`--json` reports it). */
    readonly file?: string,
    /** A stable code for `--json` (`usage`, `unreadable-file`, ...). */
    readonly code: string = 'usage',
    /** The error behind this one (a file system error, a module that failed to load): `--debug` prints it. */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CliError';
  }
}

/** One problem with what the flags asked, as the user reads it: the flag, what is wrong, what to do. */
export interface FlagProblem {
  readonly message: string;
  readonly hint?: string | undefined;
}

/**
 * The flow or request given by flags cannot be judged (an unknown endpoint, principal or
 * action): said on stderr, one problem per paragraph with its hint, exit 2; never printed as
 * if it were a verdict.
 */
export class FlagsError extends CliError {
  constructor(readonly problems: readonly FlagProblem[]) {
    super(problems[0]?.message ?? 'the flags do not describe something vpcsim can judge', 2, problems[0]?.hint, undefined, 'invalid-input');
    this.name = 'FlagsError';
  }
}
