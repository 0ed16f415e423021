#!/usr/bin/env bash
# Prints, as Markdown, what the build reaper (the scheduled Lambda of the Foundation) logged in the
# last hours: which ephemeral stacks it found past their TTL and what it did (or, in report mode,
# would do). Needs read access to CloudFormation and CloudWatch Logs.
# Exit 0: printed; 1: no reaper log group found or AWS refused; 2: bad arguments.
set -euo pipefail
usage='usage: bash .ci/reaper-report.sh --env <env> --region <region> [--hours 24]'
env='' region='' hours=24
while [ $# -gt 0 ]; do
  case "$1" in
    --env | --region | --hours)
      [ $# -ge 2 ] || { echo "$1 needs a value; $usage" >&2; exit 2; }
      declare "${1#--}=$2"
      shift 2 ;;
    *) echo "unknown argument \"$1\"; $usage" >&2; exit 2 ;;
  esac
done
[ -n "$env" ] && [ -n "$region" ] || { echo "--env and --region are required; $usage" >&2; exit 2; }
[[ "$hours" =~ ^[0-9]+$ ]] || { echo "--hours \"$hours\": allowed: a whole number of hours; $usage" >&2; exit 2; }

stack="goldenpath-$env-foundation"
# The reaper's log group as the Foundation named it (lib/model/naming.ts buildReaperLogGroupName,
# which the nightly role's read policy names too).
group=$(aws cloudformation describe-stack-resources --stack-name "$stack" --region "$region" \
  --query "StackResources[?ResourceType=='AWS::Logs::LogGroup' && contains(LogicalResourceId, 'Reaper')].PhysicalResourceId | [0]" \
  --output text)
if [ -z "$group" ] || [ "$group" = None ]; then
  echo "FAIL no reaper log group (logical id containing \"Reaper\") in $stack" >&2
  exit 1
fi
start=$((($(date +%s) - hours * 3600) * 1000))
echo "### Reaper report: $env, last $hours hours ($group)"
echo
echo '```'
aws logs filter-log-events --log-group-name "$group" --region "$region" --start-time "$start" \
  --query 'events[].message' --output text | tr '\t' '\n' | grep -v '^\(START\|END\|REPORT\) RequestId' || true
echo '```'
