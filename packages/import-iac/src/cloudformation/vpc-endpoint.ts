// VPC endpoints, gateway and interface, with their policies.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-vpcendpoint.html
import type { VpcEndpoint } from '@vpcsim/model';
import { policyField } from '../core/source.js';
import { serviceOf } from '../terraform/vpc-endpoint.js';
import type { CfnMapper } from './import.js';

/** A policy document property (the shared reader). */
export const cfnPolicy = policyField;

const endpoint: CfnMapper = {
  phase: 1,
  map(r, c) {
    const vpc = r.ref('VpcId', 'its VPC');
    const name = r.str('ServiceName');
    if (!vpc || !name) return;
    const type = (r.str('VpcEndpointType') ?? 'Gateway').toLowerCase();
    if (type !== 'gateway' && type !== 'interface') {
      c.draft.warn(r.origin('VpcEndpointType'), 'not-modelled', `${r.logicalId}: ${type} endpoints are not modelled: left out`);
      return;
    }
    const e: VpcEndpoint = { id: r.id, vpc, type, service: serviceOf(name) };
    if (type === 'gateway') {
      const t = r.refs('RouteTableIds', 'its route tables');
      if (t.length) e.routeTables = t;
    } else {
      const s = r.refs('SubnetIds', 'its subnets');
      if (s.length) e.subnets = s;
      const g = r.refs('SecurityGroupIds', 'its security groups');
      if (g.length) e.securityGroups = g;
      if (r.bool('PrivateDnsEnabled')) e.privateDns = true;
    }
    const policy = cfnPolicy(r, 'PolicyDocument', 'its endpoint policy');
    if (policy) e.policy = policy;
    c.draft.add('vpcEndpoints', e, r.origin());
  },
};

/** VPC endpoints. */
export const CFN_ENDPOINTS: Record<string, CfnMapper> = { 'AWS::EC2::VPCEndpoint': endpoint };
