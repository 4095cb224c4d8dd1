// AWS Direct Connect: connections, virtual interfaces, Direct Connect gateways and their
// associations with virtual private gateways and transit gateways.
// https://docs.aws.amazon.com/cli/latest/reference/directconnect/describe-connections.html
// https://docs.aws.amazon.com/cli/latest/reference/directconnect/describe-virtual-interfaces.html
// https://docs.aws.amazon.com/cli/latest/reference/directconnect/describe-direct-connect-gateways.html
// https://docs.aws.amazon.com/cli/latest/reference/directconnect/describe-direct-connect-gateway-associations.html
// https://docs.aws.amazon.com/directconnect/latest/APIReference/API_Connection.html
// https://docs.aws.amazon.com/directconnect/latest/APIReference/API_VirtualInterface.html
// https://docs.aws.amazon.com/directconnect/latest/APIReference/API_DirectConnectGatewayAssociation.html
import type { DirectConnectConnection, DirectConnectConnectionState, DirectConnectGateway, DirectConnectGatewayAssociation, VirtualInterface, VirtualInterfaceState } from '@vpcsim/model';
import { isAccountId, isRegion } from './layout.js';
import type { AwsObject } from './reader.js';
import type { ImportState } from './state.js';
import { pushAll } from '@vpcsim/model';

const CONNECTION_STATES: ReadonlySet<string> = new Set(['ordering', 'requested', 'pending', 'available', 'down', 'deleting', 'deleted', 'rejected', 'unknown']);
const VIF_STATES: ReadonlySet<string> = new Set(['confirming', 'verifying', 'pending', 'available', 'down', 'testing', 'deleting', 'deleted', 'rejected', 'unknown']);
const GONE = new Set(['deleted', 'rejected']);

/** Direct Connect tags are `[{ key, value }]` (lower case). */
function dxTags(obj: AwsObject): Record<string, string> | undefined {
  const list = obj.objs('tags', 'tag');
  if (list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const t of list) {
    const k = t.str('key');
    const v = t.str('value');
    t.done([]);
    if (k !== undefined) out[k] = v ?? '';
  }
  return out;
}

/** A string field the Direct Connect API may return empty (`virtualGatewayId: ""`): empty reads as absent. */
const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : s);

/** `[{ cidr }]` (RouteFilterPrefix) as CIDR strings. */
function prefixes(obj: AwsObject, key: string): string[] {
  return obj
    .objs(key, 'route filter prefix')
    .map((p) => {
      const c = p.str('cidr');
      p.done([]);
      return c;
    })
    .filter((c): c is string => c !== undefined);
}

/** Maps describe-connections, describe-virtual-interfaces, describe-direct-connect-gateways and their associations. */
export function mapDirectConnect(st: ImportState): void {
  const dx = st.draft.directConnect;

  for (const { obj, scope } of st.itemsOf('DirectConnectConnections')) {
    const id = obj.str('connectionId', true);
    const name = obj.str('connectionName');
    const state = obj.str('connectionState');
    const location = obj.str('location');
    const bandwidth = obj.str('bandwidth');
    const region = obj.str('region') ?? scope.region;
    const owner = obj.str('ownerAccount') ?? scope.account;
    const tags = dxTags(obj);
    obj.done([
      'vlan', 'partnerName', 'loaIssueTime', 'lagId', 'awsDevice', 'jumboFrameCapable', 'awsDeviceV2', 'awsLogicalDeviceId', 'hasLogicalRedundancy', 'providerName', 'macSecCapable',
      'portEncryptionStatus', 'encryptionMode', 'macSecKeys', 'partnerInterconnectMacSecCapable',
    ]);
    if (id === undefined) continue;
    if (state !== undefined && GONE.has(state)) {
      st.report.warn(obj.at('connectionState'), 'skipped-state', `Direct Connect connection \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    if (!st.claim(id)) continue;
    const c: DirectConnectConnection = {
      id,
      ...(location !== undefined ? { location } : {}),
      ...(bandwidth !== undefined ? { bandwidth } : {}),
      ...(state !== undefined ? { status: (CONNECTION_STATES.has(state) ? state : 'unknown') as DirectConnectConnectionState } : {}),
      ...(isAccountId(owner) ? { account: owner } : {}),
      ...(isRegion(region) ? { region } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(tags ? { tags } : {}),
    };
    dx.connections.push(st.from(c, obj.at()));
  }

  for (const { obj } of st.itemsOf('DirectConnectGateways')) {
    const id = obj.str('directConnectGatewayId', true);
    const name = obj.str('directConnectGatewayName');
    const asn = obj.num('amazonSideAsn');
    const owner = obj.str('ownerAccount');
    const state = obj.str('directConnectGatewayState');
    const tags = dxTags(obj);
    obj.done(['stateChangeError']);
    if (id === undefined) continue;
    if (state === 'deleted' || state === 'deleting') {
      st.report.warn(obj.at('directConnectGatewayState'), 'skipped-state', `Direct Connect gateway \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    // a Direct Connect gateway is global: an export of several regions lists it in each
    if (!st.claim(id)) continue;
    const g: DirectConnectGateway = {
      id,
      ...(asn !== undefined ? { asn } : {}),
      associations: [],
      ...(isAccountId(owner) ? { account: owner } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(tags ? { tags } : {}),
    };
    dx.gateways.push(st.from(g, obj.at()));
  }

  // associations: one file, or one per Direct Connect gateway (the call needs a gateway id)
  const assocObjs: AwsObject[] = st.itemsOf('DirectConnectGatewayAssociations').map((i) => i.obj);
  for (const f of st.perId.get('DirectConnectGatewayAssociations') ?? []) {
    pushAll(assocObjs, f.top.objs('directConnectGatewayAssociations', 'Direct Connect gateway association'));
    f.top.done(['nextToken']);
  }
  const seenAssoc = new Set<string>();
  for (const obj of assocObjs) {
    const gwId = obj.str('directConnectGatewayId', true);
    const state = obj.str('associationState');
    const assocId = obj.str('associationId');
    const ag = obj.obj('associatedGateway', 'associated gateway');
    const agId = ag?.str('id');
    const agType = ag?.str('type');
    ag?.done(['ownerAccount', 'region']);
    const legacyVgw = nonEmpty(obj.str('virtualGatewayId'));
    const allowed = prefixes(obj, 'allowedPrefixesToDirectConnectGateway');
    const core = obj.obj('associatedCoreNetwork', 'associated core network');
    core?.done(['id', 'ownerAccount', 'attachmentId']);
    obj.done(['directConnectGatewayOwnerAccount', 'stateChangeError', 'virtualGatewayRegion', 'virtualGatewayOwnerAccount']);
    if (gwId === undefined) continue;
    if (state === 'disassociated' || state === 'disassociating') {
      st.report.warn(obj.at('associationState'), 'skipped-state', `association \`${assocId ?? agId ?? ''}\` of \`${gwId}\` is \`${state}\`: not imported`);
      continue;
    }
    const key = assocId ?? `${gwId}|${agId ?? legacyVgw}`;
    if (seenAssoc.has(key)) continue;
    seenAssoc.add(key);
    const gw = dx.gateways.find((g) => g.id === gwId);
    if (!gw) {
      st.report.warn(obj.at('directConnectGatewayId'), 'unresolved', `association of \`${gwId}\`, which DirectConnectGateways.json does not list: not imported`, 'add DirectConnectGateways.json (aws directconnect describe-direct-connect-gateways)');
      continue;
    }
    let a: DirectConnectGatewayAssociation;
    if (agType === 'transitGateway' && agId !== undefined) a = { transitGateway: agId, allowedPrefixes: allowed };
    else if ((agType === 'virtualPrivateGateway' && agId !== undefined) || (ag === undefined && legacyVgw !== undefined)) a = { vpnGateway: agId ?? legacyVgw!, ...(allowed.length > 0 ? { allowedPrefixes: allowed } : {}) };
    else {
      st.report.warn(obj.at(core !== undefined ? 'associatedCoreNetwork' : 'associatedGateway'), 'unmapped', `association of \`${gwId}\` ${core !== undefined ? 'with a Cloud WAN core network' : `with a gateway of type \`${agType}\``} is not modelled: not imported`);
      continue;
    }
    if (assocId !== undefined) a = { id: assocId, ...a };
    gw.associations!.push(st.from(a, obj.at()));
  }

  const connections = new Set(dx.connections.map((c) => c.id));
  for (const { obj, scope } of st.itemsOf('VirtualInterfaces')) {
    const id = obj.str('virtualInterfaceId', true);
    const type = obj.str('virtualInterfaceType');
    const connection = obj.str('connectionId');
    const state = obj.str('virtualInterfaceState');
    const name = obj.str('virtualInterfaceName');
    const vgw = nonEmpty(obj.str('virtualGatewayId'));
    const dxgw = nonEmpty(obj.str('directConnectGatewayId'));
    const vlan = obj.num('vlan');
    const asn = obj.num('asn');
    const region = obj.str('region') ?? scope.region;
    const owner = obj.str('ownerAccount') ?? scope.account;
    const routeFilterPrefixes = prefixes(obj, 'routeFilterPrefixes');
    const tags = dxTags(obj);
    obj.done([
      'location', 'amazonSideAsn', 'authKey', 'amazonAddress', 'customerAddress', 'addressFamily', 'customerRouterConfig', 'mtu', 'jumboFrameCapable', 'bgpPeers', 'awsDeviceV2',
      'awsLogicalDeviceId', 'siteLinkEnabled',
    ]);
    if (id === undefined) continue;
    if (state !== undefined && GONE.has(state)) {
      st.report.warn(obj.at('virtualInterfaceState'), 'skipped-state', `virtual interface \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    if (type !== 'private' && type !== 'public' && type !== 'transit') {
      st.report.warn(obj.at('virtualInterfaceType'), 'unmapped', `virtual interface \`${id}\` is of type \`${type}\`, which is not modelled: not imported`);
      continue;
    }
    if (connection === undefined) {
      st.report.warn(obj.at('connectionId'), 'unmapped', `virtual interface \`${id}\` names no connection: not imported`);
      continue;
    }
    // a hosted virtual interface runs on a partner's connection, which this account cannot describe
    if (!connections.has(connection) && st.claim(connection)) {
      connections.add(connection);
      const status: DirectConnectConnectionState = state === 'available' || state === 'down' ? 'available' : 'unknown';
      dx.connections.push(st.from({ id: connection, status }, obj.at('connectionId')));
      st.report.warn(
        obj.at('connectionId'),
        'assumed-connection',
        `connection \`${connection}\` of \`${id}\` is not in the export (a partner's, for a hosted virtual interface): imported as \`${status}\`${status === 'available' ? ' since the interface reports BGP state' : ''}`,
        'add DirectConnectConnections.json (aws directconnect describe-connections) from the account that owns the connection',
      );
    }
    if (!st.claim(id)) continue;
    const v: VirtualInterface = {
      id,
      type,
      connection,
      ...(type !== 'public' && dxgw !== undefined ? { dxGateway: dxgw } : {}),
      ...(type === 'private' && dxgw === undefined && vgw !== undefined ? { vpnGateway: vgw } : {}),
      ...(state !== undefined ? { status: (VIF_STATES.has(state) ? state : 'unknown') as VirtualInterfaceState } : {}),
      ...(type === 'public' ? { routeFilterPrefixes } : {}),
      ...(vlan !== undefined && vlan >= 1 && vlan <= 4094 ? { vlan } : {}),
      ...(asn !== undefined ? { asn } : {}),
      ...(isAccountId(owner) ? { account: owner } : {}),
      ...(isRegion(region) ? { region } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(tags ? { tags } : {}),
    };
    dx.virtualInterfaces.push(st.from(v, obj.at()));
  }
}
