#!/usr/bin/env bash
# After a deploy: every service's rollout completed, it runs its desired count, and every running
# task reports HEALTHY (the container health check probes /health). Polls up to TIMEOUT seconds.
#   ecs-health-check.sh CLUSTER SERVICE... (env TIMEOUT, default 600)
set -euo pipefail
cluster=$1
shift
deadline=$(( $(date +%s) + ${TIMEOUT:-600} ))

service_healthy() {
  local service=$1 state running desired tasks unhealthy
  # shellcheck disable=SC2016 # backticks are JMESPath literals, not shell
  read -r state running desired < <(aws ecs describe-services --cluster "$cluster" --services "$service" \
    --query 'services[0].[deployments[?status==`PRIMARY`]|[0].rolloutState, runningCount, desiredCount]' --output text)
  if [ "$state" != COMPLETED ] || [ "$running" != "$desired" ]; then
    echo "$service: rollout $state, $running/$desired running"
    return 1
  fi
  tasks=$(aws ecs list-tasks --cluster "$cluster" --service-name "$service" --desired-status RUNNING --query 'taskArns' --output text)
  [ -n "$tasks" ] || { echo "$service: no running task"; return 1; }
  # shellcheck disable=SC2086,SC2016 # one argument per task ARN; JMESPath backticks
  unhealthy=$(aws ecs describe-tasks --cluster "$cluster" --tasks $tasks \
    --query 'tasks[?healthStatus!=`HEALTHY`].taskArn' --output text)
  [ -z "$unhealthy" ] || { echo "$service: not yet healthy: $unhealthy"; return 1; }
  echo "$service: $running/$desired tasks, all HEALTHY"
}

for service in "$@"; do
  until service_healthy "$service"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "$service did not become healthy in time" >&2; exit 1; }
    sleep 15
  done
done
