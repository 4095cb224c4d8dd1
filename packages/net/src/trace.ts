// The packet tracer: follows a flow from its source to its destination and the reply back,
// recording a hop per decision (the AWS concepts in src/concepts/ run on one packet: walk/types.ts,
// walk/trace-walk.ts). Reads only the compiled network (compile-network.ts), built once per Model.
//
// Evaluation order of a packet leaving an interface: its security groups (outbound), the
// subnet's route table, the source subnet's network ACL (outbound) and, entering another
// subnet, that subnet's network ACL (inbound), then the destination's security groups
// (inbound). Network ACLs apply at subnet boundaries only, never between two interfaces of one
// subnet (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html). Transit
// gateway VPC attachments follow AWS's own rule (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html).
import { error, formatIp, type Diagnostic, type Model } from '@vpcsim/model';
import { compileNetwork, type CompiledNetwork } from './compile-network.js';
import { notInternetRoutable } from './concepts/internet-gateway.js';
import type { Pkt } from './domain/packet.js';
import { ICMP_REPLY } from './domain/packet.js';
import { DEFAULT_INTERNET_IP6, ip, resolveEndpoint, type Endpoint } from './flow.js';
import { protocolName, protocolNumber } from './traffic.js';
import type { Blocker, Disposition, Flow, Hop, ServiceAccess, Trace } from './trace-types.js';
import { replyState, startReply } from './walk/reply.js';
import { TraceWalk, type WalkEnd } from './walk/trace-walk.js';
import { INITIAL_STATE, NotModelled, type End, type FlowState } from './walk/types.js';
import { traceTargets } from './walk/lb-trace.js';
import { newPatchState } from './fixes.js';

export { DEFAULT_INTERNET_IP, DEFAULT_INTERNET_IP6, DEFAULT_SERVICE_IP } from './flow.js';
export { HOP_LIMIT } from './walk/failures.js';
/** The default source port: inside the Linux (32768-60999) and Windows (49152-65535) ephemeral ranges. */
export const DEFAULT_SRC_PORT = 49152;

const EMPTY: readonly Hop[] = [];

/** The disposition of a flow that reached each kind of destination; these four are `reachable`. */
const SUCCESS: Record<Exclude<Endpoint['kind'], 'refused'>, Disposition> = { iface: 'delivered', service: 'exits-service', external: 'exits-external', internet: 'exits-internet', lb: 'delivered' };
const REACHED: ReadonlySet<Disposition> = new Set(Object.values(SUCCESS));

function result(
  disposition: Disposition,
  blockedBy: string | null,
  fwd: TraceWalk | undefined,
  back: TraceWalk | undefined,
  blockers: readonly Blocker[],
  errors: readonly Diagnostic[],
  service?: ServiceAccess,
): Trace {
  const reachable = REACHED.has(disposition);
  return { reachable, disposition, blockedBy: reachable ? null : blockedBy, blockers, forward: fwd?.hops ?? EMPTY, return: back?.hops ?? EMPTY, service, errors };
}

const invalid = (field: 'from' | 'to' | 'protocol' | 'port', message: string, hint?: string): Trace =>
  result('invalid-flow', null, undefined, undefined, [], [error('invalid-flow', ['flow', field], message, hint)]);

/**
 * Traces a flow through the model: the forward path, the reply, the disposition, what blocks
 * it and why. Never throws: a bad flow gives `invalid-flow`, an unmodelled path `not-implemented`.
 */
export function trace(model: Model, flow: Flow): Trace {
  try {
    return run(compileNetwork(model), flow);
  } catch (e) {
    // INVARIANT: only NotModelled is expected here; anything else is a tracer bug, reported, never thrown
    const d = e instanceof NotModelled
      ? error('trace-not-implemented', ['flow'], `vpcsim does not model this path: ${e.message}`)
      : error('trace-internal-error', ['flow'], `the tracer failed: ${e instanceof Error ? e.message : String(e)}`, 'please report this with the scenario and the flow');
    return result('not-implemented', null, undefined, undefined, [], [d]);
  }
}

function run(net: CompiledNetwork, flow: Flow): Trace {
  const proto = protocolNumber(flow.protocol);
  if (proto === undefined || proto === -1) return invalid('protocol', `cannot trace protocol \`${String(flow.protocol)}\``, 'use tcp, udp, icmp, icmpv6 or a protocol number');
  if ((proto === 6 || proto === 17) && flow.port === undefined) return invalid('port', `a ${protocolName(proto)} flow needs a destination port`, 'add `port: 443`');
  if (flow.port !== undefined && (!Number.isInteger(flow.port) || flow.port < 0 || flow.port > 65535)) return invalid('port', `port \`${flow.port}\` is not 0 to 65535`);
  if (flow.srcPort !== undefined && (!Number.isInteger(flow.srcPort) || flow.srcPort < 0 || flow.srcPort > 65535)) return invalid('port', `source port \`${flow.srcPort}\` is not 0 to 65535`);
  let src = resolveEndpoint(net, flow.from, 'from');
  if (typeof src === 'string') return invalid('from', src);
  // An interface talking to an IPv6 address uses its own IPv6 address.
  const toIp = ip(flow.to.startsWith('internet:') ? flow.to.slice('internet:'.length) : flow.to.startsWith('external:') ? flow.to.slice(flow.to.indexOf(':', 'external:'.length) + 1) : flow.to);
  if (src.kind === 'iface' && toIp?.version === 6 && src.v === 4) {
    const v6 = src.iface.addrs6[0];
    if (v6 === undefined) return invalid('from', `\`${flow.from}\` has no IPv6 address to reach \`${flow.to}\``, 'assign it an IPv6 address');
    src = { kind: 'iface', iface: src.iface, v: 6, addr: v6 };
  }
  // `internet` toward an IPv6 address stands for an IPv6 host of the internet (a documentation address)
  if (flow.from === 'internet' && toIp?.version === 6) src = { kind: 'internet', v: 6, addr: ip(DEFAULT_INTERNET_IP6)!.value };
  if (src.kind === 'internet' && flow.from !== 'internet' && !flow.from.startsWith('internet:') && notInternetRoutable(net, src.v, src.addr)) {
    return invalid('from', `no interface holds \`${flow.from}\`, and it is not an internet address`);
  }
  const dst = resolveEndpoint(net, flow.to, 'to', src, { proto, port: flow.port ?? 0 });
  if (dst === 'no-public-ip') {
    const d = resolveEndpoint(net, flow.to, 'from');
    const id = typeof d === 'string' || d.kind !== 'iface' ? null : d.iface.id;
    const blockers: Blocker[] = id ? [{ component: id, setting: 'public IP', fix: `assign a public or Elastic IP to \`${id}\`` }] : [];
    const w = new TraceWalk(net, false, blockers);
    if (id) w.hops.push({ component: id, kind: 'network-interface', verdict: 'drop', detail: { step: 'drop', why: `\`${id}\` has no public IP: nothing on the internet can address it` } });
    return result('no-public-ip', id, w, undefined, blockers, []);
  }
  if (typeof dst === 'string') return invalid('to', dst);
  if (dst.kind === 'refused') {
    // a destination AWS does not carry this source's traffic to (a gateway endpoint of another VPC)
    const blockers: Blocker[] = [{ component: dst.component, setting: dst.setting, fix: dst.fix }];
    const w = new TraceWalk(net, false, blockers);
    w.hops.push({ component: dst.component, kind: dst.kindOf, verdict: 'drop', detail: { step: 'drop', why: dst.why } });
    return result(dst.disposition, dst.component, w, undefined, blockers, []);
  }
  if (src.kind === 'internet' && dst.kind === 'internet') return invalid('to', 'both ends are on the internet');
  if (src.kind === 'service') return invalid('from', 'a service cannot be the source');
  // from on premises, a service or an internet address is reached (or refused) through the
  // network's connection to AWS: a VGW carries only its VPC's addresses, a transit gateway routes
  // by its table (issue 13, item 5: edge-to-edge routing through a VPC's gateways is refused there)
  if (src.kind !== 'iface' && dst.kind !== 'iface' && dst.kind !== 'lb' && !(src.kind === 'external' && (dst.kind === 'service' || dst.kind === 'internet' || (dst.kind === 'external' && dst.network !== src.network)))) return invalid('to', 'neither end is in a VPC');
  if (src.v !== dst.v) return invalid('to', 'the two ends use different address families (IPv4 and IPv6)');
  // ICMP is IPv4's (protocol 1); IPv6 has its own, ICMPv6 (protocol 58)
  if (proto === 1 && src.v === 6) return invalid('protocol', 'ICMP (protocol 1) does not run over IPv6', 'use `icmpv6` for IPv6 addresses');
  if (proto === 58 && src.v === 4) return invalid('protocol', 'ICMPv6 (protocol 58) does not run over IPv4', 'use `icmp` for IPv4 addresses');
  const isIcmp = proto === 1 || proto === 58;
  const pkt: Pkt = {
    v: src.v,
    src: src.addr,
    dst: dst.addr,
    proto,
    srcPort: isIcmp ? 0 : flow.srcPort ?? DEFAULT_SRC_PORT,
    dstPort: isIcmp ? 0 : flow.port ?? 0,
    icmpType: isIcmp ? flow.icmpType ?? (proto === 1 ? 8 : 128) : 0,
    icmpCode: isIcmp ? flow.icmpCode ?? 0 : 0,
  };
  // Interface endpoints carry TCP over IPv4 only, however they are addressed (`service:X`, the
  // endpoint id, an interface id or an IP address); vpcsim models endpoint interfaces as IPv4.
  // https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
  const viaEndpoint = dst.kind === 'service' ? dst.viaInterfaceEndpoint : dst.kind === 'iface' && dst.iface.m.owner.kind === 'vpc-endpoint' ? dst.iface.m.owner.vpcEndpoint : undefined;
  if (viaEndpoint !== undefined && (proto !== 6 || pkt.v !== 4)) {
    const e = viaEndpoint;
    const what = proto !== 6 ? `${protocolName(proto)} traffic` : 'IPv6 traffic';
    const blockers: Blocker[] = [{ component: e, setting: 'protocol', fix: `send TCP over IPv4: interface endpoint \`${e}\` accepts nothing else` }];
    const w = new TraceWalk(net, false, blockers);
    w.push({ component: e, kind: 'vpc-endpoint', verdict: 'drop', detail: { step: 'drop', why: `interface endpoint \`${e}\` accepts TCP over IPv4 only, not ${what}` } }, pkt);
    return result('unsupported', e, w, undefined, blockers, []);
  }
  if (dst.kind === 'iface' && src.kind === 'iface' && dst.iface === src.iface) return invalid('to', 'the source and the destination are the same interface');

  const blockers: Blocker[] = [];
  const w = new TraceWalk(net, false, blockers);
  // the legs of a load balancer's targets write their fixes against the same scenario
  if (dst.kind === 'lb') w.ps = newPatchState(net.model, { once: true });
  const dnsOff = dst.kind === 'service' ? dst.dns : undefined;
  if (dnsOff) w.push({ component: dnsOff.vpc, kind: 'vpc', verdict: 'forward', detail: { step: 'forward', why: dnsOff.why } }, pkt);
  let tr = runFrom(w, net, flow, src, dst, pkt, proto, isIcmp);
  if (dst.kind === 'service' && tr.disposition === 'no-route') {
    // a route to the service's public address is rarely what one wants: say how services are reached
    const target = formatIp(pkt.dst);
    const how = (b: Blocker): Blocker =>
      b.setting === `route to ${target}`
        ? { ...b, fix: `reach ${dst.service} through an endpoint (a gateway endpoint for s3 or dynamodb adds its prefix-list route to \`${b.component}\`; an interface endpoint with private DNS for other services), or route 0.0.0.0/0 in \`${b.component}\` to a NAT gateway or an internet gateway` }
        : b;
    tr = { ...tr, blockers: tr.blockers.map(how) };
  }
  if (dnsOff && !tr.reachable) {
    const b: Blocker = { component: dnsOff.vpc, setting: 'enableDnsSupport, enableDnsHostnames', fix: `turn on enableDnsSupport and enableDnsHostnames in \`${dnsOff.vpc}\` so the service name resolves to interface endpoint \`${dnsOff.endpoint}\`` };
    return { ...tr, blockers: [b, ...tr.blockers] };
  }
  return tr;
}

function runFrom(w: TraceWalk, net: CompiledNetwork, flow: Flow, src: Endpoint, dst: Exclude<Endpoint, { kind: 'refused' }>, pkt: Pkt, proto: number, isIcmp: boolean): Trace {
  const blockers = w.blockers;
  if (src.kind === 'iface') w.leave(src.iface, pkt, INITIAL_STATE);
  else if (src.kind === 'external') w.external(src.network, pkt, INITIAL_STATE);
  else w.internet(pkt, INITIAL_STATE);
  const done: WalkEnd = w.result!;
  if (done.kind === 'fail') return result(done.disposition, done.blockedBy, w, undefined, blockers, []);
  const fwd = done.end;
  const fwdPkt = done.pkt;

  // The forward packet must end where the flow said.
  let service: ServiceAccess | undefined;
  let elsewhere: Disposition | undefined;
  if (dst.kind === 'service') {
    const ok = dst.iface
      ? fwd.kind === 'delivered' && fwd.iface === dst.iface
      : dst.viaGatewayEndpoint !== undefined
        ? fwd.kind === 'service' && fwd.endpoint === dst.viaGatewayEndpoint
        : fwd.kind === 'service' || fwd.kind === 'internet';
    if (!ok) elsewhere = 'unreachable-address';
    else if (src.kind === 'iface') {
      if (dst.viaInterfaceEndpoint !== undefined) {
        // the address the endpoint sees: after a NAT gateway, the NAT's own private address
        service = { service: dst.service, region: dst.region, via: 'interface-endpoint', vpc: src.iface.vpc.id, endpoint: dst.viaInterfaceEndpoint, vpcSourceIp: formatIp(fwdPkt.src) };
      } else if (fwd.kind === 'service') {
        const e = net.model.index.vpcEndpoint.get(fwd.endpoint);
        service = { service: dst.service, region: e?.region ?? dst.region, via: 'gateway-endpoint', vpc: src.iface.vpc.id, endpoint: fwd.endpoint, vpcSourceIp: formatIp(fwdPkt.src) };
      } else {
        service = { service: dst.service, region: dst.region, via: 'internet', sourceIp: formatIp(fwdPkt.src) };
      }
    }
  } else if (dst.kind === 'iface') {
    if (fwd.kind !== 'delivered' || fwd.iface !== dst.iface) elsewhere = fwd.kind === 'internet' ? 'no-route' : 'unreachable-address';
  } else if (dst.kind === 'lb') {
    if (fwd.kind !== 'load-balancer' || fwd.node.lb !== dst.lb) elsewhere = fwd.kind === 'internet' ? 'no-route' : 'unreachable-address';
  } else if (dst.kind === 'external') {
    if (fwd.kind !== 'external' || fwd.network !== dst.network.id) elsewhere = fwd.kind === 'internet' ? 'no-route' : 'unreachable-address';
  } else if (fwd.kind === 'service') {
    // an address in an AWS service's public space (S3, DynamoDB prefix lists) that the route
    // table sends to a gateway endpoint has reached the service
    service = { service: net.model.index.vpcEndpoint.get(fwd.endpoint)?.service ?? 'unknown', region: net.model.index.vpcEndpoint.get(fwd.endpoint)?.region ?? net.model.defaults.region, via: 'gateway-endpoint', ...(src.kind === 'iface' ? { vpc: src.iface.vpc.id } : {}), endpoint: fwd.endpoint, vpcSourceIp: formatIp(fwdPkt.src) };
  } else if (fwd.kind !== 'internet') {
    elsewhere = 'unreachable-address';
  }
  if (elsewhere !== undefined) {
    const where = fwd.kind === 'delivered' ? `\`${fwd.iface.id}\`` : fwd.kind === 'service' ? `\`${fwd.endpoint}\`` : fwd.kind === 'external' ? `\`${fwd.network}\`` : 'the internet';
    if (dst.kind === 'service' && dst.viaGatewayEndpoint !== undefined && src.kind === 'iface') {
      // the source subnet's table does not send the service's prefix list to this endpoint
      const rt = src.iface.subnet.routeTable.id;
      blockers.push({ component: rt, setting: `route to pl-${dst.service}`, fix: `associate \`${rt}\` with gateway endpoint \`${dst.viaGatewayEndpoint}\`` });
      return result(w.first?.disposition ?? 'no-route', w.first?.blockedBy ?? rt, w, undefined, blockers, []);
    }
    blockers.push({ component: formatIp(dst.addr), setting: 'destination', fix: `the packet ends at ${where}, not at \`${flow.to}\`: check the routes toward it` });
    return result(w.first?.disposition ?? elsewhere, w.first?.blockedBy ?? null, w, undefined, blockers, []);
  }

  // An ICMP message that is not a query (destination unreachable, time exceeded, an echo
  // reply...) has no reply (RFC 792, RFC 4443): delivering it is the whole flow.
  if (isIcmp && ICMP_REPLY[fwdPkt.icmpType] === undefined) {
    if (w.first) return result(w.first.disposition, w.first.blockedBy, w, undefined, blockers, [], service);
    return result(dst.kind === 'internet' && fwd.kind === 'service' ? 'exits-service' : SUCCESS[dst.kind], null, w, undefined, blockers, [], service);
  }

  // The reply: addresses and ports swapped, back through the real return route; security
  // groups admit it (stateful), network ACLs evaluate it again.
  const last = fwdPkt;
  const rpkt: Pkt = {
    v: last.v,
    src: last.dst,
    dst: last.src,
    proto,
    srcPort: last.dstPort,
    dstPort: last.srcPort,
    icmpType: isIcmp ? ICMP_REPLY[last.icmpType] ?? last.icmpType : 0,
    icmpCode: last.icmpCode,
  };
  const rw = new TraceWalk(net, true, blockers);
  rw.ps = w.ps;
  startReply(rw, done.end, rpkt, replyState(done.state), src.kind === 'iface' ? src.iface : undefined);
  // a denial on the way back decides, even where the reply went on to collect further blockers
  const r = rw.result!;
  const failed = r.kind === 'fail' ? r : rw.first;
  const back = r.kind === 'end' ? r.end : undefined;
  const ok = failed === undefined && back !== undefined && (src.kind === 'iface' ? back.kind === 'delivered' && back.iface === src.iface : src.kind === 'external' ? back.kind === 'external' && back.network === src.network.id : back.kind === 'internet');
  // a load balancer: the legs from the node to each target (two legs: client to node, node to target)
  if (fwd.kind === 'load-balancer') return withTargets(net, w, rw, fwd, done.pkt, done.state, ok, failed);
  if (w.first) return result(w.first.disposition, w.first.blockedBy, w, rw, blockers, [], service);
  const success = dst.kind === 'internet' && fwd.kind === 'service' ? 'exits-service' : SUCCESS[dst.kind];
  if (ok) return result(success, null, w, rw, blockers, [], service);
  if (failed === undefined) blockers.push({ component: 'return path', setting: 'return route', fix: 'route the reply back the way the request came (asymmetric routing)' });
  return result('reply-denied', failed !== undefined ? failed.blockedBy : null, w, rw, blockers, [], service);
}

/**
 * The trace to a load balancer: its client leg (`forward`/`return`, to the node and back) and
 * each target's leg from the node (`targets`). A denial on the client's way out decides, then
 * the client's reply; else reachable when some target is, otherwise the first target's verdict.
 * Every leg's blockers are the trace's (each fix once).
 */
function withTargets(net: CompiledNetwork, w: TraceWalk, rw: TraceWalk, end: Extract<End, { kind: 'load-balancer' }>, pkt: Pkt, st: FlowState, replyOk: boolean, replyFailed: { readonly disposition: Disposition; readonly blockedBy: string | null } | undefined): Trace {
  const out = traceTargets(net, end, pkt, st, w.ps);
  const blockers = w.blockers;
  const seen = new Set(blockers.map(blockerKey));
  const add = (ts: Trace['targets']): void => {
    for (const t of ts ?? []) {
      for (const b of t.blockers) {
        const k = blockerKey(b);
        if (!seen.has(k)) {
          seen.add(k);
          blockers.push(b);
        }
      }
    }
  };
  add(out.targets);
  const lb = end.node.lb!;
  const extra = { targets: out.targets, loadBalancer: { id: lb.id, node: end.node.id, listener: lb.listeners[end.listener]?.text } };
  if (w.first) return { ...result(w.first.disposition, w.first.blockedBy, w, rw, blockers, []), ...extra };
  if (!replyOk) {
    if (replyFailed === undefined) blockers.push({ component: 'return path', setting: 'return route', fix: 'route the reply back the way the request came (asymmetric routing)' });
    return { ...result('reply-denied', replyFailed?.blockedBy ?? null, w, rw, blockers, []), ...extra };
  }
  // a leg vpcsim does not model: said, never a success
  const unmodelled: Diagnostic[] = [];
  const notes = (ts: Trace['targets']): void => {
    for (const t of ts ?? []) {
      if (t.error !== undefined) unmodelled.push(error('trace-not-implemented', ['flow'], `vpcsim does not model this path: ${t.error}`));
      notes(t.targets);
    }
  };
  if (!out.reachable) notes(out.targets);
  return { ...result(out.disposition, out.blockedBy, w, rw, blockers, unmodelled), ...extra };
}

const blockerKey = (b: Blocker): string => `${b.component}|${b.setting}|${b.fix ?? ''}`;
