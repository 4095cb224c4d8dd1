// What changed between two versions of a scenario: differential reachability (every pair of
// endpoints both versions know, on every class of ports and protocols either version
// distinguishes) and differential authorization (access/access-diff.ts: every principal class,
// every action and resource cell the changed statements cover; access/instance-diff.ts:
// requests sent from instances). Each change is reported with the verdict on each side
// and what decided it, so a reviewer sees what a pull request opens or closes.
import { formatIpv4, warning, type Diagnostic, type Model } from '@vpcsim/model';
import { DEFAULT_SRC_PORT, trace, type Flow, type Trace } from '@vpcsim/net';
import { diffAccess, type AccessDiff } from './access/access-diff.js';
import { diffInstanceRequests, type InstanceRequestDiff } from './access/instance-diff.js';
import { portClasses, sourcePortClasses, sourcePortStarts } from './ports.js';
import { addressBoundaries, isInternetAddress } from './selectors.js';

/** A flow's outcome on one side of the diff. */
export interface FlowSide {
  readonly reachable: boolean;
  readonly disposition: string;
  readonly blockedBy: string | null;
}

/** A flow (or a run of ports) whose outcome differs between the two scenarios. */
export interface FlowChange {
  /** An endpoint both scenarios have; `internet` when the change holds for every internet address, else `internet:IP` for one class. */
  readonly from: string;
  readonly to: string;
  /** For an `internet:IP` end: the addresses of its class, `FIRST-LAST` (all treated alike by both scenarios). */
  readonly addresses?: string | undefined;
  /** Client source ports whose change differs from the default port's (49152), `FIRST-LAST`. */
  readonly srcPorts?: string | undefined;
  readonly protocol: string;
  /** The ports the change covers, `22` or `1024-65535`; absent for ICMP. */
  readonly ports?: string | undefined;
  readonly before: FlowSide;
  readonly after: FlowSide;
}

/** A request's decision on one side of the diff, with the statements that decided it. */
export interface RequestSide {
  readonly decision: string;
  readonly decisive: readonly string[];
}

/** A request whose decision differs between the two scenarios. */
export interface RequestChange {
  readonly principal: string;
  readonly action: string;
  readonly resource?: string | undefined;
  readonly before: RequestSide;
  readonly after: RequestSide;
}

/** The differences between two scenarios. */
export interface DiffResult {
  readonly network: { readonly compared: number; readonly changed: readonly FlowChange[]; readonly truncated: boolean };
  /** IAM over every action and resource (access/access-diff.ts): `changed` entries are RequestChange with more fields. */
  readonly iam: AccessDiff;
  /** Requests sent from instances over each version's network path (access/instance-diff.ts). */
  readonly requestsFromInstances: InstanceRequestDiff;
  readonly errors: readonly Diagnostic[];
}

/** Limits of a diff: the cases compared on each side at most. */
export interface DiffOptions {
  readonly maxFlows?: number | undefined;
  readonly maxRequests?: number | undefined;
}

const DEFAULT_MAX_FLOWS = 200_000;
const DEFAULT_MAX_REQUESTS = 200_000;

/** The endpoints of a scenario: instances, standalone interfaces and external networks. */
function endpointIds(m: Model): string[] {
  return [
    ...(m.scenario.instances ?? []).map((i) => i.id),
    ...(m.scenario.networkInterfaces ?? []).map((n) => n.id),
    ...(m.scenario.externalNetworks ?? []).map((e) => `external:${e.id}`),
  ];
}

/**
 * The internet as address classes: the CIDR boundaries of both scenarios cut IPv4 into runs
 * that each scenario treats alike; every run whose first address is the internet's in both
 * scenarios is one endpoint, `internet:FIRST`, with its range.
 */
function internetClasses(a: Model, b: Model): Map<string, string> {
  const starts = [...new Set([...addressBoundaries(a), ...addressBoundaries(b)])].sort((x, y) => x - y);
  const out = new Map<string, string>();
  starts.forEach((first, i) => {
    if (!isInternetAddress(a, first) || !isInternetAddress(b, first)) return;
    const last = i + 1 < starts.length ? starts[i + 1]! - 1 : 0xffffffff;
    out.set(`internet:${formatIpv4(first)}`, `${formatIpv4(first)}-${formatIpv4(last)}`);
  });
  return out;
}

/**
 * Changes that hold alike for every internet class are one change from or to `internet`;
 * the others keep their class, with its address range.
 */
function foldInternet(changes: readonly FlowChange[], classes: Map<string, string>): FlowChange[] {
  const key = (c: FlowChange, end: 'from' | 'to'): string =>
    JSON.stringify([end, end === 'from' ? c.to : c.from, c.protocol, c.ports ?? null, c.srcPorts ?? null, c.before, c.after]);
  const counts = new Map<string, number>();
  for (const c of changes)
    for (const end of ['from', 'to'] as const) if (classes.has(c[end])) counts.set(key(c, end), (counts.get(key(c, end)) ?? 0) + 1);
  const out: FlowChange[] = [];
  const folded = new Set<string>();
  for (const c of changes) {
    const end = classes.has(c.from) ? 'from' : classes.has(c.to) ? 'to' : undefined;
    if (end === undefined) {
      out.push(c);
      continue;
    }
    const k = key(c, end);
    if (counts.get(k) === classes.size) {
      if (!folded.has(k)) out.push({ ...c, [end]: 'internet' });
      folded.add(k);
    } else out.push({ ...c, addresses: classes.get(c[end]) });
  }
  return out;
}

/** The side of a flow or request whose endpoint or principal one version does not have. */
const NOT_IN_BEFORE: FlowSide = { reachable: false, disposition: 'not-in-before', blockedBy: null };
const NOT_IN_AFTER: FlowSide = { reachable: false, disposition: 'not-in-after', blockedBy: null };

const side = (t: Trace): FlowSide => ({ reachable: t.reachable, disposition: t.disposition, blockedBy: t.blockedBy });
const sameSide = (x: FlowSide, y: FlowSide): boolean => x.reachable === y.reachable && x.disposition === y.disposition && x.blockedBy === y.blockedBy;

/** Port classes either scenario distinguishes, as [first, last] runs over 0-65535. */
function portRuns(a: Model, b: Model): [number, number][] {
  const starts = [...new Set([...portClasses(a, [[0, 65535]]), ...portClasses(b, [[0, 65535]])].map((c) => c.first))].sort((x, y) => x - y);
  return starts.map((s, i) => [s, i + 1 < starts.length ? starts[i + 1]! - 1 : 65535]);
}

/** Compares two scenarios: the flows and the requests whose outcome changed. */
export function diffScenarios(before: Model, after: Model, options: DiffOptions = {}): DiffResult {
  const errors: Diagnostic[] = [];
  const maxFlows = options.maxFlows ?? DEFAULT_MAX_FLOWS;
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;

  // ---- network: every ordered pair × protocol × port class -------------------------------
  const classes = internetClasses(before, after);
  // endpoints of either version: one only one version has is compared with its absence
  const inBefore = new Set(endpointIds(before));
  const inAfter = new Set(endpointIds(after));
  const endpoints = [...classes.keys(), ...new Set([...inBefore, ...inAfter])];
  const present = (set: Set<string>, e: string): boolean => isNet(e) || set.has(e);
  const isNet = (e: string): boolean => e.startsWith('internet:');
  const runs = portRuns(before, after);
  // the default source port first, then the other classes of either version in port order
  const srcPorts = [DEFAULT_SRC_PORT, ...[...new Set([...sourcePortClasses(before), ...sourcePortClasses(after)])].filter((p) => p !== DEFAULT_SRC_PORT).sort((a, b) => a - b)];
  // the range of each source port class: from its lowest port to the next class's
  const starts = [...new Set([...sourcePortStarts(before), ...sourcePortStarts(after), 65536])].sort((a, b) => a - b);
  const srcRange = (sp: number): string => `${sp}-${starts.find((b) => b > sp)! - 1}`;
  const changed: FlowChange[] = [];
  let compared = 0;
  let truncated = false;
  outer: for (const from of endpoints) {
    for (const to of endpoints) {
      if (from === to || (isNet(from) && isNet(to)) || (from.startsWith('external:') && to.startsWith('external:')) || (isNet(from) && to.startsWith('external:')) || (isNet(to) && from.startsWith('external:'))) continue;
      for (const protocol of ['tcp', 'udp', 'icmp'] as const) {
        const classes: ([number, number] | undefined)[] = protocol === 'icmp' ? [undefined] : runs;
        // per source port range: the change being extended over adjacent port runs, and where it is
        const open = new Map<string, { change: FlowChange; at: number }>();
        for (const run of classes) {
          // the default source port, then the other source port classes in port order; classes
          // next to each other that change alike become one range
          const cases: { key: string; srcPorts?: string; x: FlowSide; y: FlowSide }[] = [];
          let base: [FlowSide, FlowSide] | undefined;
          for (const sp of run ? srcPorts : [DEFAULT_SRC_PORT]) {
            if (compared >= maxFlows) {
              truncated = true;
              break outer;
            }
            const flow: Flow = run ? { from, to, protocol, port: run[0], ...(sp !== DEFAULT_SRC_PORT ? { srcPort: sp } : {}) } : { from, to, protocol };
            const x = present(inBefore, from) && present(inBefore, to) ? side(trace(before, flow)) : NOT_IN_BEFORE;
            const y = present(inAfter, from) && present(inAfter, to) ? side(trace(after, flow)) : NOT_IN_AFTER;
            compared++;
            if (sp === DEFAULT_SRC_PORT) {
              base = [x, y];
              cases.push({ key: 'default', x, y });
              continue;
            }
            // another source port that changes exactly as the default one adds nothing
            if (base !== undefined && sameSide(base[0], x) && sameSide(base[1], y)) continue;
            const range = srcRange(sp);
            const prev = cases.at(-1);
            if (prev?.srcPorts !== undefined && Number(prev.srcPorts.split('-')[1]) + 1 === sp && sameSide(prev.x, x) && sameSide(prev.y, y)) {
              prev.srcPorts = `${prev.srcPorts.split('-')[0]}-${range.split('-')[1]}`;
              prev.key = prev.srcPorts;
            } else cases.push({ key: range, srcPorts: range, x, y });
          }
          for (const { key, srcPorts: sps, x, y } of cases) {
            // a flow one version cannot have counts only if the other version delivers it
            if (sameSide(x, y) || ((x === NOT_IN_BEFORE || y === NOT_IN_AFTER) && !x.reachable && !y.reachable)) {
              open.delete(key);
              continue;
            }
            // runs of adjacent port classes with the same change are reported once
            const o = open.get(key);
            if (o && run && sameSide(o.change.before, x) && sameSide(o.change.after, y)) {
              const lo = o.change.ports!.split('-')[0]!;
              const merged: FlowChange = { ...o.change, ports: `${lo}-${run[1]}` };
              changed[o.at] = merged;
              open.set(key, { change: merged, at: o.at });
              continue;
            }
            const change: FlowChange = {
              from,
              to,
              protocol,
              ...(run ? { ports: run[0] === run[1] ? `${run[0]}` : `${run[0]}-${run[1]}` } : {}),
              ...(sps !== undefined ? { srcPorts: sps } : {}),
              before: x,
              after: y,
            };
            open.set(key, { change, at: changed.length });
            changed.push(change);
          }
        }
      }
    }
  }

  // ---- IAM and requests from instances: their own modules (issue 16) ------------------------
  const iam = diffAccess(before, after, { maxRequests });
  const requestsFromInstances = diffInstanceRequests(before, after, { maxRequests });
  const iamTruncated = iam.truncated || requestsFromInstances.truncated;
  if (truncated) errors.push(warning('diff-truncated', ['network'], `only the first ${maxFlows.toLocaleString('en-US')} flows were compared`, 'raise the limit or diff smaller scenarios'));
  if (iamTruncated) errors.push(warning('diff-truncated', ['iam'], `only the first ${maxRequests.toLocaleString('en-US')} requests were compared`, 'raise the limit'));
  return { network: { compared, changed: foldInternet(changed, classes), truncated }, iam, requestsFromInstances, errors };
}
