# Amazon MQ for RabbitMQ 3.13: one instance in staging, a three-node multi-AZ cluster in production.

resource "random_password" "rabbitmq" {
  length  = 32
  special = false # Amazon MQ refuses some specials, and the password goes into URLs
}

locals {
  mq_instance_type = var.mq_instance_type != "" ? var.mq_instance_type : (local.is_production ? "mq.m5.large" : "mq.t3.micro")
  rabbitmq_user    = "arrakis"
  # endpoints[0] is "amqps://b-<id>.mq.<region>.amazonaws.com:5671"
  rabbitmq_host = regex("^amqps://([^:/]+)", aws_mq_broker.rabbitmq.instances[0].endpoints[0])[0]
}

resource "aws_mq_broker" "rabbitmq" {
  broker_name                = local.name
  engine_type                = "RabbitMQ"
  engine_version             = "3.13"
  auto_minor_version_upgrade = true # required by Amazon MQ for RabbitMQ 3.13
  host_instance_type         = local.mq_instance_type
  deployment_mode            = local.is_production ? "CLUSTER_MULTI_AZ" : "SINGLE_INSTANCE"
  publicly_accessible        = false
  # A single instance lives in one subnet; the cluster spreads over every private subnet.
  subnet_ids      = local.is_production ? var.private_subnet_ids : [var.private_subnet_ids[0]]
  security_groups = [aws_security_group.broker.id]

  user {
    username = local.rabbitmq_user
    password = random_password.rabbitmq.result
  }

  logs {
    general = true
  }

  maintenance_window_start_time {
    day_of_week = "SUNDAY"
    time_of_day = "03:00"
    time_zone   = "UTC"
  }
}

resource "aws_secretsmanager_secret" "rabbitmq" {
  name                    = "${local.name}/rabbitmq"
  description             = "Amazon MQ credentials and URLs for Arrakis"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "rabbitmq" {
  secret_id = aws_secretsmanager_secret.rabbitmq.id
  secret_string = jsonencode({
    host           = local.rabbitmq_host
    username       = local.rabbitmq_user
    password       = random_password.rabbitmq.result
    url            = "amqps://${local.rabbitmq_user}:${random_password.rabbitmq.result}@${local.rabbitmq_host}:5671/"
    management_url = "https://${local.rabbitmq_user}:${random_password.rabbitmq.result}@${local.rabbitmq_host}/api"
  })
}

# The ECS execution role injects the secret into the task definitions (ecs.tf).
resource "aws_iam_policy" "read_rabbitmq_secret" {
  name        = "${local.name}-read-rabbitmq-secret"
  description = "Read the Amazon MQ secret of Arrakis"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
      Resource = [aws_secretsmanager_secret.rabbitmq.arn]
    }]
  })
}

resource "aws_iam_role_policy_attachment" "execution_reads_rabbitmq_secret" {
  role       = aws_iam_role.execution.name
  policy_arn = aws_iam_policy.read_rabbitmq_secret.arn
}
