//! `SiteTest`: a site in a temporary folder, the real `stratsite` binary run on it, and what it
//! wrote, read back the way a reader sees it.
//!
//! ```ignore
//! let site = SiteTest::from_fixture("check/valid-minimal").file("prose/why.md", "Because.");
//! site.run(&["build"]).success();
//! let main = site.main_of("index.html");
//! ```
//!
//! Every run has the same scrubbed environment: colour off (`NO_COLOR=1`), not in GitHub
//! Actions, no `SOURCE_DATE_EPOCH`, and `check` and `build` get `--as-of 2026-11-21` unless the
//! test names a date itself. A test that needs one of those changes it with [`SiteTest::env`].

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The date every fixture is written for: `check` and `build` treat it as today.
pub const AS_OF: &str = "2026-11-21";

/// [`AS_OF`] as `SOURCE_DATE_EPOCH` has it (seconds since 1970 at its midnight, UTC): the day a
/// build says it was made on, so that no test sees the clock of the machine running it.
pub const AS_OF_EPOCH: &str = "1795219200";

/// The `stratsite` binary with the environment scrubbed, to be given arguments.
pub fn command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_stratsite"));
    c.env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("SOURCE_DATE_EPOCH");
    c
}

/// Runs `stratsite ARGS` from the repository's root (for the committed fixtures and the example
/// site, named by their paths), in the scrubbed environment and with the arguments as given.
pub fn stratsite(args: &[&str]) -> Run {
    run(command().args(args))
}

/// Runs a [`command`] set up by the caller (its own folder, environment or arguments).
pub fn run(c: &mut Command) -> Run {
    let output = c.output().expect("run stratsite");
    let args: Vec<String> = c
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    Run {
        output,
        command: format!("stratsite {}", args.join(" ")),
    }
}

/// A site in its own temporary folder: `TMP/site`, built by default into `TMP/site/public`.
pub struct SiteTest {
    tmp: tempfile::TempDir,
    site: PathBuf,
    env: Vec<(String, Option<OsString>)>,
}

impl SiteTest {
    /// An empty site folder, to be filled with [`SiteTest::file`].
    pub fn new() -> SiteTest {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let site = tmp.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        SiteTest {
            tmp,
            site,
            env: Vec::new(),
        }
    }

    /// A copy of `tests/fixtures/NAME` (or of `example-site` or `example-org`), without any
    /// `public/` folder.
    pub fn from_fixture(name: &str) -> SiteTest {
        let from = if name == "example-site" || name == "example-org" {
            PathBuf::from(name)
        } else {
            Path::new("tests/fixtures").join(name)
        };
        assert!(from.is_dir(), "no fixture at {}", from.display());
        let t = SiteTest::new();
        crate::common::copy_dir(&from, &t.site);
        t
    }

    /// Writes `text` to `path` in the site, creating its folders.
    pub fn file(self, path: &str, text: &str) -> SiteTest {
        let p = self.site.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// Replaces `from` with `to` in the site's file `path`; panics when `from` is not in it, so
    /// that a fixture edited under a test does not silently make the change a no-op.
    pub fn change_file(&self, path: &str, from: &str, to: &str) -> &SiteTest {
        let p = self.site.join(path);
        let text = std::fs::read_to_string(&p)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
        assert!(text.contains(from), "{path} does not contain {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Sets an environment variable for the runs (`None` removes it). Setting
    /// `SOURCE_DATE_EPOCH` also stops the automatic `--as-of`.
    pub fn env(mut self, key: &str, value: Option<&str>) -> SiteTest {
        self.env.push((key.to_owned(), value.map(OsString::from)));
        self
    }

    /// The site folder.
    pub fn site(&self) -> &Path {
        &self.site
    }

    /// The temporary folder holding the site (for outputs beside it).
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    /// Where `build` writes by default: `SITE/public`.
    pub fn out(&self) -> PathBuf {
        self.site.join("public")
    }

    /// Runs `stratsite ARGS` from inside the site folder, as an author at a terminal does, so
    /// messages name files relative to the site (`stratsite.toml:9:6`).
    pub fn run(&self, args: &[&str]) -> Run {
        let mut args: Vec<&str> = args.to_vec();
        let dated = matches!(args.first(), Some(&"check" | &"build"))
            && !args.contains(&"--as-of")
            && !self.env.iter().any(|(k, _)| k == "SOURCE_DATE_EPOCH");
        if dated {
            args.extend(["--as-of", AS_OF]);
        }
        let mut c = command();
        c.args(&args).current_dir(&self.site);
        for (k, v) in &self.env {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        run(&mut c)
    }

    /// `stratsite build` into `SITE/public`, which must succeed.
    pub fn build(&self) -> Run {
        self.run(&["build"]).success()
    }

    /// The text of a file the build wrote, by its path in the output.
    pub fn read(&self, path: &str) -> String {
        let p = self.out().join(path);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{path} was not built: {e}"))
    }

    /// The `<main>` element of a built page: what the page's own template wrote, without the
    /// header, navigation and footer every page shares.
    pub fn main_of(&self, page: &str) -> String {
        main_element(&self.read(page))
            .unwrap_or_else(|| panic!("{page} has no <main> element"))
            .to_owned()
    }
}

/// The `<main …>…</main>` element of a page (its templates write exactly one).
pub fn main_element(html: &str) -> Option<&str> {
    let start = html.find("<main")?;
    let end = html[start..].find("</main>")? + start + "</main>".len();
    Some(&html[start..end])
}

/// A finished run of the binary. It dereferences to its [`Output`]; the methods below assert
/// the outcome and show the command with everything it printed when it is not the expected one.
pub struct Run {
    output: Output,
    command: String,
}

impl Run {
    /// What the command printed on standard output.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// What the command printed on standard error.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// The exit code (`None` when killed by a signal).
    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    fn report(&self) -> String {
        format!(
            "`{}` exited with {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.command,
            self.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Asserts exit code 0.
    pub fn success(self) -> Run {
        self.exit_code(0)
    }

    /// Asserts exit code 1: the site or the arguments' targets had a problem (2 is a usage
    /// error, see [`Run::exit_code`]).
    pub fn failure(self) -> Run {
        self.exit_code(1)
    }

    /// Asserts this exit code.
    pub fn exit_code(self, code: i32) -> Run {
        assert_eq!(self.code(), Some(code), "{}", self.report());
        self
    }

    /// Asserts that standard error contains `text`.
    pub fn stderr_has(self, text: &str) -> Run {
        assert!(
            self.stderr().contains(text),
            "stderr lacks {text:?}:\n{}",
            self.report()
        );
        self
    }

    /// Asserts that standard output contains `text`.
    pub fn stdout_has(self, text: &str) -> Run {
        assert!(
            self.stdout().contains(text),
            "stdout lacks {text:?}:\n{}",
            self.report()
        );
        self
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.report())
    }
}

impl std::ops::Deref for Run {
    type Target = Output;

    fn deref(&self) -> &Output {
        &self.output
    }
}
