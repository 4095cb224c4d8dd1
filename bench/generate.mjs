// A generator of large, valid scenarios for benchmarks (plain ESM, no build step).
// generateScenario() with the defaults returns about 10,000 network resources plus IAM.

/**
 * @param {{ vpcs?: number, subnetsPerVpc?: number, interfacesPerSubnet?: number,
 *   securityGroupsPerVpc?: number, rulesPerSecurityGroup?: number, naclRules?: number,
 *   users?: number, roles?: number }} [options]
 * @returns {Record<string, unknown>} a scenario object (version 1) that compiles without errors
 */
export function generateScenario(options = {}) {
  const {
    vpcs = 50,
    subnetsPerVpc = 20,
    interfacesPerSubnet = 8,
    securityGroupsPerVpc = 5,
    rulesPerSecurityGroup = 5,
    naclRules = 10,
    users = 200,
    roles = 50,
  } = options;
  if (vpcs > 250) throw new Error('at most 250 VPCs (one 10.x.0.0/16 each)');
  if (subnetsPerVpc > 250) throw new Error('at most 250 subnets per VPC (one /24 each)');
  if (interfacesPerSubnet > 240) throw new Error('at most 240 interfaces per subnet');
  const s = {
    version: 1,
    name: `generated: ${vpcs} VPCs x ${subnetsPerVpc} subnets x ${interfacesPerSubnet} interfaces`,
    defaults: { account: '111111111111', region: 'us-east-1' },
    vpcs: [],
    subnets: [],
    routeTables: [],
    networkAcls: [],
    securityGroups: [],
    networkInterfaces: [],
    instances: [],
    internetGateways: [],
    natGateways: [],
    vpcPeeringConnections: [],
    iam: { users: [], groups: [], roles: [], policies: [] },
    resources: [],
    expect: [],
  };
  let publicIp = 0;
  const nextPublicIp = () => {
    publicIp++;
    return `3.${(publicIp >> 16) & 255}.${(publicIp >> 8) & 255}.${publicIp & 255}`;
  };
  for (let v = 0; v < vpcs; v++) {
    const vpc = `vpc-${v}`;
    s.vpcs.push({ id: vpc, cidr: `10.${v}.0.0/16` });
    s.internetGateways.push({ id: `igw-${v}`, vpc });
    s.routeTables.push({ id: `rtb-public-${v}`, vpc, routes: [{ destination: '0.0.0.0/0', target: `igw-${v}` }] });
    s.routeTables.push({ id: `rtb-private-${v}`, vpc, routes: [{ destination: '0.0.0.0/0', target: `nat-${v}` }] });
    if (v > 0) {
      // peer with the previous VPC, both ways routed
      s.vpcPeeringConnections.push({ id: `pcx-${v - 1}-${v}`, requester: `vpc-${v - 1}`, accepter: vpc });
      s.routeTables[s.routeTables.length - 1].routes.push({ destination: `10.${v - 1}.0.0/16`, target: `pcx-${v - 1}-${v}` });
      s.routeTables[s.routeTables.length - 3].routes.push({ destination: `10.${v}.0.0/16`, target: `pcx-${v - 1}-${v}` });
    }
    const rules = (dir) =>
      Array.from({ length: naclRules }, (_, k) => ({ rule: 100 + k * 10, protocol: 'tcp', ports: k === naclRules - 1 ? '1024-65535' : 1000 + k, cidr: dir === 'in' ? '0.0.0.0/0' : `10.${v}.0.0/16`, action: k % 3 === 2 ? 'deny' : 'allow' }));
    s.networkAcls.push({ id: `acl-${v}`, vpc, inbound: rules('in'), outbound: [...rules('out'), { rule: 32000, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }] });
    for (let g = 0; g < securityGroupsPerVpc; g++) {
      const inbound = Array.from({ length: rulesPerSecurityGroup }, (_, k) =>
        k % 2 === 0 ? { protocol: 'tcp', ports: 443 + k, cidr: `10.${v}.0.0/16` } : { protocol: 'tcp', ports: 8000 + k, securityGroup: `sg-${v}-${(g + 1) % securityGroupsPerVpc}` },
      );
      s.securityGroups.push({ id: `sg-${v}-${g}`, vpc, inbound });
    }
    for (let n = 0; n < subnetsPerVpc; n++) {
      const sub = `subnet-${v}-${n}`;
      const pub = n % 2 === 0;
      s.subnets.push({ id: sub, vpc, availabilityZone: `us-east-1${'abc'[n % 3]}`, cidr: `10.${v}.${n}.0/24`, routeTable: pub ? `rtb-public-${v}` : `rtb-private-${v}`, networkAcl: `acl-${v}` });
      if (n === 0) s.natGateways.push({ id: `nat-${v}`, subnet: sub, publicIp: nextPublicIp(), privateIp: `10.${v}.${n}.5` });
      for (let k = 0; k < interfacesPerSubnet; k++) {
        const ip = `10.${v}.${n}.${10 + k}`;
        const groups = [`sg-${v}-${k % securityGroupsPerVpc}`];
        if (k % 2 === 0) s.instances.push({ id: `i-${v}-${n}-${k}`, subnet: sub, privateIp: ip, securityGroups: groups, ...(pub ? { publicIp: nextPublicIp() } : {}), instanceProfile: `role/app-${(v * 7 + k) % roles}` });
        else s.networkInterfaces.push({ id: `eni-${v}-${n}-${k}`, subnet: sub, privateIp: ip, securityGroups: groups });
      }
    }
    s.expect.push({ name: `vpc ${v} egress`, trace: { from: `i-${v}-1-0`, to: '8.8.8.8', protocol: 'tcp', port: 443 }, reachable: true });
  }
  const doc = (statement) => ({ Version: '2012-10-17', Statement: statement });
  for (let p = 0; p < 20; p++)
    s.iam.policies.push({ name: `policy-${p}`, document: doc([{ Effect: 'Allow', Action: [`s3:Get*`, `ec2:Describe*`], Resource: `arn:aws:s3:::bucket-${p}/*`, Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${p}` } } }]) });
  for (let g = 0; g < 10; g++) s.iam.groups.push({ name: `group-${g}`, managedPolicies: [`policy-${g}`, `policy-${g + 10}`] });
  for (let u = 0; u < users; u++) s.iam.users.push({ name: `user-${u}`, groups: [`group-${u % 10}`], managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], tags: { team: `team-${u % 20}` } });
  for (let r = 0; r < roles; r++)
    s.iam.roles.push({
      name: `app-${r}`,
      trustPolicy: doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
      managedPolicies: [`policy-${r % 20}`],
      inlinePolicies: { own: doc([{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::bucket-${r % 20}/app-${r}/*` }]) },
    });
  for (let b = 0; b < 20; b++)
    s.resources.push({ arn: `arn:aws:s3:::bucket-${b}`, account: '111111111111', policy: doc([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::bucket-${b}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }]) });
  return s;
}

/** Counts the resources of a generated scenario (network ids plus IAM entities). */
export function countResources(s) {
  let n = 0;
  for (const [k, v] of Object.entries(s)) if (Array.isArray(v) && k !== 'expect' && k !== 'properties') n += v.length;
  for (const v of Object.values(s.iam ?? {})) n += v.length;
  return n;
}
