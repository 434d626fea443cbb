//! Strategy lints: one fixture site per lint in `tests/fixtures/lints/`, each with its exact
//! diagnostics kept as a snapshot; the `[lints]` table; `--deny warnings`; and the lint
//! reference page kept in step with the registry.

use crate::common;

use std::path::Path;

use crate::site_test::{SiteTest, stratsite};
use common::site_copy;

use stratsite::LINTS;
use stratsite::render_plain;

const FIXTURES: &str = "tests/fixtures/lints";

fn as_of() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 21)
}

/// The diagnostics and summary for a fixture as of 2026-11-21, as the terminal shows them.
fn diagnose(name: &str) -> (stratsite::Checked, String) {
    let checked = stratsite::check(&Path::new(FIXTURES).join(name), as_of());
    let mut out = render_plain(&checked.files, &checked.diagnostics);
    out.push_str(&checked.summary());
    out.push('\n');
    (checked, out)
}

macro_rules! lint_fixture {
    ($($name:ident => $code:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            let (checked, out) = diagnose($code);
            assert!(checked.is_ok(), "a lint alone must not fail the check:\n{out}");
            assert!(!checked.diagnostics.is_empty(), "{out}");
            for d in &checked.diagnostics {
                assert_eq!(d.code.as_deref(), Some($code), "{out}");
                assert!(d.help.is_some(), "every lint has a help line:\n{out}");
                assert!(d.primary.is_some(), "every lint points at the source:\n{out}");
            }
            insta::assert_snapshot!($code, out);
        }
    )*};
}

lint_fixture! {
    commitment_without_why => "commitment-without-why",
    commitment_without_objective => "commitment-without-objective",
    commitment_without_due => "commitment-without-due",
    commitment_beyond_horizon => "commitment-beyond-horizon",
    stale_commitment => "stale-commitment",
    incomplete_metric => "incomplete-metric",
    stale_reading => "stale-reading",
    signal_tripped => "signal-tripped",
    output_objective => "output-objective",
    theme_without_objective => "theme-without-objective",
    empty_theme => "empty-theme",
    objective_without_theme => "objective-without-theme",
    wip_limit_exceeded => "wip-limit-exceeded",
    contradicts_non_goal => "contradicts-non-goal",
    review_overdue => "review-overdue",
    change_without_why => "change-without-why",
    dated_in_the_future => "dated-in-the-future",
    missing_base_url => "missing-base-url",
}

#[test]
fn every_lint_has_a_fixture() {
    for lint in LINTS {
        assert!(
            Path::new(FIXTURES)
                .join(lint.code)
                .join("stratsite.toml")
                .is_file(),
            "no fixture for `{}`",
            lint.code
        );
    }
}

#[test]
fn example_site_has_no_lints() {
    let checked = stratsite::check(Path::new("example-site"), as_of());
    let out = render_plain(&checked.files, &checked.diagnostics);
    assert!(checked.diagnostics.is_empty(), "{out}");
}

#[test]
fn dates_move_with_as_of() {
    // Three weeks earlier, the same commitment is neither stale nor a problem.
    let checked = stratsite::check(
        &Path::new(FIXTURES).join("stale-commitment"),
        jiff::civil::date(2026, 10, 30),
    );
    assert!(checked.diagnostics.is_empty());
}

#[test]
fn unknown_codes_and_levels_in_lints_table_are_errors() {
    let (checked, out) = diagnose("config-errors");
    assert!(!checked.is_ok());
    assert!(out.contains("did you mean `stale-commitment`?"), "{out}");
    assert!(out.contains("did you mean `warn`?"), "{out}");
    insta::assert_snapshot!("config-errors", out);
}

#[test]
fn a_denied_lint_is_an_error() {
    let (checked, out) = diagnose("denied");
    assert!(!checked.is_ok());
    assert!(out.contains("error[stale-commitment]"), "{out}");
}

#[test]
fn an_allowed_lint_is_silent() {
    let (_tmp, site) = site_copy("tests/fixtures/lints/stale-commitment");
    let toml = site.join("stratsite.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replacen(
            "horizon = \"6 weeks\"\n",
            "horizon = \"6 weeks\"\n\n[lints]\nstale-commitment = \"allow\"\n",
            1,
        ),
    )
    .unwrap();
    let checked = stratsite::check(&site, as_of());
    assert!(checked.diagnostics.is_empty());
}

#[test]
fn lints_table_only_in_stratsite_toml() {
    let (_tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    std::fs::create_dir_all(site.join("strategy")).unwrap();
    std::fs::write(
        site.join("strategy/more.toml"),
        "[lints]\nstale-commitment = \"deny\"\n",
    )
    .unwrap();
    let checked = stratsite::check(&site, as_of());
    let out = render_plain(&checked.files, &checked.diagnostics);
    assert!(
        out.contains("`[lints]` may only appear in `stratsite.toml`"),
        "{out}"
    );
    assert!(out.contains("more.toml:1:2"), "{out}");
}

#[test]
fn lints_must_be_a_table_of_strings() {
    let (_tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let toml = site.join("stratsite.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("lints = \"deny\"\n{text}")).unwrap();
    let checked = stratsite::check(&site, as_of());
    let out = render_plain(&checked.files, &checked.diagnostics);
    assert!(out.contains("error: `lints` must be a table"), "{out}");
    assert!(out.contains("stratsite.toml:1:9"), "{out}");
}

#[test]
fn lints_wait_for_errors_to_be_fixed() {
    let (_tmp, site) = site_copy("tests/fixtures/lints/stale-commitment");
    let toml = site.join("stratsite.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace("theme = \"instant-search\"", "theme = \"nope\""),
    )
    .unwrap();
    let checked = stratsite::check(&site, as_of());
    assert!(checked.diagnostics.iter().all(|d| d.code.is_none()));
    assert!(!checked.is_ok());
}

fn run(args: &[&str]) -> (Option<i32>, String) {
    let o = stratsite(args);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn check_warns_but_succeeds_and_deny_warnings_fails() {
    let site = "tests/fixtures/lints/stale-commitment";
    let (code, err) = run(&["check", site, "--as-of", "2026-11-21"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("warning[stale-commitment]"), "{err}");
    assert!(err.contains("1 warning"), "{err}");
    let (code, err) = run(&["check", site, "--as-of", "2026-11-21", "--deny", "warnings"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("error[stale-commitment]"), "{err}");
    assert!(err.contains("1 error"), "{err}");
    // A date that is not one is a usage error, like any bad argument.
    let (code, err) = run(&["check", site, "--as-of", "2026-13-01"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--as-of"), "{err}");
    assert!(err.contains("not a date"), "{err}");
}

#[test]
fn check_takes_today_from_source_date_epoch() {
    SiteTest::from_fixture("lints/stale-commitment")
        // 2026-10-30: before the commitment was due.
        .env("SOURCE_DATE_EPOCH", Some("1793318400"))
        .run(&["check"])
        .success()
        .stderr_has("no problems");
}

#[test]
fn build_prints_lints_and_builds_unless_denied() {
    let site = SiteTest::from_fixture("lints/stale-commitment");
    let out = site.tmp().join("public");
    let o = out.to_str().unwrap();
    site.run(&["build", ".", "--output", o])
        .success()
        .stderr_has("warning[stale-commitment]");
    assert!(out.join("index.html").is_file());
    let before = common::read_tree(&out);
    site.run(&["build", ".", "--output", o, "--deny", "warnings"])
        .failure()
        .stderr_has("error[stale-commitment]")
        .stderr_has("nothing was written");
    assert_eq!(
        before,
        common::read_tree(&out),
        "the previous build is untouched"
    );
    let mut beside: Vec<String> = std::fs::read_dir(site.tmp())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        ["public", "site"],
        "no staging folder is left behind"
    );
}

/// The codes documented in docs/lints.md: its `## code` headings.
fn documented_codes() -> Vec<String> {
    let doc = std::fs::read_to_string("docs/lints.md").unwrap();
    doc.lines()
        .filter_map(|l| l.strip_prefix("## `"))
        .filter_map(|l| l.strip_suffix('`'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_lint_is_documented_and_every_documented_lint_exists() {
    let documented = documented_codes();
    let registry: Vec<String> = LINTS.iter().map(|l| l.code.to_owned()).collect();
    assert_eq!(
        documented, registry,
        "docs/lints.md must document exactly the registry's lints, in its order"
    );
    let doc = std::fs::read_to_string("docs/lints.md").unwrap();
    for lint in LINTS {
        let section = doc
            .split(&format!("## `{}`", lint.code))
            .nth(1)
            .unwrap()
            .split("\n## ")
            .next()
            .unwrap();
        for part in ["**Why.**", "```toml", "[lints]"] {
            assert!(
                section.contains(part),
                "the section on `{}` lacks {part}",
                lint.code
            );
        }
        assert!(
            section.contains(&format!("{} = \"allow\"", lint.code)),
            "the section on `{}` shows how to allow it",
            lint.code
        );
        let for_one_entry = if lint.per_entry {
            format!("allow = {{ {} = \"", lint.code)
        } else {
            "it cannot be allowed for one entry".to_owned()
        };
        assert!(
            section.contains(&for_one_entry),
            "the section on `{}` says how to allow it for one entry: {for_one_entry}",
            lint.code
        );
    }
}

#[test]
fn the_docs_table_gives_each_lint_its_summary() {
    let doc = std::fs::read_to_string("docs/lints.md").unwrap();
    for lint in LINTS {
        let row = format!("| [`{0}`](#{0}) | {1} |", lint.code, lint.summary);
        assert!(
            doc.lines().any(|l| l == row),
            "the table of lints in docs/lints.md must have the row\n{row}"
        );
    }
}

#[test]
fn the_docs_give_each_lint_its_default_and_rationale() {
    let doc = std::fs::read_to_string("docs/lints.md").unwrap();
    for lint in LINTS {
        let section = doc
            .split(&format!("## `{}`\n", lint.code))
            .nth(1)
            .unwrap_or_else(|| panic!("docs/lints.md has no section on `{}`", lint.code));
        let default = format!("\nDefault: {}.", lint.default.key());
        assert!(
            section.split("\n## ").next().unwrap().contains(&default),
            "the section on `{}` must say {default:?}",
            lint.code
        );
        // The paragraph after "**Why.**", its lines joined, is the lint's rationale.
        let why = section
            .split("**Why.** ")
            .nth(1)
            .and_then(|rest| rest.split("\n\n").next())
            .map(|para| para.lines().map(str::trim).collect::<Vec<_>>().join(" "));
        assert_eq!(
            why.as_deref(),
            Some(lint.rationale),
            "the \"**Why.**\" paragraph of `{}` in docs/lints.md and its `rationale` in src/check/lints/ must say the same",
            lint.code
        );
    }
}

#[test]
fn lint_codes_are_kebab_case_and_unique() {
    let mut seen = std::collections::HashSet::new();
    for lint in LINTS {
        assert!(stratsite::is_slug(lint.code), "{}", lint.code);
        assert!(seen.insert(lint.code), "duplicate {}", lint.code);
        assert!(!lint.summary.is_empty());
    }
}

#[test]
fn periods_are_late_only_after_their_last_day() {
    let (checked, out) = diagnose("periods");
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.unwrap_or_default())
        .collect();
    assert_eq!(codes, ["stale-commitment", "review-overdue"], "{out}");
    insta::assert_snapshot!("periods", out);
}

/// The entries a `check --format json` report names in warnings of `code`: the first
/// backticked id of each message.
fn reported(doc: &serde_json::Value, code: &str) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .filter_map(|d| d["message"].as_str()?.split('`').nth(1).map(str::to_owned))
        .collect()
}

fn json_check(site: &SiteTest) -> serde_json::Value {
    let run = site.run(&["check", "--format", "json"]);
    serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout()))
}

#[test]
fn output_objective_tells_outputs_from_outcomes_in_real_titles() {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("objective-titles.toml")).unwrap();
    let titles: toml::Table = toml::from_str(&text).unwrap();
    let list = |key: &str| -> Vec<String> {
        titles[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_owned())
            .collect()
    };
    let (outputs, outcomes) = (list("outputs"), list("outcomes"));
    assert!(outputs.len() >= 20 && outcomes.len() >= 20 && outputs.len() + outcomes.len() >= 40);
    let mut toml = String::from(
        "[site]\ntitle = \"Titles\"\nbase_url = \"https://example.org/\"\nhorizon = \"6 weeks\"\n",
    );
    let all: Vec<(String, bool)> = outputs
        .iter()
        .map(|t| (t.clone(), true))
        .chain(outcomes.iter().map(|t| (t.clone(), false)))
        .collect();
    for (i, (title, _)) in all.iter().enumerate() {
        toml.push_str(&format!(
            "\n[[objective]]\nid = \"o-{i}\"\ntitle = {}\nwhy = \"Because.\"\n",
            toml::Value::String(title.clone())
        ));
    }
    let site = SiteTest::new().file("stratsite.toml", &toml);
    let doc = json_check(&site);
    let fired = reported(&doc, "output-objective");
    let wrong: Vec<String> = all
        .iter()
        .enumerate()
        .filter(|(i, (_, output))| fired.contains(&format!("o-{i}")) != *output)
        .map(|(_, (title, output))| {
            format!(
                "{title:?} is an {} but was {}",
                if *output { "output" } else { "outcome" },
                if *output { "not reported" } else { "reported" }
            )
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "misclassified titles:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn a_link_to_a_non_goal_draws_a_boundary_and_only_tags_and_challenges_contradict_it() {
    let site = SiteTest::from_fixture("lints/contradicts-non-goal");
    let doc = json_check(&site);
    // The commitment links the non-goal to mark its boundary, and `offline-search` is parked
    // because of it: neither is reported.
    assert_eq!(
        reported(&doc, "contradicts-non-goal"),
        ["native-search-screen", "native-voice-search"],
        "{doc:#}"
    );
    // The page says so too.
    site.build();
    let ideas = site.read("ideas.html");
    assert!(
        ideas.contains("<dt>Challenges the non-goal</dt><dd><a href=\"non-goals.html#no-native-search\">Rebuilding search natively in the apps</a></dd>"),
        "{ideas}"
    );
}

const ALLOWED: &str = "allow = { output-objective = \"Launch is the programme's name\" }";

#[test]
fn an_entry_may_allow_a_lint_for_itself_and_reviewers_see_each_allowance() {
    let site = SiteTest::from_fixture("lints/output-objective");
    site.change_file(
        "stratsite.toml",
        "title = \"Launch instant search\"\n",
        &format!("title = \"Launch instant search\"\n{ALLOWED}\n"),
    );
    let run = site.run(&["check"]).success();
    let err = run.stderr();
    assert!(!err.contains("output-objective"), "{err}");
    assert!(
        err.contains(
            "note: 1 lint is allowed for one entry, each with its reason (`--format json` lists them)"
        ),
        "{err}"
    );
    let doc = json_check(&site);
    assert_eq!(doc["summary"]["warnings"], 0, "{doc:#}");
    assert_eq!(
        doc["allowances"],
        serde_json::json!([{
            "file": "./stratsite.toml",
            "line": 9,
            "column": 11,
            "entry": "find-faster",
            "lint": "output-objective",
            "reason": "Launch is the programme's name",
            "suppressed": 1,
        }])
    );
    // Another objective with an output for a title is still reported.
    let site = site.file(
        "strategy/more.toml",
        "[[objective]]\nid = \"ship-it\"\ntitle = \"Ship the app\"\nwhy = \"Because.\"\n",
    );
    let doc = json_check(&site);
    assert_eq!(reported(&doc, "output-objective"), ["ship-it"], "{doc:#}");
}

#[test]
fn allowances_that_name_no_lint_give_no_reason_or_suppress_nothing_are_reported() {
    let site = SiteTest::from_fixture("lints/output-objective");
    site.change_file(
        "stratsite.toml",
        "title = \"Launch instant search\"\n",
        "title = \"Launch instant search\"\nallow = { outpt-objective = \"x\", wip-limit-exceeded = \"y\", output-objective = \" \" }\n",
    );
    let out = site.run(&["check"]).failure().stderr();
    assert!(out.contains("did you mean `output-objective`?"), "{out}");
    assert!(
        out.contains(
            "`wip-limit-exceeded` is about the whole site and cannot be allowed for one entry"
        ),
        "{out}"
    );
    assert!(
        out.contains("the allowance of `output-objective` gives no reason"),
        "{out}"
    );
    insta::assert_snapshot!("allowance-errors", out);
    // Fixed: the title names an outcome now, and the allowance is left over.
    let site = SiteTest::from_fixture("lints/output-objective");
    site.change_file(
        "stratsite.toml",
        "title = \"Launch instant search\"\n",
        &format!("title = \"Shoppers find things at once\"\n{ALLOWED}\n"),
    );
    let out = site.run(&["check"]).success().stderr();
    assert!(
        out.contains(
            "warning: `find-faster` allows `output-objective` but the lint finds nothing there"
        ),
        "{out}"
    );
    site.run(&["check", "--deny", "warnings"]).failure();
    // `allow` must be a table of strings.
    site.change_file("stratsite.toml", ALLOWED, "allow = [\"output-objective\"]");
    site.run(&["check"])
        .failure()
        .stderr_has("`allow` must be a table of lint codes and reasons");
}
