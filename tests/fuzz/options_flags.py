#!/usr/bin/env python3
"""Checks every fuzz/<target>.options and the flags scripts/libfuzzer-flags.sh
makes of it (what campaign.sh and mutants.sh --fuzz pass to libFuzzer).

    options_flags.py SOURCE_DIR

Per target of fuzz/CMakeLists.txt: its .options parses as an INI file
(configparser, an independent reader) with a [libfuzzer] section holding
max_len; every key is a libFuzzer flag this project is known to pass, with
an integer value where libFuzzer wants one; a dict names a file in fuzz/.
libfuzzer-flags.sh must print exactly one -key=value per key, in order,
the dict as an absolute path to that file.
"""
import configparser
import os
import re
import subprocess
import sys

# The flags .options may carry (extend with care: each must be one
# libFuzzer and OSS-Fuzz accept), and whether the value is an integer.
KNOWN = {
    "max_len": True,
    "dict": False,
    "entropic_feature_frequency_threshold": True,
    "entropic_number_of_rarest_features": True,
    "timeout": True,
    "rss_limit_mb": True,
}

failures = []


def fail(message):
    failures.append(message)


def targets(source):
    text = open(os.path.join(source, "fuzz", "CMakeLists.txt")).read()
    block = re.search(r"set\(RAMPART_FUZZ_TARGETS(.*?)\)", text, re.S)
    if not block:
        sys.exit("options_flags: no RAMPART_FUZZ_TARGETS in fuzz/CMakeLists.txt")
    return [t for t in block.group(1).split() if not t.startswith("#")]


def check(source, target):
    path = os.path.join(source, "fuzz", target + ".options")
    if not os.path.isfile(path):
        fail(f"{target}: no fuzz/{target}.options")
        return
    parser = configparser.ConfigParser()
    parser.optionxform = str
    try:
        parser.read(path)
    except configparser.Error as error:
        fail(f"{target}: {error}")
        return
    if not parser.has_section("libfuzzer"):
        fail(f"{target}: no [libfuzzer] section")
        return
    section = parser["libfuzzer"]
    if "max_len" not in section:
        fail(f"{target}: no max_len")
    expected = []
    for key, value in section.items():
        if key not in KNOWN:
            fail(f"{target}: {key} is not a flag this project passes")
            continue
        if KNOWN[key] and not re.fullmatch(r"[0-9]+", value):
            fail(f"{target}: {key} = {value} is not a whole number")
        if key == "dict":
            value = os.path.join(source, "fuzz", value)
            if not os.path.isfile(value):
                fail(f"{target}: dict {value} does not exist")
        expected.append(f"-{key}={value}")
    script = os.path.join(source, "scripts", "libfuzzer-flags.sh")
    got = subprocess.run(["bash", script, target], capture_output=True, text=True, check=False)
    if got.returncode != 0:
        fail(f"{target}: libfuzzer-flags.sh exited {got.returncode}: {got.stderr.strip()}")
    elif got.stdout.splitlines() != expected:
        fail(f"{target}: libfuzzer-flags.sh printed {got.stdout.splitlines()}, expected {expected}")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: options_flags.py SOURCE_DIR")
    source = os.path.realpath(sys.argv[1])
    names = targets(source)
    for target in names:
        check(source, target)
    for failure in failures:
        print("options_flags:", failure)
    print(f"options_flags: {len(names)} targets, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
