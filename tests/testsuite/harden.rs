//! What a build keeps and refuses: the output folder's files that stratsite did not write, the
//! states a killed build leaves, and files reached from outside the site folder.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{build, build_with, read_tree, site_copy, stratsite};

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .expect("run git");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs a build that must fail with exit code 1; returns its stderr.
fn failing(site: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "build",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-21",
    ];
    args.extend_from_slice(extra);
    let o = stratsite(&args);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    stderr
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_gh_pages_checkout_as_output_keeps_its_repository_and_hand_written_files() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    git(&out, &["init", "-q", "-b", "gh-pages"]);
    std::fs::write(out.join("CNAME"), "strategy.example.org\n").unwrap();
    std::fs::create_dir_all(out.join(".well-known")).unwrap();
    std::fs::write(out.join(".well-known/security.txt"), "Contact: x\n").unwrap();
    std::fs::write(out.join("google1234.html"), "verification").unwrap();
    std::fs::create_dir_all(out.join("themes")).unwrap();
    std::fs::write(out.join("themes/notes.txt"), "mine").unwrap();
    git(&out, &["add", "-A"]);
    git(&out, &["commit", "-q", "-m", "first build"]);

    // The next build drops a page (the idea is gone) and adds one.
    let toml = site.join("stratsite.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace(
        "[[idea]]",
        "[[theme]]\nid = \"second\"\ntitle = \"Second\"\nserves = [\"find-faster\"]\nnarrative = \"More.\"\n\n[[idea]]",
    );
    std::fs::write(&toml, text).unwrap();
    build(&site, &out);

    assert_eq!(
        git(&out, &["rev-parse", "--abbrev-ref", "HEAD"]).trim(),
        "gh-pages"
    );
    let status = git(&out, &["status", "--porcelain"]);
    assert!(status.contains("?? themes/second.html"), "{status}");
    assert!(!status.contains("CNAME"), "{status}");
    assert!(!status.contains(".well-known"), "{status}");
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap(),
        "strategy.example.org\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join(".well-known/security.txt")).unwrap(),
        "Contact: x\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("google1234.html")).unwrap(),
        "verification"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("themes/notes.txt")).unwrap(),
        "mine"
    );
    assert!(out.join("themes/second.html").is_file());
    assert_eq!(names(tmp.path()), ["public", "site"], "no leftovers");
}

#[test]
fn a_fresh_gh_pages_checkout_is_accepted_as_an_empty_output() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    git(&out, &["init", "-q", "-b", "gh-pages"]);
    std::fs::write(out.join("CNAME"), "strategy.example.org\n").unwrap();
    build(&site, &out);
    build(&site, &out);
    assert!(out.join("index.html").is_file());
    assert!(out.join(".git/HEAD").is_file());
    git(&out, &["status", "--porcelain"]);
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap(),
        "strategy.example.org\n"
    );
}

#[test]
fn a_hand_written_file_where_the_build_writes_one_is_refused_unless_overwrite() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    std::fs::create_dir_all(out.join("img")).unwrap();
    std::fs::write(out.join("img/logo.svg"), "mine").unwrap();
    let before = read_tree(&out);
    std::fs::create_dir_all(site.join("static/img")).unwrap();
    std::fs::write(site.join("static/img/logo.svg"), "<svg/>").unwrap();
    let stderr = failing(&site, &out, &[]);
    assert!(stderr.contains("that stratsite did not write"), "{stderr}");
    assert!(stderr.contains("public/img/logo.svg"), "{stderr}");
    assert!(stderr.contains("--overwrite"), "{stderr}");
    assert_eq!(before, read_tree(&out), "the output changed");
    assert_eq!(names(tmp.path()), ["public", "site"], "no leftovers");
    build_with(&site, &out, &["--overwrite"]);
    assert_eq!(
        std::fs::read_to_string(out.join("img/logo.svg")).unwrap(),
        "<svg/>"
    );
}

#[test]
fn an_output_from_before_the_manifest_keeps_its_hidden_entries_and_cname() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    std::fs::remove_file(out.join(".stratsite-manifest")).unwrap();
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(out.join("CNAME"), "x.example.org\n").unwrap();
    std::fs::write(out.join("stale.html"), "an old page").unwrap();
    build(&site, &out);
    assert!(out.join(".git/HEAD").is_file());
    assert!(out.join("CNAME").is_file());
    assert!(!out.join("stale.html").exists(), "trusted as stratsite's");
}

/// The output of a build of `site`, copied to `to` (to make the states a kill leaves).
fn copy_build(site: &Path, to: &Path) {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("public");
    build(site, &out);
    std::fs::rename(&out, to).unwrap();
}

#[test]
fn killed_right_after_the_swap_the_next_build_finishes_it() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    // After the exchange: the new output in place, its staging marker still inside; the old
    // output at the staging name, marked as retired, with a repository of the user's.
    std::fs::write(out.join(".stratsite-staging"), "").unwrap();
    let old = tmp.path().join(".public.stratsite-new-4194302-17");
    copy_build(&site, &old);
    std::fs::write(old.join(".stratsite-staging"), "retired").unwrap();
    std::fs::create_dir_all(old.join(".git")).unwrap();
    std::fs::write(old.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    let o = stratsite(&["check", site.to_str().unwrap()]);
    assert!(o.status.success());
    let o = stratsite(&[
        "build",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-21",
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("the previous output an earlier build left behind"),
        "{stderr}"
    );
    assert_eq!(names(tmp.path()), ["public", "site"]);
    assert!(
        out.join(".git/HEAD").is_file(),
        "the repository moved into the output"
    );
    assert!(!out.join(".stratsite-staging").exists());
}

#[test]
fn killed_while_removing_the_old_output_or_before_the_swap_the_next_build_cleans_up() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    // Before the exchange: the live output already marked as retired, the staging folder
    // complete with its (now unlocked) marker.
    std::fs::write(out.join(".stratsite-staging"), "retired").unwrap();
    let staged = tmp.path().join(".public.stratsite-new-4194300-5");
    copy_build(&site, &staged);
    std::fs::write(staged.join(".stratsite-staging"), "").unwrap();
    // While removing an old output: half of it gone, its marker still there.
    let half = tmp.path().join(".public.stratsite-new-4194301-9");
    std::fs::create_dir_all(half.join("themes")).unwrap();
    std::fs::write(half.join("themes/instant-search.html"), "old").unwrap();
    std::fs::write(half.join(".stratsite-staging"), "retired").unwrap();
    // Where folders cannot be exchanged, after both renames: the old output moved aside.
    let aside = tmp.path().join(".public.stratsite-old-4194303");
    copy_build(&site, &aside);
    std::fs::write(aside.join(".stratsite-staging"), "retired").unwrap();
    // A build that fails still cleans up, and leaves the output as it was.
    let before = {
        let mut t = read_tree(&out);
        t.remove(".stratsite-staging");
        t
    };
    let toml = site.join("stratsite.toml");
    let good = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, "[site\n").unwrap();
    failing(&site, &out, &[]);
    assert_eq!(names(tmp.path()), ["public", "site"]);
    assert_eq!(before, read_tree(&out));
    std::fs::write(&toml, good).unwrap();
    build(&site, &out);
    assert_eq!(names(tmp.path()), ["public", "site"]);
}

#[test]
fn killed_between_the_renames_the_old_output_is_put_back() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    let aside = tmp.path().join(".public.stratsite-old-4194303-2");
    copy_build(&site, &aside);
    std::fs::write(aside.join(".stratsite-staging"), "retired").unwrap();
    let before = {
        let mut t = read_tree(&aside);
        t.remove(".stratsite-staging");
        t
    };
    std::fs::write(site.join("stratsite.toml"), "[site\n").unwrap();
    let stderr = failing(&site, &out, &[]);
    assert!(stderr.contains("put back"), "{stderr}");
    assert_eq!(before, read_tree(&out));
    assert_eq!(names(tmp.path()), ["public", "site"]);
}

/// Makes a file that not even root can remove, where the file system allows; false if not.
fn make_undeletable(path: &Path) -> bool {
    Command::new("chattr")
        .arg("+i")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

fn make_deletable(path: &Path) {
    let _ = Command::new("chattr").arg("-i").arg(path).status();
}

#[cfg(target_os = "linux")]
#[test]
fn a_build_that_cannot_remove_the_old_output_says_so_and_fails() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    let stuck = out.join("themes/instant-search.html");
    if !make_undeletable(&stuck) {
        eprintln!("skipped: this file system has no immutable files");
        return;
    }
    let stderr = failing(&site, &out, &[]);
    make_deletable(&stuck);
    let left: Vec<String> = names(tmp.path())
        .into_iter()
        .filter(|n| n.starts_with(".public.stratsite-new-"))
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
    make_deletable(&tmp.path().join(&left[0]).join("themes/instant-search.html"));
    assert!(stderr.contains("cannot be removed"), "{stderr}");
    assert!(stderr.contains(".public.stratsite-new-"), "{stderr}");
    assert!(out.join("index.html").is_file(), "the new site is in place");
    // The next build removes what is left.
    build(&site, &out);
    assert_eq!(names(tmp.path()), ["public", "site"]);
}
