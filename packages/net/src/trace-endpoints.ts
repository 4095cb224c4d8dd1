// The endpoints a user can trace from or to, for pickers in the UI and shell completion.
import type { Model } from '@vpcsim/model';

/** A traceable endpoint: what to pass as `from`/`to`, its kind, and a label for people. */
export interface TraceEndpoint {
  /** The text to pass as `Flow.from` / `Flow.to`. */
  readonly id: string;
  readonly kind: 'instance' | 'network-interface' | 'nat-gateway' | 'load-balancer' | 'service' | 'external-network' | 'internet';
  readonly label: string;
  /** Whether it can be a source, a destination, or both. */
  readonly role: 'from' | 'to' | 'both';
}

/** Lists the endpoints a user can trace from and to: instances, standalone interfaces, NAT gateways, load balancers, services, external networks, the internet. */
export function traceEndpoints(model: Model): TraceEndpoint[] {
  const n = model.network;
  const out: TraceEndpoint[] = [];
  for (const i of n.instances) {
    const eth0 = model.index.networkInterface.get(i.interfaces[0] ?? '');
    const addr = eth0 ? `${eth0.privateIp}${eth0.publicIp ? `, ${eth0.publicIp}` : ''}` : '';
    out.push({ id: i.id, kind: 'instance', label: `${i.name ?? i.id} (${addr}${eth0 ? ` in ${eth0.subnet}` : ''})`, role: 'both' });
  }
  for (const i of n.networkInterfaces) {
    if (i.owner.kind === 'interface') out.push({ id: i.id, kind: 'network-interface', label: `${i.id} (${i.privateIp} in ${i.subnet})`, role: 'both' });
  }
  for (const g of n.natGateways) out.push({ id: g.id, kind: 'nat-gateway', label: `${g.id} (${g.connectivity} NAT gateway, ${g.privateIp}${g.publicIp ? `, ${g.publicIp}` : ''})`, role: 'to' });
  // a load balancer is a destination (a gateway load balancer is reached through its endpoints only)
  for (const lb of n.loadBalancers) {
    if (lb.type === 'gateway') continue;
    const at = lb.nodes.map((x) => x.publicIp ?? x.privateIp).join(', ');
    out.push({ id: lb.id, kind: 'load-balancer', label: `${lb.name ?? lb.id} (${lb.scheme} ${lb.type} load balancer, ${at}; listeners ${lb.listeners.map((l) => `${l.protocol} ${l.port}`).join(', ') || 'none'})`, role: 'to' });
  }
  const services = new Set<string>();
  for (const e of n.vpcEndpoints) services.add(e.service);
  for (const p of n.prefixLists) if (p.awsManaged && p.name) services.add(p.name.slice(p.name.lastIndexOf('.') + 1));
  for (const s of [...services].sort()) out.push({ id: `service:${s}`, kind: 'service', label: `AWS ${s} (through an endpoint if the VPC has one, else its public endpoint)`, role: 'to' });
  for (const e of n.externalNetworks) {
    out.push({ id: `external:${e.id}`, kind: 'external-network', label: `${e.id} (${e.cidrs.join(', ')}${e.vias && e.vias.length > 0 ? ` via ${e.vias.join(', ')}` : ''})`, role: 'both' });
  }
  out.push({ id: 'internet', kind: 'internet', label: 'the internet (203.0.113.10; write internet:IP for another address)', role: 'both' });
  return out;
}
