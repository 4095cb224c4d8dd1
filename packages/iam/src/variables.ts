// Policy variables in Resource and in String/ARN condition values: `${aws:username}`,
// `${aws:PrincipalTag/team}`, defaults `${aws:username, 'guest'}`, and the special characters
// `${*}`, `${?}`, `${$}` that stand for a literal `*`, `?` and `$`.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// - Variables are replaced only in policies with `Version: 2012-10-17`; under `2008-10-17` (or
//   no Version) the text `${...}` is literal.
// - A variable whose key is missing from the request context (and has no default) cannot be
//   resolved: the element that uses it does not match ("If there is no value ... the policy
//   ... does not match"), so a Resource entry or condition value with such a variable is false.
// - Multivalued keys cannot be used as variables.
// - The value substituted is literal text: a `*` in a user name is not a wildcard.
import type { GlobPiece } from './glob.js';
import type { Env } from './context.js';

/** A piece of a template: pattern text, a variable, or a special character. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'var'; readonly key: string; readonly keyLower: string; readonly fallback: string | undefined }
  | { readonly kind: 'char'; readonly char: string };

/** Text with policy variables, split into parts; `undefined` when it has none. */
export function parseTemplate(text: string, variables: boolean): readonly TemplatePart[] | undefined {
  if (!variables || !text.includes('${')) return undefined;
  const parts: TemplatePart[] = [];
  let i = 0;
  let buf = '';
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    buf += text.slice(i, open);
    const inner = text.slice(open + 2, close).trim();
    if (buf) parts.push({ kind: 'text', text: buf });
    buf = '';
    if (inner === '*' || inner === '?' || inner === '$') parts.push({ kind: 'char', char: inner });
    else {
      const m = /^([^,]+?)\s*(?:,\s*'([^']*)')?$/.exec(inner);
      const key = (m?.[1] ?? inner).trim();
      parts.push({ kind: 'var', key, keyLower: key.toLowerCase(), fallback: m?.[2] });
    }
    i = close + 1;
  }
  buf += text.slice(i);
  if (buf) parts.push({ kind: 'text', text: buf });
  return parts.some((p) => p.kind !== 'text') ? parts : undefined;
}

/** Resolves a template against the request: pieces for wildcard matching, or undefined when a variable has no value. */
export function resolveTemplate(parts: readonly TemplatePart[], env: Env): GlobPiece[] | undefined {
  const out: GlobPiece[] = [];
  for (const p of parts) {
    if (p.kind === 'text') out.push({ text: p.text, literal: false });
    else if (p.kind === 'char') out.push({ text: p.char, literal: true });
    else {
      const v = env.get(p.keyLower);
      if (v === undefined || Array.isArray(v)) {
        if (p.fallback === undefined) return undefined;
        out.push({ text: p.fallback, literal: true });
      } else out.push({ text: String(v), literal: true });
    }
  }
  return out;
}

/** The variables of a template that the request does not supply (for explanations). */
export function unresolvedVariables(parts: readonly TemplatePart[], env: Env): string[] {
  const out: string[] = [];
  for (const p of parts) {
    if (p.kind !== 'var' || p.fallback !== undefined) continue;
    const v = env.get(p.keyLower);
    if (v === undefined || Array.isArray(v)) out.push(p.key);
  }
  return out;
}
