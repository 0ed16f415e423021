#!/usr/bin/env bash
# Waits until every ArgoCD Application of the given tiers on a cluster has synced and is Healthy.
# The tier acceptance checks are the PostSync hooks of each tier (tiers/acceptance.ts): a failing
# hook fails the sync, so "Succeeded and Healthy" means the tier was accepted.
#   --sync    ask ArgoCD to sync those Applications first, which runs their hooks again (nightly)
# Exit 0: accepted; 1: a sync failed or the deadline passed; 2: bad arguments.
set -euo pipefail
usage='usage: bash .ci/tier-acceptance.sh --cluster <name> --region <region> [--tiers 2,3] [--sync] [--timeout <seconds>]'
cluster='' region='' tiers='' sync=false timeout=1800
while [ $# -gt 0 ]; do
  case "$1" in
    --cluster | --region | --tiers | --timeout)
      [ $# -ge 2 ] || { echo "$1 needs a value; $usage" >&2; exit 2; }
      declare "${1#--}=$2"
      shift 2 ;;
    --sync) sync=true; shift ;;
    *) echo "unknown argument \"$1\"; $usage" >&2; exit 2 ;;
  esac
done
[ -n "$cluster" ] && [ -n "$region" ] || { echo "--cluster and --region are required; $usage" >&2; exit 2; }
[[ "$timeout" =~ ^[0-9]+$ ]] || { echo "--timeout \"$timeout\": allowed: a whole number of seconds; $usage" >&2; exit 2; }

aws eks update-kubeconfig --name "$cluster" --region "$region" --alias "$cluster" >/dev/null
selector='goldenpath.idp/tier'
[ -z "$tiers" ] || selector="goldenpath.idp/tier in ($tiers)"
apps=$(kubectl -n argocd get applications.argoproj.io -l "$selector" -o jsonpath='{.items[*].metadata.name}')
[ -n "$apps" ] || { echo "FAIL no Application matches $selector on $cluster" >&2; exit 1; }

if $sync; then
  for app in $apps; do
    kubectl -n argocd patch applications.argoproj.io "$app" --type merge \
      -p '{"operation":{"initiatedBy":{"username":"ci-tier-acceptance"},"sync":{}}}' >/dev/null
  done
fi

deadline=$(($(date +%s) + timeout))
get() { kubectl -n argocd get applications.argoproj.io "$1" -o jsonpath="$2"; }
for app in $apps; do
  while :; do
    pending=$(get "$app" '{.operation.sync}')
    phase=$(get "$app" '{.status.operationState.phase}')
    health=$(get "$app" '{.status.health.status}')
    if [ -z "$pending" ] && { [ "$phase" = Failed ] || [ "$phase" = Error ]; }; then
      echo "FAIL $app: sync $phase: $(get "$app" '{.status.operationState.message}')" >&2
      echo "     what to do: kubectl -n argocd describe application $app; check its hook Jobs" >&2
      exit 1
    fi
    if [ -z "$pending" ] && [ "$phase" = Succeeded ] && [ "$health" = Healthy ]; then
      echo "ok   $app (tier $(get "$app" '{.metadata.labels.goldenpath\.idp/tier}'))"
      break
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "FAIL $app: not synced and Healthy within ${timeout}s (phase=${phase:-none}, health=${health:-none})" >&2
      exit 1
    fi
    sleep 15
  done
done
