//! The command line, and only it: the clap types, the environment read once ([`env`]), one
//! function per command ([`commands`]) and how problems are reported ([`reporter`]). Nothing
//! below this module imports it; the library takes every setting as a value.

mod commands;
mod diff;
mod env;
mod reporter;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::formats::Format;

/// Turn a strategy written in TOML into a website that tells the team why the work matters.
#[derive(Parser, Debug)]
#[command(
    name = "stratsite",
    version,
    about,
    propagate_version = true,
    after_help = concat!("The format of the strategy files: ", crate::init::format_url!())
)]
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
    pub format: Option<FormatArg>,
}

/// `--format`: how problems are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Rustc-style text on stderr, in colour on a terminal.
    Human,
    /// One JSON document on stdout (see "Output formats" in the README).
    Json,
    /// GitHub Actions workflow commands on stdout, shown as annotations.
    Github,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        }
    }
}

/// `diff --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A status line, a tally, a table and the rest collapsed: for a pull-request comment.
    Markdown,
    /// One JSON document.
    Json,
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
        /// Compare with this revision for moved goalposts (lint `moved-goalpost`) [default:
        /// the last commit that changed nothing in the strategy].
        #[arg(long, value_name = "REV")]
        since: Option<String>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Show what changed in the strategy between two revisions: entries added, removed,
    /// retitled and moved, status changes, and moved targets and deadlines (those no
    /// `[[change]]` names first), as Markdown for a pull request or as JSON.
    Diff {
        /// `A..B` (e.g. `main..HEAD`), or one revision to compare with the files on disk.
        range: String,
        /// The site folder (the one holding stratsite.toml).
        #[arg(default_value = ".", value_hint = clap::ValueHint::DirPath)]
        site: PathBuf,
        /// The output [default: markdown]. Under GitHub Actions the Markdown is also added to
        /// the job summary.
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
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
        /// Print how long each step took (load, validate, lint, history, templates, plan, render,
        /// swap).
        #[arg(long)]
        timings: bool,
        /// Let the new site replace files in the output folder that stratsite did not write,
        /// where it has files of the same name (without it, such a build is refused; other
        /// files that stratsite did not write, such as `.git`, are always kept).
        #[arg(long)]
        overwrite: bool,
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
        /// Serve the site as `build --as-of DATE` would write it (YYYY-MM-DD) [default:
        /// SOURCE_DATE_EPOCH, else today].
        #[arg(long, value_name = "DATE", value_parser = date_argument)]
        as_of: Option<String>,
        /// Serve the site as `build --base-url URL` would write it: its pages under the URL's
        /// path, with canonical links, the feed and the sitemap at the URL.
        #[arg(long, value_name = "URL", value_parser = base_url_argument)]
        base_url: Option<String>,
    },
    /// Create a new site: a commented stratsite.toml with one entry of every kind, its editor
    /// schema, a .gitignore and the GitHub Pages workflow. Never overwrites a file; an existing
    /// .gitignore gets the lines it lacks added at its end.
    Init {
        /// The folder to create the site in (created if missing).
        #[arg(default_value = ".", value_hint = clap::ValueHint::DirPath)]
        dir: PathBuf,
        /// Leave out the GitHub Pages workflow: for a second site in a repository that already
        /// publishes one.
        #[arg(long)]
        no_workflow: bool,
        /// Start a workspace: one site built from the organisation's strategy (`org/`) and its
        /// teams' (`teams/*`).
        #[arg(long, conflicts_with = "team")]
        workspace: bool,
        /// Add the team NAME to the workspace in the folder: `teams/NAME/stratsite.toml`.
        #[arg(long, value_name = "NAME")]
        team: Option<String>,
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

/// The command line's definition, for completions, the manual page and documentation.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// Runs the command line and returns the process exit code: 0 success, 1 problems found, 2
/// usage errors (from clap).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let env = env::Env::read(cli.color);
    match cli.command {
        Command::Check {
            site,
            as_of,
            since,
            report,
        } => commands::check(&env, &site, as_of.as_deref(), since.as_deref(), &report),
        Command::Diff {
            range,
            site,
            format,
        } => diff::diff(&env, &site, &range, format),
        Command::Build {
            site,
            output,
            base_url,
            as_of,
            timings,
            overwrite,
            report,
        } => commands::build(
            &env,
            &commands::BuildArgs {
                site,
                output,
                base_url,
                as_of,
                timings,
                overwrite,
            },
            &report,
        ),
        Command::Serve {
            site,
            port,
            bind,
            watch,
            open,
            as_of,
            base_url,
        } => commands::serve(
            &env,
            crate::serve::ServeOptions {
                site,
                bind,
                port,
                watch,
                open,
                color: env.color,
                today: env.clock(as_of),
                base_url,
            },
        ),
        Command::Init {
            dir,
            no_workflow,
            workspace,
            team,
        } => commands::init(&env, &dir, !no_workflow, workspace, team.as_deref()),
        Command::Schema => {
            print!("{}", crate::export::schema::schema_json());
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
                Err(e) => reporter::fail(
                    crate::diagnostics::Diagnostic::error(format!(
                        "cannot write the manual page: {e}"
                    )),
                    env.color,
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
    crate::check::site::base_url_problem(text)
        .map(|()| text.to_owned())
        .map_err(|why| {
            format!("not the address of a site: {why} (e.g. https://acme.github.io/strategy/)")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        <Cli as clap::CommandFactory>::command().debug_assert();
    }
}
