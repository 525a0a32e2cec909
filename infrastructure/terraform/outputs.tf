output "ecr_repository_urls" {
  description = "Where CI pushes arrakis-ingestor and arrakis-worker images"
  value       = { for name, repo in aws_ecr_repository.service : name => repo.repository_url }
}

output "ecs_cluster_name" {
  description = "ECS cluster running the services"
  value       = aws_ecs_cluster.main.name
}

output "ecs_service_names" {
  description = "ECS service of each program"
  value       = { for name, service in aws_ecs_service.service : name => service.name }
}

output "rabbitmq_broker_id" {
  description = "Amazon MQ broker id"
  value       = aws_mq_broker.rabbitmq.id
}

output "rabbitmq_console_url" {
  description = "RabbitMQ management console (reachable from inside the VPC only)"
  value       = aws_mq_broker.rabbitmq.instances[0].console_url
}

output "rabbitmq_secret_arn" {
  description = "Secret with host, username, password, url and management_url of the broker"
  value       = aws_secretsmanager_secret.rabbitmq.arn
}

output "database_secret_arn" {
  description = "Secret with admin_url, app_url, jobs_url and host_url of PostgreSQL"
  value       = aws_secretsmanager_secret.database.arn
}

output "database_endpoint" {
  description = "PostgreSQL host"
  value       = aws_db_instance.main.address
}

output "redis_secret_arn" {
  description = "Secret with the rediss:// URL of Redis"
  value       = aws_secretsmanager_secret.redis.arn
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies"
  value       = aws_sns_topic.alarms.arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard"
  value       = aws_cloudwatch_dashboard.main.dashboard_name
}

output "private_subnet_ids" {
  description = "Subnets for one-off tasks (the deploy's migration run)"
  value       = var.private_subnet_ids
}

output "worker_security_group_id" {
  description = "Security group for one-off worker tasks"
  value       = aws_security_group.worker.id
}
