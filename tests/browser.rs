//! The built example site in a real browser and a real validator: the Nu HTML Checker on every
//! page, axe-core in headless Chromium, and every link and anchor followed under a `/repo/`
//! subpath. Skips loudly when Node, Java or Chromium are missing, unless
//! `STRATSITE_REQUIRE_BROWSER=1` turns the skip into a failure.

mod common;

use std::path::Path;
use std::process::Command;

const SKIP: i32 = 77;

#[test]
fn example_site_validates_and_passes_axe_under_a_subpath() {
    let required = std::env::var("STRATSITE_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
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
    let result = match cmd.output() {
        Ok(o) => o,
        Err(e) if !required => {
            eprintln!(
                "\n*** SKIPPED browser check: cannot run node ({e}). Install Node, Java and chromium, then `npm ci --prefix tests/browser --ignore-scripts`; set STRATSITE_REQUIRE_BROWSER=1 to make this a failure. ***\n"
            );
            return;
        }
        Err(e) => panic!("node is required (STRATSITE_REQUIRE_BROWSER=1): {e}"),
    };
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    if result.status.code() == Some(SKIP) && !required {
        eprintln!(
            "\n*** SKIPPED browser check: {stdout}{stderr}\nSet STRATSITE_REQUIRE_BROWSER=1 to make this a failure. ***\n"
        );
        return;
    }
    println!("{stdout}");
    assert!(
        result.status.success(),
        "browser check failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
