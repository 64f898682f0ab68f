#!/usr/bin/env bash
# Run every check and test on a fresh Debian machine (as root it installs what it needs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/setup.sh
source "$here/scripts/setup.sh"
cd "$here"
export QT_QPA_PLATFORM=offscreen
# shellcheck source=scripts/sound_server.sh
source "$here/scripts/sound_server.sh"
echo "== ruff";            ruff check .
echo "== ruff format";     ruff format --check .
echo "== mypy";            mypy dispatch video console
echo "== import-linter";   lint-imports
echo "== pytest";          python -m pytest "$@"
