// The cluster stack's tests, one subject per module under ./cluster-stack/, run as one jest file:
// each jest file loads the app's modules afresh (most of a second) and synthesizes its own apps, so
// one file loads them once and the subjects share the apps of ./cluster-stack/fixture.
// The template's acknowledged cdk-nag findings and budget are ./cluster-stack/template.test.ts.
import './cluster-stack/synth';
import './cluster-stack/plan';
import './cluster-stack/cluster';
import './cluster-stack/identities';
import './cluster-stack/argocd';
import './cluster-stack/teardown';
