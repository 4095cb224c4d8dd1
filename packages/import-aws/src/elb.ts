// Elastic Load Balancing: application, network and gateway load balancers (elbv2), their
// listeners, target groups, target health and attributes, and classic load balancers (elb).
// https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-load-balancers.html
// https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-listeners.html
// https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-target-groups.html
// https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-target-health.html
// https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-target-group-attributes.html
// https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-load-balancer-attributes.html
// https://docs.aws.amazon.com/cli/latest/reference/elb/describe-load-balancers.html
// https://docs.aws.amazon.com/cli/latest/reference/elb/describe-load-balancer-attributes.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancer.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetHealthDescription.html
import type { HealthCheck, Listener, LoadBalancer, LoadBalancerNode, Target, TargetGroup, TargetHealthState } from '@vpcsim/model';
import type { AwsObject } from './reader.js';
import type { ImportState } from './state.js';

/** A load balancer node's interface, read from NetworkInterfaces.json (`Description: ELB app/NAME/ID`). */
interface NodeInterface {
  readonly lb: string;
  readonly subnet: string;
  readonly privateIp: string;
  readonly publicIp?: string | undefined;
  readonly ipv6Address?: string | undefined;
}

/** The part of an elbv2 ARN after `loadbalancer/` (`app/my-alb/50dc6c495c0c9188`), or `classic/<name>` for a classic one. */
const lbKey = (arn: string): string => arn.slice(arn.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
/** The part of a target group ARN after the account (`targetgroup/my-tg/73e2d6bc24d8a067`). */
const tgKey = (arn: string): string => arn.slice(arn.indexOf(':targetgroup/') + 1);

/**
 * The interfaces of the load balancers in the export, by interface id: AWS gives each node an
 * interface described `ELB app/NAME/ID` (`net/`, `gwy/`; `ELB NAME` for a classic one). They are
 * the nodes' real addresses, so they are not imported as interfaces of their own.
 */
export function loadBalancerInterfaces(st: ImportState): Map<string, NodeInterface> {
  const keys = new Set<string>();
  for (const { obj } of st.itemsOf('LoadBalancers')) if (typeof obj.value.LoadBalancerArn === 'string') keys.add(lbKey(obj.value.LoadBalancerArn));
  for (const { obj } of st.itemsOf('LoadBalancerDescriptions')) if (typeof obj.value.LoadBalancerName === 'string') keys.add(`classic/${obj.value.LoadBalancerName}`);
  const out = new Map<string, NodeInterface>();
  for (const { obj } of st.itemsOf('NetworkInterfaces')) {
    const v = obj.value;
    if (typeof v.NetworkInterfaceId !== 'string' || typeof v.Description !== 'string' || typeof v.SubnetId !== 'string' || typeof v.PrivateIpAddress !== 'string') continue;
    const m = /^ELB (\S+)$/.exec(v.Description);
    if (!m) continue;
    const key = m[1]!.includes('/') ? m[1]! : `classic/${m[1]}`;
    if (!keys.has(key)) continue;
    const assoc = v.Association as { PublicIp?: unknown } | undefined;
    const v6 = (v.Ipv6Addresses as { Ipv6Address?: unknown }[] | undefined)?.[0]?.Ipv6Address;
    out.set(v.NetworkInterfaceId, {
      lb: key,
      subnet: v.SubnetId,
      privateIp: v.PrivateIpAddress,
      publicIp: typeof assoc?.PublicIp === 'string' ? assoc.PublicIp : undefined,
      ipv6Address: typeof v6 === 'string' ? v6 : undefined,
    });
  }
  return out;
}

/** `Attributes: [{ Key, Value }]` as a record. */
function attributes(list: readonly AwsObject[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of list) {
    const k = a.str('Key');
    const v = a.str('Value');
    a.done([]);
    if (k !== undefined && v !== undefined) out[k] = v;
  }
  return out;
}

const HEALTH: ReadonlySet<string> = new Set(['initial', 'healthy', 'unhealthy', 'unhealthy.draining', 'unused', 'draining', 'unavailable']);
const LISTENER_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE']);
const TG_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE']);

/** Claims `preferred` as a scenario id, else `fallback`; undefined when both are taken. */
function claimEither(st: ImportState, preferred: string, fallback: string): string | undefined {
  if (st.claim(preferred)) return preferred;
  if (st.claim(fallback)) return fallback;
  return undefined;
}

/** Maps the load balancers, listeners, target groups and target health of the export. */
export function mapLoadBalancers(st: ImportState): void {
  const nodeEnis = loadBalancerInterfaces(st);
  const enisOf = new Map<string, NodeInterface[]>();
  for (const n of nodeEnis.values()) {
    let list = enisOf.get(n.lb);
    if (!list) enisOf.set(n.lb, (list = []));
    list.push(n);
  }
  const nodesFromEnis = (key: string, subnets: readonly string[], declared: Map<string, LoadBalancerNode>): LoadBalancerNode[] =>
    subnets.flatMap((subnet) => {
      const d = declared.get(subnet);
      const e = (enisOf.get(key) ?? []).find((x) => x.subnet === subnet);
      const privateIp = d?.privateIp ?? e?.privateIp;
      const publicIp = d?.publicIp ?? e?.publicIp;
      const ipv6Address = d?.ipv6Address ?? e?.ipv6Address;
      if (privateIp === undefined && publicIp === undefined && ipv6Address === undefined) return [];
      return [{ subnet, ...(privateIp !== undefined ? { privateIp } : {}), ...(publicIp !== undefined ? { publicIp } : {}), ...(ipv6Address !== undefined ? { ipv6Address } : {}) }];
    });

  // attributes by load balancer and target group name (per-id files) or ARN (Batfish's aggregate)
  const lbAttrs = new Map<string, Record<string, string>>();
  const tgAttrs = new Map<string, Record<string, string>>();
  for (const f of st.perId.get('LoadBalancerAttributes') ?? []) {
    lbAttrs.set(f.id, attributes(f.top.objs('Attributes', 'attribute')));
    f.top.done([]);
  }
  for (const { obj } of st.itemsOf('LoadBalancerAttributes')) {
    const arn = obj.str('LoadBalancerArn');
    const attrs = attributes(obj.objs('Attributes', 'attribute'));
    obj.done([]);
    if (arn !== undefined) lbAttrs.set(arn, attrs);
  }
  for (const f of st.perId.get('TargetGroupAttributes') ?? []) {
    tgAttrs.set(f.id, attributes(f.top.objs('Attributes', 'attribute')));
    f.top.done([]);
  }
  let attributesMissing = false;

  // ---- application, network and gateway load balancers ------------------------------------------
  const lbByArn = new Map<string, LoadBalancer>();
  for (const { obj } of st.itemsOf('LoadBalancers')) {
    const arn = obj.str('LoadBalancerArn', true);
    const name = obj.str('LoadBalancerName', true);
    const type = obj.str('Type');
    const scheme = obj.str('Scheme');
    const stateObj = obj.obj('State', 'load balancer state');
    const state = stateObj?.str('Code');
    stateObj?.done(['Reason']);
    const ipType = obj.str('IpAddressType');
    const groups = obj.strs('SecurityGroups');
    const subnets: string[] = [];
    const declared = new Map<string, LoadBalancerNode>();
    for (const z of obj.objs('AvailabilityZones', 'availability zone')) {
      const subnet = z.str('SubnetId');
      for (const a of z.objs('LoadBalancerAddresses', 'load balancer address')) {
        const ip = a.str('IpAddress');
        const priv = a.str('PrivateIPv4Address');
        const v6 = a.str('IPv6Address');
        a.done(['AllocationId']);
        if (subnet === undefined) continue;
        // IpAddress: the Elastic IP of an internet-facing node, the private address of an internal one
        const internal = scheme === 'internal';
        declared.set(subnet, {
          subnet,
          ...((priv ?? (internal ? ip : undefined)) !== undefined ? { privateIp: (priv ?? ip)! } : {}),
          ...(!internal && ip !== undefined ? { publicIp: ip } : {}),
          ...(v6 !== undefined ? { ipv6Address: v6 } : {}),
        });
      }
      z.done(['ZoneName', 'OutpostId', 'SourceNatIpv6Prefixes']);
      if (subnet !== undefined) subnets.push(subnet);
    }
    const tags = obj.tags();
    obj.done([
      'DNSName', 'CanonicalHostedZoneId', 'CreatedTime', 'VpcId', 'CustomerOwnedIpv4Pool', 'EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic', 'EnablePrefixForIpv6SourceNat',
      'IpamPools',
    ]);
    if (arn === undefined || name === undefined) continue;
    if (state === 'failed') {
      st.report.warn(obj.at('State'), 'skipped-state', `load balancer \`${name}\` is \`failed\`: not imported`);
      continue;
    }
    const t = type === 'application' || type === 'network' || type === 'gateway' ? type : undefined;
    if (t === undefined) {
      st.report.warn(obj.at('Type'), 'unmapped', `load balancer \`${name}\` is of type \`${type}\`, which is not modelled: not imported`);
      continue;
    }
    if (subnets.length === 0) {
      st.report.warn(obj.at('AvailabilityZones'), 'unmapped', `load balancer \`${name}\` names no subnet: not imported`);
      continue;
    }
    const key = lbKey(arn);
    const id = claimEither(st, name, key);
    if (id === undefined) continue;
    st.loadBalancerIds.set(arn, id);
    const attrs = lbAttrs.get(name) ?? lbAttrs.get(arn);
    if (attrs === undefined && t !== 'application') attributesMissing = true;
    const crossZone = t !== 'application' && attrs?.['load_balancing.cross_zone.enabled'] !== undefined ? attrs['load_balancing.cross_zone.enabled'] === 'true' : undefined;
    if (ipType === 'dualstack-without-public-ipv4')
      st.report.warn(obj.at('IpAddressType'), 'unmapped', `load balancer \`${name}\` is \`dualstack-without-public-ipv4\`: imported as \`dualstack\` (vpcsim does not model IPv4-less public dual stack)`);
    const nodes = nodesFromEnis(key, subnets, declared);
    const lb: LoadBalancer = {
      id,
      type: t,
      ...(t !== 'gateway' && (scheme === 'internal' || scheme === 'internet-facing') ? { scheme } : {}),
      subnets,
      ...(t !== 'gateway' && groups.length > 0 ? { securityGroups: groups } : {}),
      ...(crossZone !== undefined ? { crossZone } : {}),
      ...(ipType === 'dualstack' || ipType === 'dualstack-without-public-ipv4' ? { ipAddressType: 'dualstack' as const } : {}),
      ...(nodes.length > 0 ? { nodes } : {}),
      listeners: [],
      ...(id !== name ? { name } : {}),
      ...(tags ? { tags } : {}),
    };
    lbByArn.set(arn, lb);
    st.draft.loadBalancers.push(st.from(lb, obj.at()));
  }

  // ---- target groups (before listeners: a listener names a group by ARN) ----------------------------------
  const tgIdByArn = new Map<string, string>();
  const tgByArn = new Map<string, TargetGroup>();
  const tgNameByArn = new Map<string, string>();
  for (const { obj } of st.itemsOf('TargetGroups')) {
    const arn = obj.str('TargetGroupArn', true);
    const name = obj.str('TargetGroupName', true);
    const protocol = obj.str('Protocol');
    const port = obj.num('Port');
    const vpc = obj.str('VpcId');
    const targetType = obj.str('TargetType');
    const hcProtocol = obj.str('HealthCheckProtocol');
    const hcPort = obj.str('HealthCheckPort');
    const hcPath = obj.str('HealthCheckPath');
    const tags = obj.tags();
    obj.done([
      'HealthCheckEnabled', 'HealthCheckIntervalSeconds', 'HealthCheckTimeoutSeconds', 'HealthyThresholdCount', 'UnhealthyThresholdCount', 'Matcher', 'LoadBalancerArns', 'ProtocolVersion',
      'IpAddressType',
    ]);
    if (arn === undefined || name === undefined) continue;
    if (targetType === 'lambda') {
      st.report.warn(obj.at('TargetType'), 'unmapped', `target group \`${name}\` sends to a Lambda function, which is not modelled: not imported`);
      continue;
    }
    if (vpc === undefined || protocol === undefined || !TG_PROTOCOLS.has(protocol)) {
      st.report.warn(obj.at(vpc === undefined ? 'VpcId' : 'Protocol'), 'unmapped', `target group \`${name}\` ${vpc === undefined ? 'names no VPC' : `uses protocol \`${protocol}\`, which is not modelled`}: not imported`);
      continue;
    }
    const id = claimEither(st, name, tgKey(arn));
    if (id === undefined) continue;
    const attrs = tgAttrs.get(name) ?? tgAttrs.get(arn);
    const network = protocol === 'TCP' || protocol === 'TLS' || protocol === 'UDP' || protocol === 'TCP_UDP';
    if (attrs === undefined && network) attributesMissing = true;
    const preserve = attrs?.['preserve_client_ip.enabled'];
    const cz = attrs?.['load_balancing.cross_zone.enabled'];
    const healthCheck: HealthCheck = {
      ...(hcProtocol === 'HTTP' || hcProtocol === 'HTTPS' || hcProtocol === 'TCP' ? { protocol: hcProtocol } : {}),
      ...(hcPort === 'traffic-port' ? { port: 'traffic-port' as const } : hcPort !== undefined && /^\d+$/.test(hcPort) ? { port: Number(hcPort) } : {}),
      ...(hcPath !== undefined && (hcProtocol === 'HTTP' || hcProtocol === 'HTTPS') ? { path: hcPath } : {}),
    };
    const tg: TargetGroup = {
      id,
      vpc,
      ...(targetType === 'ip' || targetType === 'alb' || targetType === 'instance' ? { targetType } : {}),
      protocol: protocol as TargetGroup['protocol'],
      ...(port !== undefined && protocol !== 'GENEVE' ? { port } : {}),
      ...(protocol !== 'GENEVE' && (cz === 'true' || cz === 'false') ? { crossZone: cz === 'true' } : {}),
      ...(network && (preserve === 'true' || preserve === 'false') ? { preserveClientIp: preserve === 'true' } : {}),
      ...(Object.keys(healthCheck).length > 0 ? { healthCheck } : {}),
      targets: [],
      ...(id !== name ? { name } : {}),
      ...(tags ? { tags } : {}),
    };
    tgIdByArn.set(arn, id);
    tgByArn.set(arn, tg);
    tgNameByArn.set(arn, name);
    st.draft.targetGroups.push(st.from(tg, obj.at()));
  }

  // ---- listeners: per load balancer files, or Batfish's aggregate ----------------------------------------------
  const listenerLists: { lbArn: string | undefined; listeners: AwsObject[] }[] = [];
  for (const f of st.perId.get('Listeners') ?? []) {
    listenerLists.push({ lbArn: undefined, listeners: f.top.objs('Listeners', 'listener') });
    f.top.done(['NextMarker']);
  }
  for (const { obj } of st.itemsOf('LoadBalancerListeners')) {
    listenerLists.push({ lbArn: obj.str('LoadBalancerArn'), listeners: obj.objs('Listeners', 'listener') });
    obj.done(['NextMarker']);
  }
  const hasListeners = new Set<string>();
  for (const { lbArn, listeners } of listenerLists) {
    for (const l of listeners) {
      const arn = l.str('LoadBalancerArn') ?? lbArn;
      const protocol = l.str('Protocol');
      const port = l.num('Port');
      let targetGroupArn: string | undefined;
      let action: string | undefined;
      const actions = l.objs('DefaultActions', 'listener action').map((a) => {
        const type = a.str('Type');
        const order = a.num('Order');
        const direct = a.str('TargetGroupArn');
        const fc = a.obj('ForwardConfig', 'forward configuration');
        const weighted = (fc?.objs('TargetGroups', 'weighted target group') ?? []).map((w) => {
          const t = w.str('TargetGroupArn');
          const weight = w.num('Weight');
          w.done([]);
          return { t, weight };
        });
        fc?.done(['TargetGroupStickinessConfig']);
        a.done(['AuthenticateOidcConfig', 'AuthenticateCognitoConfig', 'RedirectConfig', 'FixedResponseConfig', 'JwtValidationConfig']);
        return { type, order: order ?? 0, direct, weighted };
      });
      actions.sort((a, b) => a.order - b.order);
      const forward = actions.find((a) => a.type === 'forward');
      action = actions.find((a) => a.type !== 'forward' && !a.type?.startsWith('authenticate'))?.type;
      if (forward) {
        const live = forward.weighted.filter((w) => w.t !== undefined && (w.weight ?? 1) > 0);
        targetGroupArn = forward.direct ?? live[0]?.t;
        if (live.length > 1)
          st.report.warn(l.at('DefaultActions'), 'unmapped', `listener ${port ?? ''} forwards to ${live.length} weighted target groups: only the first (\`${tgNameByArn.get(live[0]!.t!) ?? live[0]!.t}\`) is imported`, 'vpcsim models one target group per listener');
      }
      l.done(['ListenerArn', 'Certificates', 'SslPolicy', 'AlpnPolicy', 'MutualAuthentication']);
      const lb = arn === undefined ? undefined : lbByArn.get(arn);
      if (!lb) {
        if (arn !== undefined && !st.loadBalancerIds.has(arn))
          st.report.warn(l.at('LoadBalancerArn'), 'unresolved', `listener of \`${arn}\`, which LoadBalancers.json does not list: not imported`, 'add LoadBalancers.json (aws elbv2 describe-load-balancers)');
        continue;
      }
      hasListeners.add(lb.id);
      if (protocol !== undefined && !LISTENER_PROTOCOLS.has(protocol)) {
        st.report.warn(l.at('Protocol'), 'unmapped', `listener ${port ?? ''} of \`${lb.id}\` uses protocol \`${protocol}\`, which is not modelled: not imported`);
        continue;
      }
      if (targetGroupArn === undefined) {
        st.report.warn(
          l.at('DefaultActions'),
          'unmapped',
          `listener ${port ?? ''} of \`${lb.id}\` ${action !== undefined ? `answers with a \`${action}\` action` : 'forwards to no target group'}, which is not modelled: not imported (vpcsim refuses its port at the listener)`,
        );
        continue;
      }
      const tg = tgIdByArn.get(targetGroupArn);
      if (tg === undefined) {
        st.report.warn(l.at('DefaultActions'), 'unresolved', `listener ${port ?? ''} of \`${lb.id}\` forwards to \`${targetGroupArn}\`, which TargetGroups.json does not list: not imported`, 'add TargetGroups.json (aws elbv2 describe-target-groups)');
        continue;
      }
      const listener: Listener = {
        ...(protocol !== undefined && !(lb.type === 'gateway' && protocol === 'GENEVE') ? { protocol: protocol as Listener['protocol'] } : {}),
        ...(port !== undefined && !(lb.type === 'gateway' && port === 6081) ? { port } : {}),
        targetGroup: tg,
      };
      lb.listeners!.push(st.from(listener, l.at()));
    }
  }
  for (const lb of lbByArn.values())
    if (!hasListeners.has(lb.id)) {
      const o = st.origin.get(lb);
      if (o) st.report.warn(o, 'missing-listeners', `no listeners of \`${lb.id}\` in the export: imported without listeners (it accepts no traffic)`, `add Listeners/${lb.name ?? lb.id}.json (aws elbv2 describe-listeners --load-balancer-arn ...)`);
    }

  // ---- registered targets and their health -----------------------------------------------------------------------
  const healthLists: { tgArn: string | undefined; tgName: string | undefined; list: AwsObject[]; at: AwsObject }[] = [];
  for (const f of st.perId.get('TargetHealth') ?? []) healthLists.push({ tgArn: undefined, tgName: f.id, list: f.top.objs('TargetHealthDescriptions', 'target health description'), at: f.top });
  for (const { obj } of st.itemsOf('LoadBalancerTargetHealth')) healthLists.push({ tgArn: obj.str('TargetGroupArn'), tgName: undefined, list: obj.objs('TargetHealthDescriptions', 'target health description'), at: obj });
  const withTargets = new Set<TargetGroup>();
  for (const h of healthLists) {
    h.at.done([]);
    const arn = h.tgArn ?? [...tgNameByArn].find(([, n]) => n === h.tgName)?.[0];
    const tg = arn === undefined ? undefined : tgByArn.get(arn);
    if (!tg) {
      st.report.warn(h.at.at(), 'unresolved', `target health of \`${h.tgArn ?? h.tgName}\`, which TargetGroups.json does not list: not imported`);
      continue;
    }
    withTargets.add(tg);
    for (const d of h.list) {
      const t = d.obj('Target', 'target');
      const tid = t?.str('Id');
      const tport = t?.num('Port');
      const az = t?.str('AvailabilityZone');
      t?.done([]);
      const th = d.obj('TargetHealth', 'target health');
      const state = th?.str('State');
      th?.done(['Reason', 'Description']);
      d.done(['HealthCheckPort', 'AnomalyDetection', 'AdministrativeOverride']);
      if (tid === undefined) continue;
      const health = state !== undefined && HEALTH.has(state) ? { health: state as TargetHealthState } : {};
      const port = tport !== undefined && tport !== tg.port ? { port: tport } : {};
      let target: Target;
      if (tg.targetType === 'ip') target = { ip: tid, ...port, ...(az === 'all' ? { availabilityZone: 'all' } : {}), ...health };
      else if (tg.targetType === 'alb') {
        const alb = st.loadBalancerIds.get(tid);
        if (alb === undefined) {
          st.report.warn(d.at('Target', 'Id'), 'unresolved', `target \`${tid}\` of \`${tg.id}\` is a load balancer not in the export: not imported`);
          continue;
        }
        target = { id: alb, ...port, ...health };
      } else target = { id: tid, ...port, ...health };
      tg.targets!.push(st.from(target, d.at()));
    }
  }
  for (const tg of tgByArn.values())
    if (!withTargets.has(tg)) {
      const o = st.origin.get(tg);
      if (o) st.report.warn(o, 'missing-targets', `no target health of \`${tg.id}\` in the export: imported without targets`, `add TargetHealth/${tg.name ?? tg.id}.json (aws elbv2 describe-target-health --target-group-arn ...)`);
    }

  // ---- classic load balancers ---------------------------------------------------------------------------------------
  const clbAttrs = new Map<string, boolean>();
  for (const f of st.perId.get('ClassicLoadBalancerAttributes') ?? []) {
    const a = f.top.obj('LoadBalancerAttributes', 'load balancer attributes');
    const cz = a?.obj('CrossZoneLoadBalancing', 'cross-zone setting');
    const enabled = cz?.bool('Enabled');
    cz?.done([]);
    a?.done(['AccessLog', 'ConnectionDraining', 'ConnectionSettings', 'AdditionalAttributes']);
    f.top.done([]);
    if (enabled !== undefined) clbAttrs.set(f.id, enabled);
  }
  for (const { obj } of st.itemsOf('LoadBalancerDescriptions')) {
    const name = obj.str('LoadBalancerName', true);
    const vpc = obj.str('VPCId');
    const scheme = obj.str('Scheme');
    const subnets = obj.strs('Subnets');
    const groups = obj.strs('SecurityGroups');
    const instances = obj.objs('Instances', 'instance').map((i) => {
      const id = i.str('InstanceId');
      i.done([]);
      return id;
    }).filter((i): i is string => i !== undefined);
    const listeners: Listener[] = [];
    for (const ld of obj.objs('ListenerDescriptions', 'listener description')) {
      const l = ld.obj('Listener', 'listener');
      const protocol = l?.str('Protocol')?.toUpperCase();
      const port = l?.num('LoadBalancerPort');
      const instanceProtocol = l?.str('InstanceProtocol')?.toUpperCase();
      const instancePort = l?.num('InstancePort');
      l?.done(['SSLCertificateId']);
      ld.done(['PolicyNames']);
      if (protocol === undefined || port === undefined || !['TCP', 'SSL', 'HTTP', 'HTTPS'].includes(protocol)) continue;
      listeners.push(
        st.from(
          {
            protocol: protocol as Listener['protocol'],
            port,
            ...(instancePort !== undefined && instancePort !== port ? { instancePort } : {}),
            ...(instanceProtocol !== undefined && ['TCP', 'SSL', 'HTTP', 'HTTPS'].includes(instanceProtocol) && instanceProtocol !== protocol ? { instanceProtocol: instanceProtocol as Listener['instanceProtocol'] } : {}),
          },
          ld.at(),
        ),
      );
    }
    // HealthCheck.Target: `TCP:80`, `HTTP:80/index.html` (elb HealthCheck)
    const hc = obj.obj('HealthCheck', 'health check');
    const target = hc?.str('Target');
    hc?.done(['Interval', 'Timeout', 'UnhealthyThreshold', 'HealthyThreshold']);
    const m = target === undefined ? null : /^(TCP|SSL|HTTP|HTTPS):(\d+)(\/.*)?$/i.exec(target);
    const healthCheck: HealthCheck | undefined = m ? { protocol: m[1]!.toUpperCase() as HealthCheck['protocol'], port: Number(m[2]), ...(m[3] !== undefined ? { path: m[3] } : {}) } : undefined;
    obj.done([
      'DNSName', 'CanonicalHostedZoneName', 'CanonicalHostedZoneNameID', 'Policies', 'BackendServerDescriptions', 'AvailabilityZones', 'SourceSecurityGroup', 'CreatedTime',
    ]);
    if (name === undefined) continue;
    if (vpc === undefined || subnets.length === 0) {
      st.report.warn(obj.at('VPCId'), 'unmapped', `classic load balancer \`${name}\` is not in a VPC (EC2-Classic): not imported`);
      continue;
    }
    const id = claimEither(st, name, `classic/${name}`);
    if (id === undefined) continue;
    const crossZone = clbAttrs.get(name);
    if (crossZone === undefined) attributesMissing = true;
    const nodes = nodesFromEnis(`classic/${name}`, subnets, new Map());
    st.draft.loadBalancers.push(
      st.from(
        {
          id,
          type: 'classic',
          ...(scheme === 'internal' ? { scheme: 'internal' as const } : { scheme: 'internet-facing' as const }),
          subnets,
          ...(groups.length > 0 ? { securityGroups: groups } : {}),
          ...(crossZone !== undefined ? { crossZone } : {}),
          ...(nodes.length > 0 ? { nodes } : {}),
          listeners,
          ...(instances.length > 0 ? { instances } : {}),
          ...(healthCheck ? { healthCheck } : {}),
          ...(id !== name ? { name } : {}),
        },
        obj.at(),
      ),
    );
  }

  if (attributesMissing)
    st.report.add('<import>', {
      code: 'missing-attributes',
      severity: 'warning',
      path: [],
      message: "the load balancer or target group attributes are not all in the export: AWS's defaults are assumed for cross-zone load balancing and client IP preservation where they are missing",
      hint: 'add LoadBalancerAttributes/<name>.json, TargetGroupAttributes/<name>.json and ClassicLoadBalancerAttributes/<name>.json (docs/import.md, "The export script")',
    });
}
