// The imported scenario as YAML: the format's key order, `id`/`name`/`arn` first in every
// object, small all-scalar objects in lists (routes, rules) and lists of scalars on one line.
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';

const FIRST = ['id', 'name', 'arn', 'principal', 'rule'];

function ordered(v: unknown, top = false): unknown {
  if (Array.isArray(v)) return v.map((x) => ordered(x));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  // a Map keeps every key (`__proto__`, `constructor`) in order, and yaml writes it as a mapping
  const out = new Map<string, unknown>();
  if (!top) for (const k of FIRST) if (Object.hasOwn(o, k) && o[k] !== undefined) out.set(k, ordered(o[k]));
  for (const k of Object.keys(o)) if (!out.has(k) && o[k] !== undefined) out.set(k, ordered(o[k]));
  return out;
}

/**
 * Writes a scenario as readable YAML with a header comment naming its source (or `header`,
 * the comment lines to write instead). Stable: the same scenario always gives the same text.
 */
export function scenarioToYaml(scenario: unknown, source?: string, header?: string): string {
  const doc = new Document(ordered(scenario, true));
  visit(doc, {
    Map(_, node, path) {
      const parent = path[path.length - 1];
      const scalars = node.items.every((p) => isScalar(p.value) || (isSeq(p.value) && p.value.items.every(isScalar) && p.value.items.length <= 4));
      if (isSeq(parent) && scalars && node.items.length <= 8) node.flow = true;
    },
    Seq(_, node) {
      if (node.items.length > 0 && node.items.every(isScalar)) node.flow = true;
      else if (node.items.length === 0) node.flow = true;
    },
  });
  // strings other YAML readers (YAML 1.1) would take for dates, booleans or numbers are quoted
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && /^(\d{4}-\d\d-\d\d.*|y|n|yes|no|on|off|[-+]?[\d_]+(\.\d*)?([eE][-+]?\d+)?|0x[\da-f]+|\d+(:\d+)+)$/i.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  // empty maps print as `{}`
  visit(doc, { Map(_, node) { if (isMap(node) && node.items.length === 0) node.flow = true; } });
  const from = source ?? (typeof (scenario as { description?: unknown })?.description === 'string' ? (scenario as { description: string }).description : 'AWS CLI exports');
  doc.commentBefore = header ?? ` vpcsim scenario imported from AWS CLI exports (${from.replace(/\n/g, ' ')})\n written by \`vpcsim import\`; see docs/import.md. Ids are AWS's own.`;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
