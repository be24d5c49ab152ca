#!/bin/bash
# End to end: the installed-style `pix-bureau --demo` in a real X server,
# driven by real key presses (xdotool through XTEST), as a person would.
# Checks the demo school shows up (its name in the window title), Ctrl+1…4
# switch views (read back from the settings keyfile the app writes), Ctrl+?
# opens the shortcuts, Ctrl+Q quits cleanly and SIGTERM too, each time
# removing the demo's temporary directory, and that nothing was logged on the
# way (G_DEBUG=fatal-warnings). Prints TAP.
#
# Usage (under xvfb-run): test-app-keys.sh PIX_BUREAU_BINARY
set -u

app=$1
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
keyfile=$tmp/config/glib-2.0/settings/keyfile
n=0
failed=0

echo "1..12"

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

demo_dirs () {  # the demo's temporary directories (TMPDIR is $tmp/run)
  ls -d "$tmp"/run/pix-bureau-demo-* 2>/dev/null
}

no_demo_dir () {
  [ -z "$(demo_dirs)" ]
}

start_demo () {  # start_demo LOG_NAME
  XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data TMPDIR=$tmp/run \
    GSETTINGS_BACKEND=keyfile G_DEBUG=fatal-warnings \
    "$app" --demo >"$tmp/$1.stdout" 2>"$tmp/$1.stderr" &
  pid=$!
}

# A message, not a warning: without a Secret Service the sign-in token of
# the demo stays in memory (pb-credentials.c). Anything else counts.
logged () {  # logged LOG_NAME: prints what was logged, but that line
  cat "$tmp/$1.stdout"
  grep -v 'No Secret Service' "$tmp/$1.stderr"
}

mkdir -p "$tmp/run"
start_demo first

window=$(timeout 10 xdotool search --sync --onlyvisible --class pix-bureau 2>/dev/null | head -n 1)
report $([ -n "$window" ]; echo $?) "the main window appears"

# The school's name in the title: signed in to the demo school.
school=$(timeout 30 xdotool search --sync --onlyvisible --name 'Lycée Marie Curie' 2>/dev/null | head -n 1)
report $([ -n "$school" ]; echo $?) "the demo school is shown"
report $([ -n "$(demo_dirs)" ]; echo $?) "the demo school is served from a temporary directory"
xdotool windowfocus --sync "$window" 2>/dev/null

for spec in 2:campaigns 3:profiles 4:sessions 1:classes; do
  key=${spec%%:*}
  view=${spec#*:}
  xdotool key --clearmodifiers "ctrl+$key"
  report $(wait_for shows "$view"; echo $?) "Ctrl+$key shows $view"
done

xdotool key --clearmodifiers ctrl+question
help=$(timeout 5 xdotool search --sync --onlyvisible --name '^(Raccourcis clavier|Keyboard Shortcuts)$' 2>/dev/null | head -n 1)
report $([ -n "$help" ]; echo $?) "Ctrl+? opens the keyboard shortcuts"
[ -n "$help" ] && xdotool windowfocus --sync "$help" 2>/dev/null && xdotool key Escape
wait_for sh -c "! xdotool search --onlyvisible --name '^(Raccourcis clavier|Keyboard Shortcuts)\$' >/dev/null 2>&1"
xdotool windowfocus --sync "$window" 2>/dev/null

xdotool key --clearmodifiers ctrl+q
wait_for sh -c "! kill -0 $pid 2>/dev/null"
if kill -0 "$pid" 2>/dev/null; then
  report 1 "Ctrl+Q quits"
else
  wait "$pid"
  report $? "Ctrl+Q quits with status 0"
fi
pid=
report $(no_demo_dir; echo $?) "quitting removes the demo's temporary directory"

# SIGTERM (a session ending, kill) quits the same way.
start_demo second
school=$(timeout 30 xdotool search --sync --onlyvisible --name 'Lycée Marie Curie' 2>/dev/null | head -n 1)
kill -TERM "$pid"
wait_for sh -c "! kill -0 $pid 2>/dev/null"
if [ -z "$school" ] || kill -0 "$pid" 2>/dev/null; then
  report 1 "SIGTERM quits"
else
  wait "$pid"
  status=$?
  report $([ "$status" = 0 ] && no_demo_dir; echo $?) "SIGTERM quits with status 0 and removes the temporary directory"
fi
pid=

log=$(logged first; logged second)
report $([ -z "$log" ]; echo $?) "nothing was logged"
if [ -n "$log" ]; then printf '%s\n' "$log" | sed 's/^/# /' | head -n 20; fi
exit $failed
