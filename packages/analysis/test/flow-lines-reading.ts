// Reading the lines of `diff` and `reach` back as packets, for the tests that hold them to the
// tracer: whether a line covers a flow, and one flow of a line.
import { parseCidr, parseIp } from '@vpcsim/model';
import type { Flow, Trace } from '@vpcsim/net';
import type { FlowLine } from '../src/flow-lines.js';
import { INTERNET_IPS, type RawScenario } from '../../net/test/reference-arbitraries.js';

/** What both kinds of line say of their packets. */
export type LineLike = FlowLine;

/** Addresses as the diff writes them: CIDR blocks, `BLOCK except HOLES`. */
function inAddresses(text: string, ip: string): boolean {
  const a = parseIp(ip)!;
  const within = (list: string): boolean =>
    list.split(', ').some((c) => {
      const b = parseCidr(c.includes('/') ? c : `${c}/${c.includes(':') ? 128 : 32}`);
      if (typeof b === 'string' || b.version !== a.version) return false;
      const size = 2 ** ((a.version === 4 ? 32 : 128) - b.prefix);
      return a.version === 4 && (a.value as number) >= (b.base as number) && (a.value as number) < (b.base as number) + size;
    });
  const [incl, excl] = text.split(' except ');
  return within(incl!) && (excl === undefined || !within(excl));
}

function inRanges(text: string | undefined, n: number, whole: string): boolean {
  return (text ?? whole).split(', ').some((r) => {
    const [lo, hi] = r.split('-').map(Number);
    return n >= lo! && n <= (hi ?? lo)!;
  });
}

const NAMES: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };

/** Whether a line covers a flow (from the source the flow names, to the address it resolves to). */
export function covers(c: LineLike, f: Flow, src: string, dst: string, host: string | undefined): boolean {
  const fromOk = c.from.some((x) => (host !== undefined ? x === host : x === 'internet' || (x.startsWith('internet:') && inAddresses(x.slice(9).split(',').join(', '), src))));
  if (!fromOk) return false;
  // `internet` without addresses: every internet address; an unassigned range: the addresses are the destination
  const dstOk = c.toAddresses !== undefined ? inAddresses(c.toAddresses, dst) : c.to === 'internet' ? INTERNET_IPS.includes(dst) : inAddresses(c.to, dst);
  if (!dstOk) return false;
  const proto = typeof f.protocol === 'number' ? f.protocol : NAMES[f.protocol!]!;
  if (c.protocol === 'other' ? [1, 6, 17, 58].includes(proto) : c.protocol in NAMES ? NAMES[c.protocol] !== proto : !inRanges(c.protocol, proto, '')) return false;
  if (proto === 6 || proto === 17) return inRanges(c.ports, f.port!, '0-65535') && inRanges(c.srcPorts, f.srcPort ?? 49152, '1024-65535');
  if (proto === 1 && c.icmp !== undefined) {
    // the tracer's ICMP flow: an echo request (type 8, code 0)
    const m = /^type (.*?)(?: code (.*))?$/.exec(c.icmp)!;
    return (m[1] === 'any' || inRanges(m[1], f.icmpType ?? 8, '')) && (m[2] === undefined || inRanges(m[2], f.icmpCode ?? 0, ''));
  }
  return true;
}

/** The first IPv4 address of `BLOCKS [except BLOCKS]`. */
function firstAddress(text: string): string | undefined {
  const blocks = (list: string): [number, number][] =>
    list.split(', ').flatMap((c) => {
      const b = parseCidr(c.includes('/') ? c : `${c}/32`);
      return typeof b === 'string' || b.version !== 4 ? [] : [[b.base as number, (b.base as number) + 2 ** (32 - b.prefix) - 1] as [number, number]];
    });
  const [incl, excl] = text.split(' except ');
  const holes = excl === undefined ? [] : blocks(excl);
  for (const [lo, hi] of blocks(incl!)) {
    let a = lo;
    for (let moved = true; moved && a <= hi; ) {
      moved = false;
      for (const [hl, hh] of holes) if (a >= hl && a <= hh) (a = hh + 1), (moved = true);
    }
    if (a <= hi) return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
  }
  return undefined;
}

/** One flow of a line: its first source, its first address, its first port (the tracer's default source port when it may). */
export function witness(c: LineLike, sc: RawScenario): Flow | undefined {
  const src = c.from.find((x) => sc.instances.some((i) => i.id === x)) ?? c.from.find((x) => x.startsWith('internet'));
  if (src === undefined) return undefined;
  const from = src === 'internet' ? 'internet:8.8.8.8' : src.startsWith('internet:') ? `internet:${src.slice(9).split(/[/,]/)[0]}` : src;
  const to = firstAddress(c.toAddresses ?? (c.to === 'internet' ? '8.8.8.8' : c.to));
  if (to === undefined) return undefined;
  if (from.startsWith('internet:') && to === '8.8.8.8') return undefined;
  const lo = (r: string | undefined): number | undefined => (r === undefined ? undefined : Number(r.split(', ')[0]!.split('-')[0]));
  const protocol = c.protocol === 'other' ? 47 : c.protocol in NAMES ? c.protocol : Number(c.protocol.split(/[-,]/)[0]);
  if (protocol === 'tcp' || protocol === 'udp') {
    const sp = c.srcPorts === undefined ? 49152 : lo(c.srcPorts)!;
    return { from, to, protocol, port: lo(c.ports) ?? 0, srcPort: sp };
  }
  if (protocol === 'icmp' && c.icmp !== undefined) {
    const m = /^type (\S+)(?: code (\S+))?/.exec(c.icmp)!;
    return { from, to, protocol, icmpType: m[1] === 'any' ? 8 : lo(m[1].replace(/,$/, ''))!, ...(m[2] ? { icmpCode: lo(m[2])! } : {}) };
  }
  return { from, to, protocol };
}

/** The targets a traced flow to a load balancer reaches through both legs, as `diff` and `reach` name them (`via`). */
export function servingTargets(t: Trace): string | undefined {
  return t.reachable && t.targets ? [...new Set(t.targets.filter((x) => x.reachable).map((x) => x.target))].join(', ') : undefined;
}
