//! The strategy over time: scratch git repositories with scripted histories (a target lowered
//! with and without a named change, a deadline pushed, a commitment dropped and one removed, an
//! entry retitled and moved between files, a shallow clone), checked, diffed and built with the
//! real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURE: &str = "tests/fixtures/lints/moved-goalpost";

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A git repository in a temporary folder whose commits have fixed authors and dates, so that
/// their ids, and the diagnostics that name them, are the same on every run.
struct Scratch {
    tmp: tempfile::TempDir,
    commits: u32,
}

impl Scratch {
    fn new() -> Scratch {
        let s = Scratch {
            tmp: tempfile::tempdir().unwrap(),
            commits: 0,
        };
        std::fs::create_dir_all(s.root()).unwrap();
        s.git(&["init", "-q", "-b", "main"]);
        s
    }

    fn root(&self) -> PathBuf {
        self.tmp.path().join("repo")
    }

    fn git(&self, args: &[&str]) -> Output {
        let day = format!("2026-11-{:02}T10:00:00+00:00", 1 + self.commits);
        let o = Command::new("git")
            .args(args)
            .current_dir(self.root())
            .env("GIT_AUTHOR_NAME", "Ann Lee")
            .env("GIT_AUTHOR_EMAIL", "ann@example.com")
            .env("GIT_COMMITTER_NAME", "Ann Lee")
            .env("GIT_COMMITTER_EMAIL", "ann@example.com")
            .env("GIT_AUTHOR_DATE", &day)
            .env("GIT_COMMITTER_DATE", &day)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.tmp.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "git {args:?}: {}", text(&o.stderr));
        o
    }

    fn write(&self, rel: &str, content: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }

    fn commit(&mut self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self.commits += 1;
    }

    /// Runs stratsite in the repository's root.
    fn stratsite(&self, args: &[&str]) -> Output {
        stratsite_in(&self.root(), args)
    }
}

fn stratsite_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stratsite"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURE).join(name)).unwrap()
}

/// The fixture's history: its base strategy, then a commit that changes nothing in it, then
/// today's strategy in the files (not committed).
fn moved_goalposts() -> Scratch {
    let mut s = Scratch::new();
    s.write("site/stratsite.toml", &fixture("base.toml"));
    s.commit("Strategy for H1");
    s.write("README.md", "The team's repository.\n");
    s.commit("Readme");
    s.write("site/stratsite.toml", &fixture("stratsite.toml"));
    s
}

#[test]
fn moved_goalposts_are_reported_at_the_changed_line_with_old_and_new_values() {
    let s = moved_goalposts();
    let o = s.stratsite(&["check", "site", "--as-of", "2026-11-21"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "a lint is a warning:\n{err}");
    insta::assert_snapshot!("moved-goalpost", err);
    for expected in [
        "the target of objective `find-faster` moved from 45 to 60",
        "the deadline (`by`) of objective `find-faster` moved from 2027-06-30 to 2027-09-30",
        "the due date of commitment `instant-results` moved from 2026-12-11 to 2026-12-30",
        "commitment `typo-tolerance` was dropped without a named change (from planned to dropped)",
        "commitment `voice-search` was removed without a named change",
        "it was in stratsite.toml at line 38 of",
        "5 warnings",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    // An error with --deny warnings, and with the lint denied.
    let o = s.stratsite(&[
        "check",
        "site",
        "--as-of",
        "2026-11-21",
        "--deny",
        "warnings",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    // Once committed, the same moves are still reported: the base is the last commit that
    // changed nothing in the strategy ("Readme"), not HEAD.
    let mut s = s;
    s.commit("Lower the bar");
    let o = s.stratsite(&["check", "site", "--as-of", "2026-11-21"]);
    assert!(
        text(&o.stderr).contains("5 warnings"),
        "{}",
        text(&o.stderr)
    );
    // After a commit that changes nothing in the strategy, the window has moved on.
    s.write("README.md", "The team's repository, with a strategy.\n");
    s.commit("Readme again");
    let o = s.stratsite(&["check", "site", "--as-of", "2026-11-21"]);
    assert!(
        text(&o.stderr).contains("no problems"),
        "{}",
        text(&o.stderr)
    );
    // --since compares with any revision: the first one, where the strategy began.
    let o = s.stratsite(&[
        "check",
        "site",
        "--as-of",
        "2026-11-21",
        "--since",
        "HEAD~3",
    ]);
    assert!(
        text(&o.stderr).contains("5 warnings"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn a_named_change_answers_the_guard_and_shows_from_and_to() {
    let s = moved_goalposts();
    // Name the objective's moves and the dropped commitment; leave the due date unnamed.
    let mut now = fixture("stratsite.toml");
    now.push_str(
        r#"
[[change]]
id = "search-target-relaxed"
title = "Time-to-find target relaxed to 60 s by September"
date = 2026-11-20
why = "The new catalogue doubles the products to search."
affects = ["find-faster", "typo-tolerance"]
from = "45 s by 2027-06-30"
to = "60 s by 2027-09-30"
"#,
    );
    s.write("site/stratsite.toml", &now);
    let o = s.stratsite(&["check", "site", "--as-of", "2026-11-21"]);
    let err = text(&o.stderr);
    assert!(err.contains("2 warnings"), "{err}");
    assert!(err.contains("`instant-results` moved"), "{err}");
    assert!(err.contains("`voice-search` was removed"), "{err}");
    assert!(!err.contains("find-faster` moved"), "{err}");
    assert!(!err.contains("typo-tolerance"), "{err}");

    // A change that already named the entry at the base does not name a new move.
    let mut s2 = Scratch::new();
    let mut base = fixture("base.toml");
    base.push_str(
        "\n[[change]]\nid = \"old-change\"\ntitle = \"Target set\"\ndate = 2026-10-01\nwhy = \"First plan.\"\naffects = [\"find-faster\"]\n",
    );
    s2.write("site/stratsite.toml", &base);
    s2.commit("Strategy");
    s2.write("README.md", "x\n");
    s2.commit("Readme");
    s2.write(
        "site/stratsite.toml",
        &base.replace("target = 45", "target = 50"),
    );
    let o = s2.stratsite(&["check", "site", "--as-of", "2026-11-21"]);
    assert!(
        text(&o.stderr).contains("the target of objective `find-faster` moved from 45 to 50"),
        "{}",
        text(&o.stderr)
    );

    // The change log shows from and to.
    let out = s.tmp.path().join("public");
    let o = s.stratsite(&[
        "build",
        "site",
        "--as-of",
        "2026-11-21",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let changes = std::fs::read_to_string(out.join("changes.html")).unwrap();
    assert!(
        changes.contains(r#"<p class="from-to">From <bdi class="from">45 s by 2027-06-30</bdi> to <bdi class="to">60 s by 2027-09-30</bdi></p>"#),
        "{changes}"
    );
}

#[test]
fn without_history_check_says_so_and_since_fails() {
    // Not a repository.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("stratsite.toml"), fixture("stratsite.toml")).unwrap();
    let o = stratsite_in(tmp.path(), &["check", "site", "--as-of", "2026-11-21"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("note: `site` is not in a git repository, so moved targets and deadlines are not checked (lint `moved-goalpost`)"),
        "{err}"
    );
    let o = stratsite_in(
        tmp.path(),
        &["check", "site", "--as-of", "2026-11-21", "--since", "main"],
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: `--since main` needs the history of the strategy, but `site` is not in a git repository"),
        "{err}"
    );
    // In GitHub's format the note is a notice.
    let o = Command::new(env!("CARGO_BIN_EXE_stratsite"))
        .args(["check", "site", "--as-of", "2026-11-21"])
        .current_dir(tmp.path())
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    assert!(
        text(&o.stdout).contains("::notice title=stratsite::`site` is not in a git repository"),
        "{}",
        text(&o.stdout)
    );
    // Allowing the lint silences the note: no history is read.
    std::fs::write(
        site.join("stratsite.toml"),
        fixture("stratsite.toml") + "\n[lints]\nmoved-goalpost = \"allow\"\n",
    )
    .unwrap();
    let o = stratsite_in(tmp.path(), &["check", "site", "--as-of", "2026-11-21"]);
    assert!(!text(&o.stderr).contains("note:"), "{}", text(&o.stderr));

    // A shallow clone of a repository whose history moved goalposts.
    let mut s = moved_goalposts();
    s.commit("Lower the bar");
    let clone = s.tmp.path().join("clone");
    let url = format!("file://{}", s.root().display());
    let o = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(&clone)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = stratsite_in(&clone, &["check", "site", "--as-of", "2026-11-21"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("note: `site` is in a shallow clone, which lacks the history of the strategy, so moved targets and deadlines are not checked"),
        "{err}"
    );
    let o = stratsite_in(&clone, &["diff", "HEAD~1..HEAD", "site"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("shallow clone"), "{err}");
    assert!(err.contains("git fetch --unshallow"), "{err}");
    // A revision that does not exist.
    let o = s.stratsite(&["check", "site", "--since", "no-such-branch"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("`--since no-such-branch` names no commit"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn diff_shows_moves_first_then_what_was_added_removed_retitled_and_moved() {
    let mut s = moved_goalposts();
    s.commit("Lower the bar");
    // Retitle a commitment and move it to a file of its own under strategy/, add an idea.
    let now = fixture("stratsite.toml");
    let (head, moved) = now.split_at(now.find("[[commitment]]\nid = \"typo-tolerance\"").unwrap());
    s.write("site/stratsite.toml", head);
    s.write(
        "site/strategy/search.toml",
        &(moved.replace(
            "Misspelled queries still find the product",
            "Typos still find | the <b>product</b> @team",
        ) + "\n[[idea]]\nid = \"voice-search-later\"\ntitle = \"Search by voice\"\ntheme = \"instant-search\"\n"),
    );
    s.commit("Split the strategy");

    let o = s.stratsite(&["diff", "HEAD~2..HEAD", "site"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let md = text(&o.stdout);
    insta::assert_snapshot!("diff-markdown", md);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "### Strategy diff: `HEAD~2` → `HEAD`", "{md}");
    assert!(
        lines[2].starts_with("⚠️ **5 goalposts moved without a named change.**"),
        "{md}"
    );
    // Unnamed moves come first in the table, then the rest.
    let first_row = lines.iter().position(|l| l.starts_with("| ⚠️")).unwrap();
    let added = lines.iter().position(|l| l.starts_with("| ➕")).unwrap();
    assert!(first_row < added, "{md}");
    // Text from the strategy cannot make markup, break the table or mention anyone.
    assert!(
        md.contains("Typos still find &#124; the &lt;b&gt;product&lt;/b&gt; &#64;team"),
        "{md}"
    );
    assert!(
        md.contains("- `typo-tolerance`: moved from stratsite.toml to strategy/search.toml"),
        "{md}"
    );

    let o = s.stratsite(&["diff", "HEAD~2..HEAD", "site", "--format", "json"]);
    assert!(o.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["tally"]["without_a_named_change"], 5);
    assert_eq!(doc["tally"]["added"], 1);
    let target = doc["moves"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["what"] == "target")
        .unwrap();
    assert_eq!(target["old"], "45");
    assert_eq!(target["new"], "60");
    assert_eq!(target["named_by"], serde_json::Value::Null);
    let typo = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "typo-tolerance")
        .unwrap();
    assert_eq!(typo["old_file"], "stratsite.toml");
    assert_eq!(typo["file"], "strategy/search.toml");
    assert_eq!(doc["from"]["commit"]["author"], "Ann Lee");

    // Under GitHub Actions the Markdown is also added to the job summary.
    let summary = s.tmp.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_stratsite"))
        .args(["diff", "HEAD~2..HEAD", "site", "--format", "json"])
        .current_dir(s.root())
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(
        std::fs::read_to_string(&summary).unwrap(),
        format!("earlier step\n{md}\n")
    );

    // One revision: compared with the files on disk; bad ranges are errors.
    let o = s.stratsite(&["diff", "HEAD", "site"]);
    assert_eq!(
        text(&o.stdout),
        "### Strategy diff: `HEAD` → the working tree\n\nNo change to the strategy.\n"
    );
    for bad in ["..HEAD", "HEAD...main", "nope..HEAD"] {
        let o = s.stratsite(&["diff", bad, "site"]);
        assert_eq!(o.status.code(), Some(1), "{bad}");
        assert!(text(&o.stderr).contains("error:"), "{bad}");
    }
}

#[test]
fn a_huge_diff_fits_a_comment() {
    let mut s = Scratch::new();
    let base = fixture("base.toml");
    s.write("site/stratsite.toml", &base);
    s.commit("Strategy");
    let mut now = base.clone();
    for i in 0..3000 {
        now.push_str(&format!(
            "\n[[commitment]]\nid = \"work-{i}\"\ntitle = \"A long title for piece of work number {i}, to fill the table\"\ntheme = \"instant-search\"\nwhy = \"Because.\"\ndue = 2026-12-11\n"
        ));
    }
    s.write("site/stratsite.toml", &now);
    let o = s.stratsite(&["diff", "HEAD", "site"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let md = text(&o.stdout);
    assert!(md.chars().count() <= 60_000, "{}", md.len());
    assert!(md.len() <= 60_000, "{}", md.len());
    assert!(md.contains("3000 added"), "{}", &md[..300]);
    assert!(
        md.trim_end().ends_with("for all of them."),
        "{}",
        &md[md.len() - 300..]
    );
    assert!(
        md.contains("more, left out to fit a comment"),
        "{}",
        &md[md.len() - 300..]
    );
}

#[test]
fn pages_show_each_entry_history_and_the_change_log_the_unnamed_moves() {
    let mut s = moved_goalposts();
    s.commit("Lower the bar");
    let build = |s: &Scratch| {
        let out = s.tmp.path().join("public");
        let o = s.stratsite(&[
            "build",
            "site",
            "--as-of",
            "2026-11-21",
            "--output",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
        (
            read("objectives/find-faster.html"),
            read("commitments/instant-results.html"),
            read("changes.html"),
            read("feed.xml"),
        )
    };
    let (objective, commitment, changes, feed) = build(&s);
    assert!(
        objective.contains(
            r#"<li><time datetime="2026-11-01">2026-11-01</time> <span dir="auto">added</span>"#
        ),
        "{objective}"
    );
    assert!(
        objective.contains(r#"<li class="unnamed"><time datetime="2026-11-03">2026-11-03</time> <span dir="auto">target 45 → 60</span>: <strong>no change names this</strong>"#),
        "{objective}"
    );
    assert!(
        objective.contains("deadline 2027-06-30 → 2027-09-30"),
        "{objective}"
    );
    assert!(objective.contains("Ann Lee"), "{objective}");
    assert!(
        commitment.contains("due 2026-12-11 → 2026-12-30"),
        "{commitment}"
    );
    let unnamed = "Not named: the target of objective find-faster moved from 45 to 60";
    assert!(changes.contains(unnamed), "{changes}");
    assert!(
        changes.contains("Unnamed: found in the history, no change names it"),
        "{changes}"
    );
    assert!(
        feed.contains(&format!("<title>{unnamed}</title>")),
        "{feed}"
    );
    // The removed commitment is in the log too, without a link to a page that is gone.
    assert!(
        changes.contains("Not named: commitment voice-search was removed"),
        "{changes}"
    );
    assert!(
        !changes.contains("commitments/voice-search.html"),
        "{changes}"
    );

    // A change that names the move, committed later, names it on the page.
    let mut now = fixture("stratsite.toml");
    now.push_str(
        "\n[[change]]\nid = \"search-target-relaxed\"\ntitle = \"Target relaxed\"\ndate = 2026-11-20\nwhy = \"A bigger catalogue.\"\naffects = [\"find-faster\"]\n",
    );
    s.write("site/stratsite.toml", &now);
    s.commit("Name the move");
    let (objective, _, changes, _) = build(&s);
    assert!(
        objective.contains(r#"<span dir="auto">target 45 → 60</span>: named by <a href="../changes.html#search-target-relaxed">search-target-relaxed</a>"#),
        "{objective}"
    );
    assert!(!changes.contains(unnamed), "{changes}");
    assert!(
        changes.contains("Not named: the due date of commitment instant-results"),
        "{changes}"
    );
}
