// VPC endpoints (gateway and interface) with their route table and subnet associations and
// policies. The service is the last part of the service name (`com.amazonaws.us-east-1.s3` →
// `s3`). Gateway Load Balancer endpoints are not modelled yet.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_endpoint
// https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
import type { VpcEndpoint } from '@vpcsim/model';
import { policyField } from '../core/source.js';
import type { TfMapper } from './import.js';
import { tagsOf } from './network.js';

/** `com.amazonaws.us-east-1.s3` → `s3`; `com.amazonaws.vpce.us-east-1.vpce-svc-...` kept whole. */
export function serviceOf(name: string): string {
  const m = /^(?:aws\.sagemaker\.|com\.amazonaws\.)[a-z0-9-]+\.(.+)$/.exec(name);
  return m ? m[1]! : name;
}

const endpoint: TfMapper = {
  phase: 1,
  map(r, c) {
    const vpc = r.ref('vpc_id', 'its VPC');
    const name = r.str('service_name');
    if (!vpc || !name) return;
    const type = (r.str('vpc_endpoint_type') ?? 'Gateway').toLowerCase();
    if (type !== 'gateway' && type !== 'interface') {
      c.draft.warn(r.origin('vpc_endpoint_type'), 'not-modelled', `${r.address}: ${type} endpoints are not modelled: left out`);
      return;
    }
    const e: VpcEndpoint = { id: r.id, vpc, type, service: serviceOf(name), ...tagsOf(r) };
    if (type === 'gateway') {
      const tables = r.refs('route_table_ids', 'its route tables');
      if (tables.length) e.routeTables = tables;
    } else {
      const subnets = r.refs('subnet_ids', 'its subnets');
      if (subnets.length) e.subnets = subnets;
      const sgs = r.refs('security_group_ids', 'its security groups');
      if (sgs.length) e.securityGroups = sgs;
      if (r.bool('private_dns_enabled') === true) e.privateDns = true;
    }
    const policy = policyField(r, 'policy', 'its endpoint policy');
    if (policy) e.policy = policy;
    c.draft.add('vpcEndpoints', e, r.origin());
  },
};

function association(field: 'routeTables' | 'subnets', ref: string): TfMapper {
  return {
    phase: 2,
    map(r, c) {
      const e = c.draft.find('vpcEndpoints', r.ref('vpc_endpoint_id', 'the endpoint') ?? '');
      const id = r.ref(ref, field === 'routeTables' ? 'the route table' : 'the subnet');
      if (e && id) e[field] = [...new Set([...(e[field] ?? []), id])];
    },
  };
}

const endpointPolicy: TfMapper = {
  phase: 2,
  map(r, c) {
    const e = c.draft.find('vpcEndpoints', r.ref('vpc_endpoint_id', 'the endpoint') ?? '');
    const policy = policyField(r, 'policy', 'the endpoint policy');
    if (e && policy) e.policy = policy;
  },
};

/** VPC endpoints. */
export const ENDPOINTS: Record<string, TfMapper> = {
  aws_vpc_endpoint: endpoint,
  aws_vpc_endpoint_route_table_association: association('routeTables', 'route_table_id'),
  aws_vpc_endpoint_subnet_association: association('subnets', 'subnet_id'),
  aws_vpc_endpoint_policy: endpointPolicy,
};
