//! The registry, `[lints]` levels, and one lint of each family run on a small site.

use toml::Spanned;

use super::*;
use crate::check::lints::{commitments, dates, non_goals, objectives, reviews, themes, wip};

fn setting(code: &str, level: &str) -> LintSetting {
    LintSetting {
        code: Spanned::new(0..code.len(), code.to_owned()),
        level: Spanned::new(0..level.len(), level.to_owned()),
    }
}

#[test]
fn levels_are_the_defaults_unless_lints_sets_them() {
    let (levels, errors) = levels(
        &[
            setting("stale-commitment", "deny"),
            setting("empty-theme", "warn"),
            setting("empty-theme", "allow"),
        ],
        0,
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(levels.of(&commitments::STALE_COMMITMENT), Level::Deny);
    // The last line for a code wins, as TOML would have it were keys allowed twice.
    assert_eq!(levels.of(&themes::EMPTY_THEME), Level::Allow);
    for lint in LINTS {
        if !["stale-commitment", "empty-theme"].contains(&lint.code) {
            assert_eq!(levels.of(lint), lint.default, "{}", lint.code);
        }
    }
}

#[test]
fn unknown_codes_and_levels_are_errors_with_the_closest_spelling() {
    let (levels, errors) = levels(
        &[
            setting("stale-comitment", "deny"),
            setting("empty-theme", "warning"),
            setting("no-such-thing-at-all", "deny"),
        ],
        0,
    );
    let messages: Vec<(&str, Option<&str>)> = errors
        .iter()
        .map(|d| (d.message.as_str(), d.help.as_deref()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "unknown lint `stale-comitment` in `[lints]`",
                Some("did you mean `stale-commitment`?")
            ),
            (
                "`warning` is not a lint level",
                Some("did you mean `warn`?")
            ),
            (
                "unknown lint `no-such-thing-at-all` in `[lints]`",
                Some("the lints and their codes are listed in docs/lints.md")
            ),
        ]
    );
    assert_eq!(levels.of(&themes::EMPTY_THEME), Level::Warn);
}

#[test]
fn the_registry_holds_each_lint_once_with_a_summary_and_a_rationale() {
    for (i, lint) in LINTS.iter().enumerate() {
        assert!(
            LINTS[..i]
                .iter()
                .all(|l| !std::ptr::eq(*l, *lint) && l.code != lint.code),
            "`{}` is listed twice",
            lint.code
        );
        assert!(!lint.summary.is_empty() && !lint.rationale.is_empty());
    }
}

/// A site without a single lint: one objective, moved by one theme, with one commitment that
/// says why and is due inside the horizon.
const SOUND: &str = r#"
[[objective]]
id = "find-faster"
title = "Shoppers find what they want faster"
why = "Half of all searches end without a click."
metric = { name = "time to find", unit = "s", baseline = 90, target = 45, by = 2027-06-30 }

[[theme]]
id = "instant-search"
title = "Search that answers at once"
serves = ["find-faster"]
narrative = "Results appear as the shopper types."

[[commitment]]
id = "instant-results"
title = "Results update as the shopper types"
theme = "instant-search"
why = "Shoppers give up after the second empty page."
due = 2026-12-11
status = "in-progress"
"#;

/// Loads a site of `site` settings and `entries` and lints it on 2026-11-21 at the given
/// levels: the codes found, in order, with their severities.
fn lint_site(site: &str, entries: &str, settings: &[LintSetting]) -> Vec<(&'static str, Severity)> {
    let dir = tempfile::tempdir().unwrap();
    let toml = format!(
        "[site]\ntitle = \"T\"\nbase_url = \"https://example.org/\"\nhorizon = \"6 weeks\"\n{site}\n{SOUND}\n{entries}"
    );
    std::fs::write(dir.path().join("stratsite.toml"), toml).unwrap();
    let loaded = crate::load::load(dir.path());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let strategy = loaded.strategy.unwrap();
    let (levels, errors) = levels(settings, strategy.site_file);
    assert!(errors.is_empty(), "{errors:?}");
    let (mut allowed, errors) = allowances(&strategy);
    assert!(errors.is_empty(), "{errors:?}");
    lint(
        &strategy,
        jiff::civil::date(2026, 11, 21),
        &levels,
        &mut allowed,
    )
    .into_iter()
    .map(|d| (d.code.unwrap(), d.severity))
    .collect()
}

fn codes(site: &str, entries: &str) -> Vec<&'static str> {
    lint_site(site, entries, &[])
        .into_iter()
        .map(|(code, _)| code)
        .collect()
}

#[test]
fn a_sound_site_has_no_lints() {
    assert_eq!(codes("", ""), Vec::<&str>::new());
}

#[test]
fn commitments_due_after_the_horizon_are_found() {
    let later = r#"
[[commitment]]
id = "later"
title = "Typo-tolerant search"
theme = "instant-search"
why = "Misspelt searches find nothing."
due = 2027-03-01
"#;
    assert_eq!(
        codes("", later),
        [commitments::COMMITMENT_BEYOND_HORIZON.code]
    );
}

#[test]
fn objectives_named_for_an_output_and_served_by_nothing_are_found() {
    let launch = r#"
[[objective]]
id = "app"
title = "Launch the app"
why = "Shoppers ask for one."
metric = { name = "installs", unit = "", baseline = 0, target = 1000, by = 2027-06-30 }
"#;
    assert_eq!(
        codes("", launch),
        [
            objectives::OUTPUT_OBJECTIVE.code,
            objectives::OBJECTIVE_WITHOUT_THEME.code
        ]
    );
}

#[test]
fn themes_without_an_objective_or_work_are_found() {
    let idle = "[[theme]]\nid = \"idle\"\ntitle = \"Nothing much\"\nnarrative = \"…\"\n";
    assert_eq!(
        codes("", idle),
        [
            themes::THEME_WITHOUT_OBJECTIVE.code,
            themes::EMPTY_THEME.code
        ]
    );
}

#[test]
fn the_wip_limit_counts_live_commitments() {
    assert_eq!(codes("wip_limit = 1", ""), Vec::<&str>::new());
    assert_eq!(codes("wip_limit = 0", ""), [wip::WIP_LIMIT_EXCEEDED.code]);
}

#[test]
fn ideas_sharing_a_tag_with_a_non_goal_are_found() {
    let clash = r#"
[[idea]]
id = "native-screen"
title = "A native search screen"
theme = "instant-search"
tags = ["native-apps"]

[[non_goal]]
id = "no-native"
title = "Native apps"
why = "One web search serves every platform."
tags = ["native-apps"]
"#;
    assert_eq!(codes("", clash), [non_goals::CONTRADICTS_NON_GOAL.code]);
}

#[test]
fn reviews_past_their_date_are_found() {
    let stale = "[[assumption]]\nid = \"a\"\ntitle = \"A\"\nreview_by = 2026-11-20\n";
    assert_eq!(codes("", stale), [reviews::REVIEW_OVERDUE.code]);
    let fresh = "[[assumption]]\nid = \"a\"\ntitle = \"A\"\nreview_by = 2026-11-21\n";
    assert_eq!(codes("", fresh), Vec::<&str>::new());
}

#[test]
fn changes_without_why_and_dated_tomorrow_are_found() {
    let change = "[[change]]\nid = \"c\"\ntitle = \"C\"\ndate = 2026-11-22\n";
    assert_eq!(
        codes("", change),
        [
            changes::CHANGE_WITHOUT_WHY.code,
            dates::DATED_IN_THE_FUTURE.code
        ]
    );
}

#[test]
fn levels_decide_what_is_reported_and_how() {
    let change = "[[change]]\nid = \"c\"\ntitle = \"C\"\ndate = 2026-11-22\n";
    assert_eq!(
        lint_site(
            "",
            change,
            &[
                setting("change-without-why", "deny"),
                setting("dated-in-the-future", "allow")
            ]
        ),
        [(changes::CHANGE_WITHOUT_WHY.code, Severity::Error)]
    );
}
