// The IAM JSON policy grammar, as AWS documents it:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// Which elements a document may or must have depends on where it is attached (an identity
// policy has no Principal, a resource policy needs one); those rules are checked by
// `validatePolicy`, not by this schema.
import { z } from 'zod';
import { Dict } from './dict.js';

/** A string or a non-empty list of strings (Action, Resource, principal values, ...). */
export const StringOrList = z.union([z.string(), z.array(z.string()).min(1, 'the list must not be empty')]);
export type StringOrList = z.infer<typeof StringOrList>;

/** A Principal or NotPrincipal element: `"*"` or a map of principal kinds. */
export const PolicyPrincipal = z.union([
  z.literal('*'),
  z.strictObject({
    AWS: StringOrList.optional(),
    Service: StringOrList.optional(),
    Federated: StringOrList.optional(),
    CanonicalUser: StringOrList.optional(),
  }),
]);
export type PolicyPrincipal = z.infer<typeof PolicyPrincipal>;

/** A condition value: strings, numbers and booleans, one or a list. */
export const ConditionValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number(), z.boolean()])),
]);
export type ConditionValue = z.infer<typeof ConditionValue>;

/** A Condition block: operator → context key → value(s). */
export const ConditionBlock = Dict(Dict(ConditionValue));
export type ConditionBlock = z.infer<typeof ConditionBlock>;

/** One statement of a policy document. */
export const PolicyStatement = z
  .strictObject({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny'], { message: 'Effect must be `Allow` or `Deny`' }),
    Principal: PolicyPrincipal.optional(),
    NotPrincipal: PolicyPrincipal.optional(),
    Action: StringOrList.optional(),
    NotAction: StringOrList.optional(),
    Resource: StringOrList.optional(),
    NotResource: StringOrList.optional(),
    Condition: ConditionBlock.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.Action === undefined && s.NotAction === undefined)
      ctx.addIssue({ code: 'custom', message: 'a statement needs `Action` or `NotAction`' });
    if (s.Action !== undefined && s.NotAction !== undefined)
      ctx.addIssue({ code: 'custom', message: 'a statement cannot have both `Action` and `NotAction`' });
    if (s.Resource !== undefined && s.NotResource !== undefined)
      ctx.addIssue({ code: 'custom', message: 'a statement cannot have both `Resource` and `NotResource`' });
    if (s.Principal !== undefined && s.NotPrincipal !== undefined)
      ctx.addIssue({ code: 'custom', message: 'a statement cannot have both `Principal` and `NotPrincipal`' });
  });
export type PolicyStatement = z.infer<typeof PolicyStatement>;

/** A policy document: `{ Version, Id?, Statement }`. */
export const PolicyDocument = z.strictObject({
  Version: z.enum(['2012-10-17', '2008-10-17'], { message: 'Version must be `2012-10-17` (or the legacy `2008-10-17`)' }).optional(),
  Id: z.string().optional(),
  Statement: z.union([PolicyStatement, z.array(PolicyStatement)]),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;

/** Where a policy is attached: decides which elements it must and must not have. */
export type PolicyKind =
  | 'identity'
  | 'resource'
  | 'trust'
  | 'boundary'
  | 'session'
  | 'scp'
  | 'rcp'
  | 'endpoint';

/** The statements of a document as a list, whichever form it was written in. */
export function statementsOf(doc: PolicyDocument): readonly PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}
