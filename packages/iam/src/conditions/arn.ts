// ARN condition operators.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
// "Case-sensitive matching of the ARN. Each of the six colon-delimited components of the ARN is
// checked separately and each can include multi-character match wildcards (*) or
// single-character match wildcards (?)." ArnEquals and ArnLike behave the same. Policy
// variables are supported.
import { compileGlob, compileGlobPieces, globMatch, type Glob, type GlobPiece } from '../glob.js';
import type { ConditionOperator, Scalar } from './operator.js';

/** Splits an ARN into its six components (the resource keeps its colons), or undefined. */
export function arnParts(s: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k < 5; k++) {
    const i = s.indexOf(':', from);
    if (i < 0) return undefined;
    parts.push(s.slice(from, i));
    from = i + 1;
  }
  parts.push(s.slice(from));
  return parts;
}

/** Splits pieces at unescaped `:` into six piece lists. */
function splitPieces(pieces: readonly GlobPiece[]): GlobPiece[][] | undefined {
  const out: GlobPiece[][] = [[]];
  for (const p of pieces) {
    let rest = p.text;
    for (;;) {
      const i = out.length < 6 ? rest.indexOf(':') : -1;
      if (i < 0) break;
      out[out.length - 1]!.push({ text: rest.slice(0, i), literal: p.literal });
      out.push([]);
      rest = rest.slice(i + 1);
    }
    out[out.length - 1]!.push({ text: rest, literal: p.literal });
  }
  return out.length === 6 ? out : undefined;
}

const prepare = (v: Scalar): Glob[] | { invalid: string } => {
  const parts = arnParts(String(v));
  return parts ? parts.map(compileGlob) : { invalid: `\`${String(v)}\` is not an ARN` };
};

const test = (p: unknown, v: Scalar): boolean => {
  const parts = arnParts(String(v));
  if (!parts) return false;
  const globs = p as Glob[];
  for (let i = 0; i < 6; i++) if (!globMatch(globs[i]!, parts[i]!)) return false;
  return true;
};

const op = (name: string, negated: boolean): ConditionOperator => ({
  name,
  negated,
  variables: true,
  prepare,
  preparePieces: (pieces) => splitPieces(pieces)?.map((ps) => compileGlobPieces(ps)) ?? { invalid: 'not an ARN' },
  test,
});

export const ArnEquals = op('ArnEquals', false);
export const ArnNotEquals = op('ArnNotEquals', true);
export const ArnLike = op('ArnLike', false);
export const ArnNotLike = op('ArnNotLike', true);
