#!/bin/sh
# Installs what e2e/code-server.mjs needs -- code-server 4.100.3 (VS Code 1.100.3) and
# playwright-core from npm, Chromium and build dependencies from Debian -- into a tools folder.
#
#   e2e/setup.sh [TOOLS_DIR]      default: editors/vscode/.e2e-tools
#
# Idempotent and non-interactive. When the stamp file matches, it only checks (dpkg -s) that the
# Debian packages are still there and exits 0 in well under a second.
# Exit codes: 0 ready; 3 cannot be set up here (a registry/network step failed, no root for
# apt-get, wrong Node major), after printing one line "vscode e2e: SKIP: <reason>";
# 1 any other failure (a real set-up bug: a native module did not build, ...).
# The steps, and why each is needed, are described in TESTING.md.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tools=${1:-$here/../.e2e-tools}
CODE_SERVER=4.100.3
PLAYWRIGHT=1.65.1
SETUP_REV=1 # bump when the steps below change, so that existing tool folders are rebuilt
DEBS="chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config python3 make g++"

skip() { echo "vscode e2e: SKIP: $*"; exit 3; }
fail() { echo "vscode e2e: set-up FAILED: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || skip "node is not installed"
node_major=$(node -p 'process.versions.node.split(".")[0]')
# code-server 4.100.3 is built for Node 20 (its native modules and its engines field).
[ "$node_major" = 20 ] || skip "code-server $CODE_SERVER needs Node 20, this is Node $(node -v)"

# --- Debian packages (only when missing) ---------------------------------------------------
if ! dpkg -s $DEBS >/dev/null 2>&1; then
    missing=$(for p in $DEBS; do dpkg -s "$p" >/dev/null 2>&1 || printf '%s ' "$p"; done)
    [ "$(id -u)" = 0 ] || skip "Debian packages missing ($missing) and not root to apt-get install them"
    command -v apt-get >/dev/null 2>&1 || skip "Debian packages missing ($missing) and no apt-get"
    echo "vscode e2e: apt-get install $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || skip "apt-get update failed (no Debian registry?)"
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 \
        || skip "apt-get install $missing failed"
fi

# --- npm tools (only when the stamp does not match) ----------------------------------------
stamp_text="setup=$SETUP_REV code-server=$CODE_SERVER playwright-core=$PLAYWRIGHT node=$node_major lock=$(cksum < "$here/tools/package-lock.json" | cut -d' ' -f1)"
stamp=$tools/.e2e-tools-stamp
cs=$tools/node_modules/.bin/code-server
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_text" ] && [ -x "$cs" ] \
    && [ -f "$tools/node_modules/playwright-core/package.json" ]; then
    exit 0
fi

# Start from an empty folder, but never delete a folder this script did not create.
if [ -e "$tools" ]; then
    if [ -f "$tools/.e2e-tools-marker" ] || [ -z "$(ls -A "$tools")" ]; then
        rm -rf "$tools"
    else
        fail "$tools exists and was not made by e2e/setup.sh; remove it or pass another folder"
    fi
fi
mkdir -p "$tools"
tools=$(cd "$tools" && pwd)
touch "$tools/.e2e-tools-marker"
log=$tools/setup.log
: > "$log"
echo "vscode e2e: installing code-server $CODE_SERVER and playwright-core $PLAYWRIGHT into $tools (about a minute; log: $log)"

# Runs a step with its output in the log; on failure shows the log's tail, then exits 3 for a
# network step ("net") or 1 for any other.
step() {
    kind=$1; shift
    echo "+ $*" >> "$log"
    if ! "$@" >> "$log" 2>&1; then
        tail -n 25 "$log" >&2
        if [ "$kind" = net ]; then skip "'$*' failed (npm registry unreachable?), see $log"; fi
        fail "'$*' failed, see $log"
    fi
}

export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export JOBS=max # node-gyp: use every core
cp "$here/tools/package.json" "$here/tools/package-lock.json" "$tools/"
cd "$tools"
# code-server's postinstall.sh refuses to run as root (and npm 11 has no unsafe-perm), so skip
# all install scripts and do its steps here.
step net npm ci --ignore-scripts
[ -x "$cs" ] || fail "npm ci did not install code-server"
vscode=$tools/node_modules/code-server/lib/vscode
cd "$vscode"
step net npm install --omit=dev --ignore-scripts # exact versions from its npm-shrinkwrap.json
# @vscode/ripgrep would download rg from GitHub (unreachable); it skips that when bin/ exists.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# Native modules (node-pty, kerberos, spdlog, ...), built against /usr/include/node.
step build npm rebuild
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
cd extensions
step net npm install --omit=dev
cd "$tools"
step build npm rebuild argon2
output=$("$cs" --version 2>>"$log") || fail "code-server --version failed, see $log"
# On its first run code-server logs that it wrote ~/.config/code-server/config.yaml before the
# version, so the version is the line that starts with one, wherever it is.
version=$(printf '%s\n' "$output" | grep -E '^[0-9]+[.][0-9]+[.][0-9]+ ' | head -n 1)
case $version in
    "$CODE_SERVER "*) ;;
    *) fail "code-server --version printed '$output', expected a line '$CODE_SERVER <commit> ...'" ;;
esac
echo "$stamp_text" > "$stamp"
echo "vscode e2e: tools ready: code-server $version"
