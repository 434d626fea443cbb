//! The whole build never panics: properties that run check, plan and render into memory
//! (`stratsite::build_site` into a `MemorySite`) on sites made from a valid one by changing its
//! field values, its prose, its number of commitments and its bytes. Whatever the input, the
//! build returns; when it reports no error, the site it made has a front page.
//!
//! `check.rs` holds the same property for `check` alone, on arbitrary bytes.

use std::path::Path;

use proptest::prelude::*;
use stratsite::{Dates, MemorySite, Options, Severity, build_site, render_plain};

/// Builds the site in `root` into memory as of the fixtures' date, and checks the promises:
/// the build returns; a site that checks clean builds, front page included; a site with errors
/// writes nothing.
fn build_and_check(root: &Path) -> Result<(), TestCaseError> {
    let as_of = jiff::civil::date(2026, 11, 21);
    let opts = Options {
        dates: Dates::fixed(as_of),
        base_url: None,
        history: None,
        workspace: None,
    };
    let sink = MemorySite::default();
    let built = build_site(root, &opts, false, &sink);
    // Every diagnostic renders, whatever its span.
    let report = render_plain(&built.checked.files, &built.checked.diagnostics);
    let errors = built
        .checked
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    let files = sink.into_files();
    if stratsite::check(root, as_of).is_ok() {
        prop_assert!(!errors, "it checks clean but does not build:\n{report}");
        prop_assert!(built.stats.is_some(), "no errors but no build:\n{report}");
        prop_assert!(
            files.contains_key("index.html"),
            "no errors but no index.html; wrote {:?}",
            files.keys().collect::<Vec<_>>()
        );
    } else {
        prop_assert!(errors, "check found errors that the build did not report");
        prop_assert!(
            built.stats.is_none() && files.is_empty(),
            "a site with errors was built"
        );
    }
    Ok(())
}

fn build_text(toml: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("stratsite.toml"), toml).expect("write");
    build_and_check(dir.path())
}

/// A TOML basic string holding `s`, escaped so that any text is a valid string.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text a field may hold: ordinary, long, right to left, combining, invisible, or made of the
/// characters HTML, Markdown and templates care about.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "\\PC{1,24}",
        1 => (1usize..6000).prop_map(|n| "long ".repeat(n)),
        1 => prop::sample::select(vec![
            "يجد المتسوقون ما يريدون",
            "e\u{301}\u{302}\u{303}",
            "👩‍👩‍👧‍👦🏳️‍🌈",
            "\u{202e}reversed\u{202c}",
            "\u{200b}\u{feff}",
            "<script>alert(1)</script>",
            "{{ site.title }}{% raw %}",
            "&amp; &lt; \"' `",
            " ",
            "",
        ])
        .prop_map(str::to_owned),
    ]
}

/// Prose: any text above, or Markdown that nests, links, fences and footnotes.
fn prose() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => text(),
        2 => prop::sample::select(vec![
            "[the objective](@find-faster) and [the theme](@instant-search)",
            "[up](../../../etc/passwd) ![img](data:image/png;base64,AAAA)",
            "```nosuchlanguage\nfn main() {}\n```\n\n```rust\nfn main() { let x = \"\u{1F600}\"; }\n```",
            "Text[^1] and[^missing].\n\n[^1]: A note.",
            "| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |",
            "- [ ] task\n- [x] done\n  - nested\n    1. deep",
            "<div><span>raw html</div>",
            "# Heading\n## Heading\n### Heading",
            "*unclosed **emphasis `code",
        ])
        .prop_map(str::to_owned),
        1 => (1usize..200).prop_map(|n| format!("{}deep", "> ".repeat(n))),
        1 => (1usize..200).prop_map(|n| format!("{}item", "  ".repeat(n).replace("  ", "- "))),
    ]
}

/// A finite TOML number, extremes and signs included.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (-1000i64..1000).prop_map(|n| n.to_string()),
        2 => any::<i64>().prop_map(|n| n.to_string()),
        2 => any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
        1 => prop::sample::select(vec![
            "0", "-0.0", "1e308", "-1e308", "5e-324", "9223372036854775807",
            "-9223372036854775808",
        ])
        .prop_map(str::to_owned),
    ]
}

/// Any TOML number, or not-a-number and the infinities (which `check` must refuse).
fn wild_number() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => number(),
        1 => prop::sample::select(vec!["nan", "-nan", "inf", "-inf"]).prop_map(str::to_owned),
    ]
}

/// A date near the fixtures' today (2026-11-21) or at the calendar's edges.
fn date() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (2026i16..2028, 1i8..13, 1i8..29)
            .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        2 => prop::sample::select(vec![
            "0001-01-01", "9999-12-31", "2024-02-29", "2026-11-21", "2026-11-20", "2026-11-22",
            "1970-01-01", "2026-12-31", "2027-01-01",
        ])
        .prop_map(str::to_owned),
    ]
}

/// Any date-shaped text, most of them dates and some not (`2023-02-29`, month 13).
fn wild_date() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => date(),
        1 => (0i32..10000, 0i8..14, 0i8..33)
            .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
    ]
}

/// A horizon in days, weeks, months or years, short or very long.
fn horizon() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (1u64..60, prop::sample::select(vec!["days", "weeks", "months", "years"]))
            .prop_map(|(n, u)| format!("{n} {u}")),
        1 => prop::sample::select(vec!["1 day", "9999 years", "P6W", "P1Y2M3W4D"])
            .prop_map(str::to_owned),
    ]
}

/// Any horizon-shaped text: zero, negative, overflowing, in hours, or words.
fn wild_horizon() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => horizon(),
        1 => (any::<u64>(), prop::sample::select(vec!["days", "weeks", "months", "years"]))
            .prop_map(|(n, u)| format!("{n} {u}")),
        1 => prop::sample::select(vec!["0 days", "-3 weeks", "2 hours", "P19999Y", "six weeks"])
            .prop_map(str::to_owned),
    ]
}

/// Text and prose that `check` must refuse: control characters, links to nothing.
fn wild_prose() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prose(),
        1 => prop::sample::select(vec![
            "\u{0}\u{7}\u{1b}[31m",
            "[nowhere](@no-such-entry)",
            "[a card](@work-0)",
        ])
        .prop_map(str::to_owned),
    ]
}

fn status() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["planned", "in-progress", "done", "dropped"])
}

/// The values a generated site is made of.
#[derive(Debug)]
struct Values {
    texts: Vec<String>,
    prose: Vec<String>,
    numbers: Vec<String>,
    /// The metric's start (early), end (late) and measurement, a review date and a change date.
    dates: Vec<String>,
    horizon: String,
    wip_limit: Option<u32>,
    commitments: Vec<(&'static str, Option<String>, String, String)>,
}

/// Values for every field: `wild` ones include those `check` must refuse.
fn values(wild: bool) -> impl Strategy<Value = Values> {
    let (number, date, horizon, prose) = if wild {
        (
            wild_number().boxed(),
            wild_date().boxed(),
            wild_horizon().boxed(),
            wild_prose().boxed(),
        )
    } else {
        (
            number().boxed(),
            date().boxed(),
            horizon().boxed(),
            prose().boxed(),
        )
    };
    let early = prop_oneof![Just("0001-01-01".to_owned()), Just("2026-01-01".to_owned())];
    let late = prop_oneof![Just("9999-12-31".to_owned()), Just("2027-06-30".to_owned())];
    let dates = (
        if wild { date.clone() } else { early.boxed() },
        if wild { date.clone() } else { late.boxed() },
        prop::collection::vec(date.clone(), 3),
    )
        .prop_map(|(since, by, mut rest)| {
            rest.insert(0, by);
            rest.insert(0, since);
            rest
        });
    let commitment = (status(), prop::option::of(date), text(), prose.clone());
    (
        prop::collection::vec(text(), 4),
        prop::collection::vec(prose, 6),
        prop::collection::vec(number, 3),
        dates,
        horizon,
        prop::option::of(any::<u32>()),
        prop::collection::vec(commitment, 0..14),
    )
        .prop_map(
            |(texts, prose, numbers, dates, horizon, wip_limit, commitments)| Values {
                texts,
                prose,
                numbers,
                dates,
                horizon,
                wip_limit,
                commitments,
            },
        )
}

/// A site of every kind with these values in its fields.
fn site(v: &Values) -> String {
    let (t, p, n, d) = (&v.texts, &v.prose, &v.numbers, &v.dates);
    let q = |s: &String| quoted(s);
    let mut s = format!(
        r#"[site]
title = {title}
description = {description}
base_url = "https://example.org/strategy/"
horizon = {horizon}
{wip}
[[objective]]
id = "find-faster"
title = {otitle}
owner = {owner}
why = {why}
metric = {{ name = {mname}, unit = "s", baseline = {b}, current = {c}, target = {tg}, since = {since}, by = {by}, measured = {measured} }}

[[theme]]
id = "instant-search"
title = {ttitle}
serves = ["find-faster"]
narrative = {narrative}

[[idea]]
id = "an-idea"
title = "An idea"
theme = "instant-search"
pitch = {pitch}

[[non_goal]]
id = "not-this"
title = "Not this"
why = {ngwhy}

[[signal]]
id = "a-signal"
title = "A signal"
review_by = {review}
affects = ["instant-search"]
then = {then}

[[assumption]]
id = "an-assumption"
title = "An assumption"
review_by = {review}
affects = ["find-faster"]

[[risk]]
id = "a-risk"
title = "A risk"
response = "accepted"
affects = ["instant-search"]

[[change]]
id = "a-change"
title = "A change"
date = {changed}
why = {cwhy}
"#,
        title = q(&t[0]),
        description = q(&p[0]),
        horizon = quoted(&v.horizon),
        wip = v
            .wip_limit
            .map(|w| format!("wip_limit = {w}\n"))
            .unwrap_or_default(),
        otitle = q(&t[1]),
        owner = q(&t[2]),
        why = q(&p[1]),
        mname = q(&t[3]),
        b = n[0],
        c = n[1],
        tg = n[2],
        since = d[0],
        by = d[1],
        measured = d[2],
        ttitle = q(&t[0]),
        narrative = q(&p[2]),
        pitch = q(&p[3]),
        ngwhy = q(&p[4]),
        review = d[3],
        then = q(&p[5]),
        changed = d[4],
        cwhy = q(&p[0]),
    );
    for (i, (status, due, title, why)) in v.commitments.iter().enumerate() {
        let due = due
            .as_ref()
            .map(|d| format!("due = {d}\n"))
            .unwrap_or_default();
        let depends = if i > 0 {
            format!("depends_on = [\"work-{}\"]\n", i - 1)
        } else {
            String::new()
        };
        s.push_str(&format!(
            "\n[[commitment]]\nid = \"work-{i}\"\ntitle = {}\ntheme = \"instant-search\"\nstatus = \"{status}\"\n{due}{depends}why = {}\n",
            quoted(&format!("{title} {i}")),
            quoted(why),
        ));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    // These sites are valid by construction, nearly always: they reach plan and render.
    #[test]
    fn extreme_values_in_every_field_build_into_memory(v in values(false)) {
        build_text(site(&v).as_bytes())?;
    }

    // About one in five of these checks clean; the rest stop at check with an error.
    #[test]
    fn any_field_values_build_or_report(v in values(true)) {
        build_text(site(&v).as_bytes())?;
    }

    #[test]
    fn a_built_site_with_changed_bytes_builds_or_reports(
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(b" \n\"'[]{}=#.,-_019aez\\".to_vec())),
            1..6,
        )
    ) {
        // Bytes that TOML and Markdown care about, so that most edits keep the text UTF-8.
        let mut bytes = include_bytes!("../fixtures/build/rendered/stratsite.toml").to_vec();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        build_text(&bytes)?;
    }
}
