// A generator of a large, valid network scenario for the tracer benchmark (plain ESM, no build).
// generateNetwork() with the defaults: 1,000 VPCs and 10,000 interfaces (instances), each VPC
// with a public and a private subnet, a public route table (0.0.0.0/0 -> its IGW) and a main
// table with routes to its peers, a custom network ACL with numbered rules (ephemeral replies
// included), three security groups with CIDR and group-reference rules, an internet gateway
// (most VPCs), and peering connections (VPC 2k <-> 2k+1, and a ring of every tenth VPC).
// With `loadBalancersEvery: n`, every n-th VPC with an internet gateway also has an
// internet-facing application load balancer (nodes in both subnets, its own security group)
// in front of its app instances on 8080 (their group admits the load balancer's), and the
// flow sample gets `lbFlows`: from the internet and from instances to those load balancers.
//
// Run directly to write the scenario as JSON: `node bench/generate-network.mjs > big.json`.
import { fileURLToPath } from 'node:url';

/**
 * @param {{ vpcs?: number, interfacesPerVpc?: number, naclRules?: number, igwEvery?: number, loadBalancersEvery?: number }} [options]
 * @returns {{ scenario: Record<string, any>, flows: { from: string, to: string, protocol: string, port: number }[], lbFlows: { from: string, to: string, protocol: string, port: number }[] }}
 *   the scenario (version 1, compiles without errors) and a sample of flows over it
 */
export function generateNetwork(options = {}) {
  const { vpcs = 1000, interfacesPerVpc = 10, naclRules = 12, igwEvery = 5, loadBalancersEvery = 0 } = options;
  if (vpcs > 4096) throw new Error('at most 4096 VPCs (one 10.x.y.0/20 each)');
  if (interfacesPerVpc > 200) throw new Error('at most 200 interfaces per VPC');
  // VPC v: 10.(v >> 4).((v & 15) << 4).0/20; public subnet .0/24 and private subnet .1/24 of it
  const base = (v) => `10.${v >> 4}.${(v & 15) << 4}`;
  const third = (v, k) => `10.${v >> 4}.${((v & 15) << 4) + k}`;
  const s = {
    version: 1,
    name: `generated network: ${vpcs} VPCs x ${interfacesPerVpc} interfaces`,
    defaults: { account: '111111111111', region: 'us-east-1' },
    vpcs: [],
    subnets: [],
    routeTables: [],
    networkAcls: [],
    securityGroups: [],
    instances: [],
    internetGateways: [],
    vpcPeeringConnections: [],
  };
  const hasIgw = (v) => v % igwEvery !== igwEvery - 1; // 4 of 5 VPCs have an internet gateway
  const peersOf = Array.from({ length: vpcs }, () => []);
  const peer = (a, b) => {
    if (a >= vpcs || b >= vpcs || a === b) return;
    const id = `pcx-${a}-${b}`;
    s.vpcPeeringConnections.push({ id, requester: `vpc-${a}`, accepter: `vpc-${b}`, status: 'active' });
    peersOf[a].push({ id, other: b });
    peersOf[b].push({ id, other: a });
  };
  for (let v = 0; v + 1 < vpcs; v += 2) peer(v, v + 1);
  for (let v = 0; v + 10 < vpcs; v += 10) if ((v / 10) % 2 === 0) peer(v, v + 10);

  for (let v = 0; v < vpcs; v++) {
    const vpc = `vpc-${v}`;
    const cidr = `${base(v)}.0/20`;
    s.vpcs.push({ id: vpc, cidr });
    if (hasIgw(v)) s.internetGateways.push({ id: `igw-${v}`, vpc });
    s.routeTables.push({
      id: `rtb-${v}-main`,
      vpc,
      main: true,
      routes: [
        ...peersOf[v].map((p) => ({ destination: `${base(p.other)}.0/20`, target: p.id })),
        { destination: '192.168.0.0/16', target: 'blackhole' },
      ],
    });
    if (hasIgw(v)) {
      s.routeTables.push({
        id: `rtb-${v}-public`,
        vpc,
        routes: [{ destination: '0.0.0.0/0', target: `igw-${v}` }, ...peersOf[v].map((p) => ({ destination: `${base(p.other)}.0/20`, target: p.id }))],
      });
    }
    const inbound = [];
    const outbound = [];
    for (let r = 0; r < naclRules - 3; r++) {
      inbound.push({ rule: 10 + r * 10, protocol: 'tcp', ports: 1000 + r, cidr: `172.${16 + (r % 16)}.0.0/16`, action: 'deny' });
      outbound.push({ rule: 10 + r * 10, protocol: 'udp', ports: 2000 + r, cidr: `172.${16 + (r % 16)}.0.0/16`, action: 'deny' });
    }
    inbound.push(
      { rule: 200, protocol: 'tcp', ports: 22, cidr: '10.0.0.0/8', action: 'allow' },
      { rule: 210, protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0', action: 'allow' },
      { rule: 220, protocol: 'tcp', ports: '1024-65535', cidr: '0.0.0.0/0', action: 'allow' },
    );
    outbound.push({ rule: 200, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' });
    s.networkAcls.push({ id: `acl-${v}`, vpc, inbound, outbound });
    s.securityGroups.push(
      { id: `sg-${v}-web`, vpc, inbound: [{ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }, { protocol: 'tcp', ports: 22, cidr: '10.0.0.0/8' }] },
      { id: `sg-${v}-app`, vpc, inbound: [{ protocol: 'tcp', ports: 8080, securityGroup: `sg-${v}-web` }, { protocol: 'tcp', ports: 443, cidr: '10.0.0.0/8' }] },
      { id: `sg-${v}-db`, vpc, inbound: [{ protocol: 'tcp', ports: 5432, securityGroup: `sg-${v}-app` }, { protocol: 'icmp', cidr: cidr }], outbound: [{ protocol: 'tcp', ports: '1024-65535', cidr: '10.0.0.0/8' }] },
    );
    s.subnets.push(
      { id: `subnet-${v}-public`, vpc, availabilityZone: 'us-east-1a', cidr: `${third(v, 0)}.0/24`, networkAcl: `acl-${v}`, ...(hasIgw(v) ? { routeTable: `rtb-${v}-public` } : {}) },
      { id: `subnet-${v}-private`, vpc, availabilityZone: 'us-east-1b', cidr: `${third(v, 1)}.0/24`, networkAcl: `acl-${v}` },
    );
    if (loadBalancersEvery > 0 && hasIgw(v) && v % loadBalancersEvery === 0) {
      // an internet-facing ALB in front of the app instances (8080), admitted by their group
      s.loadBalancers ??= [];
      s.targetGroups ??= [];
      s.securityGroups.push({ id: `sg-${v}-alb`, vpc, inbound: [{ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] });
      s.securityGroups.find((g) => g.id === `sg-${v}-app`).inbound.push({ protocol: 'tcp', ports: 8080, securityGroup: `sg-${v}-alb` });
      s.loadBalancers.push({ id: `alb-${v}`, type: 'application', subnets: [`subnet-${v}-public`, `subnet-${v}-private`], securityGroups: [`sg-${v}-alb`], listeners: [{ protocol: 'HTTPS', port: 443, targetGroup: `tg-${v}` }] });
      const app = Array.from({ length: interfacesPerVpc }, (_, i) => i).filter((i) => i % 3 === 1);
      s.targetGroups.push({ id: `tg-${v}`, vpc, protocol: 'HTTP', port: 8080, targets: app.map((i) => ({ id: `i-${v}-${i}` })) });
    }
    const roles = ['web', 'app', 'db'];
    for (let i = 0; i < interfacesPerVpc; i++) {
      const isPublic = i % 2 === 0;
      const role = roles[i % 3];
      s.instances.push({
        id: `i-${v}-${i}`,
        subnet: `subnet-${v}-${isPublic ? 'public' : 'private'}`,
        privateIp: `${third(v, isPublic ? 0 : 1)}.${10 + i}`,
        ...(isPublic && hasIgw(v) ? { publicIp: `3.${80 + (v >> 8)}.${v & 255}.${10 + i}` } : {}),
        securityGroups: [`sg-${v}-${role}`],
      });
    }
  }

  // A deterministic sample of flows: within a VPC, across peering, to and from the internet.
  let seed = 42;
  const rnd = (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const flows = [];
  const ports = [22, 443, 5432, 8080];
  for (let k = 0; k < 2000; k++) {
    const v = rnd(vpcs);
    const a = `i-${v}-${rnd(interfacesPerVpc)}`;
    const kind = k % 4;
    const port = ports[rnd(ports.length)];
    if (kind === 0) flows.push({ from: a, to: `i-${v}-${rnd(interfacesPerVpc)}`, protocol: 'tcp', port });
    else if (kind === 1) {
      const p = peersOf[v][0];
      const w = p ? p.other : rnd(vpcs);
      flows.push({ from: a, to: `i-${w}-${rnd(interfacesPerVpc)}`, protocol: 'tcp', port });
    } else if (kind === 2) flows.push({ from: a, to: '8.8.8.8', protocol: 'tcp', port: 443 });
    else flows.push({ from: 'internet:203.0.113.7', to: `i-${v}-${2 * rnd(interfacesPerVpc >> 1)}`, protocol: 'tcp', port });
  }
  // flows to the load balancers: from the internet, and from an instance of the same VPC
  const lbFlows = [];
  const lbs = s.loadBalancers ?? [];
  for (let k = 0; k < 1000 && lbs.length > 0; k++) {
    const lb = lbs[rnd(lbs.length)];
    const v = Number(lb.id.slice(4));
    lbFlows.push(k % 2 === 0 ? { from: 'internet:203.0.113.7', to: lb.id, protocol: 'tcp', port: 443 } : { from: `i-${v}-${rnd(interfacesPerVpc)}`, to: `lb:${lb.id}`, protocol: 'tcp', port: 443 });
  }
  return { scenario: s, flows: flows.filter((f) => f.from !== f.to), lbFlows };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(generateNetwork().scenario));
}
