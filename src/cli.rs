//! The command line: parses arguments with clap and runs the chosen command.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::ColorChoice;

use crate::build::{build_site, today};
use crate::check::{Checked, check_as_of, timed};
use crate::diagnostics::{self, Diagnostic};
use crate::output::{Staging, check_output_dir};
use crate::plan::Options;
use crate::report::{self, Format};
use crate::source::SourceMap;

/// Turn a strategy written in TOML into a website that tells the team why the work matters.
#[derive(Parser, Debug)]
#[command(name = "stratsite", version, about, propagate_version = true)]
pub struct Cli {
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour terminal output.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
    Auto,
    Always,
    Never,
}

/// What `--deny` turns into errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Every warning, lints included.
    Warnings,
}

/// How `check` and `build` report problems.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Treat warnings as errors: exit with 1, and for `build`, write nothing.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,
    /// How to report problems [default: github when GITHUB_ACTIONS=true, else human].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load, validate and lint a site, reporting every problem with its file, line and column.
    Check {
        /// The site folder (the one holding stratsite.toml).
        #[arg(default_value = ".", value_hint = clap::ValueHint::DirPath)]
        site: PathBuf,
        /// The date to treat as today for date-based lints (YYYY-MM-DD) [default:
        /// SOURCE_DATE_EPOCH, else today].
        #[arg(long, value_name = "DATE", value_parser = date_argument)]
        as_of: Option<String>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Check the site, then render it into a folder ready to publish (e.g. on GitHub Pages).
    Build {
        /// The site folder (the one holding stratsite.toml).
        #[arg(default_value = ".", value_hint = clap::ValueHint::DirPath)]
        site: PathBuf,
        /// Where to write the site [default: SITE/public].
        #[arg(short, long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
        output: Option<PathBuf>,
        /// Publish at this address instead of `[site] base_url` (used for canonical links, the
        /// feed and the sitemap).
        #[arg(long, value_name = "URL", value_parser = base_url_argument)]
        base_url: Option<String>,
        /// The date to treat as today for progress and overdue marks and the date-based lints
        /// (YYYY-MM-DD) [default: SOURCE_DATE_EPOCH, else today].
        #[arg(long, value_name = "DATE", value_parser = date_argument)]
        as_of: Option<String>,
        /// Print how long each step took (load, validate, lint, templates, plan, render, swap).
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Build the site in memory and serve it locally for drafting; with --watch, every save
    /// shows in the open browser tabs by itself.
    Serve {
        /// The site folder (the one holding stratsite.toml).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The port to listen on; the next free one is used when it is taken (0: any free port).
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Keep the default unless others must reach the drafts.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Rebuild on every change to the site folder and reload every open tab.
        #[arg(short, long)]
        watch: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a new site: a commented stratsite.toml with one entry of every kind, its editor
    /// schema, a .gitignore and the GitHub Pages workflow. Never overwrites a file; an existing
    /// .gitignore gets the lines it lacks added at its end.
    Init {
        /// The folder to create the site in (created if missing).
        #[arg(default_value = ".", value_hint = clap::ValueHint::DirPath)]
        dir: PathBuf,
    },
    /// Print the JSON Schema of the source files, for editors with a TOML language server.
    Schema,
    /// Print a shell completion script.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `stratsite man > stratsite.1`.
    Man,
}

/// Runs the command line and returns the process exit code: 0 success, 1 problems found, 2
/// usage errors (from clap).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = color_choice(cli.color);
    match cli.command {
        Command::Check {
            site,
            as_of,
            report,
        } => {
            let rep = Reporter::new("check", &site, &report, color);
            let today = match today(as_of.as_deref()) {
                Ok(d) => d,
                Err(d) => return rep.fail(d),
            };
            let mut checked = check_as_of(&site, today);
            if report.deny.is_some() {
                checked.deny_warnings();
            }
            rep.checked(&checked);
            if checked.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Command::Build {
            site,
            output,
            base_url,
            as_of,
            timings,
            report,
        } => {
            let rep = Reporter::new("build", &site, &report, color);
            build(&site, output, base_url, as_of.as_deref(), timings, &rep)
        }
        Command::Serve {
            site,
            port,
            bind,
            watch,
            open,
        } => crate::serve::serve(crate::serve::ServeOptions {
            site,
            bind,
            port,
            watch,
            open,
            color,
        }),
        Command::Init { dir } => init(&dir, color),
        Command::Schema => {
            print!("{}", crate::schema::schema_json());
            ExitCode::SUCCESS
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "stratsite",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Command::Man => {
            let man = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            match man.render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(
                    Diagnostic::error(format!("cannot write the manual page: {e}")),
                    color,
                ),
            }
        }
    }
}

/// `--as-of`: a date, checked as the command line is read (a wrong one is a usage error).
fn date_argument(text: &str) -> Result<String, String> {
    crate::model::parse_date(text)
        .map(|_| text.to_owned())
        .map_err(|m| m.to_string())
}

/// `--base-url`: the address to publish at, checked as the command line is read.
fn base_url_argument(text: &str) -> Result<String, String> {
    crate::validate::base_url_problem(text)
        .map(|()| text.to_owned())
        .map_err(|why| {
            format!("not the address of a site: {why} (e.g. https://acme.github.io/strategy/)")
        })
}

fn build(
    site: &Path,
    output: Option<PathBuf>,
    base_url: Option<String>,
    as_of: Option<&str>,
    timings: bool,
    rep: &Reporter,
) -> ExitCode {
    let started = Instant::now();
    let as_of = match today(as_of) {
        Ok(d) => d,
        Err(d) => return rep.fail(d),
    };
    let out_dir = output.unwrap_or_else(|| site.join("public"));
    if let Err(d) = check_output_dir(site, &out_dir) {
        return rep.fail(d);
    }
    let staging = Staging::new(&out_dir);
    for note in staging.notes() {
        eprintln!("note: {note}");
    }
    let mut built = build_site(site, &Options { as_of, base_url }, &staging);
    if rep.deny {
        built.checked.deny_warnings();
        if !built.checked.is_ok() {
            // Rendered already: dropping the staging folder discards it.
            built.stats = None;
        }
    }
    // Swapped into place before the report, so that the report covers a failed swap too.
    let mut swap_failed = false;
    let stats = match built.stats.take() {
        Some(stats) => match timed(&mut built.checked.timings, "swap", || staging.commit()) {
            Ok(()) => Some(stats),
            Err(d) => {
                built.checked.diagnostics.push(d);
                swap_failed = true;
                None
            }
        },
        None => {
            drop(staging);
            None
        }
    };
    rep.checked(&built.checked);
    if timings {
        let steps: Vec<String> = built
            .checked
            .timings
            .iter()
            .map(|(step, took)| format!("{step} {:.1} ms", took.as_secs_f64() * 1000.0))
            .collect();
        eprintln!("timings: {}", steps.join(", "));
    }
    let Some(stats) = stats else {
        if !swap_failed {
            eprintln!("nothing was written; `{}` is unchanged", out_dir.display());
        }
        return ExitCode::from(1);
    };
    eprintln!(
        "built `{}` into `{}`: {} pages, {} files, {:.1} KiB in {} ms",
        site.display(),
        out_dir.display(),
        stats.pages,
        stats.files,
        stats.bytes as f64 / 1024.0,
        started.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}

fn color_choice(c: Color) -> ColorChoice {
    match c {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
                || !std::io::stderr().is_terminal()
            {
                ColorChoice::Never
            } else {
                ColorChoice::Auto
            }
        }
    }
}

/// Reports the problems of one `check` or `build` in the chosen format, always ending with the
/// counts of errors and warnings.
struct Reporter {
    command: &'static str,
    site: PathBuf,
    format: Format,
    color: ColorChoice,
    deny: bool,
}

impl Reporter {
    fn new(command: &'static str, site: &Path, args: &ReportArgs, color: ColorChoice) -> Self {
        Reporter {
            command,
            site: site.to_path_buf(),
            format: Format::resolve(args.format),
            color,
            deny: args.deny.is_some(),
        }
    }

    fn checked(&self, checked: &Checked) {
        self.diagnostics(&checked.files, &checked.diagnostics, summary(checked));
    }

    fn diagnostics(&self, files: &SourceMap, diags: &[Diagnostic], summary: String) {
        match self.format {
            Format::Human => {
                diagnostics::emit(files, diags, self.color);
                eprintln!("{summary}");
            }
            Format::Json => {
                let doc = report::json(self.command, &self.site, files, diags, summary);
                println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
            }
            Format::Github => {
                print!("{}", report::github(files, diags));
                println!("{summary}");
            }
        }
    }

    /// Reports a problem that stops the command before the site is checked, and returns the
    /// failing exit code.
    fn fail(&self, d: Diagnostic) -> ExitCode {
        let diags = [d];
        let summary = format!("{} `{}`: 1 error", self.command, self.site.display());
        self.diagnostics(&SourceMap::default(), &diags, summary);
        ExitCode::from(1)
    }
}

/// `stratsite init`: writes a new site and says what to do next.
fn init(dir: &Path, color: ColorChoice) -> ExitCode {
    let written = match today(None).and_then(|t| crate::init::init(dir, t)) {
        Ok(w) => w,
        Err(d) => return fail(d, color),
    };
    for (p, how) in &written {
        match how {
            crate::init::Written::Created => eprintln!("created {}", p.display()),
            crate::init::Written::CreatedAtRepository { site } => eprintln!(
                "created {} at the root of the repository, where GitHub reads workflows; it builds `{site}`",
                p.display()
            ),
            crate::init::Written::Extended(lines) => eprintln!(
                "added {} to {}",
                lines
                    .iter()
                    .map(|l| format!("`{l}`"))
                    .collect::<Vec<_>>()
                    .join(" and "),
                p.display()
            ),
        }
    }
    let site = dir.display();
    eprintln!(
        "\nnext:\n  stratsite serve --watch {site}   # see the site in your browser as you edit\n  stratsite check {site}           # check the strategy and its lints\n  stratsite build {site}           # write the site into {site}/public\n\nedit {site}/stratsite.toml; the format is described in docs/format.md of stratsite's repository"
    );
    ExitCode::SUCCESS
}

/// "checked `site`: 14 entries in 2 files, no problems" or the error and warning counts.
pub fn summary(checked: &Checked) -> String {
    let (errors, warnings) = diagnostics::count(&checked.diagnostics);
    let site = checked.root.display();
    let entries = checked.strategy.as_ref().map_or(0, |s| s.entries().len());
    let files = checked.files.ids().len();
    let problems = match (errors, warnings) {
        (0, 0) => "no problems".to_owned(),
        (e, w) => [plural(e, "error"), plural(w, "warning")]
            .into_iter()
            .filter(|s| !s.starts_with('0'))
            .collect::<Vec<_>>()
            .join(", "),
    };
    format!(
        "checked `{site}`: {} in {}, {problems}",
        plural(entries, "entry"),
        plural(files, "file")
    )
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, w) => format!("1 {w}"),
        (n, "entry") => format!("{n} entries"),
        (n, w) => format!("{n} {w}s"),
    }
}

/// Lets other commands report a problem that has no place in a file.
pub fn fail(message: Diagnostic, color: ColorChoice) -> ExitCode {
    diagnostics::emit(&Default::default(), &[message], color);
    ExitCode::from(1)
}
