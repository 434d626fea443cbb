//! The example site in a real browser and a real validator: the Nu HTML Checker on every page,
//! axe-core in headless Chromium, and every link and anchor followed under a `/repo/` subpath;
//! and `stratsite serve --watch` followed by an open tab through an edit, a broken source and
//! its fix. Skips loudly when Node, Java or Chromium are missing, unless
//! `STRATSITE_REQUIRE_BROWSER=1` turns the skip into a failure.

mod common;

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
