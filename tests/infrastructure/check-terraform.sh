#!/usr/bin/env bash
# Lint of infrastructure/terraform (ctest lint.terraform). Every .tf file must pass at least one
# real HCL2 parser; each one present runs:
#   - `terraform fmt -check` (parses every file, checks canonical formatting) when terraform exists;
#   - check-terraform.js (the Go HCL parser as WebAssembly, from npm @cdktf/hcl2json, installed by
#     `tools/dev setup` into build/node-tools): parses every file, resolves references, checks the
#     design facts of the infrastructure issue.
# Neither needs the network. `terraform validate` does (provider download), so it runs only in
# the GitHub workflow.
#   check-terraform.sh TERRAFORM_DIR NODE_TOOLS_DIR
set -euo pipefail
dir=$1
tools=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
parsers=0

if command -v terraform >/dev/null; then
  CHECKPOINT_DISABLE=1 terraform fmt -check -recursive -diff "$dir" 2> >(grep -v -e 'CLI configuration' -e '^[│╷╵]' -e '^$' >&2)
  echo "terraform fmt -check: every file parses and is formatted"
  parsers=$((parsers + 1))
else
  echo "terraform is not installed: skipping terraform fmt -check"
fi

if command -v node >/dev/null && [ -d "$tools/node_modules/@cdktf/hcl2json" ]; then
  node "$here/check-terraform.js" "$dir" "$tools/node_modules"
  parsers=$((parsers + 1))
else
  echo "node or $tools/node_modules/@cdktf/hcl2json is missing (tools/dev setup installs it): skipping the HCL checks"
fi

if [ "$parsers" -eq 0 ]; then
  echo "no HCL parser is available: install terraform, or run tools/dev setup (npm @cdktf/hcl2json)" >&2
  exit 1
fi
