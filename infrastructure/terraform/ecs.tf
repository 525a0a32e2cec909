# Images, logs, roles, task definitions and services for arrakis-ingestor and arrakis-worker.

resource "aws_ecr_repository" "service" {
  for_each             = local.services
  name                 = "arrakis-${each.key}"
  image_tag_mutability = "IMMUTABLE" # a tag (the git SHA) always means the same image

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_lifecycle_policy" "service" {
  for_each   = aws_ecr_repository.service
  repository = each.value.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Expire untagged images after 7 days"
        selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 7 }
        action       = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the 10 most recent images"
        selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 10 }
        action       = { type = "expire" }
      },
    ]
  })
}

resource "aws_cloudwatch_log_group" "service" {
  for_each          = local.services
  name              = "/ecs/${local.name}/${each.key}"
  retention_in_days = var.log_retention_days
}

# --- roles: the execution role pulls images and injects secrets; the task role is what the code may do.
data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${local.name}-ecs-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution_managed" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_policy" "read_service_secrets" {
  name        = "${local.name}-read-service-secrets"
  description = "Read the database, cache and Discord secrets of Arrakis"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = ["secretsmanager:GetSecretValue"]
      Resource = [
        aws_secretsmanager_secret.database.arn,
        aws_secretsmanager_secret.redis.arn,
        var.discord_bot_token_secret_arn,
      ]
    }]
  })
}

resource "aws_iam_role_policy_attachment" "execution_reads_service_secrets" {
  role       = aws_iam_role.execution.name
  policy_arn = aws_iam_policy.read_service_secrets.arn
}

resource "aws_iam_role" "task" {
  name               = "${local.name}-ecs-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

# --- task definitions
locals {
  common_environment = [
    { name = "ARRAKIS_LOG_FORMAT", value = "json" },
    { name = "ARRAKIS_LOG_LEVEL", value = "info" },
    { name = "ARRAKIS_HTTP_PORT", value = "8080" },
  ]
  # ECS reads single JSON keys of a secret with "<arn>:<key>::".
  secret_refs = {
    rabbitmq_url       = "${aws_secretsmanager_secret.rabbitmq.arn}:url::"
    database_url       = "${aws_secretsmanager_secret.database.arn}:app_url::"
    database_admin_url = "${aws_secretsmanager_secret.database.arn}:admin_url::"
    database_jobs_url  = "${aws_secretsmanager_secret.database.arn}:jobs_url::"
    database_host_url  = "${aws_secretsmanager_secret.database.arn}:host_url::"
    redis_url          = "${aws_secretsmanager_secret.redis.arn}:url::"
    discord_token      = var.discord_bot_token_secret_arn
  }
  container_secrets = {
    ingestor = [
      { name = "RABBITMQ_URL", valueFrom = local.secret_refs.rabbitmq_url },
      { name = "DISCORD_BOT_TOKEN", valueFrom = local.secret_refs.discord_token },
    ]
    worker = [
      { name = "RABBITMQ_URL", valueFrom = local.secret_refs.rabbitmq_url },
      { name = "DATABASE_URL", valueFrom = local.secret_refs.database_url },
      # The deploy's one-off migration task uses the admin role; jobs and the host's own tables
      # have their roles (docs/database.md).
      { name = "DATABASE_ADMIN_URL", valueFrom = local.secret_refs.database_admin_url },
      { name = "DATABASE_JOBS_URL", valueFrom = local.secret_refs.database_jobs_url },
      { name = "DATABASE_HOST_URL", valueFrom = local.secret_refs.database_host_url },
      { name = "REDIS_URL", valueFrom = local.secret_refs.redis_url },
      { name = "DISCORD_BOT_TOKEN", valueFrom = local.secret_refs.discord_token },
    ]
  }
}

resource "aws_ecs_task_definition" "service" {
  for_each                 = local.services
  family                   = "${local.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([{
    name        = "arrakis-${each.key}"
    image       = "${aws_ecr_repository.service[each.key].repository_url}:${var.image_tag}"
    essential   = true
    environment = local.common_environment
    secrets     = local.container_secrets[each.key]
    # Same probe as the image's HEALTHCHECK: the service's own /health (503 when a dependency is down).
    healthCheck = {
      command     = ["CMD-SHELL", "curl -fsS http://127.0.0.1:${each.value.port}/health || exit 1"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 30
    }
    stopTimeout = 60 # time to finish in-flight messages before SIGKILL
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.service[each.key].name
        awslogs-region        = var.aws_region
        awslogs-stream-prefix = each.key
      }
    }
  }])
}

resource "aws_ecs_service" "service" {
  for_each        = local.services
  name            = "arrakis-${each.key}"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.service[each.key].arn
  launch_type     = "FARGATE"
  # One ingestor holds the gateway session (more shards = more services, not more replicas);
  # the worker count is owned by autoscaling after creation.
  desired_count = each.key == "ingestor" ? 1 : var.worker_min_count
  # The ingestor must never run twice (two gateway sessions): stop the old task before the new one.
  deployment_minimum_healthy_percent = each.key == "ingestor" ? 0 : 100
  deployment_maximum_percent         = each.key == "ingestor" ? 100 : 200

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [each.key == "ingestor" ? aws_security_group.ingestor.id : aws_security_group.worker.id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count]
  }
}

# --- worker autoscaling: 2..20 tasks, tracking ready interactions per running task
resource "aws_appautoscaling_target" "worker" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.service["worker"].name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.worker_min_count
  max_capacity       = var.worker_max_count
}

resource "aws_appautoscaling_policy" "worker_queue_depth" {
  name               = "${local.name}-worker-backlog-per-task"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.worker.service_namespace
  resource_id        = aws_appautoscaling_target.worker.resource_id
  scalable_dimension = aws_appautoscaling_target.worker.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.worker_target_backlog_per_task
    scale_in_cooldown  = 120
    scale_out_cooldown = 30

    customized_metric_specification {
      metrics {
        id          = "depth"
        label       = "Ready messages in arrakis.interactions"
        return_data = false
        metric_stat {
          stat = "Average"
          metric {
            namespace   = "AWS/AmazonMQ"
            metric_name = "MessageReadyCount"
            dimensions {
              name  = "Broker"
              value = aws_mq_broker.rabbitmq.broker_name
            }
            dimensions {
              name  = "VirtualHost"
              value = "/"
            }
            dimensions {
              name  = "Queue"
              value = local.interactions_queue
            }
          }
        }
      }
      metrics {
        id          = "tasks"
        label       = "Running worker tasks"
        return_data = false
        metric_stat {
          stat = "Average"
          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"
            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.main.name
            }
            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.service["worker"].name
            }
          }
        }
      }
      metrics {
        id          = "backlog_per_task"
        label       = "Ready interactions per worker task"
        expression  = "depth / tasks" # never 0 tasks: min_capacity >= 1
        return_data = true
      }
    }
  }
}
