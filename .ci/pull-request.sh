#!/usr/bin/env bash
# The pull-request gates after lint, type-check and tests, in one place so that
# .github/workflows/pull-request.yml and .ci/run run the same thing:
#   a synth of every environment (with build id pr-0 where builds are allowed, dev and test, so the
#   Ephemeral stack is in it too; staging and prod refuse a build id) with the
#   built-in CloudFormation validator and cdk-nag (an unacknowledged finding fails the synth),
#   cfn-lint over every template, and the diff against a base (`npm run diff`).
# Usage: .ci/pull-request.sh <base git ref> [output dir, default cdk.out.pr]
# Writes <dir>/<env>/ (the cloud assemblies), <dir>/diff-report.md and <dir>/diff-report-full.md.
# Exit code: 0 with or without changes; non-zero when a synth, cfn-lint or the diff itself fails.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:?usage: .ci/pull-request.sh <base git ref, for example origin/main> [output dir]}"
out="${2:-cdk.out.pr}"

group() { if [ -n "${GITHUB_ACTIONS:-}" ]; then echo "::group::$*"; else printf '\n--> %s\n' "$*"; fi; }
endgroup() { if [ -n "${GITHUB_ACTIONS:-}" ]; then echo "::endgroup::"; fi; }

rm -rf "$out"
mkdir -p "$out/synth"
for env in dev test staging prod; do
  group "synth $env (CloudFormation validator and cdk-nag)"
  build=()
  case "$env" in dev | test) build=(-c buildId=pr-0) ;; esac
  CDK_VALIDATION=true npx cdk synth -q -c env="$env" "${build[@]}" -o "$out/synth/$env"
  endgroup
done

group "cfn-lint"
bash .ci/cfn-lint.sh "$out/synth"
endgroup

# npm run diff exits 0: no changes, 1: changes (both fine), 2: the diff itself failed.
group "diff against $base"
code=0
npm run diff -- --base "$base" --head "$out/synth" --out "$out/diff-report.md" --full-out "$out/diff-report-full.md" || code=$?
endgroup
[ "$code" -le 1 ] || exit "$code"
