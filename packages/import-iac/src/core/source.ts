// What the Terraform and CloudFormation resources have in common, for the mappers both use: a
// scenario id, an origin, values (a symbol where a value is not known before deployment) and
// references to other resources' ids.
import type { Path, PolicyDocument } from '@vpcsim/model';
import type { Origin } from './draft.js';
import { policyOf } from './policy.js';

/** A resource of either input, read field by field. */
export interface SourceResource {
  readonly id: string;
  /** The Terraform address or CloudFormation logical id. */
  readonly address: string;
  origin(field?: Path | string): Origin;
  value(field: Path | string): unknown;
  str(field: Path | string): string | undefined;
  bool(field: Path | string): boolean | undefined;
  ref(field: Path | string, what: string, required?: boolean): string | undefined;
  readonly w: { readonly draft: import('./draft.js').Draft };
}

/** The value at a path of plain data. */
export function at(v: unknown, path: Path): unknown {
  let n = v;
  for (const s of path) {
    if (n === null || typeof n !== 'object') return undefined;
    n = (n as Record<string | number, unknown>)[s];
  }
  return n;
}

/** Whether a value holds something not known before deployment (the importers mark it with a symbol). */
export const hasUnknownValue = (v: unknown): boolean => typeof v === 'symbol' || (Array.isArray(v) ? v.some(hasUnknownValue) : v !== null && typeof v === 'object' && Object.values(v).some(hasUnknownValue));

/** A policy document field: the document, or undefined with a warning when it is not one or not known. */
export function policyField(r: SourceResource, field: Path | string, what: string): PolicyDocument | undefined {
  const v = r.value(field);
  if (v === undefined || v === null || v === '') return undefined;
  if (hasUnknownValue(v)) {
    r.w.draft.warn(r.origin(field), 'unknown-value', `${r.address}: ${what} holds values not known before deployment and cannot be rendered: left out`, 'a policy left out grants nothing: check what it would allow by hand');
    return undefined;
  }
  const p = policyOf(v);
  if ('problem' in p) {
    r.w.draft.warn(r.origin(field), 'bad-policy', `${r.address}: ${what} ${p.problem}: left out`);
    return undefined;
  }
  return p.doc;
}

/** A non-empty string (a number as its text). */
export const asStr = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
/** A boolean, from `true`/`false` or their text. */
export const asBool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined);
