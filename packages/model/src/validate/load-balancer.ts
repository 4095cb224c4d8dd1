// Load balancers and target groups: references and AWS's rules.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-target-groups.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/create-target-group.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/target-groups.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-listener-config.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
import { cidrContains, parseCidr, parseIp, type CidrBlock } from '../address.js';
import { didYouMean, error, warning, type Path } from '../diagnostic.js';
import type { LoadBalancer, Scenario, TargetGroup } from '../schema/index.js';
import type { SubnetInfo, VpcInfo } from './network.js';
import type { Registry } from './registry.js';

/** The helpers of the network checks that the load balancing checks share. */
export interface NetworkChecks {
  readonly vpcs: ReadonlyMap<string, VpcInfo>;
  readonly subnets: ReadonlyMap<string, SubnetInfo>;
  vpcRef(path: Path, id: string): VpcInfo | undefined;
  subnetRef(path: Path, id: string): SubnetInfo | undefined;
  checkPrivateIp(path: Path, ip: string, sn: SubnetInfo | undefined, owner: string): void;
  checkPublicIp(path: Path, ip: string | undefined, owner: string): void;
  checkSecurityGroups(path: Path, groups: readonly string[] | undefined, vpc: string | undefined): void;
  /** IPv4 addresses taken per subnet (counted for the subnet-full check). */
  readonly usedIn: Map<string, number>;
}

/** Listener protocols per load balancer type. */
const LISTENER_PROTOCOLS: Record<LoadBalancer['type'], readonly string[]> = {
  application: ['HTTP', 'HTTPS'],
  network: ['TCP', 'TLS', 'UDP', 'TCP_UDP'],
  classic: ['TCP', 'SSL', 'HTTP', 'HTTPS'],
  gateway: ['GENEVE'],
};

/** Target group protocols a listener may forward to (network: load-balancer-listeners.html). */
const TARGET_GROUP_PROTOCOLS: Record<string, readonly string[]> = {
  HTTP: ['HTTP', 'HTTPS'],
  HTTPS: ['HTTP', 'HTTPS'],
  TCP: ['TCP', 'TCP_UDP'],
  TLS: ['TCP', 'TLS'],
  UDP: ['UDP', 'TCP_UDP'],
  TCP_UDP: ['TCP_UDP'],
  GENEVE: ['GENEVE'],
};

/** Address ranges an ip target outside the VPC may use: RFC 1918 and RFC 6598 (load-balancer-target-groups.html#target-type). */
const PRIVATE_RANGES: readonly CidrBlock[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((c) => parseCidr(c) as CidrBlock);

const list = (xs: readonly string[]): string => xs.map((x) => `\`${x}\``).join(', ');

/** Checks `loadBalancers` and `targetGroups`, appending to `r.out`. */
export function validateLoadBalancing(s: Scenario, r: Registry, c: NetworkChecks): void {
  const out = r.out;
  const tgById = new Map((s.targetGroups ?? []).map((t, i) => [t.id, { tg: t, index: i }]));
  const lbById = new Map((s.loadBalancers ?? []).map((l) => [l.id, l]));
  /** Target group → the first load balancer whose listener uses it. */
  const lbOfTg = new Map<string, LoadBalancer>();
  /** Load balancer → its zones. */
  const zonesOf = new Map<string, Set<string>>();

  (s.loadBalancers ?? []).forEach((lb, i) => {
    const path: Path = ['loadBalancers', i];
    // ---- subnets: one VPC, one subnet per zone ------------------------------------------------
    let vpc: string | undefined;
    const zones = new Map<string, string>();
    lb.subnets.forEach((sid, k) => {
      const sn = c.subnetRef([...path, 'subnets', k], sid);
      if (!sn) return;
      if (vpc === undefined) vpc = sn.subnet.vpc;
      else if (sn.subnet.vpc !== vpc) out.push(error('vpc-mismatch', [...path, 'subnets', k], `subnet \`${sid}\` belongs to \`${sn.subnet.vpc}\`, the load balancer's other subnets to \`${vpc}\``, 'a load balancer lives in one VPC'));
      const prev = zones.get(sn.subnet.availabilityZone);
      if (prev !== undefined)
        out.push(error('lb-subnet-az', [...path, 'subnets', k], `subnets \`${prev}\` and \`${sid}\` are both in \`${sn.subnet.availabilityZone}\``, 'a load balancer takes at most one subnet per availability zone (one node per zone)'));
      else zones.set(sn.subnet.availabilityZone, sid);
      if (lb.ipAddressType === 'dualstack' && sn.subnet.ipv6Cidr === undefined)
        out.push(error('lb-dualstack-subnet', [...path, 'subnets', k], `subnet \`${sid}\` has no IPv6 block: a dualstack load balancer needs one in every subnet`, 'give the subnet an `ipv6Cidr`, or use `ipAddressType: ipv4`'));
    });
    zonesOf.set(lb.id, new Set(zones.keys()));
    // "You must select at least two Availability Zone subnets" (application-load-balancers.html#availability-zones)
    if (lb.type === 'application' && zones.size === 1)
      out.push(warning('lb-single-az', [...path, 'subnets'], `application load balancer \`${lb.id}\` has subnets in one availability zone: AWS requires two or more`, 'add a subnet of another availability zone'));

    // ---- type-dependent fields ----------------------------------------------------------------
    if (lb.type === 'gateway' && lb.scheme !== undefined)
      out.push(error('lb-field-mismatch', [...path, 'scheme'], 'a gateway load balancer has no scheme: it is reached through its endpoints only', 'remove `scheme`'));
    if (lb.type === 'application' && (lb.securityGroups ?? []).length === 0)
      out.push(error('lb-security-groups-required', [...path, 'securityGroups'], `application load balancer \`${lb.id}\` needs security groups`, 'list the groups that admit its clients: `securityGroups: [sg-alb]`'));
    if (lb.type === 'gateway' && lb.securityGroups !== undefined)
      out.push(error('lb-field-mismatch', [...path, 'securityGroups'], 'a gateway load balancer has no security groups', "remove `securityGroups`: the appliances' groups decide"));
    else c.checkSecurityGroups([...path, 'securityGroups'], lb.securityGroups, vpc);
    // application: cross-zone is always on at the load balancer level (target groups may turn it off)
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing
    if (lb.type === 'application' && lb.crossZone === false)
      out.push(error('lb-cross-zone', [...path, 'crossZone'], 'an application load balancer always balances across zones at the load balancer level', 'remove `crossZone`, and set `crossZone: false` on the target group instead'));
    if (lb.type === 'classic' && lb.ipAddressType === 'dualstack')
      out.push(error('lb-field-mismatch', [...path, 'ipAddressType'], 'a classic load balancer in a VPC is IPv4 only', 'remove `ipAddressType`, or use an application or network load balancer'));
    if (lb.type !== 'classic') {
      if (lb.instances !== undefined) out.push(error('lb-field-mismatch', [...path, 'instances'], '`instances` belong to classic load balancers: register targets in a target group', 'list them under `targetGroups[].targets`'));
      if (lb.healthCheck !== undefined) out.push(error('lb-field-mismatch', [...path, 'healthCheck'], 'health checks of this load balancer belong to its target groups', 'move `healthCheck` to the target group'));
    } else if (lb.healthCheck?.port === 'traffic-port')
      out.push(error('lb-field-mismatch', [...path, 'healthCheck', 'port'], 'a classic load balancer checks a port number, not `traffic-port`', 'write the instance port, e.g. `port: 80`'));
    const scheme = lb.type === 'gateway' ? undefined : (lb.scheme ?? 'internet-facing');
    // AWS refuses an internet-facing load balancer in a VPC without an internet gateway
    if (scheme === 'internet-facing' && vpc !== undefined && !(s.internetGateways ?? []).some((g) => g.vpc === vpc))
      out.push(warning('lb-internet-facing-no-igw', [...path, 'scheme'], `\`${lb.id}\` is internet-facing, but \`${vpc}\` has no internet gateway: AWS refuses to create it, and nothing on the internet reaches it`, 'attach an internet gateway, or use `scheme: internal`'));

    // ---- nodes ----------------------------------------------------------------------------------
    const declaredNodes = new Set<string>();
    (lb.nodes ?? []).forEach((n, k) => {
      const p: Path = [...path, 'nodes', k];
      if (!lb.subnets.includes(n.subnet)) {
        const guess = didYouMean(n.subnet, lb.subnets);
        out.push(error('lb-node-subnet', [...p, 'subnet'], `\`${n.subnet}\` is not one of the load balancer's subnets`, guess !== undefined ? `did you mean \`${guess}\`?` : `its subnets: ${list(lb.subnets)}`));
        return;
      }
      if (declaredNodes.has(n.subnet)) out.push(error('lb-node-duplicate', [...p, 'subnet'], `subnet \`${n.subnet}\` already has a node`, 'a load balancer has one node per subnet'));
      declaredNodes.add(n.subnet);
      const sn = c.subnets.get(n.subnet);
      if (n.privateIp !== undefined) c.checkPrivateIp([...p, 'privateIp'], n.privateIp, sn, `${lb.id}/${n.subnet}`);
      if (n.publicIp !== undefined) {
        if (scheme !== 'internet-facing') out.push(error('lb-node-public-ip', [...p, 'publicIp'], `\`${lb.id}\` is ${scheme === undefined ? 'a gateway load balancer' : 'internal'}: its nodes have no public address`, 'remove `publicIp`, or use `scheme: internet-facing`'));
        else c.checkPublicIp([...p, 'publicIp'], n.publicIp, `${lb.id}/${n.subnet}`);
      }
      if (n.ipv6Address !== undefined) {
        const a = parseIp(n.ipv6Address);
        if (lb.ipAddressType !== 'dualstack') out.push(error('lb-node-ipv6', [...p, 'ipv6Address'], `\`${lb.id}\` is IPv4 only: its nodes have no IPv6 address`, 'set `ipAddressType: dualstack`'));
        else if (a && sn?.block6 && !cidrContains(sn.block6, a.value)) out.push(error('ip-outside-subnet', [...p, 'ipv6Address'], `\`${n.ipv6Address}\` is not inside subnet \`${n.subnet}\` (\`${sn.subnet.ipv6Cidr}\`)`));
      }
    });
    for (const sid of lb.subnets) if (!(lb.nodes ?? []).some((n) => n.subnet === sid && n.privateIp !== undefined)) c.usedIn.set(sid, (c.usedIn.get(sid) ?? 0) + 1);

    // ---- listeners ------------------------------------------------------------------------------
    // a classic load balancer's registered instances: of its own VPC
    const checkClassicInstances = (ip: Path, ids: readonly string[]): void =>
      ids.forEach((id, j) => {
        const e = r.ref([...ip, j], id, ['instance']);
        if (e && vpc !== undefined && e.vpc !== undefined && e.vpc !== vpc)
          out.push(error('target-outside-vpc', [...ip, j], `instance \`${id}\` is in \`${e.vpc}\`, the load balancer in \`${vpc}\``, 'a classic load balancer sends to instances of its own VPC'));
      });
    if (lb.type === 'classic' && lb.instances !== undefined) checkClassicInstances([...path, 'instances'], lb.instances);
    if ((lb.listeners ?? []).length === 0)
      out.push(warning('lb-no-listeners', [...path, 'listeners'], `load balancer \`${lb.id}\` has no listeners: it accepts no traffic`, 'add a listener: `listeners: [{ protocol: ..., port: ..., targetGroup: ... }]`'));
    const ports = new Map<number, number>();
    (lb.listeners ?? []).forEach((l, k) => {
      const p: Path = [...path, 'listeners', k];
      const allowed = LISTENER_PROTOCOLS[lb.type];
      const protocol = l.protocol ?? (lb.type === 'gateway' ? 'GENEVE' : undefined);
      const port = l.port ?? (lb.type === 'gateway' ? 6081 : undefined);
      if (protocol === undefined) out.push(error('missing-field', [...p, 'protocol'], 'missing required field `protocol`', `a ${lb.type} load balancer listens with ${list(allowed)}`));
      else if (!allowed.includes(protocol)) {
        const guess = didYouMean(protocol, allowed);
        out.push(error('listener-protocol', [...p, 'protocol'], `${article(lb.type)} load balancer does not listen with \`${protocol}\``, guess !== undefined ? `did you mean \`${guess}\`? (${list(allowed)})` : `use one of ${list(allowed)}`));
      }
      if (port === undefined) out.push(error('missing-field', [...p, 'port'], 'missing required field `port`'));
      else if (lb.type === 'gateway' && port !== 6081) out.push(error('listener-port', [...p, 'port'], 'a gateway load balancer listens on GENEVE port 6081 only', 'remove `port`'));
      else {
        const prev = ports.get(port);
        if (prev !== undefined)
          out.push(error('duplicate-listener', [...p, 'port'], `port ${port} already has a listener (entry ${prev})`, lb.type === 'network' ? 'one listener per port: use `TCP_UDP` for TCP and UDP on one port' : 'one listener per port'));
        else ports.set(port, k);
      }
      if (lb.type === 'classic') {
        if (l.targetGroup !== undefined) out.push(error('lb-field-mismatch', [...p, 'targetGroup'], 'a classic load balancer has no target groups: its listeners send to `instances` on `instancePort`', 'write `instancePort` and `instances` instead'));
        // front-end HTTP/HTTPS go to HTTP/HTTPS instances; TCP/SSL to TCP/SSL (elb-listener-config.html)
        if (l.instanceProtocol !== undefined && protocol !== undefined) {
          const layer7 = (x: string): boolean => x === 'HTTP' || x === 'HTTPS';
          if (layer7(protocol) !== layer7(l.instanceProtocol))
            out.push(error('listener-instance-protocol', [...p, 'instanceProtocol'], `a \`${protocol}\` listener cannot send \`${l.instanceProtocol}\` to its instances`, layer7(protocol) ? 'use `HTTP` or `HTTPS`' : 'use `TCP` or `SSL`'));
        }
        const instances = l.instances ?? lb.instances ?? [];
        if (instances.length === 0) out.push(warning('lb-no-instances', [...p, 'instances'], `listener ${port ?? ''} of \`${lb.id}\` has no instances: it sends nowhere`, 'list the instances: `instances: [i-web-1]` (on the listener or the load balancer)'));
        if (l.instances !== undefined) checkClassicInstances([...p, 'instances'], l.instances);
        return;
      }
      for (const f of ['instancePort', 'instanceProtocol', 'instances'] as const)
        if (l[f] !== undefined) out.push(error('lb-field-mismatch', [...p, f], `\`${f}\` belongs to classic load balancers: this listener sends to its target group`));
      if (l.targetGroup === undefined) {
        out.push(error('missing-field', [...p, 'targetGroup'], 'missing required field `targetGroup`', 'name the target group of the default action: `targetGroup: tg-web`'));
        return;
      }
      const e = r.ref([...p, 'targetGroup'], l.targetGroup, ['target-group']);
      const tg = e ? tgById.get(l.targetGroup)?.tg : undefined;
      if (!tg) return;
      if (vpc !== undefined && tg.vpc !== vpc)
        out.push(error('vpc-mismatch', [...p, 'targetGroup'], `target group \`${tg.id}\` is in \`${tg.vpc}\`, the load balancer in \`${vpc}\``, 'a listener forwards to a target group of its own VPC'));
      if (protocol !== undefined && allowed.includes(protocol)) {
        const ok = TARGET_GROUP_PROTOCOLS[protocol] ?? [];
        if (!ok.includes(tg.protocol))
          out.push(error('listener-target-group-protocol', [...p, 'targetGroup'], `a \`${protocol}\` listener cannot forward to \`${tg.id}\`, a \`${tg.protocol}\` target group`, `use a target group with protocol ${list(ok)}`));
      }
      if (lb.type === 'application' && tg.targetType === 'alb')
        out.push(error('listener-target-group-type', [...p, 'targetGroup'], `\`${tg.id}\` has \`targetType: alb\`: only a network load balancer forwards to an application load balancer`));
      // "you must verify that the target group is not in use by a listener for any other load balancer" (create-target-group.html)
      const other = lbOfTg.get(tg.id);
      if (other !== undefined && other.id !== lb.id)
        out.push(error('target-group-shared', [...p, 'targetGroup'], `target group \`${tg.id}\` is already used by load balancer \`${other.id}\``, 'a target group serves one load balancer: create another target group with the same targets'));
      else lbOfTg.set(tg.id, lb);
    });
  });

  // ---- target groups ------------------------------------------------------------------------------
  const subnetsOfVpc = new Map<string, SubnetInfo[]>();
  for (const sn of c.subnets.values()) {
    let list = subnetsOfVpc.get(sn.subnet.vpc);
    if (!list) subnetsOfVpc.set(sn.subnet.vpc, (list = []));
    list.push(sn);
  }
  (s.targetGroups ?? []).forEach((tg, i) => validateTargetGroup(tg, ['targetGroups', i], r, c, lbById, lbOfTg.get(tg.id), zonesOf, subnetsOfVpc.get(tg.vpc) ?? []));
}

const article = (t: string): string => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

function validateTargetGroup(
  tg: TargetGroup,
  path: Path,
  r: Registry,
  c: NetworkChecks,
  lbById: ReadonlyMap<string, LoadBalancer>,
  lb: LoadBalancer | undefined,
  zonesOf: ReadonlyMap<string, ReadonlySet<string>>,
  vpcSubnets: readonly SubnetInfo[],
): void {
  const out = r.out;
  const vpc = c.vpcRef([...path, 'vpc'], tg.vpc);
  const targetType = tg.targetType ?? 'instance';
  const network = tg.protocol === 'TCP' || tg.protocol === 'TLS' || tg.protocol === 'UDP' || tg.protocol === 'TCP_UDP';
  if (tg.protocol === 'GENEVE') {
    if (tg.port !== undefined && tg.port !== 6081) out.push(error('target-group-port', [...path, 'port'], 'a GENEVE target group uses port 6081', 'remove `port`'));
    if (targetType === 'alb') out.push(error('target-group-type', [...path, 'targetType'], 'a gateway load balancer sends to instances or addresses, not to a load balancer'));
    if (tg.crossZone !== undefined) out.push(error('target-group-cross-zone', [...path, 'crossZone'], 'gateway load balancer target groups take no cross-zone setting', 'set `crossZone` on the gateway load balancer'));
  } else if (tg.port === undefined) out.push(error('missing-field', [...path, 'port'], 'missing required field `port`', 'the port its targets receive traffic on: `port: 8080`'));
  if (targetType === 'alb' && tg.protocol !== 'TCP')
    out.push(error('target-group-type', [...path, 'protocol'], 'a target group of an application load balancer uses protocol `TCP`', 'set `protocol: TCP`'));
  // client IP preservation (edit-target-group-attributes.html#client-ip-preservation)
  if (tg.preserveClientIp !== undefined) {
    if (!network)
      out.push(error('preserve-client-ip-not-applicable', [...path, 'preserveClientIp'], `\`preserveClientIp\` applies to network load balancer target groups (TCP, TLS, UDP, TCP_UDP), not to a \`${tg.protocol}\` group`, tg.protocol === 'GENEVE' ? 'remove it: a gateway load balancer passes the original packet' : 'remove it: an application load balancer opens its own connection to targets (the client is in X-Forwarded-For)'));
    else if (tg.preserveClientIp === false && (tg.protocol === 'UDP' || tg.protocol === 'TCP_UDP'))
      out.push(error('preserve-client-ip-required', [...path, 'preserveClientIp'], `client IP preservation is always on for \`${tg.protocol}\` target groups: it cannot be turned off`, 'remove `preserveClientIp: false`'));
    else if (tg.preserveClientIp === false && targetType === 'alb')
      out.push(error('preserve-client-ip-required', [...path, 'preserveClientIp'], 'client IP preservation is always on for a target group of an application load balancer', 'remove `preserveClientIp: false`'));
  }
  // health checks (API_CreateTargetGroup.html): TCP is not for HTTP/HTTPS groups; SSL is classic only
  const hp = tg.healthCheck?.protocol;
  if (hp === 'SSL') out.push(error('health-check-protocol', [...path, 'healthCheck', 'protocol'], 'target groups check health with HTTP, HTTPS or TCP (`SSL` is for classic load balancers)'));
  else if (hp === 'TCP' && (tg.protocol === 'HTTP' || tg.protocol === 'HTTPS'))
    out.push(error('health-check-protocol', [...path, 'healthCheck', 'protocol'], `a \`${tg.protocol}\` target group checks health with HTTP or HTTPS, not TCP`, 'set `protocol: HTTP`'));

  // ---- targets --------------------------------------------------------------------------------------
  const zones = lb === undefined ? undefined : zonesOf.get(lb.id);
  const seen = new Set<string>();
  if (targetType === 'alb' && (tg.targets ?? []).length > 1)
    out.push(error('alb-target-count', [...path, 'targets'], 'a target group registers one application load balancer', 'create one target group per application load balancer'));
  (tg.targets ?? []).forEach((t, k) => {
    const p: Path = [...path, 'targets', k];
    const key = `${t.id ?? t.ip}|${t.port ?? ''}`;
    if (seen.has(key)) out.push(warning('duplicate-target', p, `\`${t.id ?? t.ip}\` is registered twice${t.port !== undefined ? ` on port ${t.port}` : ''}`));
    seen.add(key);
    if (targetType === 'ip') {
      if (t.ip === undefined) {
        out.push(error('target-kind', [...p, 'id'], `\`${tg.id}\` has \`targetType: ip\`: its targets are addresses`, `write \`{ ip: <address> }\`${t.id !== undefined ? `, or use \`targetType: instance\` for \`${t.id}\`` : ''}`));
        return;
      }
      const a = parseIp(t.ip);
      if (!a || !vpc) return;
      const blocks = [...vpc.blocks4, ...(vpc.block6 ? [vpc.block6] : [])];
      const inside = blocks.some((b) => b.version === a.version && cidrContains(b, a.value));
      if (!inside) {
        const privateRange = a.version === 4 && PRIVATE_RANGES.some((b) => cidrContains(b, a.value));
        if (!privateRange)
          out.push(
            error(
              'target-public-ip',
              [...p, 'ip'],
              `\`${t.ip}\` is outside \`${tg.vpc}\` and publicly routable: an ip target outside the VPC must be a private address`,
              'use an address of the VPC, or of 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10 (on premises, a peered VPC)',
            ),
          );
        else if (t.availabilityZone !== undefined && t.availabilityZone !== 'all')
          out.push(error('target-availability-zone', [...p, 'availabilityZone'], `\`${t.ip}\` is outside the VPC: its availability zone is \`all\``, 'remove `availabilityZone`, or write `all`'));
      } else if (zones !== undefined) {
        const sn = vpcSubnets.find((x) => (a.version === 4 ? x.block !== undefined && cidrContains(x.block, a.value) : x.block6 !== undefined && cidrContains(x.block6, a.value)));
        if (sn && !zones.has(sn.subnet.availabilityZone))
          out.push(warning('target-az-not-enabled', p, `\`${t.ip}\` is in \`${sn.subnet.availabilityZone}\`, where \`${lb!.id}\` has no node: AWS marks it unused and sends it nothing`, `add a subnet of \`${sn.subnet.availabilityZone}\` to \`${lb!.id}\``));
      }
      return;
    }
    if (t.id === undefined) {
      out.push(error('target-kind', [...p, 'ip'], `\`${tg.id}\` has \`targetType: ${targetType}\`: its targets are ${targetType === 'alb' ? 'a load balancer id' : 'instance ids'}`, targetType === 'alb' ? 'write `{ id: <alb id> }`' : `write \`{ id: i-... }\`, or use \`targetType: ip\` for \`${t.ip}\``));
      return;
    }
    if (t.availabilityZone !== undefined) out.push(error('target-availability-zone', [...p, 'availabilityZone'], `\`availabilityZone\` is for ip targets: an ${targetType} target is in its own zone`, 'remove `availabilityZone`'));
    if (targetType === 'alb') {
      // application-load-balancer-target.html: one ALB, same VPC and account, a listener on the group's port
      const e = r.ref([...p, 'id'], t.id, ['load-balancer'], 'application load balancer');
      const alb = e ? lbById.get(t.id) : undefined;
      if (!alb) return;
      if (alb.type !== 'application') {
        out.push(error('wrong-kind', [...p, 'id'], `\`${t.id}\` is ${article(alb.type)} load balancer: an alb target is an application load balancer`));
        return;
      }
      if (e?.vpc !== undefined && e.vpc !== tg.vpc)
        out.push(error('target-outside-vpc', [...p, 'id'], `application load balancer \`${t.id}\` is in \`${e.vpc}\`, the target group in \`${tg.vpc}\``, 'the two load balancers must be in the same VPC'));
      const port = t.port ?? tg.port;
      if (port !== undefined && !(alb.listeners ?? []).some((l) => l.port === port))
        out.push(error('alb-target-listener', [...p, 'id'], `\`${t.id}\` has no listener on port ${port}, the target group's port`, `add a listener on port ${port} to \`${t.id}\`, or change the target group's port`));
      return;
    }
    const e = r.ref([...p, 'id'], t.id, ['instance']);
    if (!e) return;
    if (e.vpc !== undefined && e.vpc !== tg.vpc) {
      out.push(
        error(
          'target-outside-vpc',
          [...p, 'id'],
          `instance \`${t.id}\` is in \`${e.vpc}\`, not in the target group's VPC \`${tg.vpc}\``,
          'an instance target is in the target group\'s VPC; to reach an instance elsewhere (peered VPC), use `targetType: ip` with its private address',
        ),
      );
      return;
    }
    const inst = e.value as { subnet: string };
    const sn = c.subnets.get(inst.subnet);
    if (zones !== undefined && sn && !zones.has(sn.subnet.availabilityZone))
      out.push(warning('target-az-not-enabled', p, `\`${t.id}\` is in \`${sn.subnet.availabilityZone}\`, where \`${lb!.id}\` has no node: AWS marks it unused and sends it nothing`, `add a subnet of \`${sn.subnet.availabilityZone}\` to \`${lb!.id}\``));
  });
}
