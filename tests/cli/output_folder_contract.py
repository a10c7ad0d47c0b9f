#!/usr/bin/env python3
"""The output folder of `rptdose run` under concurrency and signals (issue 17 rows 5 and 6).

- a second run on a folder in use exits 2 at once naming the holder; the holder finishes and its folder is complete;
- SIGTERM, SIGINT and SIGHUP during a run remove the partial folder and exit 128+signal, the target untouched;
- a run killed with SIGKILL leaves a partial folder that the next run on the same folder removes and reports.

Deterministic without timing: each step waits for a state it can see (the partial folder beside the target), and the
lock holder is held still with SIGSTOP while the second run tries. Standard library only.

usage: output_folder_contract.py RPTDOSE WORK_DIR
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time


def fail(message):
    sys.exit("FAIL: " + message)


def default_signals():
    # The child starts with default dispositions whatever the test runner ignores (a background shell ignores
    # SIGINT, and rptdose rightly leaves an ignored signal ignored).
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_DFL)


def start(rptdose, *args):
    return subprocess.Popen([rptdose, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=default_signals)


def run(rptdose, *args):
    p = start(rptdose, *args)
    out, err = p.communicate(timeout=120)
    return p.returncode, out, err


def hidden_siblings(target):
    """The hidden entries rptdose keeps beside `target` (.NAME.partial-*, .NAME.old-*, .NAME.lock)."""
    prefix = "." + os.path.basename(target) + "."
    return sorted(n for n in os.listdir(os.path.dirname(target)) if n.startswith(prefix))


def wait_for_partial(process, target):
    """Waits until the run `process` has created its partial folder beside `target` (it holds the lock by then)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(".partial-" in n for n in hidden_siblings(target)):
            return
        if process.poll() is not None:
            fail(f"the run on {target} ended (exit {process.returncode}) before its partial folder was seen:\n"
                 + process.stderr.read())
        time.sleep(0.005)
    fail(f"no partial folder beside {target} within 60 s")


def check_complete(target):
    with open(os.path.join(target, "summary.json")) as f:
        summary = json.load(f)
    for name in ("dose_Gy.nii.gz", "vois.csv", "dvh.csv", "report.md"):
        if not os.path.exists(os.path.join(target, name)):
            fail(f"{target} has no {name}")
    return summary


def test_second_run_on_a_folder_in_use_is_refused(rptdose, work, study):
    target = os.path.join(work, "locked")
    holder = start(rptdose, "run", study, "--out", target, "--quiet")
    wait_for_partial(holder, target)
    os.kill(holder.pid, signal.SIGSTOP)  # held still (with its lock) while the second run tries
    try:
        code, out, err = run(rptdose, "run", study, "--out", target, "--quiet")
    finally:
        os.kill(holder.pid, signal.SIGCONT)
    if code != 2:
        fail(f"a second run on a folder in use exited {code} (expected 2):\n{out}{err}")
    for expected in ("is in use by", f"pid {holder.pid}", socket.gethostname(), "started ", "choose another --out"):
        if expected not in err:
            fail(f"the refusal does not name the lock holder ('{expected}' missing):\n{err}")
    out, err = holder.communicate(timeout=120)
    if holder.returncode != 0:
        fail(f"the lock holder exited {holder.returncode}:\n{out}{err}")
    check_complete(target)
    if hidden_siblings(target):
        fail(f"left beside {target}: {hidden_siblings(target)}")


def test_signals_remove_the_partial_folder(rptdose, work, study):
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        target = os.path.join(work, "signal-" + sig.name)
        # The target holds earlier results (replaced with --force only when the run completes): they must survive.
        os.makedirs(target)
        with open(os.path.join(target, "earlier.txt"), "w") as f:
            f.write("earlier results\n")
        p = start(rptdose, "run", study, "--out", target, "--quiet", "--force")
        wait_for_partial(p, target)
        p.send_signal(sig)
        out, err = p.communicate(timeout=60)
        if p.returncode != 128 + sig:
            fail(f"{sig.name}: exit {p.returncode}, expected {128 + sig}:\n{out}{err}")
        if "interrupted: removed the partial results in" not in err:
            fail(f"{sig.name}: no message saying what was removed:\n{err}")
        if hidden_siblings(target):
            fail(f"{sig.name}: left beside {target}: {hidden_siblings(target)}")
        if os.listdir(target) != ["earlier.txt"]:
            fail(f"{sig.name}: the target changed: {os.listdir(target)}")


def test_a_killed_runs_partial_folder_is_removed_by_the_next_run(rptdose, work, study):
    target = os.path.join(work, "killed")
    p = start(rptdose, "run", study, "--out", target, "--quiet")
    wait_for_partial(p, target)
    p.send_signal(signal.SIGKILL)  # nothing can clean up after this
    p.communicate(timeout=60)
    stale = [n for n in hidden_siblings(target) if ".partial-" in n]
    if not stale:
        fail("SIGKILL left no partial folder: the test does not test anything")
    code, out, err = run(rptdose, "run", study, "--out", target, "--quiet")
    if code != 0:
        fail(f"the run after a killed one exited {code}:\n{out}{err}")
    if hidden_siblings(target):
        fail(f"left beside {target}: {hidden_siblings(target)}")
    warnings = check_complete(target)["warnings"]
    if not any(stale[0] in w for w in warnings):
        fail(f"summary.json warnings do not report the removed {stale[0]}: {warnings}")
    if stale[0] not in out + err:
        fail(f"the removal of {stale[0]} is not reported:\n{out}{err}")


def main():
    rptdose, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.environ["RPTDOSE_PYTHON"] = "/bin/false"  # no figures: faster, and no child process to wait for
    code, out, err = run(rptdose, "demo", "--out", os.path.join(work, "demo"), "--quiet")
    if code != 0:
        fail(f"demo exited {code}:\n{out}{err}")
    study = os.path.join(work, "demo", "study", "study.json")
    for test in (test_second_run_on_a_folder_in_use_is_refused, test_signals_remove_the_partial_folder,
                 test_a_killed_runs_partial_folder_is_removed_by_the_next_run):
        begin = time.monotonic()
        test(rptdose, work, study)
        print(f"ok {test.__name__} ({time.monotonic() - begin:.1f} s)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
