#!/bin/sh
# The end-to-end test of the extension in a real VS Code, as `make test` runs it:
#   1. e2e/setup.sh installs code-server, playwright-core and Chromium (once; then seconds);
#      if they cannot be set up here (no registry, no root, other Node), it prints
#      "vscode e2e: SKIP: <reason>" and this script exits 0;
#   2. builds trine.vsix if it is missing;
#   3. runs e2e/code-server.mjs and exits with its status.
# Tools folder: $E2E_TOOLS, default editors/vscode/.e2e-tools. Needs the repository's .venv with
# trine installed (`make demo`), or TRINE_VENV.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ext=$(dirname "$here")
tools=${E2E_TOOLS:-$ext/.e2e-tools}

sh "$here/setup.sh" "$tools"
status=$?
if [ "$status" -eq 3 ]; then
    exit 0 # setup.sh printed the SKIP line
elif [ "$status" -ne 0 ]; then
    echo "vscode e2e: FAIL: e2e/setup.sh exited with $status"
    exit "$status"
fi

cd "$ext" || exit 1
if [ ! -f trine.vsix ]; then
    echo "vscode e2e: building trine.vsix"
    if [ ! -d node_modules ]; then
        npm ci --no-audit --no-fund --loglevel=error || { echo "vscode e2e: FAIL: npm ci"; exit 1; }
    fi
    npm run --silent package >/dev/null || { echo "vscode e2e: FAIL: npm run package"; exit 1; }
fi

echo "vscode e2e: running e2e/code-server.mjs (code-server, headless Chromium)"
E2E_TOOLS=$tools node "$here/code-server.mjs"
