#!/usr/bin/env python3
"""Generates a benchmark workspace: an organisation and TEAMS teams of PER commitments each.

Every team is the strategy bench/gen_site.py writes for PER commitments (the same prose: about
300 words of Markdown each, every tenth with a fenced Rust block), plus a `[team]` whose parent
is the organisation, and objectives that align to the organisation's. 50 teams of 200 is the
same 10,000 commitments as `gen_site.py 10000`, for comparing the two builds.

usage: gen_workspace.py TEAMS PER DIR
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_site import prose  # noqa: E402

ORG_OBJECTIVES = 5


def team(out, t, per):
    rng = random.Random(t * 7919 + per)
    d = os.path.join(out, "teams", f"team-{t}")
    os.makedirs(os.path.join(d, "strategy"), exist_ok=True)
    objectives = max(2, per // 500)
    themes = max(4, per // 50)
    with open(os.path.join(d, "stratsite.toml"), "w") as f:
        f.write(
            f'[site]\ntitle = "Team {t}: strategy"\n'
            f'base_url = "https://bench.example.org/strategy/teams/team-{t}/"\n'
            'horizon = "52 weeks"\n\n'
            f'[team]\nname = "Team {t}"\nmission = "What team {t} is for."\nparent = "org"\n\n'
        )
        for o in range(objectives):
            f.write(
                f'[[objective]]\nid = "objective-{o}"\ntitle = "Team {t} outcome {o} improves"\n'
                f'aligns_to = ["org:north-star-{(t + o) % ORG_OBJECTIVES}"]\n'
                f'why = "Customers feel outcome {o} every week."\n'
                f'metric = {{ name = "rate {o}", unit = "%", baseline = 50, current = 60, '
                f"target = 80, since = 2026-01-01, by = 2027-06-30 }}\n\n"
            )
    with open(os.path.join(d, "strategy", "themes.toml"), "w") as f:
        for th in range(themes):
            f.write(
                f'[[theme]]\nid = "theme-{th}"\ntitle = "Theme {th}"\n'
                f'serves = ["objective-{th % objectives}"]\n'
                f'narrative = "The story of theme {th}: why this group of work matters."\n\n'
            )
    statuses = ["planned", "in-progress", "done"]
    with open(os.path.join(d, "strategy", "commitments.toml"), "w") as f:
        for i in range(per):
            theme = f"theme-{i % themes}"
            f.write(
                f'[[commitment]]\nid = "commitment-{i}"\ntitle = "Commitment {i}"\n'
                f'theme = "{theme}"\nstatus = "{statuses[i % 3]}"\ndue = 2027-01-15\n'
                f'why = """\n{prose(rng, i, theme)}"""\n\n'
            )


def main():
    teams, per, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.makedirs(os.path.join(out, "org"), exist_ok=True)
    with open(os.path.join(out, "stratsite.toml"), "w") as f:
        f.write(
            '[workspace]\ntitle = "Benchmark organisation"\n'
            'base_url = "https://bench.example.org/strategy/"\n'
            'members = ["org", "teams/*"]\n'
        )
    with open(os.path.join(out, "org", "stratsite.toml"), "w") as f:
        f.write(
            '[site]\ntitle = "Benchmark organisation"\n'
            'base_url = "https://bench.example.org/strategy/org/"\nhorizon = "52 weeks"\n\n'
            '[team]\nid = "org"\nname = "The organisation"\n\n'
        )
        for o in range(ORG_OBJECTIVES):
            f.write(
                f'[[objective]]\nid = "north-star-{o}"\ntitle = "North star {o} moves"\n'
                f'why = "The organisation lives by north star {o}."\n'
                f'metric = {{ name = "share {o}", unit = "%", baseline = 40, current = 45, '
                f"target = 60, since = 2026-01-01, by = 2027-12-31 }}\n\n"
                f'[[theme]]\nid = "theme-{o}"\ntitle = "Org theme {o}"\n'
                f'serves = ["north-star-{o}"]\nnarrative = "Why north star {o} matters."\n\n'
                f'[[idea]]\nid = "idea-{o}"\ntitle = "An idea for north star {o}"\n'
                f'theme = "theme-{o}"\n\n'
            )
    for t in range(teams):
        team(out, t, per)


if __name__ == "__main__":
    main()
