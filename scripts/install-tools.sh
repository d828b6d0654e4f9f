#!/usr/bin/env bash
# Installs tools that are not npm packages into .tools/bin (git-ignored). Idempotent: skips what is
# already installed at the right version. Needs Go (looked for on PATH and at /usr/local/go/bin).
#   LIVEKIT_VERSION=1.13.5 scripts/install-tools.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
BIN="$ROOT/.tools/bin"
LIVEKIT_VERSION="${LIVEKIT_VERSION:-1.13.5}"
export PATH="$PATH:/usr/local/go/bin"
mkdir -p "$BIN"

installed_version() {
  [ -x "$BIN/livekit-server" ] || return 0
  "$BIN/livekit-server" --version 2>/dev/null | awk '{print $NF}'
}

if [ "$(installed_version)" = "$LIVEKIT_VERSION" ]; then
  echo "== livekit-server $LIVEKIT_VERSION already installed at .tools/bin/livekit-server"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "== install-tools: Go is not installed (looked on PATH and in /usr/local/go/bin); cannot build livekit-server" >&2
  exit 1
fi
echo "== installing livekit-server v$LIVEKIT_VERSION with $(go version) (go install; takes a few minutes on a cold cache)"
GOBIN="$BIN" go install "github.com/livekit/livekit-server/cmd/server@v$LIVEKIT_VERSION"
mv -f "$BIN/server" "$BIN/livekit-server"
echo "== installed: $("$BIN/livekit-server" --version)"
