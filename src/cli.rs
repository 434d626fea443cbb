//! The command line: parses arguments with clap and runs the chosen command.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::ColorChoice;

use crate::build::{build_site, today};
use crate::check::{Checked, check};
use crate::diagnostics::{self, Diagnostic};
use crate::output::{Staging, check_output_dir};
use crate::plan::Options;

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

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load and validate a site, reporting every problem with its file, line and column.
    Check {
        /// The site folder (the one holding stratsite.toml).
        #[arg(default_value = ".")]
        site: PathBuf,
    },
    /// Check the site, then render it into a folder ready to publish (e.g. on GitHub Pages).
    Build {
        /// The site folder (the one holding stratsite.toml).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Where to write the site [default: SITE/public].
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Publish at this address instead of `[site] base_url` (used for canonical links, the
        /// feed and the sitemap).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// The date to treat as today for progress and overdue marks (YYYY-MM-DD) [default:
        /// SOURCE_DATE_EPOCH, else today].
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
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
}

/// Runs the command line and returns the process exit code: 0 success, 1 problems found, 2
/// usage errors (from clap).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = color_choice(cli.color);
    match cli.command {
        Command::Check { site } => {
            let checked = check(&site);
            report(&checked, color);
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
        } => build(&site, output, base_url, as_of.as_deref(), color),
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
    }
}

fn build(
    site: &Path,
    output: Option<PathBuf>,
    base_url: Option<String>,
    as_of: Option<&str>,
    color: ColorChoice,
) -> ExitCode {
    let started = Instant::now();
    let as_of = match today(as_of) {
        Ok(d) => d,
        Err(d) => return fail(d, color),
    };
    if let Some(url) = &base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return fail(
            Diagnostic::error(format!("--base-url `{url}` is not an absolute web address"))
                .help("write it with its scheme, e.g. `https://acme.github.io/strategy/`"),
            color,
        );
    }
    let out_dir = output.unwrap_or_else(|| site.join("public"));
    if let Err(d) = check_output_dir(site, &out_dir) {
        return fail(d, color);
    }
    let staging = Staging::new(&out_dir);
    let built = build_site(site, &Options { as_of, base_url }, &staging);
    diagnostics::emit(&built.checked.files, &built.checked.diagnostics, color);
    let Some(stats) = built.stats else {
        drop(staging);
        eprintln!("{}", summary(&built.checked));
        eprintln!("nothing was written; `{}` is unchanged", out_dir.display());
        return ExitCode::from(1);
    };
    if let Err(d) = staging.commit() {
        return fail(d, color);
    }
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

/// Prints the diagnostics and a one-line summary to stderr.
fn report(checked: &Checked, color: ColorChoice) {
    diagnostics::emit(&checked.files, &checked.diagnostics, color);
    eprintln!("{}", summary(checked));
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
