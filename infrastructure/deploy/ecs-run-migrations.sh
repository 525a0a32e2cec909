#!/usr/bin/env bash
# Runs arrakis-migrate once as an ECS task (the worker's task definition with its command
# overridden) and fails unless it exits 0. Used by the deploy workflow before the services roll.
#   ecs-run-migrations.sh CLUSTER TASK_DEFINITION_ARN SUBNETS(comma-separated) SECURITY_GROUP
set -euo pipefail
cluster=$1 task_definition=$2 subnets=$3 security_group=$4

# The image's CMD is the worker; the migration program replaces it (DATABASE_ADMIN_URL is injected
# from Secrets Manager by the task definition).
overrides='{"containerOverrides":[{"name":"arrakis-worker","command":["/usr/bin/arrakis-migrate","--dir","/usr/share/arrakis/infrastructure/postgres/migrations"]}]}'
task=$(aws ecs run-task --cluster "$cluster" --task-definition "$task_definition" --launch-type FARGATE \
  --network-configuration "awsvpcConfiguration={subnets=[$subnets],securityGroups=[$security_group],assignPublicIp=DISABLED}" \
  --overrides "$overrides" \
  --query 'tasks[0].taskArn' --output text)
echo "migration task: $task"
aws ecs wait tasks-stopped --cluster "$cluster" --tasks "$task"
code=$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" --query 'tasks[0].containers[0].exitCode' --output text)
if [ "$code" != 0 ]; then
  echo "arrakis-migrate exited with $code; see the worker log group" >&2
  exit 1
fi
echo "migrations applied"
