import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../cdk.json';
import type { SleetConfigInput } from '../lib/config/sleet-config';
import { SleetStack } from '../lib/sleet-stack';

/** A complete, valid config: the campaign's collector domain in a Route 53 zone, first-party cookie domain. */
export const DOMAIN_CONFIG = {
  collector: {
    domain: { name: 'c.flowershop.example', hostedZoneId: 'Z0123456789EXAMPLE', hostedZoneName: 'flowershop.example' },
    cookieDomain: 'flowershop.example',
  },
} as const satisfies SleetConfigInput;

export interface Synthesised {
  readonly stack: SleetStack;
  readonly template: Template;
}

/**
 * Synthesises a SleetStack the way `cdk synth` does (the feature flags of infra/cdk.json) but without bundling
 * (context `aws:cdk:bundling-stacks: []`), so tests need neither esbuild runs nor Docker.
 */
export function synthStack(config: SleetConfigInput): Synthesised {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new SleetStack(app, 'Test', { config });
  return { stack, template: Template.fromStack(stack) };
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown; Sid?: string };

/** Every statement of the inline policies attached to a role (by the role's logical id). */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const out: Statement[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const props = policy.Properties as { Roles: Array<{ Ref: string }>; PolicyDocument: { Statement: Statement[] } };
    if (props.Roles.some((r) => r.Ref === roleLogicalId)) out.push(...props.PolicyDocument.Statement);
  }
  const role = template.toJSON().Resources[roleLogicalId] as { Properties: { Policies?: Array<{ PolicyDocument: { Statement: Statement[] } }> } };
  for (const p of role.Properties.Policies ?? []) out.push(...p.PolicyDocument.Statement);
  return out;
}

export function actionsOf(s: Statement): string[] {
  return Array.isArray(s.Action) ? s.Action : [s.Action];
}

/** The logical id of the only resource of a type whose id contains `fragment`. */
export function logicalId(template: Template, type: string, fragment: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.includes(fragment));
  if (ids.length !== 1) throw new Error(`expected one ${type} with "${fragment}" in its id, found ${ids.join(', ') || 'none'}`);
  return ids[0] as string;
}
