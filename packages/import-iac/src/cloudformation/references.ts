// The names a template refers to must exist, as CloudFormation checks before it creates
// anything ("Unresolved resource dependencies [X] in the Resources block of the template"): `Ref`
// names a parameter, a resource or a pseudo parameter; `Fn::GetAtt` a resource; `${X}` in
// `Fn::Sub` one of those or a variable of its own map (`${X.Attr}` a resource; `${!X}` is
// text); `DependsOn` a resource; a resource's or an output's `Condition` and the first argument
// of `Fn::If` a condition. A name that is none of these is a located error with did-you-mean,
// never a value left unknown.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-getatt.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-sub.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
import { didYouMean, type Path } from '@vpcsim/model';
import type { Draft } from '../core/draft.js';

/** CloudFormation's pseudo parameters. */
const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const keysOf = (v: unknown): string[] => (isRecord(v) ? Object.keys(v) : []);

/** Reports every name of the template that refers to nothing it declares. */
export function checkNames(t: Record<string, unknown>, draft: Draft, file: string, lineOf: (p: Path) => number | undefined): void {
  const parameters = keysOf(t.Parameters);
  const resources = keysOf(t.Resources);
  const conditions = keysOf(t.Conditions);
  const reported = new Set<string>();
  const missing = (path: Path, what: string, name: string, among: readonly string[], where: string): void => {
    const key = `${what}|${name}|${path.slice(0, 2).join('.')}`;
    if (reported.has(key)) return;
    reported.add(key);
    const guess = didYouMean(name, among);
    draft.error({ file, path, resource: typeof path[1] === 'string' ? path[1] : file, line: lineOf(path) }, 'unknown-name', `${what} \`${name}\`: the template declares no ${where} of that name (CloudFormation refuses the template)`, guess ? `did you mean \`${guess}\`?` : `declare it under ${where === 'condition' ? '`Conditions`' : where === 'resource' ? '`Resources`' : '`Parameters` or `Resources`'}`);
  };
  const valueNames = [...parameters, ...resources, ...PSEUDO];
  const sub = (text: string, vars: readonly string[], path: Path): void => {
    for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
      const v = m[1]!.trim();
      if (v.startsWith('!') || vars.includes(v)) continue;
      const dot = v.startsWith('AWS::') ? -1 : v.indexOf('.');
      if (dot >= 0) {
        if (!resources.includes(v.slice(0, dot))) missing(path, '`Fn::Sub` attribute of', v.slice(0, dot), resources, 'resource');
      } else if (!valueNames.includes(v)) missing(path, '`Fn::Sub` variable', v, [...valueNames, ...vars], 'parameter or resource');
    }
  };
  const walk = (v: unknown, path: Path): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, i]));
      return;
    }
    if (!isRecord(v)) return;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const arg = v[keys[0]!];
      switch (keys[0]) {
        case 'Ref':
          if (typeof arg === 'string' && !valueNames.includes(arg)) missing(path, '`Ref` to', arg, valueNames, 'parameter or resource');
          return;
        case 'Fn::GetAtt': {
          const name = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
          if (typeof name === 'string' && !resources.includes(name)) missing(path, '`Fn::GetAtt` of', name, resources, 'resource');
          if (Array.isArray(arg)) arg.slice(1).forEach((x, i) => walk(x, [...path, keys[0]!, i + 1]));
          return;
        }
        case 'Fn::Sub':
          if (typeof arg === 'string') sub(arg, [], path);
          else if (Array.isArray(arg) && typeof arg[0] === 'string') {
            sub(arg[0], keysOf(arg[1]), path);
            walk(arg[1], [...path, keys[0]!, 1]);
          }
          return;
        case 'Fn::If':
          if (Array.isArray(arg) && typeof arg[0] === 'string' && !conditions.includes(arg[0])) missing(path, '`Fn::If` on', arg[0], conditions, 'condition');
          if (Array.isArray(arg)) arg.slice(1).forEach((x, i) => walk(x, [...path, keys[0]!, i + 1]));
          return;
        case 'Condition':
          // a condition function inside `Conditions` (`Condition: Other`)
          if (typeof arg === 'string' && path[0] === 'Conditions' && !conditions.includes(arg)) missing(path, '`Condition`', arg, conditions, 'condition');
          return;
      }
    }
    for (const k of keys) walk(v[k], [...path, k]);
  };
  for (const id of resources) {
    const def = (t.Resources as Record<string, unknown>)[id];
    if (!isRecord(def)) continue;
    const at: Path = ['Resources', id];
    if (typeof def.Condition === 'string' && !conditions.includes(def.Condition)) missing([...at, 'Condition'], 'condition', def.Condition, conditions, 'condition');
    const deps = typeof def.DependsOn === 'string' ? [def.DependsOn] : Array.isArray(def.DependsOn) ? def.DependsOn : [];
    deps.forEach((d, i) => {
      if (typeof d === 'string' && !resources.includes(d)) missing([...at, 'DependsOn', ...(Array.isArray(def.DependsOn) ? [i] : [])], '`DependsOn`', d, resources, 'resource');
    });
    walk(def.Properties, [...at, 'Properties']);
  }
  for (const name of conditions) walk((t.Conditions as Record<string, unknown>)[name], ['Conditions', name]);
  for (const name of keysOf(t.Outputs)) {
    const out = (t.Outputs as Record<string, unknown>)[name];
    if (!isRecord(out)) continue;
    if (typeof out.Condition === 'string' && !conditions.includes(out.Condition)) missing(['Outputs', name, 'Condition'], 'condition', out.Condition, conditions, 'condition');
    walk(out.Value, ['Outputs', name, 'Value']);
  }
}
