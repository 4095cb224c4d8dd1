// Diagnostics as the command line shows them: the file they came from, flags in hints where
// the engines speak of scenario fields, and "did you mean" for an id that is not in the model.
import { didYouMean, withHint, type Diagnostic, type Model } from '@vpcsim/model';
import type { FlagProblem } from './errors.js';

/** The diagnostics with `file` set where the engine left it out (it never reads files). */
export function inFile(ds: readonly Diagnostic[], file: string): Diagnostic[] {
  return ds.map((d) => withHint(d.file === undefined ? { ...d, file } : d));
}

/** Flow fields as command-line flags: `port` → `--port`. */
const FLAGS: Readonly<Record<string, string>> = { from: 'from', to: 'to', protocol: 'protocol', port: 'port', srcPort: 'src-port', icmpType: 'icmp-type', icmpCode: 'icmp-code' };

/** A flow hint in flags: `add \`port: 443\`` → `add \`--port 443\``. */
function flagHint(hint: string): string {
  return hint.replace(/`(\w+): ([^`]*)`/g, (all: string, field: string, value: string) => (FLAGS[field] ? `\`--${FLAGS[field]} ${value}\`` : all));
}

/** Ids a flow can start or end at, by name: instances, interfaces, NAT gateways, endpoints, `internet`. */
export function endpointIds(model: Model): string[] {
  const ix = model.index;
  return ['internet', ...ix.instance.keys(), ...ix.networkInterface.keys(), ...ix.natGateway.keys(), ...ix.vpcEndpoint.keys()];
}

/** The principals the scenario declares, written as `role/NAME` and `user/NAME` (ARNs for an ARN). */
function principalNames(model: Model, arn: boolean): string[] {
  const iam = model.scenario.iam;
  const account = model.defaults.account;
  const name = (kind: string, x: { name: string; account?: string | undefined; path?: string | undefined }): string =>
    arn ? `arn:aws:iam::${x.account ?? account}:${kind}${x.path ?? '/'}${x.name}` : `${kind}/${x.name}`;
  return [...(iam?.roles ?? []).map((r) => name('role', r)), ...(iam?.users ?? []).map((u) => name('user', u))];
}

function withGuess(d: Diagnostic, word: string, candidates: readonly string[]): Diagnostic {
  const guess = didYouMean(word, candidates);
  if (guess === undefined) return d;
  return { ...d, hint: d.hint ? `did you mean \`${guess}\`? or ${d.hint}` : `did you mean \`${guess}\`?` };
}

/**
 * The engines' flow and request diagnostics for the command line: hints name flags, an
 * unknown endpoint or principal gets a "did you mean", and `file` is the scenario's path.
 */
export function cliDiagnostics(ds: readonly Diagnostic[], model: Model, file: string, request?: { readonly principal?: string | undefined }): Diagnostic[] {
  return inFile(
    ds.map((d) => {
      let out = d;
      if (d.path[0] === 'flow' && d.hint) out = { ...out, hint: flagHint(d.hint) };
      const endpoint = /^unknown endpoint `([^`]+)`$/.exec(d.message);
      if (endpoint) return withGuess(out, endpoint[1]!, endpointIds(model));
      // the engine's own did-you-mean comes first; otherwise a guess among declared principals
      if (d.code === 'unknown-principal' && request?.principal && !d.hint?.startsWith('did you mean')) return withGuess(out, request.principal, principalNames(model, request.principal.startsWith('arn:')));
      return out;
    }),
    file,
  );
}

/** The scenario path of a flow or request field, as the flag that set it. */
const FIELD_FLAGS: Readonly<Record<string, string>> = { ...FLAGS, principal: 'principal', action: 'action', resource: 'resource', context: 'context', trust: 'trust' };

/**
 * Errors of a flow or a request given by flags, as problems named by their flag:
 * `--from: unknown endpoint \`i-web-11\`` with its did-you-mean.
 */
export function flagProblems(ds: readonly Diagnostic[]): FlagProblem[] {
  return ds
    .filter((d) => d.severity === 'error')
    .map((d) => {
      // `flow.port`, `request.action`; the access commands' own flags sit at the top (`resource[0]`, `trust`)
      const field = d.path[0] === 'flow' || d.path[0] === 'request' ? d.path[1] : d.path[0] === 'resource' || d.path[0] === 'trust' ? d.path[0] : undefined;
      const name = typeof field === 'string' && Object.hasOwn(FIELD_FLAGS, field) ? FIELD_FLAGS[field] : undefined;
      const where = d.file !== undefined ? `${d.file}: ` : '';
      return { message: `${where}${name ? `\`--${name}\`: ` : ''}${d.message}`, hint: d.hint };
    });
}
