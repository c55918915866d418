#!/usr/bin/env python3
"""Checks the ClusterFuzzLite workflows in .github/workflows/ against the
fields ClusterFuzzLite's GitHub Actions documentation requires, and that
they point at the build in .clusterfuzzlite/.

    cflite_workflows.py SOURCE_DIR

Per workflow file: it parses as YAML; it has its documented trigger; every
job builds with google/clusterfuzzlite/actions/build_fuzzers@v1 (language
c++, a sanitizer) and, unless it only builds, runs
google/clusterfuzzlite/actions/run_fuzzers@v1 with a github-token, positive
fuzz-seconds, the file's mode and the same sanitizer as its build; a
matrix sanitizer is one ClusterFuzzLite supports; the coverage job builds
and runs with the coverage sanitizer. .clusterfuzzlite/ must hold a
Dockerfile, build.sh and a project.yaml whose language is c++.
"""
import os
import sys

import yaml

BUILD = "google/clusterfuzzlite/actions/build_fuzzers@v1"
RUN = "google/clusterfuzzlite/actions/run_fuzzers@v1"
SANITIZERS = {"address", "undefined", "memory", "coverage"}
# file -> (trigger keys, modes its run steps may use; None: builds only)
EXPECTED = {
    "cflite_pr.yml": ({"pull_request"}, {"code-change"}),
    "cflite_batch.yml": ({"schedule"}, {"batch"}),
    "cflite_cron.yml": ({"schedule"}, {"prune", "coverage"}),
    "cflite_build.yml": ({"push"}, None),
}

failures = []


def fail(message):
    failures.append(message)


def sanitizers_of(job, value):
    """The sanitizers a `sanitizer` value stands for in this job."""
    if isinstance(value, str) and "matrix.sanitizer" in value:
        return set(job.get("strategy", {}).get("matrix", {}).get("sanitizer", []))
    return {value}


def check_job(name, workflow, job_name, job, modes):
    steps = job.get("steps", [])
    builds = [s for s in steps if s.get("uses") == BUILD]
    runs = [s for s in steps if s.get("uses") == RUN]
    where = "%s job %s" % (name, job_name)
    if len(builds) != 1:
        fail("%s: needs exactly one %s step" % (where, BUILD))
        return
    build = builds[0].get("with", {})
    if build.get("language") != "c++":
        fail("%s: build_fuzzers language must be c++" % where)
    build_sanitizers = sanitizers_of(job, build.get("sanitizer"))
    if not build_sanitizers or not build_sanitizers <= SANITIZERS:
        fail("%s: build sanitizer %s" % (where, sorted(map(str, build_sanitizers))))
    if modes is None:
        if runs:
            fail("%s: a build-only workflow runs fuzzers" % where)
        if build.get("upload-build") is not True:
            fail("%s: continuous builds need upload-build: true" % where)
        return
    if len(runs) != 1:
        fail("%s: needs exactly one %s step after the build" % (where, RUN))
        return
    if steps.index(runs[0]) < steps.index(builds[0]):
        fail("%s: run_fuzzers comes before build_fuzzers" % where)
    run = runs[0].get("with", {})
    if "secrets.GITHUB_TOKEN" not in str(run.get("github-token", "")):
        fail("%s: run_fuzzers needs github-token: ${{ secrets.GITHUB_TOKEN }}" % where)
    seconds = run.get("fuzz-seconds")
    if not isinstance(seconds, int) or seconds <= 0:
        fail("%s: fuzz-seconds must be a positive number, not %r" % (where, seconds))
    mode = run.get("mode")
    if mode not in modes:
        fail("%s: mode %r, expected one of %s" % (where, mode, sorted(modes)))
    run_sanitizers = sanitizers_of(job, run.get("sanitizer"))
    if run_sanitizers != build_sanitizers:
        fail("%s: run sanitizer %s differs from the build's %s" %
             (where, sorted(map(str, run_sanitizers)), sorted(map(str, build_sanitizers))))
    if mode == "coverage" and build_sanitizers != {"coverage"}:
        fail("%s: coverage mode needs the coverage sanitizer" % where)
    if mode != "coverage" and "coverage" in build_sanitizers:
        fail("%s: the coverage sanitizer is for coverage mode only" % where)


def main():
    root = sys.argv[1]
    workflows = os.path.join(root, ".github", "workflows")
    seen_modes = set()
    for name, (triggers, modes) in EXPECTED.items():
        path = os.path.join(workflows, name)
        if not os.path.isfile(path):
            fail("%s is missing" % path)
            continue
        with open(path) as f:
            workflow = yaml.safe_load(f)
        # YAML 1.1 reads the key `on` as True.
        on = workflow.get("on", workflow.get(True))
        if not isinstance(on, dict) or not triggers <= set(on):
            fail("%s: triggers %s, expected %s" % (name, on, sorted(triggers)))
        if "schedule" in triggers:
            crons = [c.get("cron") for c in on.get("schedule", []) if isinstance(c, dict)]
            if not crons or not all(isinstance(c, str) and len(c.split()) == 5 for c in crons):
                fail("%s: schedule needs cron entries of five fields" % name)
        if workflow.get("permissions") != "read-all":
            fail("%s: permissions should be read-all" % name)
        jobs = workflow.get("jobs", {})
        if not jobs:
            fail("%s: no jobs" % name)
        for job_name, job in jobs.items():
            check_job(name, workflow, job_name, job, modes)
            for step in job.get("steps", []):
                if step.get("uses") == RUN:
                    seen_modes.add(step.get("with", {}).get("mode"))
    for mode in ("code-change", "batch", "prune", "coverage"):
        if mode not in seen_modes:
            fail("no workflow runs mode %s" % mode)
    cflite = os.path.join(root, ".clusterfuzzlite")
    for required in ("Dockerfile", "build.sh", "project.yaml"):
        if not os.path.isfile(os.path.join(cflite, required)):
            fail(".clusterfuzzlite/%s is missing" % required)
    if os.path.isfile(os.path.join(cflite, "project.yaml")):
        with open(os.path.join(cflite, "project.yaml")) as f:
            if yaml.safe_load(f).get("language") != "c++":
                fail(".clusterfuzzlite/project.yaml: language must be c++")
    for message in failures:
        print("cflite_workflows: FAILED: " + message)
    if not failures:
        print("cflite_workflows: %d workflows, modes %s, all fields as documented" %
              (len(EXPECTED), ", ".join(sorted(seen_modes))))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
