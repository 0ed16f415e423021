import type { Deployment } from './naming';

/**
 * Environments whose data and long-lived stacks are guarded hardest (DESIGN §2 rule 3): their
 * Foundation and Persistent stacks have termination protection, and their database runs
 * Multi-AZ unless config says otherwise.
 */
export const PROTECTED_ENVIRONMENTS: readonly string[] = ['staging', 'prod'];

/**
 * Whether a deployment's stack gets CloudFormation termination protection: the Foundation and the
 * persistent cluster of staging and prod. Deleting one then needs the deliberate act of turning
 * it off first. A build's stack never has it: the reaper and `cdk destroy` must be able to remove it.
 */
export function terminationProtection(d: Deployment): boolean {
  return d.kind !== 'ephemeral' && PROTECTED_ENVIRONMENTS.includes(d.env);
}
