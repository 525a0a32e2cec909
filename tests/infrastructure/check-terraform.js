// Parses every .tf file of infrastructure/terraform with the HCL2 parser (@cdktf/hcl2json, the Go
// HCL library compiled to WebAssembly) and checks what `terraform validate` cannot check here (no
// provider download): every reference resolves, and the design facts of issue 4 hold.
//   node check-terraform.js <terraform-dir> <node_modules-dir>
'use strict';
const fs = require('fs');
const path = require('path');

const [dir, modules] = process.argv.slice(2);
const { parse } = require(path.resolve(modules, '@cdktf/hcl2json'));

const problems = [];
const expect = (condition, message) => { if (!condition) problems.push(message); };

// Walks every string of a parsed value (expressions come out as "${...}" strings).
function strings(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

(async () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
  for (const required of ['main.tf', 'variables.tf', 'outputs.tf', 'rabbitmq.tf', 'ecs.tf', 'rds.tf', 'elasticache.tf', 'monitoring.tf']) {
    expect(files.includes(required), `${required} is missing`);
  }
  const merged = { resource: {}, data: {}, variable: {}, locals: {}, output: {} };
  for (const file of files) {
    let parsed;
    try {
      parsed = await parse(file, fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch (error) {
      problems.push(`${file}: ${String(error).split('\n')[0]}`);
      continue;
    }
    for (const [type, byName] of Object.entries(parsed.resource || {})) Object.assign(merged.resource[type] ||= {}, byName);
    for (const [type, byName] of Object.entries(parsed.data || {})) Object.assign(merged.data[type] ||= {}, byName);
    Object.assign(merged.variable, parsed.variable || {});
    Object.assign(merged.output, parsed.output || {});
    for (const block of parsed.locals || []) Object.assign(merged.locals, block);
  }
  if (problems.length) return finish(files.length);

  // 1. References resolve (resource, data, var, local).
  const everything = strings(merged);
  for (const text of everything) {
    for (const m of text.matchAll(/\b(?<!\.)(aws_[a-z0-9_]+|random_password)\.([a-z0-9_]+)/g)) {
      expect(merged.resource[m[1]]?.[m[2]], `reference to undeclared resource ${m[1]}.${m[2]}`);
    }
    for (const m of text.matchAll(/\bdata\.([a-z0-9_]+)\.([a-z0-9_]+)/g)) {
      expect(merged.data[m[1]]?.[m[2]], `reference to undeclared data source ${m[1]}.${m[2]}`);
    }
    for (const m of text.matchAll(/\bvar\.([a-z0-9_]+)/g)) expect(merged.variable[m[1]], `reference to undeclared var.${m[1]}`);
    for (const m of text.matchAll(/\blocal\.([a-z0-9_]+)/g)) expect(m[1] in merged.locals, `reference to undeclared local.${m[1]}`);
  }
  for (const [name, [v]] of Object.entries(merged.variable)) expect(v.description, `variable ${name} has no description`);

  const one = (type, name) => (merged.resource[type]?.[name] || [])[0] || {};
  const block = (value) => (Array.isArray(value) ? value[0] : value) || {};

  // 2. Amazon MQ (rabbitmq.tf)
  const mq = one('aws_mq_broker', 'rabbitmq');
  expect(mq.engine_type === 'RabbitMQ' && mq.engine_version === '3.13', 'broker must be RabbitMQ 3.13');
  expect(/CLUSTER_MULTI_AZ/.test(mq.deployment_mode) && /SINGLE_INSTANCE/.test(mq.deployment_mode) && /is_production/.test(mq.deployment_mode),
    'broker: CLUSTER_MULTI_AZ in production, SINGLE_INSTANCE otherwise');
  expect(mq.publicly_accessible === false, 'broker must not be publicly accessible');
  expect(/private_subnet_ids/.test(JSON.stringify(mq.subnet_ids)), 'broker must live in the private subnets');
  expect(block(mq.logs).general === true, 'broker general logs must be on');
  const window = block(mq.maintenance_window_start_time);
  expect(window.day_of_week === 'SUNDAY' && window.time_of_day === '03:00' && window.time_zone === 'UTC', 'broker maintenance: Sunday 03:00 UTC');
  const pw = one('random_password', 'rabbitmq');
  expect(pw.length === 32 && pw.special === false, 'broker password: 32 characters, no specials');
  for (const [name, [secret]] of Object.entries(merged.resource.aws_secretsmanager_secret || {})) {
    expect(secret.recovery_window_in_days === 7, `secret ${name}: 7-day recovery window`);
  }
  const mqSecret = JSON.stringify(one('aws_secretsmanager_secret_version', 'rabbitmq'));
  for (const key of ['host', 'username', 'password', 'url', 'management_url', 'amqps://']) expect(mqSecret.includes(key), `broker secret lacks ${key}`);
  const readPolicy = JSON.stringify(one('aws_iam_policy', 'read_rabbitmq_secret'));
  expect(readPolicy.includes('secretsmanager:GetSecretValue') && readPolicy.includes('aws_secretsmanager_secret.rabbitmq.arn'), 'an IAM policy must allow reading the broker secret');
  expect(JSON.stringify(merged.resource.aws_iam_role_policy_attachment || {}).includes('aws_iam_policy.read_rabbitmq_secret.arn'), 'the execution role must get the broker-secret policy');

  // 3. Security groups: rules only as separate resources; the ingestor has no ingress.
  for (const [name, [group]] of Object.entries(merged.resource.aws_security_group || {})) {
    expect(!group.ingress && !group.egress, `security group ${name} has inline rules (use aws_security_group_rule)`);
  }
  const rules = Object.entries(merged.resource.aws_security_group_rule || {}).map(([name, [r]]) => ({ name, ...r }));
  const ingestorRules = rules.filter((r) => r.security_group_id === '${aws_security_group.ingestor.id}');
  expect(ingestorRules.length > 0 && ingestorRules.every((r) => r.type === 'egress'), 'the ingestor must have egress rules only');
  expect(JSON.stringify(ingestorRules.map((r) => r.from_port).sort()) === JSON.stringify([443, 5671]), 'ingestor egress: 5671 (broker) and 443 only');

  // 4. ECS (ecs.tf)
  const ecr = one('aws_ecr_repository', 'service');
  expect(block(ecr.image_scanning_configuration).scan_on_push === true, 'ECR: scan on push');
  expect(block(ecr.encryption_configuration).encryption_type === 'AES256', 'ECR: AES256');
  const lifecycle = JSON.stringify(one('aws_ecr_lifecycle_policy', 'service'));
  expect(/imageCountMoreThan/.test(lifecycle) && /countNumber\s*=\s*10/.test(lifecycle), 'ECR lifecycle: keep 10 images');
  expect(/untagged/.test(lifecycle) && /countNumber\s*=\s*7/.test(lifecycle), 'ECR lifecycle: expire untagged after 7 days');
  const services = merged.locals.services || {};
  expect(services.ingestor?.cpu === 256 && services.ingestor?.memory === 512, 'ingestor task: 256 CPU / 512 MB');
  expect(services.worker?.cpu === 512 && services.worker?.memory === 1024, 'worker task: 512 CPU / 1024 MB');
  expect(merged.variable.worker_min_count?.[0].default === 2 && merged.variable.worker_max_count?.[0].default === 20, 'worker autoscaling: 2-20');
  const task = JSON.stringify(one('aws_ecs_task_definition', 'service'));
  expect(/healthCheck/.test(task) && /\/health/.test(task), 'task definitions need a health check on /health');
  expect(/secrets\s*=/.test(task), 'task definitions must inject secrets');
  expect(/MessageReadyCount|MessageCount/.test(JSON.stringify(one('aws_appautoscaling_policy', 'worker_queue_depth'))), 'worker scaling must follow queue depth');

  // 5. RDS and ElastiCache
  const db = one('aws_db_instance', 'main');
  expect(db.engine === 'postgres' && String(db.engine_version).startsWith('15'), 'RDS: PostgreSQL 15');
  expect(db.storage_encrypted === true && db.publicly_accessible === false, 'RDS: encrypted and private');
  const params = one('aws_db_parameter_group', 'postgres15').parameter || [];
  expect(params.some((p) => p.name === 'rds.force_ssl' && String(p.value) === '1'), 'RDS: rds.force_ssl = 1');
  const redis = one('aws_elasticache_replication_group', 'main');
  expect(String(redis.engine_version).startsWith('7'), 'ElastiCache: Redis 7');
  expect(redis.transit_encryption_enabled === true && redis.auth_token, 'ElastiCache: TLS and an auth token');

  // 6. Monitoring
  const alarms = Object.values(merged.resource.aws_cloudwatch_metric_alarm || {}).map(([a]) => a);
  expect(alarms.some((a) => /dlq|dead_letter/.test(JSON.stringify(a.dimensions)) && a.threshold === 0 && a.comparison_operator === 'GreaterThanThreshold'), 'alarm: DLQ depth > 0');
  expect(alarms.some((a) => a.metric_name === 'MessageReadyCount'), 'alarm: queue depth');
  expect(alarms.some((a) => a.metric_name === 'WorkerErrors'), 'alarm: worker errors');
  expect(alarms.some((a) => a.metric_name === 'MemoryUtilization'), 'alarm: memory');
  expect(Object.keys(merged.resource.aws_cloudwatch_dashboard || {}).length === 1, 'one CloudWatch dashboard');

  finish(files.length);
})().catch((error) => { console.error(error); process.exit(2); });

function finish(count) {
  if (problems.length) {
    for (const p of problems) console.error(`terraform check: ${p}`);
    console.error(`terraform check: ${problems.length} problem(s) in ${count} files`);
    process.exit(1);
  }
  console.log(`terraform check: ${count} files parsed, references resolve, design facts hold`);
}
