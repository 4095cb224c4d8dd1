// The model's verdict on the imported scenario. Infrastructure code holds things the model
// rejects (a rule naming a group that is not in the plan, a subnet outside its VPC's block):
// each such element is left out with a warning at the resource it came from, until the
// scenario compiles, so the scenario written always validates. A policy document is left out
// whole (dropping one statement could widen access).
import { compile, formatPath, type Path } from '@vpcsim/model';
import type { Draft, Origin } from './draft.js';

const ROUNDS = 12;
/** Fields the model lets a resource go without: the field is dropped, not the resource. */
const OPTIONAL = new Set(['routeTable', 'networkAcl', 'publicIp', 'instanceProfile', 'permissionsBoundary', 'trustPolicy', 'policy']);

type Holder = Record<string | number, unknown>;

/** The element to leave out for an error at `path`: a whole policy, an optional field, or the innermost list element. */
function culprit(root: unknown, path: Path): { holder: Holder | unknown[]; key: string | number; chain: unknown[] } | undefined {
  const chain: { holder: Holder; key: string | number }[] = [];
  let node: unknown = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object' || (node as Holder)[seg] === undefined) break;
    chain.push({ holder: node as Holder, key: seg });
    node = (node as Holder)[seg];
  }
  const values = chain.map((c) => c.holder[c.key]);
  for (let i = 0; i < chain.length; i++) {
    const c = chain[i]!;
    if (c.key === 'inlinePolicies' && chain[i + 1]) return { ...chain[i + 1]!, chain: values };
    if (c.key === 'document' && i > 0 && Array.isArray(chain[i - 1]!.holder)) return { ...chain[i - 1]!, chain: values };
    if (typeof c.key === 'string' && OPTIONAL.has(c.key) && !Array.isArray(c.holder) && (i === chain.length - 1 || c.key === 'trustPolicy' || c.key === 'policy')) return { ...c, chain: values };
  }
  for (let i = chain.length - 1; i >= 0; i--) if (Array.isArray(chain[i]!.holder)) return { ...chain[i]!, chain: values };
  return undefined;
}

function originOf(d: Draft, root: unknown, path: Path): Origin | undefined {
  let node: unknown = root;
  let best: Origin | undefined;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Holder)[seg];
    if (node !== null && typeof node === 'object') best = d.origin.get(node) ?? best;
  }
  return best;
}

const named = (v: unknown): string => {
  if (v !== null && typeof v === 'object') for (const k of ['id', 'name', 'arn', 'destination', 'cidr', 'securityGroup']) if (typeof (v as Holder)[k] === 'string') return `\`${(v as Holder)[k] as string}\``;
  return 'it';
};

/** Compiles `scenario` (mutated), leaving out what the model rejects; each removal is a warning. */
export function validateAndRepair(d: Draft, scenario: Record<string, unknown>): void {
  for (let round = 0; round < ROUNDS; round++) {
    const r = compile(scenario);
    if (r.ok) return;
    const removals: { holder: Holder | unknown[]; key: string | number }[] = [];
    for (const e of r.errors) {
      const at = culprit(scenario, e.path);
      const o = originOf(d, scenario, e.path) ?? { file: d.file, path: [], resource: formatPath(e.path) };
      if (!at) {
        d.error(o, `model-${e.code}`, `${e.message} (scenario \`${formatPath(e.path)}\`, from \`${o.resource}\`)`, e.hint);
        continue;
      }
      const removed = (at.holder as Holder)[at.key];
      d.warn(o, `model-${e.code}`, `${o.resource}: ${e.message}: ${Array.isArray(at.holder) ? named(removed) : `\`${String(at.key)}\``} left out`, `${e.hint ? `${e.hint}; ` : ''}scenario path \`${formatPath(e.path)}\``);
      removals.push(at);
    }
    if (removals.length === 0) return;
    // deletions of fields first, then list elements from the highest index down
    for (const x of removals) if (!Array.isArray(x.holder)) delete (x.holder as Holder)[x.key];
    const byList = new Map<unknown[], Set<number>>();
    for (const x of removals) if (Array.isArray(x.holder)) (byList.get(x.holder) ?? byList.set(x.holder, new Set()).get(x.holder)!).add(x.key as number);
    for (const [list, idx] of byList) for (const i of [...idx].sort((a, b) => b - a)) list.splice(i, 1);
    for (const k of Object.keys(scenario)) if (Array.isArray(scenario[k]) && (scenario[k] as unknown[]).length === 0) delete scenario[k];
  }
}
