// fast-check arbitraries of small, valid scenarios and of flows between their endpoints, shared
// by the differential test (reference.test.ts) and the property tests (properties.test.ts).
// Topologies: 1-3 VPCs (10.<v>.0.0/16), 1-3 subnets each (10.<v>.<s>.0/24), optional IGWs,
// NAT gateways, peering connections (active or not), route tables with IGW/NAT/peering/
// appliance/blackhole routes, network ACLs with random numbered rules, security groups with
// random rules including group references, instances with or without public IPs, some of them
// appliances or NAT instances (source/destination check off), and a transit gateway with VPC
// attachments in one or two AZs (attachment subnets shared with instances or not, so their
// network ACLs are exercised), propagated or not, and optionally a static default route to the
// first VPC's attachment (traffic routed onward out of an attachment subnet).
// On top of these (issue 13; `issue13: false` leaves them out, so golden.test.ts keeps its cases):
// stateful and `stateless: true` appliances, dedicated appliance subnets with middlebox routes for
// whole subnets (asymmetric pairs: one appliance per direction) and replaced local route targets,
// internet gateways with gateway route tables sending a subnet (or the whole VPC) through an
// appliance, interface endpoints, and a two-AZ inspection VPC behind the transit gateway with or
// without appliance mode, and NAT64 (a VPC with a NAT gateway gets IPv6 blocks and addresses and
// routes 64:ff9b::/96 to it); flows add GRE (protocol 47, which NAT gateways do not carry), endpoint
// ids (from the endpoint's VPC and from others), an address of S3's prefix list and DNS64 addresses
// (64:ff9b:: and an IPv4 address of the internet or of an instance).
import fc from 'fast-check';
import { compile, type Model } from '@vpcsim/model';
import type { Flow } from '../src/trace-types.js';

/** A raw scenario object (the YAML's shape) as the generators build it. */
export type RawScenario = Record<string, unknown> & {
  vpcs: { id: string; cidr: string }[];
  subnets: { id: string; vpc: string; availabilityZone: string; cidr: string; routeTable?: string; networkAcl?: string }[];
  routeTables: { id: string; vpc: string; routes: { destination: string; target: string }[] }[];
  networkAcls: { id: string; vpc: string; inbound: NaclRule[]; outbound: NaclRule[] }[];
  securityGroups: { id: string; vpc: string; inbound: SgRule[]; outbound?: SgRule[] }[];
  instances: { id: string; subnet: string; privateIp: string; publicIp?: string; securityGroups: string[]; sourceDestCheck?: boolean; nat?: boolean; stateless?: boolean }[];
  internetGateways: { id: string; vpc: string; routeTable?: string }[];
  natGateways: { id: string; subnet: string; publicIp: string; privateIp: string }[];
  vpcPeeringConnections: { id: string; requester: string; accepter: string; status: string }[];
  vpcEndpoints?: (
    | { id: string; vpc: string; type: 'gateway'; service: 's3'; routeTables: string[] }
    | { id: string; vpc: string; type: 'interface'; service: string; subnets: string[]; securityGroups: string[]; privateDns: boolean }
  )[];
  transitGateways?: {
    id: string;
    routeTables: { id: string; routes: { destination: string; attachment: string }[]; associations: string[]; propagations: string[] }[];
    attachments: { id: string; vpc: string; subnets: string[]; applianceMode?: boolean }[];
  }[];
};

export interface NaclRule {
  rule: number;
  protocol: string;
  ports?: string | number;
  cidr: string;
  action: 'allow' | 'deny';
}
export interface SgRule {
  protocol: string;
  ports?: string | number;
  cidr?: string;
  securityGroup?: string;
}

const PORTS: (string | number)[] = [22, 80, 443, 5432, '1024-65535', '0-1023', '49152-65535', 'all'];
const PROTOCOLS = ['tcp', 'tcp', 'tcp', 'udp', 'all', 'icmp'];
/** The internet addresses flows use. */
export const INTERNET_IPS = ['8.8.8.8', '203.0.113.7', '198.51.100.9'];

/** The knobs a topology is drawn from: plain numbers, so shrinking stays meaningful. */
interface Shape {
  vpcs: {
    subnets: number;
    igw: boolean;
    tables: number;
    acls: number;
    sgs: number;
    nat: number; // -1: none, else subnet index
    s3: boolean; // an S3 gateway endpoint in the main table and the first custom table
    tgw: number; // -1: not attached to tgw-0, else the attachment subnets' pattern (see tgwSubnets)
    tgwPropagate: boolean;
  }[];
  peerings: { a: number; b: number; status: 'active' | 'pending-acceptance' }[];
  /** A static 0.0.0.0/0 route in the TGW route table to the first VPC's attachment, if attached. */
  tgwDefault: boolean;
}

/**
 * The attachment subnets of pattern `k` in a VPC with `n` subnets (subnet s is in us-east-1a
 * when s is even, else us-east-1b; one subnet per AZ).
 */
function tgwSubnets(v: number, k: number, n: number): string[] {
  const id = (s: number) => `subnet-${v}-${s}`;
  switch (k) {
    case 0: return [id(0)];
    case 1: return n > 1 ? [id(0), id(1)] : [id(0)];
    case 2: return [id(n > 2 ? 2 : 0)];
    default: return [id(n > 1 ? 1 : 0)];
  }
}

const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);

const naclRule = (cidrs: string[]): fc.Arbitrary<Omit<NaclRule, 'rule'>> =>
  fc.record({
    protocol: pick(PROTOCOLS),
    ports: pick(PORTS),
    cidr: pick(cidrs),
    action: fc.constantFrom<'allow' | 'deny'>('allow', 'allow', 'deny'),
  }).map((r) => (r.protocol === 'tcp' || r.protocol === 'udp' ? r : { protocol: r.protocol, cidr: r.cidr, action: r.action }));

const naclRules = (cidrs: string[]): fc.Arbitrary<NaclRule[]> =>
  fc
    .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { minLength: 0, maxLength: 5 }), fc.array(naclRule(cidrs), { minLength: 5, maxLength: 5 }))
    .chain(([nums, rules]) =>
      fc.boolean().map((tail) => {
        const list: NaclRule[] = nums.map((n, k) => ({ rule: n, ...rules[k]! }));
        // most real ACLs end in a broad allow; without one, every custom ACL would deny nearly all
        if (tail) list.push({ rule: 1000, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' });
        return list;
      }),
    );

const sgRule = (cidrs: string[], groups: string[]): fc.Arbitrary<SgRule> =>
  fc
    .record({ protocol: pick(PROTOCOLS), ports: pick(PORTS), peer: fc.oneof(pick(cidrs).map((c) => ({ cidr: c })), pick(groups).map((g) => ({ securityGroup: g }))) })
    .map(({ protocol, ports, peer }) => (protocol === 'tcp' || protocol === 'udp' ? { protocol, ports, ...peer } : { protocol, ...peer }));

/** The options of the generators. */
export interface ArbOptions {
  maxVpcs?: number;
  minVpcs?: number;
  /** false: no transit gateway (for peering-only properties) */
  tgw?: boolean;
  /** false: only the topologies and flows of before issue 13 (the same random cases for a seed: golden.test.ts pins them) */
  issue13?: boolean;
}

/** An arbitrary valid small scenario (raw form). */
export function arbScenario(opts: ArbOptions = {}): fc.Arbitrary<RawScenario> {
  const shape: fc.Arbitrary<Shape> = fc
    .array(
      fc.record({
        subnets: fc.integer({ min: 1, max: 3 }),
        igw: fc.constantFrom(true, true, false),
        tables: fc.integer({ min: 0, max: 2 }),
        acls: fc.integer({ min: 0, max: 2 }),
        sgs: fc.integer({ min: 1, max: 3 }),
        nat: fc.integer({ min: -1, max: 2 }),
        s3: fc.constantFrom(false, false, true),
        tgw: fc.constantFrom(-1, -1, -1, 0, 1, 2, 3),
        tgwPropagate: fc.constantFrom(true, true, true, false),
      }),
      { minLength: opts.minVpcs ?? 1, maxLength: opts.maxVpcs ?? 3 },
    )
    .chain((vpcs) =>
      fc
        .array(fc.record({ a: fc.nat(vpcs.length - 1), b: fc.nat(vpcs.length - 1), status: fc.constantFrom<'active' | 'pending-acceptance'>('active', 'active', 'active', 'pending-acceptance') }), { maxLength: 3 })
        .map((ps) => {
          const seen = new Set<string>();
          const peerings = ps.filter((p) => {
            const k = `${Math.min(p.a, p.b)}-${Math.max(p.a, p.b)}`;
            if (p.a === p.b || seen.has(k)) return false;
            seen.add(k);
            return true;
          });
          return { vpcs, peerings };
        })
        .chain((sh) => fc.constantFrom(false, false, true).map((tgwDefault) => ({ ...sh, tgwDefault }))),
    );
  const noTgw = (sh: Shape): Shape => ({ ...sh, vpcs: sh.vpcs.map((x) => ({ ...x, tgw: -1 })) });
  const plain = shape.chain((sh) => build(opts.tgw === false ? noTgw(sh) : sh));
  return opts.issue13 === false ? plain : plain.chain(extend);
}

/** The issue-13 additions to one VPC (see `extend`). */
interface VpcExtension {
  /** One or two dedicated appliances in the VPC's appliance subnet (10.<v>.7.0/24), each stateless (true) or stateful. */
  fw: boolean[];
  /** Two subnets routing each other's block through an appliance each (asymmetric when they differ). */
  pair: { a: number; b: number; fa: number; fb: number } | null;
  /** A route table (by index among the VPC's tables) whose local route target is replaced by an appliance. */
  local: { table: number; fw: number } | null;
  /** The internet gateway's gateway route table: one subnet's block, or the whole VPC, to an appliance. */
  edge: { mode: 'none' | 'subnet' | 'vpc'; subnet: number; fw: number };
  /** An interface endpoint (SQS) in the first subnet of each AZ, guarded by the VPC's first group or by one open to 10.0.0.0/8. */
  ifEndpoint: 'none' | 'sg-0' | 'open';
  /** NAT64, where the VPC has a NAT gateway: IPv6 blocks and addresses, 64:ff9b::/96 to the NAT gateway; IPv6 rules in its ACLs and first group, ::/0 to the internet gateway. */
  nat64: { on: boolean; aclV6: boolean; sgV6: boolean; v6Default: boolean };
}

/** A scenario's issue-13 additions: per VPC, per instance, and the inspection VPC behind the transit gateway. */
interface Extension {
  vpcs: VpcExtension[];
  /** Per instance: 0 unchanged, 1 a stateful appliance, 2 a stateless one. */
  convert: number[];
  inspection: { on: boolean; applianceMode: boolean; stateless: boolean };
}

const arbVpcExtension: fc.Arbitrary<VpcExtension> = fc.record({
  fw: fc.array(fc.constantFrom(false, false, true), { minLength: 1, maxLength: 2 }),
  pair: fc.option(fc.record({ a: fc.nat(5), b: fc.nat(5), fa: fc.nat(3), fb: fc.nat(3) }), { freq: 2 }),
  local: fc.option(fc.record({ table: fc.nat(5), fw: fc.nat(3) }), { freq: 3 }),
  edge: fc.record({ mode: fc.constantFrom<'none' | 'subnet' | 'vpc'>('none', 'none', 'subnet', 'subnet', 'vpc'), subnet: fc.nat(5), fw: fc.nat(3) }),
  ifEndpoint: fc.constantFrom<VpcExtension['ifEndpoint']>('none', 'sg-0', 'open'),
  nat64: fc.record({ on: fc.constantFrom(false, true, true), aclV6: fc.constantFrom(true, true, false), sgV6: fc.boolean(), v6Default: fc.boolean() }),
});

/** Adds the issue-13 topologies to a generated scenario (a new object; `sc` is left as it is). */
function extend(sc: RawScenario): fc.Arbitrary<RawScenario> {
  return fc
    .record({
      vpcs: fc.array(arbVpcExtension, { minLength: sc.vpcs.length, maxLength: sc.vpcs.length }),
      convert: fc.array(fc.constantFrom(0, 0, 0, 0, 1, 2), { minLength: sc.instances.length, maxLength: sc.instances.length }),
      inspection: fc.record({ on: fc.boolean(), applianceMode: fc.boolean(), stateless: fc.constantFrom(false, false, true) }),
    })
    .map((x) => applyExtension(sc, x));
}

function applyExtension(base: RawScenario, x: Extension): RawScenario {
  const sc = structuredClone(base);
  // some instances become appliances: stateful, or plain routers that keep no state
  sc.instances.forEach((inst, k) => {
    const c = x.convert[k]!;
    if (c === 0) return;
    inst.sourceDestCheck = false;
    delete inst.nat;
    if (c === 2) inst.stateless = true;
  });
  sc.vpcs.forEach((vpc, v) => {
    const e = x.vpcs[v]!;
    const subnets = sc.subnets.filter((s) => s.vpc === vpc.id);
    const tableOf = (subnet: { routeTable?: string }) => subnet.routeTable ?? `rtb-${v}-main`;
    const table = (id: string) => sc.routeTables.find((t) => t.id === id)!;
    const addRoute = (id: string, destination: string, target: string) => {
      const t = table(id);
      if (!t.routes.some((r) => r.destination === destination)) t.routes.push({ destination, target });
    };
    if (e.ifEndpoint !== 'none') {
      const inAz = (az: string) => subnets.find((s) => s.availabilityZone === az);
      const where = [inAz('us-east-1a'), inAz('us-east-1b')].filter((s) => s !== undefined).map((s) => s.id);
      if (e.ifEndpoint === 'open') sc.securityGroups.push({ id: `sg-${v}-vpce`, vpc: vpc.id, inbound: [{ protocol: 'tcp', ports: 'all', cidr: '10.0.0.0/8' }] });
      sc.vpcEndpoints!.push({ id: `vpce-if-${v}`, vpc: vpc.id, type: 'interface', service: 'sqs', subnets: where, securityGroups: [e.ifEndpoint === 'open' ? `sg-${v}-vpce` : `sg-${v}-0`], privateDns: false });
    }
    // the appliances' own subnet and table (the main table's routes as they were), and a group that admits everything
    const mainRoutes = table(`rtb-${v}-main`).routes.map((r) => ({ ...r }));
    const igw = sc.internetGateways.find((g) => g.vpc === vpc.id);
    sc.subnets.push({ id: `subnet-${v}-fw`, vpc: vpc.id, availabilityZone: 'us-east-1a', cidr: `10.${v}.7.0/24`, routeTable: `rtb-${v}-fw` });
    sc.routeTables.push({ id: `rtb-${v}-fw`, vpc: vpc.id, routes: mainRoutes });
    sc.securityGroups.push({ id: `sg-${v}-fw`, vpc: vpc.id, inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
    const fws = e.fw.map((stateless, k) => {
      const id = `i-${v}-fw-${k}`;
      sc.instances.push({ id, subnet: `subnet-${v}-fw`, privateIp: `10.${v}.7.${10 + k}`, ...(igw ? { publicIp: `3.81.${v}.${k + 1}` } : {}), securityGroups: [`sg-${v}-fw`], sourceDestCheck: false, ...(stateless ? { stateless: true } : {}) });
      return id;
    });
    const fw = (k: number) => fws[k % fws.length]!;
    const block = (s: { cidr: string }) => s.cidr;
    // middlebox routes for whole subnets: a's table sends b's block to one appliance, b's table a's block to another
    if (e.pair && subnets.length > 1) {
      const a = subnets[e.pair.a % subnets.length]!;
      const b = subnets[(e.pair.a + 1 + (e.pair.b % (subnets.length - 1))) % subnets.length]!;
      addRoute(tableOf(a), block(b), fw(e.pair.fa));
      addRoute(tableOf(b), block(a), fw(e.pair.fb));
    }
    // a table whose local route target is an appliance (not the appliances' own table)
    if (e.local) {
      const tables = sc.routeTables.filter((t) => t.vpc === vpc.id && t.id !== `rtb-${v}-fw`);
      addRoute(tables[e.local.table % tables.length]!.id, vpc.cidr, fw(e.local.fw));
    }
    // ingress routing: the internet gateway's gateway route table sends a subnet (or all) through an appliance
    if (igw && e.edge.mode !== 'none') {
      const dest = e.edge.mode === 'vpc' ? vpc.cidr : block(subnets[e.edge.subnet % subnets.length]!);
      sc.routeTables.push({ id: `rtb-${v}-edge`, vpc: vpc.id, routes: [{ destination: dest, target: fw(e.edge.fw) }] });
      igw.routeTable = `rtb-${v}-edge`;
      // the appliances send the internet-bound packets they forward to the internet gateway
      const own = table(`rtb-${v}-fw`);
      own.routes = [...own.routes.filter((r) => r.destination !== '0.0.0.0/0'), { destination: '0.0.0.0/0', target: igw.id }];
    }
  });
  sc.vpcs.forEach((vpc, v) => {
    if (x.vpcs[v]!.nat64.on && sc.natGateways.some((g) => g.id === `nat-${v}`)) addNat64(sc, v, vpc.id, x.vpcs[v]!.nat64);
  });
  const tgw = sc.transitGateways?.[0];
  if (tgw && x.inspection.on) addInspectionVpc(sc, tgw, x.inspection);
  return sc;
}

/**
 * NAT64 in VPC `v` (which has NAT gateway nat-<v>): an IPv6 /56, a /64 per subnet, an IPv6 address
 * per instance (2600:1f18:<v+1>:<subnet>::<last octet>), and 64:ff9b::/96 → nat-<v> in each route
 * table; optionally IPv6 rules (::/0) in its network ACLs and first group, and ::/0 to its
 * internet gateway. https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-nat64-dns64.html
 */
function addNat64(sc: RawScenario, v: number, vpc: string, o: VpcExtension['nat64']): void {
  const six = (x: object): Record<string, unknown> => x as Record<string, unknown>;
  six(sc.vpcs.find((x) => x.id === vpc)!).ipv6Cidr = `2600:1f18:${v + 1}::/56`;
  const subnets = new Map<string, number>();
  sc.subnets.forEach((s, k) => {
    if (s.vpc !== vpc) return;
    subnets.set(s.id, k);
    six(s).ipv6Cidr = `2600:1f18:${v + 1}:${k}::/64`;
  });
  for (const i of sc.instances) {
    const k = subnets.get(i.subnet);
    if (k !== undefined) six(i).ipv6Addresses = [`2600:1f18:${v + 1}:${k}::${i.privateIp.split('.')[3]}`];
  }
  const igw = sc.internetGateways.find((g) => g.vpc === vpc && g.routeTable === undefined);
  for (const t of sc.routeTables) {
    if (t.vpc !== vpc || t.id.endsWith('-edge')) continue;
    t.routes.push({ destination: '64:ff9b::/96', target: `nat-${v}` });
    if (o.v6Default && igw) t.routes.push({ destination: '::/0', target: igw.id });
  }
  if (o.aclV6) {
    for (const a of sc.networkAcls) {
      if (a.vpc !== vpc) continue;
      a.inbound.push({ rule: 1001, protocol: 'all', cidr: '::/0', action: 'allow' });
      a.outbound.push({ rule: 1001, protocol: 'all', cidr: '::/0', action: 'allow' });
    }
  }
  if (o.sgV6) sc.securityGroups.find((g) => g.id === `sg-${v}-0`)?.inbound.push({ protocol: 'all', cidr: '::/0' });
}

/**
 * A two-AZ inspection VPC (10.9.0.0/16) after AWS's "Appliance in a shared services VPC": the
 * transit gateway sends every attached VPC's traffic to it (the spokes' route table: 0.0.0.0/0 to
 * its attachment), its attachment subnet in each AZ routes to that AZ's firewall, the firewalls
 * route back to the transit gateway, whose second table has the spokes' propagated routes.
 * https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
 */
function addInspectionVpc(sc: RawScenario, tgw: NonNullable<RawScenario['transitGateways']>[number], o: Extension['inspection']): void {
  // every VPC is a spoke, attached in every AZ it has a subnet in (so a reply may enter the TGW in
  // another AZ than its request), and its route tables send 10.0.0.0/8 to the TGW where nothing more specific does
  for (const vpc of sc.vpcs) {
    const own = sc.subnets.filter((s) => s.vpc === vpc.id && !s.id.endsWith('-fw'));
    const subnets = ['us-east-1a', 'us-east-1b'].flatMap((az) => own.filter((s) => s.availabilityZone === az).slice(0, 1).map((s) => s.id));
    const a = tgw.attachments.find((x) => x.vpc === vpc.id);
    if (a) a.subnets = subnets;
    else tgw.attachments.push({ id: `att-${vpc.id.slice('vpc-'.length)}`, vpc: vpc.id, subnets });
    for (const t of sc.routeTables) {
      if (t.vpc !== vpc.id || t.id.endsWith('-edge') || t.routes.some((r) => r.destination === '10.0.0.0/8')) continue;
      t.routes.push({ destination: '10.0.0.0/8', target: tgw.id });
    }
  }
  const spokes = tgw.attachments.map((a) => a.id);
  sc.vpcs.push({ id: 'vpc-insp', cidr: '10.9.0.0/16' });
  sc.subnets.push(
    { id: 'subnet-insp-tgw-a', vpc: 'vpc-insp', availabilityZone: 'us-east-1a', cidr: '10.9.0.0/24', routeTable: 'rtb-insp-tgw-a' },
    { id: 'subnet-insp-tgw-b', vpc: 'vpc-insp', availabilityZone: 'us-east-1b', cidr: '10.9.1.0/24', routeTable: 'rtb-insp-tgw-b' },
    { id: 'subnet-insp-fw-a', vpc: 'vpc-insp', availabilityZone: 'us-east-1a', cidr: '10.9.2.0/24' },
    { id: 'subnet-insp-fw-b', vpc: 'vpc-insp', availabilityZone: 'us-east-1b', cidr: '10.9.3.0/24' },
  );
  sc.routeTables.push(
    { id: 'rtb-insp-main', vpc: 'vpc-insp', main: true, routes: [{ destination: '10.0.0.0/8', target: tgw.id }] } as RawScenario['routeTables'][number],
    { id: 'rtb-insp-tgw-a', vpc: 'vpc-insp', routes: [{ destination: '0.0.0.0/0', target: 'i-insp-fw-a' }] },
    { id: 'rtb-insp-tgw-b', vpc: 'vpc-insp', routes: [{ destination: '0.0.0.0/0', target: 'i-insp-fw-b' }] },
  );
  sc.securityGroups.push({ id: 'sg-insp-0', vpc: 'vpc-insp', inbound: [{ protocol: 'all', cidr: '10.0.0.0/8' }] });
  for (const az of ['a', 'b'])
    sc.instances.push({ id: `i-insp-fw-${az}`, subnet: `subnet-insp-fw-${az}`, privateIp: `10.9.${az === 'a' ? 2 : 3}.10`, securityGroups: ['sg-insp-0'], sourceDestCheck: false, ...(o.stateless ? { stateless: true } : {}) });
  tgw.attachments.push({ id: 'att-insp', vpc: 'vpc-insp', subnets: ['subnet-insp-tgw-a', 'subnet-insp-tgw-b'], ...(o.applianceMode ? { applianceMode: true } : {}) });
  tgw.routeTables = [
    { id: 'tgw-rtb-0', routes: [{ destination: '0.0.0.0/0', attachment: 'att-insp' }], associations: spokes, propagations: [] },
    { id: 'tgw-rtb-insp', routes: [], associations: ['att-insp'], propagations: spokes },
  ];
}

function build(sh: Shape): fc.Arbitrary<RawScenario> {
  const vpcIds = sh.vpcs.map((_, v) => `vpc-${v}`);
  const allCidrs = ['0.0.0.0/0', '10.0.0.0/8', '203.0.113.0/24', '8.8.8.0/24', ...sh.vpcs.map((_, v) => `10.${v}.0.0/16`)];
  for (const [v, x] of sh.vpcs.entries()) for (let s = 0; s < x.subnets; s++) allCidrs.push(`10.${v}.${s}.0/24`);
  const groupsOf = (v: number): string[] => {
    const own = Array.from({ length: sh.vpcs[v]!.sgs }, (_, g) => `sg-${v}-${g}`);
    // groups of actively peered VPCs (same region) may be referenced too
    for (const p of sh.peerings) {
      if (p.status !== 'active') continue;
      const o = p.a === v ? p.b : p.b === v ? p.a : -1;
      if (o >= 0) own.push(`sg-${o}-0`);
    }
    return own;
  };
  const perVpc = sh.vpcs.map((x, v) => {
    const instancesPerSubnet = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: x.subnets, maxLength: x.subnets });
    const natSubnet = x.nat >= 0 && x.nat < x.subnets ? x.nat : -1;
    const peers = sh.peerings.map((p, k) => ({ ...p, id: `pcx-${k}` })).filter((p) => p.a === v || p.b === v);
    return fc.record({
      instanceCounts: instancesPerSubnet,
      instanceOpts: fc.array(
        fc.record({ publicIp: fc.boolean(), sgs: fc.uniqueArray(fc.nat(x.sgs - 1), { minLength: 1, maxLength: 2 }), appliance: fc.constantFrom(0, 0, 0, 1, 2) }),
        { minLength: 6, maxLength: 6 },
      ),
      subnetTable: fc.array(fc.integer({ min: -1, max: x.tables - 1 }), { minLength: x.subnets, maxLength: x.subnets }),
      subnetAcl: fc.array(fc.integer({ min: -1, max: x.acls - 1 }), { minLength: x.subnets, maxLength: x.subnets }),
      tableRoutes: fc.array(
        fc.record({
          defaultRoute: fc.constantFrom('none', 'igw', 'igw', 'igw', 'nat', 'nat', 'blackhole', 'appliance', 'peer', 'tgw'),
          tgwRoute: fc.constantFrom(false, true, true),
          peerRoutes: fc.array(fc.constantFrom('route', 'route', 'none', 'blackhole', 'wrong-peer'), { minLength: 3, maxLength: 3 }),
          applianceIndex: fc.nat(20),
          peerPick: fc.nat(5),
        }),
        { minLength: x.tables + 1, maxLength: x.tables + 1 },
      ),
      acls: fc.array(fc.record({ inbound: naclRules(allCidrs), outbound: naclRules(allCidrs) }), { minLength: x.acls, maxLength: x.acls }),
      sgs: fc.array(
        fc.record({
          inbound: fc.array(sgRule(allCidrs, groupsOf(v)), { minLength: 1, maxLength: 5 }),
          outbound: fc.oneof(
            { arbitrary: fc.constant(undefined), weight: 4 },
            { arbitrary: fc.array(sgRule(allCidrs, groupsOf(v)), { maxLength: 3 }), weight: 1 },
          ),
        }),
        { minLength: x.sgs, maxLength: x.sgs },
      ),
    }).map((d) => ({ d, natSubnet, peers }));
  });
  return fc.tuple(...perVpc).map((vs) => {
    const sc: RawScenario = {
      version: 1,
      name: 'generated',
      defaults: { account: '111111111111', region: 'us-east-1' },
      vpcs: [],
      subnets: [],
      routeTables: [],
      networkAcls: [],
      securityGroups: [],
      instances: [],
      internetGateways: [],
      natGateways: [],
      vpcPeeringConnections: sh.peerings.map((p, k) => ({ id: `pcx-${k}`, requester: vpcIds[p.a]!, accepter: vpcIds[p.b]!, status: p.status })),
      vpcEndpoints: sh.vpcs.flatMap((x, v) =>
        x.s3 ? [{ id: `vpce-${v}`, vpc: vpcIds[v]!, type: 'gateway' as const, service: 's3' as const, routeTables: [`rtb-${v}-main`, ...(x.tables > 0 ? [`rtb-${v}-0`] : [])] }] : [],
      ),
    };
    vs.forEach(({ d, natSubnet, peers }, v) => {
      const x = sh.vpcs[v]!;
      const vpc = vpcIds[v]!;
      sc.vpcs.push({ id: vpc, cidr: `10.${v}.0.0/16` });
      if (x.igw) sc.internetGateways.push({ id: `igw-${v}`, vpc });
      const nat = natSubnet >= 0 ? `nat-${v}` : undefined;
      if (nat) sc.natGateways.push({ id: nat, subnet: `subnet-${v}-${natSubnet}`, publicIp: `52.0.${v}.10`, privateIp: `10.${v}.${natSubnet}.200` });
      // instances
      let k = 0;
      const vpcInstances: { id: string; appliance: number }[] = [];
      for (let s = 0; s < x.subnets; s++) {
        // INVARIANT: the first subnet of the first VPC has an instance, so every scenario has a flow
        const count = v === 0 && s === 0 ? Math.max(1, d.instanceCounts[s]!) : d.instanceCounts[s]!;
        for (let n = 0; n < count; n++) {
          const o = d.instanceOpts[k % d.instanceOpts.length]!;
          const id = `i-${v}-${s}-${n}`;
          sc.instances.push({
            id,
            subnet: `subnet-${v}-${s}`,
            privateIp: `10.${v}.${s}.${10 + n}`,
            ...(o.publicIp ? { publicIp: `3.80.${v}.${s * 16 + n + 1}` } : {}),
            securityGroups: o.sgs.map((g) => `sg-${v}-${g}`),
            ...(o.appliance > 0 ? { sourceDestCheck: o.appliance === 1, nat: true } : {}),
          });
          vpcInstances.push({ id, appliance: o.appliance });
          k++;
        }
      }
      // route tables: index x.tables is the declared main table
      d.tableRoutes.forEach((t, ti) => {
        const id = ti === x.tables ? `rtb-${v}-main` : `rtb-${v}-${ti}`;
        const routes: { destination: string; target: string }[] = [];
        const activePeers = peers;
        let def: string | undefined;
        switch (t.defaultRoute) {
          case 'igw': def = x.igw ? `igw-${v}` : undefined; break;
          case 'nat': def = nat; break;
          case 'blackhole': def = 'blackhole'; break;
          case 'appliance': def = vpcInstances.length > 0 ? vpcInstances[t.applianceIndex % vpcInstances.length]!.id : undefined; break;
          case 'peer': def = activePeers.length > 0 ? activePeers[t.peerPick % activePeers.length]!.id : undefined; break;
          case 'tgw': def = x.tgw >= 0 ? 'tgw-0' : undefined; break;
        }
        if (def) routes.push({ destination: '0.0.0.0/0', target: def });
        for (const [pi, p] of activePeers.entries()) {
          const other = p.a === v ? p.b : p.a;
          const how = t.peerRoutes[pi % 3]!;
          if (how === 'route') routes.push({ destination: `10.${other}.0.0/16`, target: p.id });
          else if (how === 'blackhole') routes.push({ destination: `10.${other}.0.0/16`, target: 'blackhole' });
          else if (how === 'wrong-peer') {
            // a route to a third VPC through this peering: never carried (not transitive)
            const third = [0, 1, 2].find((z) => z !== v && z !== other && z < sh.vpcs.length);
            if (third !== undefined) routes.push({ destination: `10.${third}.0.0/16`, target: p.id });
          }
        }
        if (t.tgwRoute && x.tgw >= 0) routes.push({ destination: '10.0.0.0/8', target: 'tgw-0' });
        const unique = routes.filter((r, i) => routes.findIndex((q) => q.destination === r.destination) === i);
        sc.routeTables.push({ id, vpc, ...(ti === x.tables ? { main: true } : {}), routes: unique } as RawScenario['routeTables'][number]);
      });
      d.acls.forEach((a, ai) => sc.networkAcls.push({ id: `acl-${v}-${ai}`, vpc, inbound: a.inbound, outbound: a.outbound }));
      d.sgs.forEach((g, gi) => sc.securityGroups.push({ id: `sg-${v}-${gi}`, vpc, inbound: g.inbound, ...(g.outbound ? { outbound: g.outbound } : {}) }));
      for (let s = 0; s < x.subnets; s++) {
        const t = d.subnetTable[s]!;
        const a = d.subnetAcl[s]!;
        sc.subnets.push({
          id: `subnet-${v}-${s}`,
          vpc,
          availabilityZone: s % 2 === 0 ? 'us-east-1a' : 'us-east-1b',
          cidr: `10.${v}.${s}.0/24`,
          ...(t >= 0 ? { routeTable: `rtb-${v}-${t}` } : {}),
          ...(a >= 0 ? { networkAcl: `acl-${v}-${a}` } : {}),
        });
      }
    });
    const attached = sh.vpcs.flatMap((x, v) => (x.tgw >= 0 ? [{ id: `att-${v}`, vpc: vpcIds[v]!, subnets: tgwSubnets(v, x.tgw, x.subnets), propagate: x.tgwPropagate, applianceMode: v === 0 && x.tgw === 1 }] : []));
    if (attached.length > 0) {
      sc.transitGateways = [
        {
          id: 'tgw-0',
          routeTables: [
            {
              id: 'tgw-rtb-0',
              routes: sh.tgwDefault && attached[0]!.id === 'att-0' ? [{ destination: '0.0.0.0/0', attachment: 'att-0' }] : [],
              associations: attached.map((a) => a.id),
              propagations: attached.filter((a) => a.propagate).map((a) => a.id),
            },
          ],
          // the first VPC, attached in two AZs, runs in appliance mode (the flow's AZ is pinned both ways)
          attachments: attached.map(({ id, vpc, subnets, applianceMode }) => (applianceMode ? { id, vpc, subnets, applianceMode } : { id, vpc, subnets })),
        },
      ];
    }
    return sc;
  });
}

/** An address inside S3's us-east-1 prefix list (52.216.0.0/15, ip-ranges.json). */
export const S3_PREFIX_LIST_IP = '52.216.8.9';

/**
 * Endpoint texts a flow may use in a scenario: instances, internet addresses, unassigned VPC
 * addresses; with `issue13`, also the VPC endpoints' ids and an address of S3's prefix list.
 */
export function endpointsOf(sc: RawScenario, issue13 = true): { from: string[]; to: string[] } {
  const inst = sc.instances.map((i) => i.id);
  const from = [...inst, ...INTERNET_IPS.map((a) => `internet:${a}`)];
  const to = [...inst, ...INTERNET_IPS, 'service:s3', ...sc.vpcs.map((x) => x.cidr.replace(/\.0\.0\/16$/, '.0.99')), ...sc.instances.filter((i) => i.publicIp).map((i) => i.publicIp!)];
  if (issue13) to.push(...(sc.vpcEndpoints ?? []).map((e) => e.id), S3_PREFIX_LIST_IP);
  // DNS64 addresses: an internet address, an instance's private and public addresses, through NAT64
  // (more often where NAT64 is set up: an instance has an IPv6 address)
  const dns64 = ['64:ff9b::8.8.8.8', ...sc.instances.slice(0, 3).map((i) => `64:ff9b::${i.privateIp}`), ...sc.instances.filter((i) => i.publicIp).slice(0, 1).map((i) => `64:ff9b::${i.publicIp}`)];
  if (issue13 && sc.natGateways.length > 0) for (let k = sc.instances.some((i) => 'ipv6Addresses' in i) ? 3 : 1; k > 0; k--) to.push(...dns64);
  return { from, to };
}

/** An arbitrary flow between a scenario's endpoints (`issue13`: GRE flows and endpoint ids too). */
export function arbFlow(sc: RawScenario, issue13 = true): fc.Arbitrary<Flow> {
  const { from, to } = endpointsOf(sc, issue13);
  return fc
    .record({
      from: pick(from),
      to: pick(to),
      protocol: issue13 ? fc.constantFrom('tcp', 'tcp', 'tcp', 'udp', 'icmp', '47') : fc.constantFrom('tcp', 'tcp', 'tcp', 'udp', 'icmp'),
      port: pick([22, 80, 443, 5432, 8080, 53]),
      srcPort: pick([49152, 49152, 33000, 800]),
    })
    .filter((f) => f.from !== f.to && !(f.from.startsWith('internet:') && !f.to.startsWith('i-') && !sc.instances.some((i) => i.publicIp === f.to)))
    .filter((f) => !(f.to === 'service:s3' && f.from.startsWith('internet:')))
    // ICMP toward an IPv6 address is ICMPv6
    .map((f) => (f.protocol === 'icmp' && /^[0-9a-f]*:[0-9a-f:.]*$/i.test(f.to) ? { ...f, protocol: 'icmpv6' } : f))
    .map((f) => (f.protocol === 'icmp' || f.protocol === 'icmpv6' || f.protocol === '47' ? { from: f.from, to: f.to, protocol: f.protocol } : f));
}

/** A scenario with a flow. */
export const arbCase = (opts?: ArbOptions): fc.Arbitrary<{ sc: RawScenario; flow: Flow }> =>
  arbScenario(opts).chain((sc) => arbFlow(sc, opts?.issue13 !== false).map((flow) => ({ sc, flow })));

/** Compiles a generated scenario, throwing with the diagnostics if the generator made an invalid one. */
export function compileOrThrow(sc: unknown): Model {
  const r = compile(sc);
  if (!r.ok) throw new Error(`generator produced an invalid scenario:\n${r.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('\n')}\n${JSON.stringify(sc)}`);
  return r.model;
}

// ---- Direct Connect and VPN (hybrid) topologies ------------------------------------------------
// On top of a generated scenario of one or two VPCs: virtual private gateways (route tables
// propagating from them or not, static routes to them for on-premises and for the other VPC), a
// Direct Connect connection and virtual interfaces in random states (a private VIF to vgw-0, a
// private VIF to a Direct Connect gateway associated with the VGWs under random allowed
// prefixes, a transit VIF to a Direct Connect gateway associated with tgw-0 and its attachment,
// a public VIF), a VPN (static or BGP, to vgw-0 or tgw-0, tunnels up or down, over the public
// VIF or not), and external networks reached over random ordered lists of those connections.

const VIF_STATES = ['available', 'available', 'available', 'down', 'testing'] as const;
const ON_PREM_IPS = ['external:dc:192.168.1.5', 'external:dc:192.168.5.9', 'external:dc2:172.20.0.9', 'external:pubnet:192.0.2.20', 'external:pubnet:192.0.2.200'];

interface DxShape {
  vgw: boolean[];
  propagate: boolean[];
  tableRoute: ('none' | 'onprem' | 'other-vpc')[];
  tgwOnPrem: boolean;
  connection: 'available' | 'down';
  vifStatus: string[];
  direct: boolean;
  privateVif: boolean;
  allowed: ('default' | 'exact' | 'wider' | 'narrower')[];
  transit: boolean;
  transitAllowed: 0 | 1 | 2;
  transitPropagate: boolean;
  transitStatic: boolean;
  publicVif: boolean;
  publicFilter: 0 | 1;
  vpn: 'none' | 'vgw' | 'tgw';
  vpnRouting: 'static' | 'static-narrow' | 'bgp';
  vpnUp: boolean;
  vpnOverDx: boolean;
  cgwInFilter: boolean;
  dcVia: number[];
  dc2Via: number[];
  /** Security groups admit everything from on premises (so the paths beyond them are exercised). */
  openOnPrem: boolean;
}

const arbDxShape: fc.Arbitrary<DxShape> = fc.record({
  vgw: fc.array(fc.constantFrom(true, true, true, false), { minLength: 2, maxLength: 2 }),
  propagate: fc.array(fc.constantFrom(true, true, true, false), { minLength: 8, maxLength: 8 }),
  tableRoute: fc.array(fc.constantFrom<'none' | 'onprem' | 'other-vpc'>('none', 'onprem', 'onprem', 'other-vpc'), { minLength: 8, maxLength: 8 }),
  tgwOnPrem: fc.boolean(),
  connection: fc.constantFrom<'available' | 'down'>('available', 'available', 'available', 'down'),
  vifStatus: fc.array(fc.constantFrom(...VIF_STATES), { minLength: 4, maxLength: 4 }),
  direct: fc.boolean(),
  privateVif: fc.constantFrom(true, true, false),
  allowed: fc.array(fc.constantFrom<'default' | 'exact' | 'wider' | 'narrower'>('default', 'exact', 'wider', 'narrower'), { minLength: 2, maxLength: 2 }),
  transit: fc.constantFrom(true, true, false),
  transitAllowed: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
  transitPropagate: fc.constantFrom(true, true, false),
  transitStatic: fc.constantFrom(false, false, true),
  publicVif: fc.constantFrom(true, true, false),
  publicFilter: fc.constantFrom<0 | 1>(0, 1),
  vpn: fc.constantFrom<'none' | 'vgw' | 'tgw'>('none', 'vgw', 'vgw', 'tgw'),
  vpnRouting: fc.constantFrom<'static' | 'static-narrow' | 'bgp'>('static', 'static-narrow', 'bgp'),
  vpnUp: fc.constantFrom(true, true, false),
  vpnOverDx: fc.boolean(),
  cgwInFilter: fc.constantFrom(true, true, false),
  dcVia: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
  dc2Via: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 2 }),
  openOnPrem: fc.constantFrom(true, true, false),
});

/** Adds the Direct Connect and VPN layer of `d` to a generated scenario (a copy). */
function withDx(base: RawScenario, d: DxShape): RawScenario {
  const sc = structuredClone(base) as RawScenario & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const vpcs = sc.vpcs.map((v) => v.id);
  const vgws = vpcs.filter((_, v) => d.vgw[v]).map((id) => ({ id: `vgw-${id.slice(4)}`, vpc: id }));
  const vgwOf = (vpc: string): string | undefined => vgws.find((g) => g.vpc === vpc)?.id;
  const tgw = sc.transitGateways?.[0];
  sc.vpnGateways = vgws;
  if (d.openOnPrem) for (const g of sc.securityGroups) g.inbound.push(...['192.168.0.0/16', '172.20.0.0/16', '192.0.2.0/24'].map((cidr) => ({ protocol: 'all', cidr })));
  // a gateway route table (an internet gateway's edge association) takes no propagation
  const edge = new Set((sc.internetGateways ?? []).map((i: { routeTable?: string }) => i.routeTable).filter((x: string | undefined) => x !== undefined));
  sc.routeTables.forEach((t, k) => {
    if (edge.has(t.id)) return;
    const g = vgwOf(t.vpc);
    const rt = t as typeof t & { propagatingGateways?: string[] };
    if (g && d.propagate[k % 8]) rt.propagatingGateways = [g];
    const has = (dst: string): boolean => t.routes.some((r) => r.destination === dst);
    const how = d.tableRoute[k % 8];
    if (how === 'onprem' && g && !has('192.168.0.0/16')) t.routes.push({ destination: '192.168.0.0/16', target: g });
    if (how === 'other-vpc' && g) {
      const other = vpcs.find((x) => x !== t.vpc);
      const cidr = other === undefined ? undefined : sc.vpcs.find((x) => x.id === other)!.cidr;
      if (cidr !== undefined && !has(cidr)) t.routes.push({ destination: cidr, target: g });
    }
    if (!g && d.tgwOnPrem && tgw && tgw.attachments.some((a) => a.vpc === t.vpc) && !has('192.168.0.0/16')) t.routes.push({ destination: '192.168.0.0/16', target: tgw.id });
  });
  const vifs: Record<string, unknown>[] = [];
  const ids: (string | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  const gateways: Record<string, unknown>[] = [];
  if (d.direct && vgws[0]) {
    vifs.push({ id: 'dxvif-direct', type: 'private', connection: 'dxcon-0', vpnGateway: vgws[0].id, status: d.vifStatus[0] });
    ids[0] = 'dxvif-direct';
  }
  if (vgws.length > 0) {
    const allowed = (g: { id: string; vpc: string }, k: number): Record<string, unknown> => {
      const cidr = sc.vpcs.find((x) => x.id === g.vpc)!.cidr;
      const how = d.allowed[k]!;
      if (how === 'default') return { vpnGateway: g.id };
      return { vpnGateway: g.id, allowedPrefixes: [how === 'exact' ? cidr : how === 'wider' ? '10.0.0.0/8' : cidr.replace('.0.0/16', '.0.0/24')] };
    };
    gateways.push({ id: 'dxgw-p', asn: 64600, associations: vgws.map(allowed) });
    if (d.privateVif) {
      vifs.push({ id: 'dxvif-priv', type: 'private', connection: 'dxcon-0', dxGateway: 'dxgw-p', status: d.vifStatus[1] });
      ids[1] = 'dxvif-priv';
    }
  }
  if (d.transit && tgw) {
    const allowed = [['10.0.0.0/8'], ['10.0.0.0/16'], ['10.1.0.0/16']][d.transitAllowed]!;
    gateways.push({ id: 'dxgw-t', asn: 64601, associations: [{ transitGateway: tgw.id, allowedPrefixes: allowed }] });
    (tgw.attachments as unknown[]).push({ id: 'att-dx', dxGateway: 'dxgw-t' });
    const rt = tgw.routeTables[0]!;
    rt.associations.push('att-dx');
    if (d.transitPropagate) rt.propagations.push('att-dx');
    if (d.transitStatic) rt.routes.push({ destination: '192.168.0.0/16', attachment: 'att-dx' });
    vifs.push({ id: 'dxvif-transit', type: 'transit', connection: 'dxcon-0', dxGateway: 'dxgw-t', status: d.vifStatus[2] });
    ids[2] = 'dxvif-transit';
  }
  if (d.publicVif) vifs.push({ id: 'dxvif-pub', type: 'public', connection: 'dxcon-0', status: d.vifStatus[3], routeFilterPrefixes: [d.publicFilter === 0 ? '192.0.2.0/24' : '192.0.2.0/25'] });
  const vpnTarget = d.vpn === 'vgw' ? vgws[0] && { vpnGateway: vgws[0].id } : d.vpn === 'tgw' && tgw ? { transitGateway: tgw.id } : undefined;
  if (vpnTarget) {
    sc.customerGateways = [{ id: 'cgw-0', ip: d.cgwInFilter ? '192.0.2.7' : '203.0.113.77', asn: 65010 }];
    const routing = d.vpnRouting === 'bgp' ? { routing: 'bgp' } : { routing: 'static', staticRoutes: [d.vpnRouting === 'static' ? '192.168.0.0/16' : '192.168.5.0/24'] };
    sc.vpnConnections = [{ id: 'vpn-0', customerGateway: 'cgw-0', ...vpnTarget, ...routing, tunnels: [{ status: d.vpnUp ? 'up' : 'down' }, { status: 'down' }], ...(d.vpnOverDx && d.publicVif ? { transport: 'dxvif-pub' } : {}) }];
    if (d.vpn === 'tgw' && tgw) {
      (tgw.attachments as unknown[]).push({ id: 'att-vpn', vpnConnection: 'vpn-0' });
      tgw.routeTables[0]!.associations.push('att-vpn');
      tgw.routeTables[0]!.propagations.push('att-vpn');
    }
    ids[3] = 'vpn-0';
    ids[4] = 'cgw-0';
  }
  if (vifs.length > 0 || gateways.length > 0) sc.directConnect = { connections: [{ id: 'dxcon-0', status: d.connection }], gateways, virtualInterfaces: vifs };
  const via = (picks: number[]): string[] => [...new Set(picks.map((k) => ids[k]).filter((x): x is string => x !== undefined))];
  // dc is always connected somehow (its first pick, else the first connection there is)
  const dc = via(d.dcVia).length > 0 ? via(d.dcVia) : via([0, 1, 2, 3, 4]).slice(0, 1);
  const dc2 = via(d.dc2Via);
  sc.externalNetworks = [
    { id: 'dc', cidrs: ['192.168.0.0/16'], ...(dc.length > 0 ? { via: dc.length === 1 ? dc[0] : dc } : {}) },
    { id: 'dc2', cidrs: ['172.20.0.0/16'], ...(dc2.length > 0 ? { via: dc2 } : {}) },
    { id: 'pubnet', cidrs: ['192.0.2.0/24'], ...(d.publicVif ? { via: 'dxvif-pub' } : {}) },
  ];
  return sc;
}

/** A generated hybrid scenario: one or two VPCs with Direct Connect and VPN connections to on premises. */
export function arbDxScenario(): fc.Arbitrary<RawScenario> {
  return fc.tuple(arbScenario({ minVpcs: 1, maxVpcs: 2 }), arbDxShape).map(([sc, d]) => withDx(sc, d));
}

/** A hybrid scenario with a flow between instances, on-premises addresses, public IPs and unowned addresses. */
export function arbDxCase(): fc.Arbitrary<{ sc: RawScenario; flow: Flow }> {
  return arbDxScenario().chain((sc) => {
    const inst = sc.instances.map((i) => i.id);
    const pub = sc.instances.filter((i) => i.publicIp).map((i) => i.publicIp!);
    const onPrem = (sc.externalNetworks as { id: string; via?: unknown }[]).some((n) => n.id === 'pubnet' && n.via !== undefined) ? ON_PREM_IPS : ON_PREM_IPS.filter((e) => !e.includes('pubnet'));
    const other = [...inst, ...pub, ...sc.vpcs.map((_, v) => `10.${v}.0.99`), '8.8.8.8'];
    // mostly to and from on premises; some between instances and the internet
    const ends = fc.oneof(
      { weight: 3, arbitrary: fc.tuple(pick(inst), pick(onPrem)) },
      { weight: 3, arbitrary: fc.tuple(pick(onPrem), pick([...inst, ...pub])) },
      { weight: 1, arbitrary: fc.tuple(pick([...inst, 'internet:8.8.8.8']), pick(other)) },
    );
    return fc
      .record({ ends, protocol: fc.constantFrom('tcp', 'tcp', 'udp', 'icmp'), port: pick([22, 443, 53]), srcPort: pick([49152, 49152, 800]) })
      .map(({ ends: [from, to], ...f }) => ({ from, to, ...f }))
      .filter((f) => f.from !== f.to && !(f.from.startsWith('internet:') && f.to === '8.8.8.8'))
      .map((f) => ({ sc, flow: f.protocol === 'icmp' ? { from: f.from, to: f.to, protocol: 'icmp' } : f }));
  });
}

// ---- load balancers ------------------------------------------------------------------------
// Added on top of a generated topology, in its first VPC (so the topologies above, and the
// golden traces sampled from them, do not move): an application, network or classic load
// balancer in one or two subnets, internal or internet-facing, with its groups, listeners and a
// target group of the VPC's instances (by id or address, some declared unhealthy, on the group's
// port or another), cross-zone and client IP preservation set or left to AWS's defaults, a health
// check on the traffic port or another; sometimes a network load balancer in front of it (an
// `alb` target), and sometimes a gateway load balancer whose endpoint the main route table sends
// the default route to.

interface LbShape {
  type: 'application' | 'network' | 'classic';
  internal: boolean;
  subnets: number; // 0: the first subnet, 1: the second (else the first), 2: both
  sgs: number; // 0: none (not for application)
  ports: number[];
  udp: boolean;
  tgPort: number;
  ipTargets: boolean;
  targets: { pick: number; unhealthy: boolean; port: number }[];
  unassigned: boolean;
  crossZone: 0 | 1 | 2; // unset, on, off
  preserve: 0 | 1 | 2; // unset, on, off
  hcPort: 0 | 80 | 8080;
  nested: boolean;
  gwlb: boolean;
  gwlbEndpointSubnet: number;
  /** The load balancer's groups: 0 the topology's, 1 `sg-lb` admitting its listener ports from anywhere. */
  lbGroup: 0 | 1;
  /** What the first group of every instance of the VPC admits besides its own rules: 0 nothing, 1 TCP and UDP from `sg-lb`, 2 TCP and UDP from 10.0.0.0/8. */
  targetsAdmit: 0 | 1 | 2;
}

export const arbLbShape: fc.Arbitrary<LbShape> = fc.record({
  type: fc.constantFrom<LbShape['type']>('application', 'application', 'network', 'network', 'classic'),
  internal: fc.boolean(),
  subnets: fc.constantFrom(0, 1, 2, 2),
  sgs: fc.constantFrom(0, 1, 1, 2),
  ports: fc.uniqueArray(fc.constantFrom(443, 80, 8080), { minLength: 1, maxLength: 2 }),
  udp: fc.constantFrom(false, false, true),
  tgPort: fc.constantFrom(8080, 8080, 443, 80),
  ipTargets: fc.constantFrom(false, false, true),
  targets: fc.array(fc.record({ pick: fc.nat(20), unhealthy: fc.constantFrom(false, false, false, true), port: fc.constantFrom(0, 0, 0, 8081) }), { minLength: 0, maxLength: 3 }),
  unassigned: fc.constantFrom(false, false, false, true),
  crossZone: fc.constantFrom<0 | 1 | 2>(0, 0, 1, 2),
  preserve: fc.constantFrom<0 | 1 | 2>(0, 0, 1, 2),
  hcPort: fc.constantFrom<0 | 80 | 8080>(0, 0, 80, 8080),
  nested: fc.constantFrom(false, false, true),
  gwlb: fc.constantFrom(false, false, true),
  gwlbEndpointSubnet: fc.nat(2),
  lbGroup: fc.constantFrom<0 | 1>(0, 1, 1),
  targetsAdmit: fc.constantFrom<0 | 1 | 2>(0, 1, 1, 2),
});

/** `sc` with load balancers in its first VPC (see above). */
export function withLoadBalancers(sc: RawScenario, x: LbShape): RawScenario {
  const out = structuredClone(sc) as RawScenario & Record<string, unknown[]>;
  const vpc = out.vpcs[0]!.id;
  // the VPC's own subnets (not the appliance subnet issue 13's extension adds)
  const subnets = out.subnets.filter((s) => s.vpc === vpc && !s.id.endsWith('-fw'));
  const instances = out.instances.filter((i) => subnets.some((s) => s.id === i.subnet));
  const groups = out.securityGroups.filter((g) => g.vpc === vpc).map((g) => g.id);
  const lbSubnets = x.subnets === 0 || subnets.length === 1 ? [subnets[0]!] : x.subnets === 1 ? [subnets[1]!] : [subnets[0]!, subnets[1]!];
  const idx = (s: { id: string }): number => Number(s.id.split('-').at(-1));
  const type = x.type;
  const nodes = (lb: number, internal: boolean) => lbSubnets.map((s) => ({ subnet: s.id, privateIp: `10.0.${idx(s)}.${230 + lb}`, ...(internal ? {} : { publicIp: `3.90.${lb}.${idx(s)}` }) }));
  if (x.lbGroup === 1) out.securityGroups.push({ id: 'sg-lb', vpc, inbound: x.ports.flatMap((port) => [{ protocol: 'tcp', ports: port, cidr: '0.0.0.0/0' }, { protocol: 'udp', ports: port, cidr: '0.0.0.0/0' }]) });
  if (x.targetsAdmit > 0) {
    const peer = x.targetsAdmit === 1 && x.lbGroup === 1 ? { securityGroup: 'sg-lb' } : { cidr: '10.0.0.0/8' };
    const firsts = new Set(instances.map((i) => i.securityGroups[0]!));
    for (const g of out.securityGroups) if (firsts.has(g.id)) g.inbound = [...g.inbound, { protocol: 'tcp', ports: 'all', ...peer }, { protocol: 'udp', ports: 'all', ...peer }];
  }
  const own = x.lbGroup === 1 ? ['sg-lb'] : groups;
  const sgs = type === 'application' ? own.slice(0, Math.max(1, x.sgs)) : own.slice(0, x.sgs);
  const udp = type === 'network' && x.udp;
  const tgProtocol = type === 'application' ? 'HTTP' : udp ? 'UDP' : 'TCP';
  const targets = x.targets.flatMap((t) => {
    const inst = instances[t.pick % Math.max(1, instances.length)];
    if (!inst) return [];
    const base = x.ipTargets && type !== 'classic' ? { ip: inst.privateIp } : { id: inst.id };
    return [{ ...base, ...(t.port ? { port: t.port } : {}), ...(t.unhealthy ? { health: 'unhealthy' } : {}) }];
  });
  if (x.ipTargets && x.unassigned && type !== 'classic') targets.push({ ip: '10.0.0.99' });
  const listeners = x.ports.map((port) =>
    type === 'classic' ? { protocol: 'TCP', port, instancePort: x.tgPort } : { protocol: type === 'application' ? (port === 443 ? 'HTTPS' : 'HTTP') : udp ? 'UDP' : 'TCP', port, targetGroup: 'tg-lb' },
  );
  const lb: Record<string, unknown> = {
    id: 'lb-0', type, scheme: x.internal ? 'internal' : 'internet-facing', subnets: lbSubnets.map((s) => s.id), nodes: nodes(0, x.internal), listeners,
    ...(sgs.length > 0 ? { securityGroups: sgs } : {}),
    ...(type !== 'application' && x.crossZone !== 0 ? { crossZone: x.crossZone === 1 } : {}),
    ...(type === 'classic' ? { instances: targets.flatMap((t) => ('id' in t ? [t.id] : [])), ...(x.hcPort ? { healthCheck: { protocol: 'TCP', port: x.hcPort } } : {}) } : {}),
  };
  out.loadBalancers = [lb];
  out.targetGroups = [];
  if (type !== 'classic') {
    out.targetGroups.push({
      id: 'tg-lb', vpc, protocol: tgProtocol, port: x.tgPort, targetType: x.ipTargets ? 'ip' : 'instance', targets,
      ...(x.crossZone !== 0 && type === 'application' ? { crossZone: x.crossZone === 1 } : {}),
      ...(type === 'network' && !udp && x.preserve !== 0 ? { preserveClientIp: x.preserve === 1 } : {}),
      ...(x.hcPort ? { healthCheck: { port: x.hcPort } } : {}),
    });
  }
  if (x.nested && type === 'application') {
    // a network load balancer in front of the application load balancer (an `alb` target on its first listener's port)
    out.loadBalancers.push({ id: 'lb-front', type: 'network', scheme: x.internal ? 'internet-facing' : 'internal', subnets: lbSubnets.map((s) => s.id), nodes: nodes(1, !x.internal), listeners: [{ protocol: 'TCP', port: 443, targetGroup: 'tg-front' }] });
    out.targetGroups.push({ id: 'tg-front', vpc, targetType: 'alb', protocol: 'TCP', port: x.ports[0]!, targets: [{ id: 'lb-0' }] });
  }
  if (x.gwlb && instances.length > 0) {
    // an appliance fleet behind a gateway load balancer; the main table's default route goes through its endpoint
    const es = subnets[x.gwlbEndpointSubnet % subnets.length]!;
    out.loadBalancers.push({ id: 'gwlb-0', type: 'gateway', subnets: [subnets[0]!.id], nodes: [{ subnet: subnets[0]!.id, privateIp: `10.0.${idx(subnets[0]!)}.240` }], listeners: [{ targetGroup: 'tg-gwlb' }] });
    out.targetGroups.push({ id: 'tg-gwlb', vpc, protocol: 'GENEVE', targets: [{ id: instances[0]!.id }] });
    out.vpcEndpoints = [...(out.vpcEndpoints ?? []), { id: 'vpce-gwlb', vpc, type: 'gatewayLoadBalancer', service: 'gwlb-0', subnets: [es.id] } as never];
    const main = out.routeTables.find((t) => t.id === `rtb-0-main`)!;
    main.routes = [...main.routes.filter((r) => r.destination !== '0.0.0.0/0'), { destination: '0.0.0.0/0', target: 'vpce-gwlb' }];
  }
  return out;
}

/** A scenario with load balancers, and a flow that often goes to one of them. */
export const arbLbCase = (opts?: Parameters<typeof arbScenario>[0]): fc.Arbitrary<{ sc: RawScenario; flow: Flow }> =>
  fc
    .tuple(arbScenario(opts), arbLbShape)
    .map(([sc, x]) => withLoadBalancers(sc, x))
    .chain((sc) => fc.oneof({ weight: 3, arbitrary: arbLbFlow(sc) }, { weight: 1, arbitrary: arbFlow(sc) }).map((flow) => ({ sc, flow })));

/** A flow from an instance or the internet to a load balancer, by id, `lb:ID`, or a node's address. */
function arbLbFlow(sc: RawScenario): fc.Arbitrary<Flow> {
  const lbs = (sc['loadBalancers'] as { id: string; type: string; nodes: { privateIp: string; publicIp?: string }[]; listeners: { port: number }[] }[] | undefined ?? []).filter((l) => l.type !== 'gateway');
  const ports = [...new Set(lbs.flatMap((l) => l.listeners.map((x) => x.port)))];
  const to = lbs.flatMap((l) => [l.id, `lb:${l.id}`, ...l.nodes.flatMap((n) => [n.privateIp, ...(n.publicIp ? [n.publicIp] : [])])]);
  // clients in the load balancer's VPC mostly (the others go through peering or a transit gateway, if at all)
  const near = sc.instances.filter((i) => sc.subnets.some((s) => s.id === i.subnet && s.vpc === sc.vpcs[0]!.id)).map((i) => i.id);
  const from = [...near, ...near, ...sc.instances.map((i) => i.id), ...INTERNET_IPS.map((a) => `internet:${a}`)];
  if (to.length === 0) return arbFlow(sc);
  return fc
    .record({ from: pick(from), to: pick(to), protocol: fc.constantFrom('tcp', 'tcp', 'tcp', 'udp', 'icmp'), port: pick([...ports, ...ports, ...ports, 443, 22]), srcPort: pick([49152, 49152, 33000]) })
    .map((f) => (f.protocol === 'icmp' ? { from: f.from, to: f.to, protocol: 'icmp' } : f));
}
