// Presentation helpers shared by the text output and the terminal UI (no colour, no React).
import type { DecisionLike, FlowSpec, HopLike, RequestLike } from './engine-types.js';

/** Whether a hop's verdict let the packet go on. */
export function hopPassed(hop: HopLike): boolean {
  return hop.verdict !== 'deny' && hop.verdict !== 'drop';
}

/** `tcp/443`, `icmp`, `udp/53`. */
export function protoLabel(flow: Pick<FlowSpec, 'protocol' | 'port'>): string {
  const raw = String(flow.protocol ?? 'tcp').toLowerCase();
  // protocol numbers read as their names; ports only for the protocols that have them
  const p = ({ '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' } as Record<string, string>)[raw] ?? raw;
  return flow.port === undefined || (p !== 'tcp' && p !== 'udp') ? p : `${p}/${flow.port}`;
}

/** `i-web-1 → 8.8.8.8  tcp/443`, with its source port and ICMP type when set (`tcp/443 from port 443`, `icmp type 8 code 0`). */
export function flowLabel(flow: FlowSpec): string {
  const icmp = flow.icmpType !== undefined ? ` type ${flow.icmpType}${flow.icmpCode !== undefined ? ` code ${flow.icmpCode}` : ''}` : '';
  return `${flow.from} → ${flow.to}  ${protoLabel(flow)}${icmp}${flow.srcPort !== undefined ? ` from port ${flow.srcPort}` : ''}`;
}

/** `role/web → s3:GetObject on arn:aws:s3:::assets/x`. */
export function requestLabel(r: RequestLike): string {
  return `${r.principal ?? `the instance profile of ${r.from ?? '?'}`} → ${r.action}${r.resource ? ` on ${r.resource}` : ''}${r.from ? ` from ${r.from}` : ''}`;
}

/** `ReadOnlyS3 statement 1 (sid AllowRead)`. */
export function decisiveLabel(d: { readonly policy: string; readonly statement: number; readonly sid?: string | undefined }): string {
  return `${d.policy} statement ${d.statement}${d.sid ? ` (sid ${d.sid})` : ''}`;
}

/** One line of an IAM explanation: a gate (policy type) and its outcome. */
export interface ExplainLine {
  readonly label: string;
  readonly outcome?: string | undefined;
  readonly why?: string | undefined;
  readonly ok?: boolean | undefined;
  readonly children: readonly ExplainLine[];
}

const LABEL_KEYS = ['gate', 'policyType', 'type', 'kind', 'policy', 'name', 'label', 'step'];
const OUTCOME_KEYS = ['outcome', 'result', 'decision', 'verdict', 'effect', 'status'];
const WHY_KEYS = ['why', 'reason', 'message', 'detail', 'note'];
const CHILD_KEYS = ['statements', 'children', 'steps', 'policies', 'explain'];

function firstString(o: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  }
  return undefined;
}

/** Reads one `explain[]` entry of a Decision into a line (tolerant of the entry's shape). */
export function explainLine(entry: unknown): ExplainLine {
  if (typeof entry === 'string') return { label: entry, children: [] };
  if (entry === null || typeof entry !== 'object') return { label: String(entry), children: [] };
  const o = entry as Record<string, unknown>;
  const outcome = firstString(o, OUTCOME_KEYS);
  let label = firstString(o, LABEL_KEYS) ?? '';
  if (typeof o['statement'] === 'number' || typeof o['sid'] === 'string') {
    label = `${label ? `${label} ` : ''}statement ${String(o['statement'] ?? '')}${typeof o['sid'] === 'string' ? ` (sid ${o['sid']})` : ''}`.trim();
  }
  if (!label) label = JSON.stringify(o).slice(0, 80);
  // a statement: a matching Allow passes (✓), a matching Deny stops (✗), the rest did not apply (·)
  if (typeof o['matched'] === 'boolean' && (o['effect'] === 'Allow' || o['effect'] === 'Deny')) {
    const effect = o['effect'];
    const matched = o['matched'];
    return { label, outcome: matched ? effect : `${effect}, no match`, why: firstString(o, WHY_KEYS), ok: matched ? effect === 'Allow' : undefined, children: [] };
  }
  // a gate without an allow is not by itself what stopped the request: `decisionLines` marks the failed gate
  const ok = outcome === undefined ? undefined : /^(allow|allowed|pass|passed|match|matched|applies|true|skip|skipped|not-applicable|n\/a)/i.test(outcome) ? true : /^no-allow$/i.test(outcome) ? undefined : /deny|denied|fail|false|block/i.test(outcome) ? false : undefined;
  let children: ExplainLine[] = [];
  for (const k of CHILD_KEYS) {
    const v = o[k];
    if (Array.isArray(v) && k !== LABEL_KEYS.find((l) => l === k)) {
      children = v.map(explainLine);
      break;
    }
  }
  return { label, outcome, why: firstString(o, WHY_KEYS), ok, children };
}

/**
 * A decision's gates as lines: ✓ a gate that allows (or does not apply), ✗ one that denies or
 * is the decision's `failedGate`, · a gate with no allow that did not decide (e.g. the bucket
 * policy allows nothing, but the identity policy does).
 */
export function decisionLines(d: Pick<DecisionLike, 'explain' | 'failedGate' | 'decision'>): ExplainLine[] {
  return d.explain.map((g) => {
    const line = explainLine(g);
    return d.decision !== 'allowed' && g.gate === d.failedGate ? { ...line, ok: false } : line;
  });
}

/** Compact one-line rendering of a record: `from: i-web-1, to: 8.8.8.8, port: 443`. */
export function inlineRecord(r: Readonly<Record<string, unknown>>): string {
  return Object.entries(r)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/**
 * A path as a chain of components, each repeated cycle folded: a routing loop of 190 hops
 * reads `a → (b → c) ×63 → d`, not 190 names on one line.
 */
export function foldPath(chain: readonly string[], maxPeriod = 16): string {
  const out: string[] = [];
  let i = 0;
  while (i < chain.length) {
    let best: { period: number; times: number } | undefined;
    for (let p = 1; p <= maxPeriod && i + 2 * p <= chain.length; p++) {
      let times = 1;
      while (i + (times + 1) * p <= chain.length && sameRun(chain, i, i + times * p, p)) times++;
      if (times >= 2 && (!best || times * p > best.times * best.period)) best = { period: p, times };
    }
    if (best) {
      const cycle = chain.slice(i, i + best.period).join(' → ');
      out.push(`${best.period > 1 ? `(${cycle})` : cycle} ×${best.times}`);
      i += best.period * best.times;
    } else out.push(chain[i++]!);
  }
  return out.join(' → ');
}

function sameRun(chain: readonly string[], a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (chain[a + k] !== chain[b + k]) return false;
  return true;
}
