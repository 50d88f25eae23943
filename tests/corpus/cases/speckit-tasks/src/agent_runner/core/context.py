"""Which feature the developer is working on."""

import re
import subprocess

BRANCH = re.compile(r"^(\d{3})-[a-z0-9-]+$")


def current_branch():
    done = subprocess.run(["git", "branch", "--show-current"], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None


def detect_feature(ask):
    """The feature named by the branch, or the one the developer picks when the branch names none."""
    branch = current_branch()
    if branch and BRANCH.match(branch):
        return branch
    return ask()
