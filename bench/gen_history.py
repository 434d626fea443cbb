#!/usr/bin/env python3
"""Turns a site made by gen_site.py into a git repository with a history of COMMITS commits.

The first commit holds the generated strategy; each later commit makes one edit of the kind a
team makes: a commitment's due date moved, a commitment retitled, a commitment dropped, or an
objective's target lowered (in that rotation), never with a `[[change]]`, so every fourth
commit moves a goalpost nobody named. The floor program's prose-only/ folder is left out.

usage: gen_history.py DIR COMMITS
"""
import os
import re
import subprocess
import sys


def git(d, *args):
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.org",
        GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.org",
    )
    subprocess.run(["git", "-c", "core.compression=1", *args], cwd=d, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def edit_entry(text, header, old, new):
    """Replaces the first `old` after `header` (within that entry) with `new`."""
    at = text.index(header)
    end = text.find("\n[[", at + len(header))
    end = len(text) if end < 0 else end
    entry = text[at:end]
    if old not in entry:
        return text
    return text[:at] + entry.replace(old, new, 1) + text[end:]


def main():
    d, commits = sys.argv[1], int(sys.argv[2])
    site_file = os.path.join(d, "stratsite.toml")
    path = os.path.join(d, "strategy", "commitments.toml")
    with open(path) as f:
        text = f.read()
    n = text.count("[[commitment]]")
    with open(site_file) as f:
        site = f.read()
    objectives = site.count("[[objective]]")
    with open(os.path.join(d, ".gitignore"), "w") as f:
        f.write("prose-only/\npublic/\n")
    git(d, "init", "-q", "-b", "main")
    git(d, "add", "-A")
    git(d, "commit", "-q", "-m", "Strategy")
    for k in range(1, commits):
        c = f'id = "commitment-{(k * 37) % n}"\n'
        kind = k % 4
        if kind == 0:
            text = edit_entry(text, c, "due = 2027-01-15", f"due = 2027-02-{1 + k % 28:02d}")
        elif kind == 1:
            i = (k * 37) % n
            text = edit_entry(text, c, f'title = "Commitment {i}"', f'title = "Commitment {i}, revised {k}"')
        elif kind == 2:
            for s in ("planned", "in-progress", "done"):
                text = edit_entry(text, c, f'status = "{s}"', 'status = "dropped"')
        else:
            o = f'id = "objective-{k % objectives}"\n'
            at = site.index(o)
            end = site.find("\n[[", at)
            end = len(site) if end < 0 else end
            entry = re.sub(r"target = \d+", f"target = {70 - k % 10}", site[at:end], count=1)
            site = site[:at] + entry + site[end:]
        with open(path, "w") as f:
            f.write(text)
        with open(site_file, "w") as f:
            f.write(site)
        git(d, "commit", "-q", "-a", "--allow-empty", "-m", f"Edit {k}")


if __name__ == "__main__":
    main()
