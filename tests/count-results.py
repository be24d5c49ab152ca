#!/usr/bin/python3
"""Counts test cases in meson's testlog.json and prints "N passed, N failed".

A TAP test counts its cases: "ok" lines pass (but "# SKIP" ones are neither),
"not ok" lines fail (but "# TODO" ones are neither), and cases its plan
announced that never reported (a program that aborted on an assertion) fail.
A test without TAP output counts as one case. A test meson saw fail whose
output shows no failing case still counts one failure, so nothing is lost.
Exits non-zero when anything failed or nothing ran.
"""

import json
import re
import sys

PLAN = re.compile(r"^1\.\.(\d+)")
RESULT = re.compile(r"^(not ok|ok)\b(.*)$")
FAILED_RESULTS = {"FAIL", "ERROR", "TIMEOUT", "UNEXPECTEDPASS"}


def count_tap(stdout):
    planned, passed, failed, skipped = None, 0, 0, 0
    for line in stdout.splitlines():
        plan = PLAN.match(line)
        if plan and planned is None:
            planned = int(plan.group(1))
            continue
        result = RESULT.match(line)
        if not result:
            continue
        directive = result.group(2).upper()
        if "# SKIP" in directive or "# TODO" in directive:
            skipped += 1
        elif result.group(1) == "ok":
            passed += 1
        else:
            failed += 1
    if planned is None and passed + failed + skipped == 0:
        return None
    missing = max(0, (planned or 0) - passed - failed - skipped)
    return passed, failed + missing


def main(path):
    passed = failed = 0
    with open(path, encoding="utf-8") as log:
        for line in log:
            test = json.loads(line)
            outcome = test["result"]
            counts = count_tap(test.get("stdout") or "")
            if counts is None:
                counts = (0, 1) if outcome in FAILED_RESULTS else (1, 0) if outcome in ("OK", "EXPECTEDFAIL") else (0, 0)
            elif outcome in FAILED_RESULTS and counts[1] == 0:
                counts = (counts[0], 1)
            passed += counts[0]
            failed += counts[1]
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
