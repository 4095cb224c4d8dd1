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
  ) {
    super(message);
    this.name = 'CliError';
  }
}
