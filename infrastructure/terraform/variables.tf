variable "environment" {
  description = "staging or production: sizes, redundancy and protection follow from it"
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "aws_region" {
  description = "AWS region of every resource"
  type        = string
  default     = "us-east-1"
}

variable "vpc_id" {
  description = "VPC that holds every resource"
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets (at least two, in different availability zones) for tasks, broker, database and cache"
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "At least two private subnets in different availability zones are required."
  }
}

variable "image_tag" {
  description = "Tag of the arrakis-ingestor and arrakis-worker images to run (the CI pushes the git SHA)"
  type        = string
}

variable "discord_bot_token_secret_arn" {
  description = "ARN of an existing Secrets Manager secret holding the Discord bot token (created by an operator, never by Terraform)"
  type        = string
}

variable "mq_instance_type" {
  description = "Amazon MQ instance type; empty picks mq.m5.large in production (multi-AZ needs it) and mq.t3.micro in staging"
  type        = string
  default     = ""
}

variable "db_instance_class" {
  description = "RDS instance class"
  type        = string
  default     = "db.t4g.medium"
}

variable "db_allocated_storage_gb" {
  description = "RDS storage in GiB"
  type        = number
  default     = 50
}

variable "redis_node_type" {
  description = "ElastiCache node type"
  type        = string
  default     = "cache.t4g.small"
}

variable "worker_min_count" {
  description = "Fewest worker tasks"
  type        = number
  default     = 2
}

variable "worker_max_count" {
  description = "Most worker tasks"
  type        = number
  default     = 20
}

variable "worker_target_backlog_per_task" {
  description = "Ready interaction messages per running worker task that autoscaling aims for"
  type        = number
  default     = 50
}

variable "queue_depth_alarm_threshold" {
  description = "Ready messages in the interactions or guild-events queue that raise an alarm"
  type        = number
  default     = 500
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention for the services"
  type        = number
  default     = 30
}

variable "alarm_email" {
  description = "Address subscribed to the alarm topic (empty: no subscription)"
  type        = string
  default     = ""
}
