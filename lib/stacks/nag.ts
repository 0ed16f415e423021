import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Runs cdk-nag's AwsSolutions pack over the whole app on every synth: an unacknowledged finding
 * fails synth (and so `npx cdk synth`, the tests and CI).
 *
 * Findings are acknowledged next to the resource they are about, with
 * `Validations.of(construct).acknowledge({ id, reason })` (cdk-nag 3), at the narrowest scope
 * and with a reason a reviewer can check; `test/lib/stacks/nag.spec.ts` lists them all.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/**
 * Acknowledges one cdk-nag AwsSolutions finding on `scope` and everything below it.
 *
 * @param rule the rule, narrowed to one finding where the rule reports several
 *   (`AwsSolutions-IAM5[Resource::arn:aws:...]`)
 * @param reason why the finding is acceptable here, for the reviewer
 */
export function acknowledgeNag(scope: IConstruct, rule: `AwsSolutions-${string}`, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${rule}`, reason });
}
