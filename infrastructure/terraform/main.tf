# Arrakis on AWS: Amazon MQ (RabbitMQ), ECS Fargate (ingestor + worker), RDS PostgreSQL 15,
# ElastiCache Redis 7, Secrets Manager, CloudWatch alarms and a dashboard.
# One state per environment: terraform init -backend-config=env/<environment>.s3.tfbackend

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  # Bucket, key and lock table come from -backend-config so no environment is hard-wired here.
  backend "s3" {}
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project     = "arrakis"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

locals {
  name          = "arrakis-${var.environment}"
  is_production = var.environment == "production"

  # The queues the design fixes (infrastructure/rabbitmq/definitions.json); alarms and scaling watch them.
  interactions_queue = "arrakis.interactions"
  guild_events_queue = "arrakis.events.guild"
  dead_letter_queue  = "arrakis.dlq"

  services = {
    ingestor = { cpu = 256, memory = 512, port = 8080 }
    worker   = { cpu = 512, memory = 1024, port = 8080 }
  }
}

data "aws_caller_identity" "current" {}

resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled" # RunningTaskCount and memory per service, used by scaling and alarms
  }
}
