// The request context a policy's conditions read: the keys the caller gives, then the global
// keys the engine derives from the principal, the resource and the time.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// - Condition key names are case-insensitive ("Condition key names are not case-sensitive"),
//   so lookups use lowercased names; values stay as given.
// - Keys the caller gives win over derived ones (the request integration layer supplies the
//   network keys aws:SourceIp, aws:SourceVpc, aws:SourceVpce, aws:VpcSourceIp; the engine
//   never invents them, nor aws:SecureTransport).
// - aws:CurrentTime defaults to DEFAULT_CURRENT_TIME so that decisions are reproducible;
//   aws:EpochTime follows aws:CurrentTime unless given.
// - The other keys AWS always sets (global-keys.ts) get AWS's value for this request when the
//   caller leaves them out; `assumed()` lists them, so a decision can say what it took for granted.
import { ASSUMED_KEYS, assumedValue, type RequestFacts } from './global-keys.js';
import type { ContextValue, RequestContext } from './types.js';

/** The time used for aws:CurrentTime when the request does not give one. */
export const DEFAULT_CURRENT_TIME = '2025-01-01T00:00:00Z';

/** Derived keys: lowercased name to [canonical name, value]. */
export type DerivedKeys = ReadonlyMap<string, readonly [string, ContextValue]>;

const lowered = new WeakMap<RequestContext, Map<string, ContextValue>>();

/** The caller's context with lowercased keys, cached per context object. */
export function lowerContext(ctx: RequestContext): Map<string, ContextValue> {
  let m = lowered.get(ctx);
  if (m === undefined) {
    m = new Map();
    for (const k of Object.keys(ctx)) {
      const v = ctx[k];
      if (v !== undefined) m.set(k.toLowerCase(), v);
    }
    lowered.set(ctx, m);
  }
  return m;
}

/** Looks condition keys up for one request: caller keys, then principal, resource and time keys. */
export class Env {
  // mutable so that the fast path can reuse one Env across requests
  constructor(
    public given: ReadonlyMap<string, ContextValue> | null,
    public principal: DerivedKeys,
    public resource: DerivedKeys,
    /** The request's region, credentials and service, for the keys AWS always sets. */
    public facts: RequestFacts = { region: '', temporary: false, via: false },
  ) {}

  /** aws:CurrentTime as given, or the default. */
  private currentTime(): string {
    const t = this.given?.get('aws:currenttime');
    return typeof t === 'string' ? t : DEFAULT_CURRENT_TIME;
  }

  /** The value of a key (lowercased name), or undefined when the request does not carry it. */
  get(key: string): ContextValue | undefined {
    const g = this.given;
    if (g !== null) {
      const v = g.get(key);
      if (v !== undefined) return v;
    }
    const p = this.principal.get(key);
    if (p !== undefined) return p[1];
    const r = this.resource.get(key);
    if (r !== undefined) return r[1];
    if (key === 'aws:currenttime') return DEFAULT_CURRENT_TIME;
    if (key === 'aws:epochtime') return epochTime(g?.get('aws:currenttime'));
    return assumedValue(key, this.facts, this.currentTime());
  }

  /** The keys this request carries only because AWS always sets them (the caller gave none of them), canonical names. */
  assumed(): string[] {
    const out: string[] = [];
    for (const k of ASSUMED_KEYS) {
      const l = k.toLowerCase();
      if (this.given?.has(l) || this.principal.has(l) || this.resource.has(l)) continue;
      if (this.get(l) !== undefined) out.push(k);
    }
    return out;
  }

  /** The whole context as evaluated, with canonical key names (for the Decision). */
  toObject(given: RequestContext | undefined): Record<string, ContextValue> {
    // shown, never looked up: a key named `__proto__` is defined, not assigned (which would set the prototype)
    const out: Record<string, ContextValue> = {};
    // lowercased names already set: the caller's keys first, which win
    const seen = new Set<string>();
    if (given !== undefined) {
      const keys = Object.keys(given);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        if (k === '__proto__') Object.defineProperty(out, k, { value: given[k], enumerable: true, writable: true, configurable: true });
        else out[k] = given[k]!;
        seen.add(k.toLowerCase());
      }
    }
    addDerived(out, seen, this.principal);
    addDerived(out, seen, this.resource);
    if (!seen.has('aws:currenttime')) out['aws:CurrentTime'] = DEFAULT_CURRENT_TIME;
    if (!seen.has('aws:epochtime')) out['aws:EpochTime'] = this.get('aws:epochtime')!;
    for (const k of ASSUMED_KEYS) {
      const l = k.toLowerCase();
      if (seen.has(l) || l === 'aws:currenttime' || l === 'aws:epochtime') continue;
      const v = this.get(l);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
}

function addDerived(out: Record<string, ContextValue>, seen: Set<string>, m: DerivedKeys): void {
  for (const e of m) {
    const lk = e[0];
    if (seen.has(lk)) continue;
    out[e[1][0]] = e[1][1];
    seen.add(lk);
  }
}

/** aws:EpochTime for a given aws:CurrentTime (or the default), as seconds in a string; the last few cached. */
const epochs = new Map<string, string>();
function epochTime(t: ContextValue | undefined): string {
  const key = typeof t === 'string' ? t : '';
  let e = epochs.get(key);
  if (e === undefined) {
    const ms = typeof t === 'string' ? Date.parse(t) : NaN;
    e = String(Math.floor((Number.isNaN(ms) ? Date.parse(DEFAULT_CURRENT_TIME) : ms) / 1000));
    if (epochs.size >= 1000) epochs.clear();
    epochs.set(key, e);
  }
  return e;
}

/** Builds a derived-key map from canonical names. */
export function derived(entries: readonly (readonly [string, ContextValue | undefined])[]): DerivedKeys {
  const m = new Map<string, readonly [string, ContextValue]>();
  for (const [k, v] of entries) if (v !== undefined) m.set(k.toLowerCase(), [k, v]);
  return m;
}
