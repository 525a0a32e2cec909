# Alarms (to an SNS topic) and one dashboard. Queue metrics come from Amazon MQ, service metrics
# from Container Insights, error counts from the services' JSON logs ({"level":"error",...}).

resource "aws_sns_topic" "alarms" {
  name = "${local.name}-alarms"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = var.alarm_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  queue_dimensions = {
    for queue in [local.interactions_queue, local.guild_events_queue, local.dead_letter_queue] :
    queue => { Broker = aws_mq_broker.rabbitmq.broker_name, VirtualHost = "/", Queue = queue }
  }
}

# Anything in the DLQ is a message we failed to handle: always worth a look.
resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  alarm_name          = "${local.name}-dlq-not-empty"
  alarm_description   = "Messages are waiting in arrakis.dlq (rejected or expired events)"
  namespace           = "AWS/AmazonMQ"
  metric_name         = "MessageCount"
  dimensions          = local.queue_dimensions[local.dead_letter_queue]
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "queue_depth" {
  for_each            = toset([local.interactions_queue, local.guild_events_queue])
  alarm_name          = "${local.name}-queue-depth-${replace(each.key, ".", "-")}"
  alarm_description   = "${each.key} holds more than ${var.queue_depth_alarm_threshold} ready messages for 5 minutes: workers are not keeping up"
  namespace           = "AWS/AmazonMQ"
  metric_name         = "MessageReadyCount"
  dimensions          = local.queue_dimensions[each.key]
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.queue_depth_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

# Error lines of the worker become a metric, then an alarm.
resource "aws_cloudwatch_log_metric_filter" "worker_errors" {
  name           = "${local.name}-worker-errors"
  log_group_name = aws_cloudwatch_log_group.service["worker"].name
  pattern        = "{ $.level = \"error\" || $.level = \"critical\" }"

  metric_transformation {
    name          = "WorkerErrors"
    namespace     = "Arrakis/${var.environment}"
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_metric_alarm" "worker_errors" {
  alarm_name          = "${local.name}-worker-errors"
  alarm_description   = "The worker logged more than 10 errors in 5 minutes"
  namespace           = "Arrakis/${var.environment}"
  metric_name         = "WorkerErrors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 10
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "memory" {
  for_each            = local.services
  alarm_name          = "${local.name}-${each.key}-memory"
  alarm_description   = "arrakis-${each.key} uses more than 85% of its task memory"
  namespace           = "AWS/ECS"
  metric_name         = "MemoryUtilization"
  dimensions          = { ClusterName = aws_ecs_cluster.main.name, ServiceName = aws_ecs_service.service[each.key].name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = 85
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

# The ingestor is a single task: if it is not running, no event reaches the queues.
resource "aws_cloudwatch_metric_alarm" "ingestor_down" {
  alarm_name          = "${local.name}-ingestor-not-running"
  alarm_description   = "No arrakis-ingestor task is running"
  namespace           = "ECS/ContainerInsights"
  metric_name         = "RunningTaskCount"
  dimensions          = { ClusterName = aws_ecs_cluster.main.name, ServiceName = aws_ecs_service.service["ingestor"].name }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 3
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = local.name
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title  = "Queue depth (ready messages)"
          region = var.aws_region
          stat   = "Average"
          period = 60
          metrics = [for queue, d in local.queue_dimensions :
          ["AWS/AmazonMQ", "MessageReadyCount", "Broker", d.Broker, "VirtualHost", d.VirtualHost, "Queue", queue]]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title  = "Running tasks"
          region = var.aws_region
          stat   = "Average"
          period = 60
          metrics = [for name, _ in local.services :
          ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", "arrakis-${name}"]]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title  = "Memory and CPU utilisation (%)"
          region = var.aws_region
          stat   = "Maximum"
          period = 60
          metrics = concat(
            [for name, _ in local.services : ["AWS/ECS", "MemoryUtilization", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", "arrakis-${name}"]],
            [for name, _ in local.services : ["AWS/ECS", "CPUUtilization", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", "arrakis-${name}"]],
          )
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title   = "Worker errors (from logs)"
          region  = var.aws_region
          stat    = "Sum"
          period  = 300
          metrics = [["Arrakis/${var.environment}", "WorkerErrors"]]
        }
      },
      {
        type = "metric", x = 0, y = 12, width = 12, height = 6
        properties = {
          title  = "PostgreSQL"
          region = var.aws_region
          stat   = "Average"
          period = 60
          metrics = [
            ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", aws_db_instance.main.identifier],
            ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", aws_db_instance.main.identifier],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 12, width = 12, height = 6
        properties = {
          title  = "Redis"
          region = var.aws_region
          stat   = "Average"
          period = 60
          metrics = [
            ["AWS/ElastiCache", "EngineCPUUtilization", "ReplicationGroupId", aws_elasticache_replication_group.main.id],
            ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "ReplicationGroupId", aws_elasticache_replication_group.main.id],
          ]
        }
      },
    ]
  })
}
