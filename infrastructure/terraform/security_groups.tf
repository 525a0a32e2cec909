# Security groups carry no inline rules: every rule is its own aws_security_group_rule, so groups
# that refer to each other never form a dependency cycle.

resource "aws_security_group" "ingestor" {
  name        = "${local.name}-ingestor"
  description = "arrakis-ingestor: no ingress; AMQPS to the broker and HTTPS to Discord"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "worker" {
  name        = "${local.name}-worker"
  description = "arrakis-worker: no ingress; broker, database, cache, HTTPS"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "broker" {
  name        = "${local.name}-broker"
  description = "Amazon MQ RabbitMQ: AMQPS and management from the services"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "database" {
  name        = "${local.name}-database"
  description = "RDS PostgreSQL: from the worker"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "cache" {
  name        = "${local.name}-cache"
  description = "ElastiCache Redis: from the worker"
  vpc_id      = var.vpc_id
}

# --- ingestor: egress only (5671 to the broker, 443 for the Discord gateway and AWS APIs)
resource "aws_security_group_rule" "ingestor_to_broker" {
  type                     = "egress"
  security_group_id        = aws_security_group.ingestor.id
  source_security_group_id = aws_security_group.broker.id
  protocol                 = "tcp"
  from_port                = 5671
  to_port                  = 5671
  description              = "AMQPS to Amazon MQ"
}

resource "aws_security_group_rule" "ingestor_https" {
  type              = "egress"
  security_group_id = aws_security_group.ingestor.id
  cidr_blocks       = ["0.0.0.0/0"]
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "Discord gateway and REST, ECR, Secrets Manager, CloudWatch"
}

# --- worker: egress to the broker, database, cache and HTTPS
resource "aws_security_group_rule" "worker_to_broker" {
  type                     = "egress"
  security_group_id        = aws_security_group.worker.id
  source_security_group_id = aws_security_group.broker.id
  protocol                 = "tcp"
  from_port                = 5671
  to_port                  = 5671
  description              = "AMQPS to Amazon MQ"
}

resource "aws_security_group_rule" "worker_to_database" {
  type                     = "egress"
  security_group_id        = aws_security_group.worker.id
  source_security_group_id = aws_security_group.database.id
  protocol                 = "tcp"
  from_port                = 5432
  to_port                  = 5432
  description              = "PostgreSQL"
}

resource "aws_security_group_rule" "worker_to_cache" {
  type                     = "egress"
  security_group_id        = aws_security_group.worker.id
  source_security_group_id = aws_security_group.cache.id
  protocol                 = "tcp"
  from_port                = 6379
  to_port                  = 6379
  description              = "Redis (TLS)"
}

resource "aws_security_group_rule" "worker_https" {
  type              = "egress"
  security_group_id = aws_security_group.worker.id
  cidr_blocks       = ["0.0.0.0/0"]
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "Discord REST, chain RPC, ECR, Secrets Manager, CloudWatch, the broker's management API"
}

# --- broker: AMQPS from both services, management (443) from the worker (queue depth, topology)
resource "aws_security_group_rule" "broker_from_ingestor" {
  type                     = "ingress"
  security_group_id        = aws_security_group.broker.id
  source_security_group_id = aws_security_group.ingestor.id
  protocol                 = "tcp"
  from_port                = 5671
  to_port                  = 5671
  description              = "AMQPS from the ingestor"
}

resource "aws_security_group_rule" "broker_from_worker" {
  type                     = "ingress"
  security_group_id        = aws_security_group.broker.id
  source_security_group_id = aws_security_group.worker.id
  protocol                 = "tcp"
  from_port                = 5671
  to_port                  = 5671
  description              = "AMQPS from the worker"
}

resource "aws_security_group_rule" "broker_management_from_worker" {
  type                     = "ingress"
  security_group_id        = aws_security_group.broker.id
  source_security_group_id = aws_security_group.worker.id
  protocol                 = "tcp"
  from_port                = 443
  to_port                  = 443
  description              = "RabbitMQ management API from the worker"
}

# --- database and cache: only the worker
resource "aws_security_group_rule" "database_from_worker" {
  type                     = "ingress"
  security_group_id        = aws_security_group.database.id
  source_security_group_id = aws_security_group.worker.id
  protocol                 = "tcp"
  from_port                = 5432
  to_port                  = 5432
  description              = "PostgreSQL from the worker"
}

resource "aws_security_group_rule" "cache_from_worker" {
  type                     = "ingress"
  security_group_id        = aws_security_group.cache.id
  source_security_group_id = aws_security_group.worker.id
  protocol                 = "tcp"
  from_port                = 6379
  to_port                  = 6379
  description              = "Redis from the worker"
}
