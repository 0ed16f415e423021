// The tests that read the apps of the committed environments (config/environments.json, cdk.json),
// run as one jest file. Each jest file loads the app's modules afresh and builds its own apps, and
// building and synthesizing an app is most of these tests' time: here each of the six apps (every
// environment, and dev and test with a build) is built once, by `sharedTestApp` (test/util.ts), and
// every subject reads it. A subject is a `*.spec.ts` module at the path that mirrors its source;
// test/runners.test.ts checks that each one is imported by a jest file. When this file is
// selected, the subjects it imports run here only (test/support/filter.js); selected alone
// (`npx jest <its path>.spec.ts`), a subject runs by itself and builds the apps it reads. A subject
// reads its apps in its tests and hooks, never while it is imported: an app that fails to build
// then fails the tests that read it, not the whole file.
import './lib/stacks/app-builder.spec';
import './lib/stacks/foundation-stack.spec';
import './lib/stacks/nag.spec';
import './lib/stacks/cluster-stack-sso.spec';
import './lib/stacks/teardown-order.spec';
import './lib/model/contract/schema.spec';
import './lib/ops/perf/budget.spec';
import './constructs/foundation/github-deploy-roles.spec';
import './constructs/foundation/build-boundary.spec';
import './constructs/foundation/reaper-report.spec';
import './constructs/cluster/node-hardening.spec';
import './constructs/cluster/service-timeouts.spec';
import './constructs/cluster/teardown-order.spec';
import './constructs/cluster/build-uninstall.spec';
import './constructs/cluster/build-logs.spec';
import './github/workflows.spec';
