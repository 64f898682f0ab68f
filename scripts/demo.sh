#!/usr/bin/env bash
# Open the console on the embedded demo site (simulated cameras, Tongchuan hierarchy, live incidents).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/setup.sh
source "$here/scripts/setup.sh"
exec xueliang demo "$@"
