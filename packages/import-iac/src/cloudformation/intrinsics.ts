// CloudFormation's intrinsic functions, evaluated before deployment: parameters (given with
// `--parameter`, else their `Default`), pseudo-parameters, mappings, conditions, `Ref` and
// `Fn::GetAtt` (a resource's logical id stands for its physical id; names and ARNs are formed
// as AWS forms them), `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::GetAZs`,
// `Fn::FindInMap`, `Fn::If`, `Fn::Cidr`, `Fn::Base64`, `Fn::Length`, `Fn::ToJsonString`.
// What cannot be known (`Fn::ImportValue`, a parameter without a value) is UNKNOWN, reported.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
import { formatIpv4, parseCidr } from '@vpcsim/model';

/** A value that cannot be known before deployment. */
export const UNKNOWN: unique symbol = Symbol('unknown');
/** `AWS::NoValue`: the property is removed. */
export const NO_VALUE: unique symbol = Symbol('no-value');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What evaluation needs from the template. */
export interface Scope {
  readonly account: string;
  readonly region: string;
  /** A parameter's value (given or default), UNKNOWN when it has neither, undefined when no such parameter. */
  parameter(name: string): unknown;
  readonly mappings: Record<string, unknown>;
  /** Whether a condition holds. */
  condition(name: string): boolean | typeof UNKNOWN;
  /** `Ref` of a resource (its physical id as AWS returns it: an id, a name, an ARN). */
  ref(logicalId: string): unknown;
  /** `Fn::GetAtt` of a resource. */
  getAtt(logicalId: string, attr: string): unknown;
  /** Reports something that is known only at deployment. */
  note(what: string): void;
}

const unknownIn = (v: unknown): boolean => v === UNKNOWN || (Array.isArray(v) && v.some(unknownIn)) || (isRecord(v) && Object.values(v).some(unknownIn));

/** The availability zones `Fn::GetAZs` returns: the region's first three, as AWS lists them (a, b, c). */
export const azsOf = (region: string): string[] => ['a', 'b', 'c'].map((x) => `${region}${x}`);

/** `Fn::Cidr`: `count` blocks of `2^bits` addresses carved from `block`, in order. */
function cidrs(block: unknown, count: unknown, bits: unknown): unknown {
  const b = typeof block === 'string' ? parseCidr(block) : 'no';
  const n = Number(count);
  const h = Number(bits);
  if (typeof b === 'string' || b.version !== 4 || !Number.isInteger(n) || !Number.isInteger(h) || 32 - h < b.prefix) return UNKNOWN;
  return Array.from({ length: n }, (_, i) => `${formatIpv4(((b.base as number) + i * 2 ** h) >>> 0)}/${32 - h}`);
}

function sub(template: string, vars: Record<string, unknown>, s: Scope): unknown {
  let unknown = false;
  const out = template.replace(/\$\{([^}]*)\}/g, (all, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    let v: unknown;
    if (name in vars) v = vars[name];
    else if (name.includes('.') && s.parameter(name) === undefined && !name.startsWith('AWS::')) {
      const dot = name.indexOf('.');
      v = s.getAtt(name.slice(0, dot), name.slice(dot + 1));
    } else v = evaluate({ Ref: name }, s);
    if (v === UNKNOWN || v === undefined || v === NO_VALUE || typeof v === 'object') {
      unknown = true;
      return all;
    }
    return String(v);
  });
  return unknown ? UNKNOWN : out;
}

/** Evaluates a template value; functions are replaced by their results. */
export function evaluate(v: unknown, s: Scope, depth = 0): unknown {
  if (depth > 100) return UNKNOWN;
  if (Array.isArray(v)) return v.map((x) => evaluate(x, s, depth + 1)).filter((x) => x !== NO_VALUE);
  if (!isRecord(v)) return v;
  const keys = Object.keys(v);
  if (keys.length !== 1 || !(keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'))) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const e = evaluate(x, s, depth + 1);
      if (e !== NO_VALUE) out[k] = e;
    }
    return out;
  }
  const fn = keys[0]!;
  const arg = v[fn];
  const ev = (x: unknown): unknown => evaluate(x, s, depth + 1);
  switch (fn) {
    case 'Ref': {
      const name = String(ev(arg));
      switch (name) {
        case 'AWS::AccountId':
          return s.parameter(name) ?? s.account;
        case 'AWS::Region':
          return s.parameter(name) ?? s.region;
        case 'AWS::Partition':
          return 'aws';
        case 'AWS::URLSuffix':
          return 'amazonaws.com';
        case 'AWS::NoValue':
          return NO_VALUE;
        case 'AWS::StackName':
          return s.parameter(name) ?? 'stack';
        case 'AWS::StackId':
          return `arn:aws:cloudformation:${s.region}:${s.account}:stack/stack/00000000-0000-0000-0000-000000000000`;
        case 'AWS::NotificationARNs':
          return [];
      }
      const p = s.parameter(name);
      return p !== undefined ? p : s.ref(name);
    }
    case 'Condition':
      return s.condition(String(arg));
    case 'Fn::GetAtt': {
      const a = Array.isArray(arg) ? arg.map(ev) : typeof arg === 'string' ? arg.split('.') : [];
      if (a.length < 2 || unknownIn(a)) return UNKNOWN;
      return s.getAtt(String(a[0]), a.slice(1).join('.'));
    }
    case 'Fn::Sub': {
      if (typeof arg === 'string') return sub(arg, {}, s);
      if (Array.isArray(arg) && typeof arg[0] === 'string') {
        const vars = isRecord(arg[1]) ? Object.fromEntries(Object.entries(arg[1]).map(([k, x]) => [k, ev(x)])) : {};
        return sub(arg[0], vars, s);
      }
      return UNKNOWN;
    }
    case 'Fn::Join': {
      const a = Array.isArray(arg) ? arg.map(ev) : [];
      const list = a[1];
      if (typeof a[0] !== 'string' || !Array.isArray(list) || unknownIn(list)) return UNKNOWN;
      return list.map(String).join(a[0]);
    }
    case 'Fn::Select': {
      const a = Array.isArray(arg) ? arg.map(ev) : [];
      const list = a[1];
      const i = Number(a[0]);
      if (!Array.isArray(list) || !Number.isInteger(i) || i < 0 || i >= list.length) return UNKNOWN;
      return list[i];
    }
    case 'Fn::Split': {
      const a = Array.isArray(arg) ? arg.map(ev) : [];
      return typeof a[0] === 'string' && typeof a[1] === 'string' ? a[1].split(a[0]) : UNKNOWN;
    }
    case 'Fn::GetAZs': {
      const r = ev(arg);
      return azsOf(typeof r === 'string' && r !== '' ? r : s.region);
    }
    case 'Fn::FindInMap': {
      const a = Array.isArray(arg) ? arg.map(ev) : [];
      if (unknownIn(a.slice(0, 3))) return UNKNOWN;
      const m = s.mappings[String(a[0])];
      const top = isRecord(m) ? m[String(a[1])] : undefined;
      const x = isRecord(top) ? top[String(a[2])] : undefined;
      if (x !== undefined) return ev(x);
      return isRecord(a[3]) && 'DefaultValue' in a[3] ? a[3].DefaultValue : UNKNOWN;
    }
    case 'Fn::If': {
      if (!Array.isArray(arg) || arg.length !== 3) return UNKNOWN;
      const c = s.condition(String(arg[0]));
      return c === UNKNOWN ? UNKNOWN : ev(c ? arg[1] : arg[2]);
    }
    case 'Fn::Equals': {
      const a = Array.isArray(arg) ? arg.map(ev) : [];
      return unknownIn(a) ? UNKNOWN : JSON.stringify(a[0]) === JSON.stringify(a[1]) || String(a[0]) === String(a[1]);
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const a = Array.isArray(arg) ? arg.map(ev) : [];
      if (unknownIn(a)) return UNKNOWN;
      return fn === 'Fn::And' ? a.every((x) => x === true) : a.some((x) => x === true);
    }
    case 'Fn::Not': {
      const a = Array.isArray(arg) ? ev(arg[0]) : UNKNOWN;
      return a === UNKNOWN ? UNKNOWN : a !== true;
    }
    case 'Fn::Cidr': {
      const a = Array.isArray(arg) ? arg.map(ev) : [];
      return unknownIn(a) ? UNKNOWN : cidrs(a[0], a[1], a[2]);
    }
    case 'Fn::Base64':
      return ev(arg);
    case 'Fn::Length': {
      const a = ev(arg);
      return Array.isArray(a) ? a.length : UNKNOWN;
    }
    case 'Fn::ToJsonString': {
      const a = ev(arg);
      return unknownIn(a) ? UNKNOWN : JSON.stringify(a);
    }
    case 'Fn::ImportValue': {
      const name = ev(arg);
      s.note(`\`Fn::ImportValue\` of \`${typeof name === 'string' ? name : '?'}\` (an output of another stack)`);
      return UNKNOWN;
    }
    default:
      s.note(`\`${fn}\``);
      return UNKNOWN;
  }
}

/** Whether a value holds something unknown. */
export const hasUnknown = unknownIn;
