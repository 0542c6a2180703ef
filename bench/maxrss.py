#!/usr/bin/env python3
"""Peak-RSS fallback for machines without /usr/bin/time: run a command, report its peak RSS.

Usage: maxrss.py OUTFILE -- COMMAND [ARGS...]

Standard input and output pass through to the command. Writes to OUTFILE a line in the
format of `/usr/bin/time -v`, "Maximum resident set size (kbytes): N", so run.sh parses
both the same way. N is the larger of the kernel's ru_maxrss from wait4() (what GNU time
itself reports) and the last VmHWM read from /proc/PID/status while the command ran
(sampled every 10 ms). Exits with the command's status.
"""

import os
import subprocess
import sys
import time


def vmhwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit(__doc__)
    outfile, cmd = sys.argv[1], sys.argv[3:]
    proc = subprocess.Popen(cmd)
    hwm = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        hwm = max(hwm, vmhwm_kb(proc.pid))
        time.sleep(0.01)
    peak = max(hwm, usage.ru_maxrss)
    with open(outfile, "w") as f:
        f.write(f"\tMaximum resident set size (kbytes): {peak}\n")
    sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))


if __name__ == "__main__":
    main()
