//! The example site, the workspace example, and sites unlike them, in a real browser and a real validator: the Nu HTML
//! Checker on every page, axe-core in headless Chromium, and every link and anchor followed under
//! a `/repo/` subpath;
//! and `stratsite serve --watch` followed by an open tab through an edit, a broken source and
//! its fix. Skips loudly when Node, Java or Chromium are missing, unless
//! `STRATSITE_REQUIRE_BROWSER=1` turns the skip into a failure.

use crate::{common, generated};

use std::path::Path;
use std::process::{Command, Output};

const SKIP: i32 = 77;

fn required() -> bool {
    std::env::var("STRATSITE_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

/// Runs a Node script of `tests/browser`; `None` (after saying so loudly) when it cannot run
/// here and the browser is not required.
fn run_node(what: &str, cmd: &mut Command) -> Option<Output> {
    let result = match cmd.output() {
        Ok(o) => o,
        Err(e) if !required() => {
            eprintln!(
                "\n*** SKIPPED {what}: cannot run node ({e}). Install Node, Java and chromium, then `npm ci --prefix tests/browser --ignore-scripts`; set STRATSITE_REQUIRE_BROWSER=1 to make this a failure. ***\n"
            );
            return None;
        }
        Err(e) => panic!("node is required (STRATSITE_REQUIRE_BROWSER=1): {e}"),
    };
    if result.status.code() == Some(SKIP) && !required() {
        eprintln!(
            "\n*** SKIPPED {what}: {}{}\nSet STRATSITE_REQUIRE_BROWSER=1 to make this a failure. ***\n",
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        );
        return None;
    }
    Some(result)
}

/// Prints a check's report and asserts that it ran clean: exit 0, and its summary line holds
/// `expected`. `context` is shown on failure.
fn assert_passed(expected: &str, result: &Output, context: &str) {
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    println!("{stdout}");
    assert!(
        result.status.success(),
        "check failed:\n{stdout}\n{stderr}\n{context}"
    );
    assert!(stdout.contains(expected), "{stdout}");
}

#[test]
fn example_site_validates_and_passes_axe_under_a_subpath() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    // Hosted at https://example.org/repo/, so 404.html (which GitHub Pages serves at any depth
    // and which therefore links from the base path) is checked under /repo/ too.
    common::build_with(
        Path::new("example-site"),
        &out,
        &["--base-url", "https://example.org/repo/"],
    );
    let shots = std::env::var_os("STRATSITE_SCREENSHOTS");
    let mut cmd = Command::new("node");
    cmd.arg("tests/browser/check-site.mjs")
        .arg(&out)
        .args(["--subpath", "/repo/"]);
    if let Some(dir) = &shots {
        cmd.arg("--screenshots").arg(dir);
    }
    if let Some(result) = run_node("browser check", &mut cmd) {
        assert_passed(" passed, 0 failed", &result, "");
    }
}

/// The workspace example (an organisation and three teams, one aligned to a parent published
/// elsewhere): the front page, every member's pages, breadcrumbs and chains of alignment, all
/// valid, accessible and linked relatively under a subpath.
#[test]
fn example_workspace_validates_and_passes_axe_under_a_subpath() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build_with(
        Path::new("example-org"),
        &out,
        &["--base-url", "https://example.org/repo/"],
    );
    let mut cmd = Command::new("node");
    cmd.arg("tests/browser/check-site.mjs")
        .arg(&out)
        .args(["--subpath", "/repo/"]);
    if let Some(dir) = std::env::var_os("STRATSITE_SCREENSHOTS") {
        cmd.arg("--screenshots").arg(dir);
    }
    if let Some(result) = run_node("browser check of the workspace", &mut cmd) {
        assert_passed(" passed, 0 failed", &result, "");
    }
}

/// A strategy the example site does not resemble: more commitments, non-goals and signals than
/// the front page and the printed page list, long titles, every status, overdue and far-off
/// dates, prose with code in two languages, a table, a task list and a footnote, and long
/// unbroken words.
fn large_strategy(dir: &Path) {
    let mut toml = String::from(
        "[site]\ntitle = \"A strategy with many commitments\"\nbase_url = \"https://example.org/strategy/\"\nhorizon = \"8 weeks\"\nwip_limit = 3\n\n[[objective]]\nid = \"orders-arrive\"\ntitle = \"Orders arrive when we promised\"\nwhy = \"A late order costs a customer.\"\nmetric = { name = \"on time\", unit = \"%\", baseline = 81, current = 86, target = 95, since = 2026-01-01, by = 2027-06-30 }\n",
    );
    for t in 0..3 {
        toml.push_str(&format!(
            "\n[[theme]]\nid = \"theme-{t}\"\ntitle = \"Theme number {t}, a story of checkout for shoppers on the move\"\nserves = [\"orders-arrive\"]\nnarrative = \"Why theme {t} matters to [the objective](@orders-arrive).\"\n"
        ));
    }
    // Enough of each kind, with long titles, that the one-page print must leave some out.
    let long = "so that shoppers on slow mobile networks finish their order without a second try";
    for o in 1..3 {
        toml.push_str(&format!(
            "\n[[objective]]\nid = \"objective-{o}\"\ntitle = \"Objective {o}: fewer orders fail {long}\"\nwhy = \"Why {o}.\"\nmetric = {{ name = \"failed orders\", unit = \"%\", baseline = 9, current = 7, target = 3, since = 2026-01-01, by = 2027-06-30 }}\n"
        ));
    }
    for n in 0..8 {
        toml.push_str(&format!(
            "\n[[non_goal]]\nid = \"non-goal-{n}\"\ntitle = \"Non-goal {n}: a redesign of the account pages {long}\"\nwhy = \"Because it would not move an objective {long}.\"\n\n[[signal]]\nid = \"signal-{n}\"\ntitle = \"Signal {n}: the share of failed payments rises {long}\"\nthen = \"We would stop and look again at the retries {long}.\"\n"
        ));
    }
    let statuses = ["planned", "in-progress", "done", "dropped"];
    for i in 0..40 {
        let code = if i % 5 == 0 {
            "\n```toml\n[retry]\nattempts = 3\n```\n\n```rust\nfn main() { println!(\"{}\", 1 + 1); }\n```\n"
        } else {
            ""
        };
        toml.push_str(&format!(
            "\n[[commitment]]\nid = \"commitment-{i}\"\ntitle = \"Commitment {i} with a rather long title that wraps on a phone\"\ntheme = \"theme-{}\"\nstatus = \"{}\"\ndue = {}\nwhy = '''\n## Why {i}\n\nAn unbreakable word: Donaudampfschifffahrtsgesellschaftskapitän{i}. See [the theme](@theme-{}).[^n{i}]\n\n| step | owner |\n|---|---|\n| one | ~~nobody~~ team {i} |\n\n- [x] started\n- [ ] finished\n{code}\n[^n{i}]: A footnote of commitment {i}.\n'''\n",
            i % 3,
            statuses[i % 4],
            if i % 2 == 0 { "2026-01-15" } else { "2028-01-15" },
            i % 3,
        ));
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("stratsite.toml"), toml).unwrap();
}

#[test]
fn sites_unlike_the_example_validate_and_pass_axe_under_a_subpath() {
    let tmp = tempfile::tempdir().unwrap();
    let scaffold = tmp.path().join("scaffold");
    let o = crate::site_test::stratsite(&["init", scaffold.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let large = tmp.path().join("large");
    large_strategy(&large);
    let sites = [
        ("the init scaffold", scaffold.as_path()),
        (
            "a minimal site",
            Path::new("tests/fixtures/check/valid-minimal"),
        ),
        ("a site of 40 commitments", large.as_path()),
        (
            "every state of a metric's readings, with signals",
            Path::new("tests/fixtures/time/readings"),
        ),
        (
            "tiers of commitment",
            Path::new("tests/fixtures/time/tiers"),
        ),
    ];
    for (i, (what, site)) in sites.into_iter().enumerate() {
        let out = tmp.path().join(format!("public-{i}"));
        common::build_with(site, &out, &["--base-url", "https://example.org/repo/"]);
        let mut cmd = Command::new("node");
        cmd.arg("tests/browser/check-site.mjs")
            .arg(&out)
            .args(["--subpath", "/repo/"]);
        let Some(result) = run_node("browser check", &mut cmd) else {
            return;
        };
        assert_passed(" passed, 0 failed", &result, what);
    }
}

#[test]
fn serve_reloads_an_open_page_by_itself() {
    let (_tmp, site) = common::site_copy("example-site");
    // Serves until dropped at the end of the test, after the script is done with it.
    let server = common::Server::start(&site);
    let mut cmd = Command::new("node");
    cmd.arg("tests/browser/live-reload.mjs")
        .arg(&server.url)
        .arg(&site);
    if let Some(result) = run_node("live-reload check", &mut cmd) {
        let server_said = format!("the server said:\n{}", server.stderr.lock().unwrap());
        assert_passed("live-reload: 4 passed, 0 failed", &result, &server_said);
    }
}

#[test]
fn search_finds_entries_by_keyboard_from_file_and_under_a_subpath() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build_with(
        Path::new("example-site"),
        &out,
        &["--base-url", "https://example.org/repo/"],
    );
    // A word of a title, of a tag and of the prose only, each finding its entry first, typed
    // on a page one folder down so that the index is found from there too.
    let mut cmd = Command::new("node");
    cmd.arg("tests/browser/search.mjs")
        .arg(&out)
        .args(["--from", "commitments/wallets-on-web.html"])
        .args(["--find", "hold=commitments/hold-slot-for-checkout.html"])
        .args([
            "--find",
            "compliance=commitments/request-3ds-exemptions.html",
        ])
        .args(["--find", "van=commitments/slot-full-recovery.html"])
        .args(["--subpath", "/repo/"]);
    if let Some(result) = run_node("search check", &mut cmd) {
        assert_passed("search: 10 passed, 0 failed", &result, "");
    }
}

/// Measures a front page and its one-pager in Chromium (`tests/browser/front-page.mjs`): the
/// height at 1280×800 and at 390×844 within `budget` screens (desktop, phone), the menu on one
/// line, each commitment linked once, one printed sheet of A4 and of Letter. With
/// `STRATSITE_SCREENSHOTS` set, saves screenshots of the front page and of `shoot` there.
fn measure_front_page(out: &Path, name: &str, budget: Option<(u32, u32)>, shoot: &[&str]) {
    let mut cmd = Command::new("node");
    cmd.arg("tests/browser/front-page.mjs").arg(out);
    if let Some((desktop, phone)) = budget {
        cmd.args(["--desktop-max", &(desktop * 800).to_string()])
            .args(["--phone-max", &(phone * 844).to_string()]);
    }
    for page in shoot {
        cmd.args(["--shoot", page]);
    }
    if let Some(dir) = std::env::var_os("STRATSITE_SCREENSHOTS") {
        cmd.arg("--screenshots").arg(Path::new(&dir).join(name));
    }
    if let Some(result) = run_node("front-page measure", &mut cmd) {
        assert_passed(" passed, 0 failed", &result, name);
    }
}

#[test]
fn a_75_commitment_front_page_fits_four_desktop_and_eight_phone_screens_and_prints_on_one_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    generated::write_site(&site);
    let out = tmp.path().join("public");
    common::build_with(&site, &out, &["--base-url", "https://example.org/repo/"]);
    let front = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(front.contains("Forge: the project roadmap"), "{front}");
    let mut cmd = Command::new("node");
    cmd.arg("tests/browser/check-site.mjs")
        .arg(&out)
        .args(["--subpath", "/repo/"]);
    if let Some(result) = run_node("browser check", &mut cmd) {
        assert_passed(" passed, 0 failed", &result, "the generated site");
    }
    measure_front_page(
        &out,
        "generated",
        Some((4, 8)),
        &[
            "print.html",
            "commitments.html",
            "themes/friendly-first-hour.html",
            &format!("commitments/{}.html", first_commitment(&site)),
        ],
    );
}

#[test]
fn the_example_front_page_fits_four_desktop_and_eight_phone_screens() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build_with(
        Path::new("example-site"),
        &out,
        &["--base-url", "https://example.org/repo/"],
    );
    measure_front_page(
        &out,
        "example",
        Some((4, 8)),
        &[
            "print.html",
            "themes/slots-first.html",
            "commitments/hold-slot-for-checkout.html",
            "objectives/finish-the-order.html",
        ],
    );
}

/// The id of the first commitment the generated site writes.
fn first_commitment(site: &Path) -> String {
    let text = std::fs::read_to_string(site.join("strategy/commitments.toml")).unwrap();
    let line = text.lines().find(|l| l.starts_with("id = ")).unwrap();
    line.trim_start_matches("id = ")
        .trim_matches('"')
        .to_owned()
}
