#!/usr/bin/env bash
# Sourced by test.sh: a private PulseAudio server whose only output is a null sink, so the
# alert-sound tests can record what the console plays (its monitor source) on a machine with
# no sound card. Exports PULSE_SERVER; stopped when the sourcing shell exits. Does nothing when
# PULSE_SERVER is already set or PulseAudio is not installed (those tests then skip).
if [ -z "${PULSE_SERVER:-}" ] && command -v pulseaudio >/dev/null; then
  pulse_dir="$(mktemp -d /tmp/xueliang-pulse.XXXXXX)"
  if PULSE_RUNTIME_PATH="$pulse_dir" PULSE_STATE_PATH="$pulse_dir" pulseaudio -n \
      --daemonize=yes --exit-idle-time=-1 --disallow-exit --use-pid-file=yes \
      -L "module-null-sink sink_name=xueliang_alerts" \
      -L "module-native-protocol-unix auth-anonymous=1 socket=$pulse_dir/native" \
      >"$pulse_dir/log" 2>&1; then
    export PULSE_SERVER="unix:$pulse_dir/native"
    trap 'PULSE_RUNTIME_PATH="$pulse_dir" pulseaudio --kill >/dev/null 2>&1 || true' EXIT
    echo "sound: private PulseAudio with a null sink at $PULSE_SERVER"
  else
    echo "sound: PulseAudio did not start (alert-sound tests will skip): $(tail -n1 "$pulse_dir/log")"
  fi
fi
