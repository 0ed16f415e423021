#!/usr/bin/env bash
# Synthesizes the four reference configurations (default, a build, staging, prod) and says whether
# two such runs are byte-identical: templates, asset manifests and rendered Kubernetes manifests.
# Asset hashes are the one allowed difference: for each asset whose hash moved, the asset's content
# is compared with esbuild's `// <source path>` comments stripped, so a hash that moved only because
# a source file moved is named as such, and any other change fails.
#
#   bash .ci/synth-identical.sh synth <dir>          # writes <dir>/{default,build,staging,prod}
#   bash .ci/synth-identical.sh compare <old> <new>  # exit 0 when identical but for moved code
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  synth)
    out=${2:?usage: synth <dir>}
    rm -rf "$out" && mkdir -p "$out"
    while read -r name args; do
      # shellcheck disable=SC2086
      npx cdk synth -q $args -o "$out/$name" >"$out/$name.log" 2>&1 || { cat "$out/$name.log" >&2; exit 1; }
    done <<'CONFIGS'
default
build -c buildId=pr-7
staging -c env=staging
prod -c env=prod
CONFIGS
    ;;
  compare)
    node .ci/synth-identical.mjs "${2:?usage: compare <old> <new>}" "${3:?usage: compare <old> <new>}"
    ;;
  *) echo "usage: $0 synth <dir> | compare <old> <new>" >&2; exit 2 ;;
esac
