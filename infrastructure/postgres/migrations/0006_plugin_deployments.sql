-- Fleet control (ARCHITECTURE.md "Fleet"): the desired version of each plugin, which every worker
-- replica converges on. Global: plugins serve every community.
CREATE TABLE plugin_deployments (
  plugin_name     text PRIMARY KEY CHECK (plugin_name ~ '^[a-z0-9][a-z0-9_-]*$'),
  desired_version text NOT NULL,  -- semantic version
  shadow_version  text,           -- candidate receiving copies of events, NULL = none
  canary_percent  integer NOT NULL DEFAULT 0 CHECK (canary_percent BETWEEN 0 AND 100),
  canary_version  text,
  updated_by      text,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (canary_percent = 0 OR canary_version IS NOT NULL)
);
CREATE TRIGGER plugin_deployments_touch BEFORE UPDATE ON plugin_deployments
  FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
