//! What a build keeps and refuses: the output folder's files that stratsite did not write, the
//! states a killed build leaves, and files reached from outside the site folder.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build, build_with, read_tree, site_copy};

/// Runs `stratsite ARGS` in the scrubbed environment; what it printed and its exit status.
fn stratsite(args: &[&str]) -> std::process::Output {
    crate::site_test::command()
        .args(args)
        .output()
        .expect("run stratsite")
}

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

/// Adds a line to `[site]`.
fn site_setting(site: &Path, line: &str) {
    let toml = site.join("stratsite.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replacen(
        "[site]\n",
        &format!("[site]\n{line}\n"),
        1,
    );
    std::fs::write(&toml, text).unwrap();
}

#[cfg(unix)]
#[test]
fn static_and_templates_may_not_link_out_of_the_site() {
    use std::os::unix::fs::symlink;
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    let before = read_tree(&out);
    std::fs::create_dir_all(site.join("static")).unwrap();
    symlink("/proc/self/environ", site.join("static/env.txt")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_stratsite"))
        .args([
            "build",
            site.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ])
        .env("NO_COLOR", "1")
        .env("STRATSITE_TEST_SECRET", "hunter2")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("static/env.txt` is a link to `/proc/"),
        "{stderr}"
    );
    assert!(stderr.contains("outside the site folder"), "{stderr}");
    assert!(stderr.contains("linked_folders"), "{stderr}");
    assert_eq!(before, read_tree(&out));
    std::fs::remove_file(site.join("static/env.txt")).unwrap();

    // A template that is a link to a file elsewhere, and one inside the site, which is fine.
    std::fs::write(tmp.path().join("secret.txt"), "not for publishing").unwrap();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::create_dir_all(site.join("parts")).unwrap();
    std::fs::write(site.join("parts/logo.svg"), "<svg/>").unwrap();
    symlink("../parts/logo.svg", site.join("static/logo.svg")).unwrap();
    build(&site, &out);
    assert_eq!(
        std::fs::read_to_string(out.join("logo.svg")).unwrap(),
        "<svg/>"
    );
    symlink(
        tmp.path().join("secret.txt"),
        site.join("templates/secret.html"),
    )
    .unwrap();
    let stderr = failing(&site, &out, &[]);
    assert!(
        stderr.contains("templates/secret.html` is a link to `"),
        "{stderr}"
    );
    assert!(stderr.contains("secret.txt"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn linked_folders_let_links_reach_shared_assets() {
    use std::os::unix::fs::symlink;
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let shared = tmp.path().join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(shared.join("logo.svg"), "<svg/>").unwrap();
    std::fs::create_dir_all(site.join("static")).unwrap();
    symlink(shared.join("logo.svg"), site.join("static/logo.svg")).unwrap();
    let out = tmp.path().join("public");
    failing(&site, &out, &[]);
    site_setting(&site, "linked_folders = [\"../shared\"]");
    build(&site, &out);
    assert_eq!(
        std::fs::read_to_string(out.join("logo.svg")).unwrap(),
        "<svg/>"
    );
    // Not even the opt-in reaches the kernel's files.
    symlink("/proc/self/environ", site.join("static/env.txt")).unwrap();
    site_setting(&site, "");
    let toml = site.join("stratsite.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("[\"../shared\"]", "[\"../shared\", \"/\"]");
    std::fs::write(&toml, text).unwrap();
    let stderr = failing(&site, &out, &[]);
    assert!(stderr.contains("env.txt` is a link to `/proc/"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_link_to_the_root_or_a_loop_in_strategy_is_refused_at_once() {
    use std::os::unix::fs::symlink;
    let (_tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    std::fs::create_dir_all(site.join("strategy/more")).unwrap();
    symlink("/", site.join("strategy/root")).unwrap();
    symlink("..", site.join("strategy/more/up")).unwrap();
    let started = std::time::Instant::now();
    let o = stratsite(&["check", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("strategy/root` is a link to `/`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("strategy/more/up` is a link to `"),
        "{stderr}"
    );
    assert!(stderr.contains("following it would never end"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn fifos_are_named_as_such_wherever_they_are() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let fifo = |p: &Path| {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
    };
    fifo(&site.join("strategy/more.toml"));
    let o = stratsite(&["check", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("strategy/more.toml` is a FIFO (named pipe), not a file"),
        "{stderr}"
    );
    std::fs::remove_file(site.join("strategy/more.toml")).unwrap();

    fifo(&site.join("prose/why.md"));
    let toml = site.join("stratsite.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replacen(
        "why = \"Because.\"",
        "why = { file = \"prose/why.md\" }",
        1,
    );
    std::fs::write(&toml, text).unwrap();
    let o = stratsite(&["check", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("the prose file `prose/why.md` is a FIFO"),
        "{stderr}"
    );
    assert!(!stderr.contains("does not exist"), "{stderr}");
    std::fs::write(site.join("prose/why.md.tmp"), "").unwrap();
    std::fs::remove_file(site.join("prose/why.md")).unwrap();
    std::fs::write(site.join("prose/why.md"), "Because.").unwrap();

    fifo(&site.join("static/pipe"));
    fifo(&site.join("templates/page.html"));
    let out = tmp.path().join("public");
    let stderr = failing(&site, &out, &[]);
    assert!(
        stderr.contains("templates/page.html` is a FIFO"),
        "{stderr}"
    );
    std::fs::remove_file(site.join("templates/page.html")).unwrap();
    let stderr = failing(&site, &out, &[]);
    assert!(stderr.contains("static/pipe` is a FIFO"), "{stderr}");
}

#[test]
fn a_source_file_over_the_limit_is_refused_before_it_is_read() {
    let (_tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    std::fs::create_dir_all(site.join("strategy")).unwrap();
    // Sparse: 1 GiB on paper, nothing on disk.
    let big = std::fs::File::create(site.join("strategy/big.toml")).unwrap();
    big.set_len(1 << 30).unwrap();
    let started = std::time::Instant::now();
    let o = stratsite(&["check", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("strategy/big.toml` is 1024 MiB, more than the 64 MiB a file may be"),
        "{stderr}"
    );
}

#[test]
fn the_text_of_the_old_root_marker_comes_out_as_typed_everywhere() {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let toml = site.join("stratsite.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap()
        .replace(
            "title = \"Search that answers at once\"",
            "title = \"Search stratsite-root:/x at once\"",
        )
        .replace(
            "narrative = \"Results appear as the shopper types.\"",
            "narrative = \"Results stratsite-root:/y appear `stratsite-root:/z`.\"",
        )
        + "\n[[change]]\nid = \"renamed\"\ntitle = \"Renamed stratsite-root:/w\"\ndate = 2026-11-01\naffects = [\"instant-search\"]\nwhy = \"See stratsite-root:/v.\"\n";
    std::fs::write(&toml, text).unwrap();
    let out = tmp.path().join("public");
    build(&site, &out);
    let tree = read_tree(&out);
    let theme = String::from_utf8(tree["themes/instant-search.html"].clone()).unwrap();
    assert!(
        theme.contains("Search stratsite-root:/x at once"),
        "{theme}"
    );
    assert!(
        theme.contains("Results stratsite-root:/y appear <code>stratsite-root:/z</code>"),
        "{theme}"
    );
    let feed = String::from_utf8(tree["feed.xml"].clone()).unwrap();
    assert!(feed.contains("Renamed stratsite-root:/w"), "{feed}");
    assert!(feed.contains("stratsite-root:/v"), "{feed}");
    let json = String::from_utf8(tree["strategy.json"].clone()).unwrap();
    assert!(json.contains("Search stratsite-root:/x at once"));
    assert!(json.contains("Renamed stratsite-root:/w"));
    for (path, bytes) in &tree {
        assert!(
            !String::from_utf8_lossy(bytes).contains('\u{FFFF}'),
            "{path} holds the marker"
        );
    }
}

/// The minimal fixture built once, then given a site override of `templates/theme.html`:
/// the temp folder, the site, its output and the output as it was built.
fn built_then_theme_template(
    template: &str,
) -> (
    tempfile::TempDir,
    PathBuf,
    PathBuf,
    BTreeMap<String, Vec<u8>>,
) {
    let (tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let out = tmp.path().join("public");
    build(&site, &out);
    let before = read_tree(&out);
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(site.join("templates/theme.html"), template).unwrap();
    (tmp, site, out, before)
}

#[test]
fn a_template_that_writes_without_end_is_stopped_and_named() {
    let (_tmp, site, out, before) = built_then_theme_template(
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}",
    );
    let started = std::time::Instant::now();
    let stderr = failing(&site, &out, &[]);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert!(
        stderr.contains("in the template `templates/theme.html`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("rendering `themes/instant-search.html` wrote more than 256 MiB")
            || stderr.contains("rendering `themes/instant-search.html` took more than 10 s"),
        "{stderr}"
    );
    assert_eq!(before, read_tree(&out));
}

#[test]
fn a_template_that_loops_without_writing_is_stopped_and_named() {
    let (tmp, site, out, before) = built_then_theme_template(
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% for k in range(end=100000) %}{% endfor %}{% endfor %}{% endfor %}",
    );
    let started = std::time::Instant::now();
    let stderr = failing(&site, &out, &[]);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert!(
        stderr.contains(
            "in the template `templates/theme.html`: rendering `themes/instant-search.html` took more than 10 s"
        ),
        "{stderr}"
    );
    assert_eq!(before, read_tree(&out));
    // The next build removes what the stopped one left.
    std::fs::remove_file(site.join("templates/theme.html")).unwrap();
    build(&site, &out);
    assert_eq!(names(tmp.path()), ["public", "site"]);
}

/// Starts `stratsite serve` on `site` under a limit of `files` open descriptors (through
/// `prlimit`); `None` where `prlimit` is missing.
fn serve_with_file_limit(site: &Path, files: u32) -> Option<(std::process::Child, String)> {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new("prlimit")
        .arg(format!("--nofile={files}:{files}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_stratsite"))
        .args(["serve", "--port", "0"])
        .arg(site)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "serve printed {url:?}"
    );
    Some((child, url))
}

/// A whole GET on a fresh connection: the status line, or the error.
fn get_status(addr: &str, path: &str) -> Result<String, std::io::Error> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr)?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(5)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let text = String::from_utf8_lossy(&buf);
    Ok(text.lines().next().unwrap_or_default().to_owned())
}

#[cfg(target_os = "linux")]
#[test]
fn the_dev_server_answers_while_hundreds_of_slow_clients_hold_connections() {
    use std::io::{Read, Write};
    let (_tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let Some((mut child, url)) = serve_with_file_limit(&site, 256) else {
        eprintln!("skipped: no prlimit");
        return;
    };
    let addr = url["http://".len()..].split('/').next().unwrap().to_owned();
    let path = format!("/{}", url.splitn(4, '/').nth(3).unwrap_or_default());
    // 300 clients that send half a request and wait: more than the server may open files.
    let mut slow = Vec::new();
    for _ in 0..300 {
        let Ok(mut s) = std::net::TcpStream::connect(&addr) else {
            continue;
        };
        let _ = write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n");
        slow.push(s);
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    for i in 0..5 {
        let status = get_status(&addr, &path);
        assert!(
            status.as_ref().is_ok_and(|s| s.starts_with("HTTP/1.1 200")),
            "request {i}: {status:?}"
        );
    }
    // A client that never finishes its headers is let go within the header timeout.
    let mut trickle = std::net::TcpStream::connect(&addr).unwrap();
    write!(trickle, "GET {path} HTTP/1.1\r\n").unwrap();
    trickle
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let started = std::time::Instant::now();
    let mut buf = [0u8; 512];
    let closed = loop {
        match trickle.read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break true,
            Err(_) => break false,
        }
    };
    assert!(closed, "still open after {:?}", started.elapsed());
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
    child.kill().unwrap();
    let _ = child.wait();
}

#[cfg(unix)]
#[test]
fn serve_watch_starts_beside_a_link_to_the_root() {
    let (_tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    std::fs::create_dir_all(site.join("notes")).unwrap();
    std::os::unix::fs::symlink("/", site.join("notes/everything")).unwrap();
    let server = common::Server::start(&site);
    let (status, _) = server.get("");
    assert_eq!(status, 200);
    let stderr = server.stderr.lock().unwrap().clone();
    assert!(!stderr.contains("inotify"), "{stderr}");
}

#[test]
fn a_long_line_is_quoted_as_a_window_around_the_problem() {
    let (_tmp, site) = site_copy("tests/fixtures/check/valid-minimal");
    let toml = site.join("stratsite.toml");
    let long = "a".repeat(10_000_000);
    let text = std::fs::read_to_string(&toml).unwrap().replacen(
        "title = \"Fixture\"",
        &format!("title = \"{long}\" oops"),
        1,
    );
    std::fs::write(&toml, text).unwrap();
    let started = std::time::Instant::now();
    let o = stratsite(&["check", site.to_str().unwrap()]);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr.len() < 4000, "{} bytes", stderr.len());
    assert!(stderr.contains("stratsite.toml:2:10000012"), "{stderr}");
    assert!(stderr.contains("│ …aaaaaaaaaa"), "{stderr}");
    assert!(stderr.contains("aaaaaaaaaa\" oops"), "{stderr}");
    assert!(stderr.contains("TOML syntax error"), "{stderr}");
}
