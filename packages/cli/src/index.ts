// public API: add with intention

/** Runs the `vpcsim` command line on an argument list and resolves to its exit code. */
export { run, type Io } from './main.js';
