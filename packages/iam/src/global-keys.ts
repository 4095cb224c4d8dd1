// The global condition keys AWS defines, and those AWS always puts in the request context.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// Each key's "Availability" line says when a request carries it. The rules vpcsim applies when
// the request does not give the key (a key the caller gives always wins):
// - aws:CurrentTime, aws:EpochTime: "This key is always included in the request context."
//   The time is DEFAULT_CURRENT_TIME unless given, so decisions are reproducible.
// - aws:RequestedRegion: "This key is always included in the request context." IAM "calls are
//   always made to the us-east-1 Region" (one endpoint). Otherwise the region the request calls:
//   the region of the resource ARN when it names one (CHOICE: a regional resource is reached
//   through its region's endpoint), else the scenario's default region.
// - aws:SecureTransport: "This key is always included in the request context." vpcsim's requests
//   are API calls over HTTPS (tcp/443), so `true`.
// - aws:ViaAWSService: "always included in the request context for most services"; `false` "when
//   the principal makes the call directly", which a vpcsim request is. Not for the services the
//   page lists as not supporting it: Amazon EC2, AWS Glue, AWS Lake Formation, AWS OpsWorks.
// - aws:TokenIssueTime: "included in the request context only when the principal uses temporary
//   credentials" (role sessions, federated users), "not present ... using access keys". Its
//   value: when the credentials were issued; vpcsim takes the request time.
// - aws:MultiFactorAuthPresent: "included in the request context only when the principal uses
//   temporary credentials"; `false` unless the request says MFA was used.
// - aws:PrincipalType, aws:PrincipalArn, aws:PrincipalAccount, aws:userid, aws:username,
//   aws:PrincipalIsAWSService: derived from the principal (compile.ts), as the page says per kind
//   of principal; an anonymous request has aws:PrincipalAccount `anonymous`, aws:PrincipalType
//   `Anonymous` and aws:userid `anonymous`, and no aws:PrincipalArn, aws:username.
// Always included but not assumed, because only the client knows the value: aws:UserAgent (an
// HTTP header the caller sets) and aws:SourceIp (the caller's address; `can --from` sets it).
// They stay absent unless given.
import type { ContextValue } from './types.js';

/** The global condition keys (names as AWS spells them); `.../` entries take a tag key after the slash. */
export const GLOBAL_CONDITION_KEYS: readonly string[] = [
  'aws:AssumedRoot', 'aws:CalledVia', 'aws:CalledViaFirst', 'aws:CalledViaLast', 'aws:CalledViaAWSMCP', 'aws:ChatbotSourceArn', 'aws:CurrentTime',
  'aws:Ec2InstanceSourcePrivateIPv4', 'aws:Ec2InstanceSourceVpc', 'aws:EpochTime', 'aws:FederatedProvider', 'aws:IsMcpServiceAction',
  'aws:MultiFactorAuthAge', 'aws:MultiFactorAuthPresent', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:PrincipalIsAWSService',
  'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalServiceName', 'aws:PrincipalServiceNamesList', 'aws:PrincipalTag/',
  'aws:PrincipalType', 'aws:referer', 'aws:RequestedRegion', 'aws:RequestTag/', 'aws:ResourceAccount', 'aws:ResourceOrgID',
  'aws:ResourceOrgPaths', 'aws:ResourceTag/', 'aws:SecureTransport', 'aws:SourceAccount', 'aws:SourceArn', 'aws:SourceIdentity',
  'aws:SourceIp', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:SourceOwner', 'aws:SourceVpc', 'aws:SourceVpcArn', 'aws:SourceVpce',
  'aws:TagKeys', 'aws:TokenIssueTime', 'aws:UserAgent', 'aws:userid', 'aws:username', 'aws:ViaAWSMCPService', 'aws:ViaAWSService',
  'aws:VpceAccount', 'aws:VpceOrgID', 'aws:VpceOrgPaths', 'aws:VpcSourceIp',
];

const EXACT = new Map(GLOBAL_CONDITION_KEYS.filter((k) => !k.endsWith('/')).map((k) => [k.toLowerCase(), k]));
const TAGGED = GLOBAL_CONDITION_KEYS.filter((k) => k.endsWith('/')).map((k) => k.toLowerCase());

/** Whether `key` (any case) is a global condition key, `aws:PrincipalTag/team` included. */
export function isGlobalConditionKey(key: string): boolean {
  const l = key.toLowerCase();
  return EXACT.has(l) || TAGGED.some((t) => l.startsWith(t) && l.length > t.length);
}

/** Services whose requests do not carry aws:ViaAWSService (the page's list). */
const NO_VIA_AWS_SERVICE: ReadonlySet<string> = new Set(['ec2', 'glue', 'lakeformation', 'opsworks']);

/** The facts of one request the assumed keys depend on. */
export interface RequestFacts {
  /** The region the request calls (aws:RequestedRegion). */
  region: string;
  /** The principal uses temporary credentials (a role session, a federated user). */
  temporary: boolean;
  /** The action's service carries aws:ViaAWSService. */
  via: boolean;
}

/** The region a request calls: IAM's us-east-1, the resource ARN's region, else the scenario's. */
export function requestedRegion(service: string, resource: string, defaultRegion: string): string {
  if (service === 'iam') return 'us-east-1';
  if (resource.startsWith('arn:')) {
    let i = -1;
    for (let k = 0; k < 3; k++) {
      i = resource.indexOf(':', i + 1);
      if (i < 0) return defaultRegion;
    }
    const j = resource.indexOf(':', i + 1);
    if (j > i + 1) return resource.slice(i + 1, j);
  }
  return defaultRegion;
}

/** Whether the action's service carries aws:ViaAWSService. */
export const carriesViaAwsService = (service: string): boolean => !NO_VIA_AWS_SERVICE.has(service);

/** The keys vpcsim assumes when the request does not give them, in the order they are listed. */
export const ASSUMED_KEYS: readonly string[] = ['aws:CurrentTime', 'aws:EpochTime', 'aws:RequestedRegion', 'aws:SecureTransport', 'aws:ViaAWSService', 'aws:TokenIssueTime', 'aws:MultiFactorAuthPresent'];

/** The value AWS always sets for an assumed key (lowercased name), or undefined when the request does not carry it. */
export function assumedValue(key: string, facts: RequestFacts, currentTime: string): ContextValue | undefined {
  switch (key) {
    case 'aws:requestedregion':
      return facts.region;
    case 'aws:securetransport':
      return 'true';
    case 'aws:viaawsservice':
      return facts.via ? 'false' : undefined;
    case 'aws:tokenissuetime':
      return facts.temporary ? currentTime : undefined;
    case 'aws:multifactorauthpresent':
      return facts.temporary ? 'false' : undefined;
    default:
      return undefined;
  }
}
