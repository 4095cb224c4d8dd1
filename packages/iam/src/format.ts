// formatDecision: a Decision as text a person reads top to bottom: the outcome, the statements
// that decided it, each gate with its result and reason, and what to change.
import type { Decision, GateResult, StatementMatch } from './types.js';

const OUTCOME: Record<Decision['decision'], string> = {
  allowed: 'ALLOWED',
  'explicitly-denied': 'EXPLICITLY DENIED',
  'implicitly-denied': 'IMPLICITLY DENIED',
};

const RESULT: Record<GateResult['result'], string> = { allow: 'allow', deny: 'DENY', 'no-allow': 'no allow', 'not-applicable': 'n/a' };

function statementLine(s: StatementMatch): string {
  const sid = s.sid ? ` (${s.sid})` : '';
  return `${s.matched ? '✓' : '✗'} ${s.effect} ${s.policy} statement ${s.statement}${sid}: ${s.why}`;
}

/** Hints: what to change so that the outcome flips, from the gates and statements. */
function hints(d: Decision): string[] {
  const out: string[] = [];
  if (d.errors.length > 0) out.push(`fix the errors above first: a request with errors is never allowed`);
  if (d.decision === 'allowed') return out;
  if (d.decision === 'explicitly-denied') {
    for (const s of d.decisive) out.push(`the Deny in ${s.policy} statement ${s.statement}${s.sid ? ` (${s.sid})` : ''} wins over every Allow: narrow or remove it, or change the request so it no longer matches`);
    return out;
  }
  const failed = d.explain.filter((g) => g.result === 'no-allow');
  for (const g of failed) {
    const nearMisses = g.statements.filter((s) => !s.matched && s.effect === 'Allow' && (s.failed === 'Condition' || s.failed === 'Principal' || s.failed === 'Resource'));
    for (const s of nearMisses.slice(0, 3)) out.push(`${s.policy} statement ${s.statement}${s.sid ? ` (${s.sid})` : ''} would allow it, but ${s.why}`);
    switch (g.gate) {
      case 'identity':
        out.push(`attach an identity-based policy to \`${d.principal}\` that allows the action on the resource`);
        break;
      case 'permissions-boundary':
        out.push('add the action to the permissions boundary (a boundary only limits; it must allow too)');
        break;
      case 'session':
        out.push('the session policy limits the role: allow the action in it, or assume the role without it');
        break;
      case 'scp':
        out.push('an SCP at every level from the root to the account must allow the action: attach one (e.g. FullAWSAccess) where it is missing');
        break;
      case 'rcp':
        out.push('an RCP must allow the action at every level: keep RCPFullAWSAccess attached');
        break;
      case 'endpoint':
        out.push('add a statement to the VPC endpoint policy that allows the principal, action and resource');
        break;
      case 'resource':
        out.push(`add a statement to the resource-based policy that allows \`${d.principal}\` (cross-account access always needs one)`);
        break;
      case 'trust':
        out.push(`add \`${d.principal}\` to the role's trust policy (Principal), allowing sts:AssumeRole`);
        break;
      case 'key':
        out.push(`allow \`${d.principal}\` in the key policy, or let the key policy trust the account (\`arn:aws:iam::ACCOUNT:root\`) and grant it with an IAM policy`);
        break;
      case 'block-public-access':
        out.push('grant the principal in a non-public statement (or from the bucket owner account); RestrictPublicBuckets blocks cross-account access to a bucket with a public policy');
        break;
    }
  }
  if (failed.length === 0 && d.reason) out.push(d.reason);
  return out;
}

/** Formats a decision as multi-line text: outcome, decisive statements, gates, hints. */
export function formatDecision(decision: Decision): string {
  const lines: string[] = [];
  lines.push(`${OUTCOME[decision.decision]}  principal ${decision.principal}`);
  if (decision.reason) lines.push(`  ${decision.reason}`);
  if (decision.errors.length > 0) {
    lines.push('errors:');
    for (const e of decision.errors) lines.push(`  ${e.code}: ${e.message}${e.hint ? ` — hint: ${e.hint}` : ''}`);
  }
  if (decision.decisive.length > 0) {
    lines.push('decisive statements:');
    for (const s of decision.decisive) lines.push(`  ${s.effect} ${s.policy} (${s.policyType}) statement ${s.statement}${s.sid ? ` (${s.sid})` : ''}`);
  }
  lines.push('gates:');
  for (const g of decision.explain) {
    lines.push(`  ${g.gate.padEnd(20)} ${RESULT[g.result].padEnd(9)} ${g.why}`);
    const shown = g.statements.filter((s) => s.matched || s.failed === 'Condition' || s.failed === 'Principal' || s.failed === 'NotPrincipal' || s.failed === 'Resource' || s.failed === 'NotResource');
    for (const s of shown.slice(0, 8)) lines.push(`      ${statementLine(s)}`);
    const rest = g.statements.length - Math.min(shown.length, 8);
    if (rest > 0) lines.push(`      (${rest} more statement${rest > 1 ? 's' : ''} ${shown.length > 8 ? 'not shown' : 'do not match the action'})`);
  }
  const h = hints(decision);
  if (h.length > 0) {
    lines.push('to change the outcome:');
    for (const x of h) lines.push(`  - ${x}`);
  }
  return lines.join('\n');
}
