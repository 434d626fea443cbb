#!/usr/bin/env python3
"""Generates a benchmark strategy site with N commitments.

Each commitment has about 300 words of Markdown prose (a heading, a list, a link to its theme)
and every tenth an 11-line fenced Rust block. Commitments are spread over themes and themes over
objectives. The same prose is also written to DIR/prose-only/*.md for the floor program.

usage: gen_site.py N DIR   (STRATSITE_BENCH_READINGS=1: a year of readings on every metric)
"""
import os
import random
import sys

WORDS = (
    "shoppers checkout basket delivery slot payment retry latency mobile completion order "
    "customer value trust promise measure signal learn week team outcome friction page "
    "search filter price total honest fast reliable support refund card wallet review"
).split()

# STRATSITE_BENCH_WORDS=N draws the prose from N made-up words instead (syllables joined, the
# same for every run): a vocabulary as large as real prose has, for the search index's size.
if os.environ.get("STRATSITE_BENCH_WORDS"):
    _syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    _rng = random.Random(7)
    WORDS = sorted({
        "".join(_rng.choice(_syllables) for _ in range(_rng.randint(2, 4)))
        for _ in range(int(os.environ["STRATSITE_BENCH_WORDS"]))
    })

RUST = """```rust
fn retry_payment(attempt: u32, max: u32) -> Result<Receipt, Decline> {
    let mut backoff = Duration::from_millis(200);
    for n in 0..max {
        match acquirer.charge(&order, attempt + n) {
            Ok(receipt) => return Ok(receipt),
            Err(Decline::Soft(_)) => sleep(backoff),
            Err(hard) => return Err(hard),
        }
        backoff *= 2;
    }
    Err(Decline::Exhausted)
}
```
"""


def prose(rng, i, theme):
    sentences = []
    for _ in range(14):
        n = rng.randint(12, 20)
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".")
    body = " ".join(sentences[:7])
    rest = " ".join(sentences[7:])
    items = "\n".join(f"- {' '.join(rng.choice(WORDS) for _ in range(8))}" for _ in range(4))
    text = (
        f"## Why commitment {i} matters\n\n{body}\n\n{items}\n\n"
        f"This serves [the theme](@{theme}). {rest}\n"
    )
    if i % 10 == 0:
        text += "\n" + RUST
    return text


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(n)
    os.makedirs(os.path.join(out, "strategy"), exist_ok=True)
    os.makedirs(os.path.join(out, "prose-only"), exist_ok=True)
    objectives = max(2, n // 500)
    themes = max(4, n // 50)
    with open(os.path.join(out, "stratsite.toml"), "w") as f:
        f.write(
            '[site]\ntitle = "Benchmark strategy"\n'
            'base_url = "https://bench.example.org/strategy/"\nhorizon = "52 weeks"\n\n'
        )
        readings = os.environ.get("STRATSITE_BENCH_READINGS") == "1"
        for o in range(objectives):
            if readings:
                # A year of monthly readings on every metric, instead of one `current`.
                f.write(
                    f'[[objective]]\nid = "objective-{o}"\ntitle = "Outcome number {o} improves"\n'
                    f'why = "Customers feel outcome {o} every week."\n'
                    f'[objective.metric]\nname = "rate {o}"\nunit = "%"\nbaseline = 50\n'
                    f"target = 80\nsince = 2026-01-01\nby = 2027-06-30\n"
                )
                for m in range(1, 12):
                    f.write(
                        f"[[objective.metric.reading]]\ndate = 2026-{m:02d}-15\n"
                        f"value = {50 + m * 0.9:.1f}\n"
                    )
                f.write("\n")
                continue
            f.write(
                f'[[objective]]\nid = "objective-{o}"\ntitle = "Outcome number {o} improves"\n'
                f'why = "Customers feel outcome {o} every week."\n'
                f'metric = {{ name = "rate {o}", unit = "%", baseline = 50, current = 60, '
                f"target = 80, since = 2026-01-01, by = 2027-06-30 }}\n\n"
            )
    with open(os.path.join(out, "strategy", "themes.toml"), "w") as f:
        for t in range(themes):
            f.write(
                f'[[theme]]\nid = "theme-{t}"\ntitle = "Theme {t}"\n'
                f'serves = ["objective-{t % objectives}"]\n'
                f'narrative = "The story of theme {t}: why this group of work matters."\n\n'
            )
    statuses = ["planned", "in-progress", "done"]
    with open(os.path.join(out, "strategy", "commitments.toml"), "w") as f:
        for i in range(n):
            theme = f"theme-{i % themes}"
            text = prose(rng, i, theme)
            with open(os.path.join(out, "prose-only", f"c{i}.md"), "w") as p:
                p.write(text)
            f.write(
                f'[[commitment]]\nid = "commitment-{i}"\ntitle = "Commitment {i}"\n'
                f'theme = "{theme}"\nstatus = "{statuses[i % 3]}"\ndue = 2027-01-15\n'
                f'why = """\n{text}"""\n\n'
            )


if __name__ == "__main__":
    main()
