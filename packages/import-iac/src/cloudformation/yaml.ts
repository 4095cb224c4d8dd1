// CloudFormation YAML: the short-form intrinsic tags (`!Ref`, `!Sub`, `!GetAtt`, ...) read as
// their long forms (`{ "Ref": ... }`, `{ "Fn::Sub": ... }`), with the `yaml` package's custom
// tags, keeping every node's line.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type ScalarTag, type CollectionTag } from 'yaml';

/** Short tags and the function each stands for. */
const FUNCTIONS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  GetAZs: 'Fn::GetAZs',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  ImportValue: 'Fn::ImportValue',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
  Cidr: 'Fn::Cidr',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
  Transform: 'Fn::Transform',
};

/** The custom tags: each short form in its scalar, sequence and mapping shapes. */
function tags(): (ScalarTag | CollectionTag)[] {
  const out: (ScalarTag | CollectionTag)[] = [];
  for (const [short, fn] of Object.entries(FUNCTIONS)) {
    const tag = `!${short}`;
    // `!GetAtt Res.Attr` is the string form of `Fn::GetAtt: [Res, Attr]`
    const scalar = (s: string): unknown => (fn === 'Fn::GetAtt' ? { [fn]: s.includes('.') ? [s.slice(0, s.indexOf('.')), s.slice(s.indexOf('.') + 1)] : [s] } : fn === 'Fn::GetAZs' && s === '' ? { [fn]: '' } : { [fn]: s });
    out.push({ tag, resolve: (s: string) => scalar(s) } as ScalarTag);
    out.push({ tag, collection: 'seq', resolve: (seq: YamlNode) => seq } as unknown as CollectionTag);
    out.push({ tag, collection: 'map', resolve: (map: YamlNode) => map } as unknown as CollectionTag);
  }
  return out;
}

/** Parsed template text: the value with long-form functions, a line locator and syntax errors. */
export interface ParsedTemplate {
  readonly value: unknown;
  lineOf(path: readonly (string | number)[]): number | undefined;
  readonly errors: { message: string; line?: number | undefined }[];
}

const TAGS = tags();

/** Converts a node to a plain value, turning tagged collections into `{ "Fn::X": value }`. */
function toValue(n: unknown, depth = 0): unknown {
  if (depth > 200) return undefined;
  if (isScalar(n)) {
    const tag = n.tag?.startsWith('!') ? n.tag.slice(1) : undefined;
    if (tag && FUNCTIONS[tag] && (n.value === null || typeof n.value !== 'object')) {
      const fn = FUNCTIONS[tag]!;
      const s = n.value === null ? '' : String(n.value);
      return fn === 'Fn::GetAtt' ? { [fn]: s.includes('.') ? [s.slice(0, s.indexOf('.')), s.slice(s.indexOf('.') + 1)] : [s] } : { [fn]: fn === 'Fn::GetAZs' && s === '' ? '' : s };
    }
    return n.value;
  }
  const wrap = (node: { tag?: string | null | undefined }, v: unknown): unknown => {
    const tag = node.tag?.startsWith('!') ? node.tag.slice(1) : undefined;
    return tag && FUNCTIONS[tag] ? { [FUNCTIONS[tag]!]: v } : v;
  };
  if (isSeq(n)) return wrap(n, n.items.map((x) => toValue(x, depth + 1)));
  if (isMap(n)) {
    const o: Record<string, unknown> = {};
    for (const p of n.items) o[String(isScalar(p.key) ? p.key.value : p.key)] = toValue(p.value, depth + 1);
    return wrap(n, o);
  }
  return n ?? null;
}

/** Parses a YAML (or JSON) template, keeping lines. Never throws. */
export function parseTemplateText(text: string): ParsedTemplate {
  const lc = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lc, customTags: TAGS, uniqueKeys: true, prettyErrors: false, version: '1.1' });
  } catch (e) {
    return { value: undefined, lineOf: () => undefined, errors: [{ message: String((e as Error).message).split('\n')[0]! }] };
  }
  const errors = doc.errors.slice(0, 10).map((e) => ({ message: e.message.split('\n')[0]!, line: e.pos ? lc.linePos(e.pos[0]).line : undefined }));
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    let node: unknown = doc.contents;
    let line: number | undefined = (node as YamlNode | null)?.range ? lc.linePos((node as YamlNode).range![0]).line : undefined;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
        if (!pair) break;
        const k = pair.key as YamlNode | null;
        if (k?.range) line = lc.linePos(k.range[0]).line;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
        node = node.items[seg];
        const r = (node as YamlNode).range;
        if (r) line = lc.linePos(r[0]).line;
      } else break;
    }
    return line;
  };
  if (errors.length) return { value: undefined, lineOf, errors };
  return { value: toValue(doc.contents), lineOf, errors: [] };
}
