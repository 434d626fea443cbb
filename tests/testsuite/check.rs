//! `stratsite check` on fixture sites: one broken site per problem class, each with its expected
//! diagnostic kept as a snapshot, plus the example site and a no-panic property.

use std::path::Path;

use crate::site_test::stratsite;
use stratsite::render_plain;

/// Checks a site as of the date the fixtures are written for.
fn check(root: &Path) -> stratsite::Checked {
    stratsite::check(root, jiff::civil::date(2026, 11, 21))
}

const FIXTURES: &str = "tests/fixtures/check";

/// The diagnostics and summary for a fixture, as the terminal shows them without colour.
fn diagnose(name: &str) -> String {
    let root = Path::new(FIXTURES).join(name);
    let checked = check(&root);
    let mut out = render_plain(&checked.files, &checked.diagnostics);
    out.push_str(&checked.summary());
    out.push('\n');
    out
}

macro_rules! broken_site {
    ($($name:ident => $dir:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            let out = diagnose($dir);
            assert!(out.contains("error"), "{out}");
            insta::assert_snapshot!($dir, out);
        }
    )*};
}

broken_site! {
    toml_syntax => "toml-syntax",
    control_character => "control-character",
    metric_contradictions => "metric-contradictions",
    dependency_cycle => "dependency-cycle",
    unknown_key => "unknown-key",
    missing_field => "missing-field",
    wrong_type => "wrong-type",
    invalid_date => "invalid-date",
    invalid_date_string => "invalid-date-string",
    invalid_period => "invalid-period",
    unknown_tier => "unknown-tier",
    readings_csv => "readings-csv",
    signal_metric => "signal-metric",
    invalid_id => "invalid-id",
    reserved_id => "reserved-id",
    metric_not_a_number => "metric-not-a-number",
    duplicate_id_across_files => "duplicate-id",
    dangling_reference => "dangling-reference",
    wrong_kind_reference => "wrong-kind-reference",
    unknown_table => "unknown-table",
    unknown_status => "unknown-status",
    missing_prose_file => "missing-prose-file",
    dangling_link_in_prose_file => "prose-file-link",
    site_settings => "site-settings",
    missing_site_table => "missing-site-table",
    mitigated_risk_without_mitigation => "mitigated-risk",
    not_utf8 => "not-utf8",
    missing_stratsite_toml => "missing-stratsite-toml",
    missing_site_folder => "no-such-folder",
    multiple_problems_reported_at_once => "multiple-problems",
    broken_entry_reported_once_without_echoes => "broken-entry-no-echoes",
}

#[test]
fn valid_minimal_site_is_clean() {
    let checked = stratsite::check(
        &Path::new(FIXTURES).join("valid-minimal"),
        jiff::civil::date(2026, 11, 21),
    );
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    assert!(checked.is_ok());
}

#[test]
fn example_site_is_clean() {
    // No errors and no lint warnings, as of the date the example is written for.
    let checked = stratsite::check(Path::new("example-site"), jiff::civil::date(2026, 11, 21));
    let out = render_plain(&checked.files, &checked.diagnostics);
    assert!(checked.diagnostics.is_empty(), "{out}");
    let s = checked.strategy.expect("example site loads");
    assert!(s.objectives.len() >= 2 && s.themes.len() >= 4 && s.commitments.len() >= 10);
}

#[test]
fn exit_codes() {
    stratsite(&["check", "example-site", "--as-of", "2026-11-21"]).success();
    stratsite(&["check", "tests/fixtures/check/unknown-key"])
        .failure()
        .stderr_has("tests/fixtures/check/unknown-key/stratsite.toml:8:1");
    stratsite(&["check", "--no-such-flag"]).exit_code(2);
    let version = stratsite(&["--version"]);
    assert!(version.stdout().starts_with("stratsite "), "{version:?}");
}

#[test]
fn help_exists_for_every_command() {
    stratsite(&["help"]).success().stdout_has("check");
    stratsite(&["check", "--help"]).stdout_has("SITE");
}

mod never_panics {
    use proptest::prelude::*;

    use super::*;

    const VALID: &str = include_str!("../fixtures/check/valid-minimal/stratsite.toml");

    fn check_bytes(bytes: &[u8]) -> stratsite::Checked {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("stratsite.toml"), bytes).expect("write");
        check(dir.path())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_bytes_give_errors_not_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let checked = check_bytes(&bytes);
            prop_assert!(!checked.is_ok());
            // Every located diagnostic renders, whatever its span.
            let _ = render_plain(&checked.files, &checked.diagnostics);
        }

        #[test]
        fn mutated_valid_files_never_panic(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)
        ) {
            let mut bytes = VALID.as_bytes().to_vec();
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            let checked = check_bytes(&bytes);
            let _ = render_plain(&checked.files, &checked.diagnostics);
        }
    }
}
