#!/bin/bash
# End to end: the installed-style `pix-bureau` binary in a real X server,
# driven by real key presses (xdotool through XTEST), as a person would.
# Checks Ctrl+1…4 switch views (read back from the settings keyfile the app
# writes), Ctrl+, opens the preferences, Ctrl+Q quits cleanly, and that
# nothing was logged on the way (G_DEBUG=fatal-warnings). Prints TAP.
#
# Usage (under xvfb-run): test-app-keys.sh PIX_BUREAU_BINARY
set -u

app=$1
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
keyfile=$tmp/config/glib-2.0/settings/keyfile
n=0
failed=0

echo "1..8"

report () {  # report OK DESCRIPTION
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

setting () {
  sed -n "s/^$1=//p" "$keyfile" 2>/dev/null | tr -d "'"
}

shows () {  # shows VIEW: re-reads the setting at every poll
  [ "$(setting last-view)" = "$1" ]
}

wait_for () {  # wait_for COMMAND…: up to 5 s
  for _ in $(seq 50); do "$@" && return 0; sleep 0.1; done
  return 1
}

XDG_CONFIG_HOME=$tmp/config GSETTINGS_BACKEND=keyfile G_DEBUG=fatal-warnings \
  "$app" >"$tmp/stdout" 2>"$tmp/stderr" &
pid=$!

window=$(timeout 10 xdotool search --sync --onlyvisible --class pix-bureau 2>/dev/null | head -n 1)
report $([ -n "$window" ]; echo $?) "the main window appears"
xdotool windowfocus --sync "$window" 2>/dev/null

for spec in 2:campaigns 3:profiles 4:sessions 1:classes; do
  key=${spec%%:*}
  view=${spec#*:}
  xdotool key --clearmodifiers "ctrl+$key"
  report $(wait_for shows "$view"; echo $?) "Ctrl+$key shows $view"
done

xdotool key --clearmodifiers ctrl+comma
prefs=$(timeout 5 xdotool search --sync --onlyvisible --name '^(Préférences|Preferences)$' 2>/dev/null | head -n 1)
report $([ -n "$prefs" ]; echo $?) "Ctrl+, opens the preferences"
[ -n "$prefs" ] && xdotool windowfocus --sync "$prefs" 2>/dev/null && xdotool key Escape
wait_for sh -c "! xdotool search --onlyvisible --name '^(Préférences|Preferences)\$' >/dev/null 2>&1"
xdotool windowfocus --sync "$window" 2>/dev/null

xdotool key --clearmodifiers ctrl+q
wait_for sh -c "! kill -0 $pid 2>/dev/null"
if kill -0 "$pid" 2>/dev/null; then
  report 1 "Ctrl+Q quits"
else
  wait "$pid"
  report $? "Ctrl+Q quits with status 0"
fi

report $([ ! -s "$tmp/stderr" ] && [ ! -s "$tmp/stdout" ]; echo $?) "nothing was logged"
if [ -s "$tmp/stderr" ]; then sed 's/^/# /' "$tmp/stderr" | head -n 20; fi
exit $failed
