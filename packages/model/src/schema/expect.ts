// What must hold: expectations (single cases) and properties (quantified).
import { z } from 'zod';
import { Ports, Protocol } from './common.js';
import { Dict } from './dict.js';

const ContextValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);
/** Request context keys and values; a list is a multi-valued key. */
export const RequestContext = Dict(ContextValue);
export type RequestContext = z.infer<typeof RequestContext>;

/** A flow to trace. */
export const TraceSpec = z.strictObject({
  from: z.string().min(1),
  to: z.string().min(1),
  protocol: Protocol.optional(),
  port: z.number().int().min(0).max(65535).optional(),
  srcPort: z.number().int().min(0).max(65535).optional(),
  icmpType: z.number().int().min(0).max(255).optional(),
  icmpCode: z.number().int().min(0).max(255).optional(),
});
export type TraceSpec = z.infer<typeof TraceSpec>;

/** An API request to judge; with `from`, it is sent over the network first. */
export const RequestSpec = z.strictObject({
  principal: z.string().min(1).optional().meta({ description: 'left out with `from`: the instance profile role session' }),
  action: z.string().min(1),
  resource: z.string().min(1).optional(),
  from: z.string().min(1).optional(),
  context: RequestContext.optional(),
}).superRefine((r, ctx) => {
  if (r.principal === undefined && r.from === undefined)
    ctx.addIssue({ code: 'custom', message: 'a request needs `principal` (or `from:` an instance with an instance profile)', path: ['principal'] });
});
export type RequestSpec = z.infer<typeof RequestSpec>;

/** The three IAM decisions. */
export const DecisionValue = z.enum(['allowed', 'explicitly-denied', 'implicitly-denied']);
export type DecisionValue = z.infer<typeof DecisionValue>;

/** An expected decision: one of the three, or `denied` for either kind of denial (a vpcsim extension). */
export const ExpectedDecision = z.enum(['allowed', 'explicitly-denied', 'implicitly-denied', 'denied']);
export type ExpectedDecision = z.infer<typeof ExpectedDecision>;

/** How a request sent from an instance reaches the service. */
export const RequestPath = z.enum(['gateway-endpoint', 'interface-endpoint', 'internet', 'none']);
export type RequestPath = z.infer<typeof RequestPath>;

/** One expectation: a trace with its reachability, or a request with its decision. */
export const Expectation = z
  .strictObject({
    name: z.string().min(1),
    trace: TraceSpec.optional(),
    request: RequestSpec.optional(),
    reachable: z.boolean().optional(),
    blockedBy: z.string().optional(),
    disposition: z.string().optional(),
    decision: ExpectedDecision.optional(),
    via: RequestPath.optional().meta({ description: 'for a request `from` an instance: how it reached the service (`none`: it never arrived)' }),
    targets: z
      .union([z.literal('all'), z.record(z.string().min(1), z.boolean())])
      .optional()
      .meta({ description: 'for a trace to a load balancer: `all` (every target reachable through both legs; with `reachable: false`, not every one), or target ids to whether each is reachable (`{ i-web-1: true, i-web-2: false }`)' }),
  })
  .superRefine((e, ctx) => {
    if (!e.trace === !e.request)
      ctx.addIssue({ code: 'custom', message: 'an expectation has exactly one of `trace` or `request`' });
    if (e.trace && e.reachable === undefined)
      ctx.addIssue({ code: 'custom', message: 'a `trace` expectation needs `reachable: true|false`', path: ['reachable'] });
    if (e.trace && e.decision !== undefined)
      ctx.addIssue({ code: 'custom', message: '`decision` belongs to `request` expectations', path: ['decision'] });
    if (e.via !== undefined && e.request?.from === undefined)
      ctx.addIssue({ code: 'custom', message: '`via` belongs to `request` expectations sent `from` an instance', path: ['via'] });
    if (e.targets !== undefined && !e.trace)
      ctx.addIssue({ code: 'custom', message: '`targets` belongs to `trace` expectations (to a load balancer)', path: ['targets'] });
    if (e.request && e.decision === undefined)
      ctx.addIssue({ code: 'custom', message: 'a `request` expectation needs `decision`', path: ['decision'] });
  });
export type Expectation = z.infer<typeof Expectation>;

const OneOrMany = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).min(1)]);

/** The quantified fields of a property. */
export const Forall = z.strictObject({
  from: OneOrMany(z.string().min(1)).optional(),
  to: OneOrMany(z.string().min(1)).optional(),
  protocol: OneOrMany(Protocol).optional(),
  port: OneOrMany(Ports).optional(),
  principal: OneOrMany(z.string().min(1)).optional(),
  action: OneOrMany(z.string().min(1)).optional(),
  resource: OneOrMany(z.string().min(1)).optional(),
  context: Dict(z.array(ContextValue)).optional().meta({ description: 'key to the values to try' }),
});
export type Forall = z.infer<typeof Forall>;

/**
 * `noExternalAccess`: no principal outside the zone of trust (the resource's account, or the
 * organization) may act on the selected resources, as IAM Access Analyzer's external access
 * findings ask. https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html
 */
export const NoExternalAccess = z.strictObject({
  resource: OneOrMany(z.string().min(1)).meta({ description: 'resource ARNs or globs over the declared resources (`arn:aws:s3:::*`), or roles (`role/NAME`, `role/*`): their trust policies' }),
  trust: z.enum(['account', 'organization']).meta({ description: 'the zone of trust: the resource\'s account, or the whole organization' }),
});
export type NoExternalAccess = z.infer<typeof NoExternalAccess>;

/**
 * `cannotBecome`: no chain of role assumptions, passed roles and policy or credential changes
 * takes the `from` principals to `to` (a principal, or `admin`: any administrator).
 */
export const CannotBecome = z.strictObject({
  from: OneOrMany(z.string().min(1)).meta({ description: 'principals (short forms, ARNs or globs over the declared ones)' }),
  to: z.string().min(1).meta({ description: 'a principal (`role/admin`), or `admin`: any principal that can give itself every permission' }),
});
export type CannotBecome = z.infer<typeof CannotBecome>;

/** A property: for all flows or requests the selectors describe, the outcome holds; or an access property. */
export const Property = z
  .strictObject({
    name: z.string().min(1),
    forall: Forall.optional(),
    reachable: z.boolean().optional(),
    decision: ExpectedDecision.optional(),
    except: z.array(z.string()).optional(),
    noExternalAccess: NoExternalAccess.optional(),
    cannotBecome: CannotBecome.optional(),
  })
  .superRefine((p, ctx) => {
    const kinds = [p.forall, p.noExternalAccess, p.cannotBecome].filter((x) => x !== undefined).length;
    if (kinds !== 1) {
      ctx.addIssue({ code: 'custom', message: kinds === 0 ? 'a property needs `forall`, `noExternalAccess` or `cannotBecome`' : 'a property has exactly one of `forall`, `noExternalAccess` or `cannotBecome`', path: kinds === 0 ? ['forall'] : [] });
      return;
    }
    if (p.forall === undefined) {
      for (const k of ['reachable', 'decision', 'except'] as const)
        if (p[k] !== undefined) ctx.addIssue({ code: 'custom', message: `\`${k}\` belongs to \`forall\` properties`, path: [k] });
      return;
    }
    const net = p.forall.from !== undefined || p.forall.to !== undefined;
    const iam = p.forall.principal !== undefined || p.forall.action !== undefined;
    if (net && p.reachable === undefined && !iam)
      ctx.addIssue({ code: 'custom', message: 'a network property needs `reachable: true|false`', path: ['reachable'] });
    if (iam && p.decision === undefined)
      ctx.addIssue({ code: 'custom', message: 'an IAM property needs `decision`', path: ['decision'] });
    if (!net && !iam)
      ctx.addIssue({ code: 'custom', message: '`forall` needs `from`/`to` (network) or `principal`/`action` (IAM)', path: ['forall'] });
  });
export type Property = z.infer<typeof Property>;
/** A `forall` property (network or IAM). */
export type ForallProperty = Property & { readonly forall: Forall };
