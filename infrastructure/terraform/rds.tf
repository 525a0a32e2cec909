# PostgreSQL 15 (decision D1: all persistent data). SSL is forced by the parameter group.
#
# Roles (docs/database.md "Roles"): the master user arrakis_admin owns the schema and runs only the
# migrations (RDS gives it no BYPASSRLS, so migration 0008 grants it an explicit policy on every
# tenant table). Three application roles own nothing: arrakis_app (plugin SQL, bound by RLS),
# arrakis_jobs (scheduled jobs, DML only) and arrakis_host (fleet, idempotency keys, the
# community lookup, outbox). Migration 0012 creates any that is missing without LOGIN; an
# operator then gives each its login with the password stored in the secret below
# (docs/database.md "Deploying on RDS").

resource "random_password" "db_admin" {
  length  = 32
  special = false
}

resource "random_password" "db_app" {
  length  = 32
  special = false
}

resource "random_password" "db_jobs" {
  length  = 32
  special = false
}

resource "random_password" "db_host" {
  length  = 32
  special = false
}

resource "aws_db_subnet_group" "main" {
  name       = local.name
  subnet_ids = var.private_subnet_ids
}

resource "aws_db_parameter_group" "postgres15" {
  name   = "${local.name}-postgres15"
  family = "postgres15"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "500" # ms: slow queries show up in the logs
  }
}

resource "aws_db_instance" "main" {
  identifier                   = local.name
  engine                       = "postgres"
  engine_version               = "15"
  instance_class               = var.db_instance_class
  allocated_storage            = var.db_allocated_storage_gb
  max_allocated_storage        = var.db_allocated_storage_gb * 4
  storage_type                 = "gp3"
  storage_encrypted            = true
  db_name                      = "arrakis"
  username                     = "arrakis_admin"
  password                     = random_password.db_admin.result
  port                         = 5432
  db_subnet_group_name         = aws_db_subnet_group.main.name
  vpc_security_group_ids       = [aws_security_group.database.id]
  parameter_group_name         = aws_db_parameter_group.postgres15.name
  publicly_accessible          = false
  multi_az                     = local.is_production
  backup_retention_period      = local.is_production ? 14 : 3
  deletion_protection          = local.is_production
  skip_final_snapshot          = !local.is_production
  final_snapshot_identifier    = local.is_production ? "${local.name}-final" : null
  performance_insights_enabled = true
  auto_minor_version_upgrade   = true
  apply_immediately            = !local.is_production
}

resource "aws_secretsmanager_secret" "database" {
  name                    = "${local.name}/database"
  description             = "PostgreSQL URLs for Arrakis (admin: migrations; app: plugin SQL under RLS; jobs: scheduled jobs; host: fleet and host tables)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "database" {
  secret_id = aws_secretsmanager_secret.database.id
  secret_string = jsonencode({
    host      = aws_db_instance.main.address
    admin_url = "postgresql://arrakis_admin:${random_password.db_admin.result}@${aws_db_instance.main.address}:5432/arrakis?sslmode=require"
    app_url   = "postgresql://arrakis_app:${random_password.db_app.result}@${aws_db_instance.main.address}:5432/arrakis?sslmode=require"
    jobs_url  = "postgresql://arrakis_jobs:${random_password.db_jobs.result}@${aws_db_instance.main.address}:5432/arrakis?sslmode=require"
    host_url  = "postgresql://arrakis_host:${random_password.db_host.result}@${aws_db_instance.main.address}:5432/arrakis?sslmode=require"
  })
}
