//! The environment, read once when the command line starts and handed down as values: the
//! colour choice, whether this runs in GitHub Actions, `SOURCE_DATE_EPOCH` and the home folder.
//! Nothing below the command line reads the environment.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use codespan_reporting::term::termcolor::ColorChoice;

use super::{Color, FormatArg};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::formats::Format;

/// What the process was started with.
#[derive(Clone)]
pub struct Env {
    pub color: ColorChoice,
    /// `GITHUB_ACTIONS=true`: report problems as workflow commands unless told otherwise.
    pub github_actions: bool,
    /// `SOURCE_DATE_EPOCH`, for reproducible builds.
    pub source_date_epoch: Option<OsString>,
    /// The home folder, which `build` never replaces.
    pub home: Option<PathBuf>,
    /// `GITHUB_STEP_SUMMARY` inside GitHub Actions: the file `diff` adds its Markdown to.
    pub step_summary: Option<PathBuf>,
}

impl Env {
    /// Reads the environment once.
    pub fn read(color: Color) -> Env {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match color {
            Color::Always => ColorChoice::Always,
            Color::Never => ColorChoice::Never,
            Color::Auto if no_color || !std::io::stderr().is_terminal() => ColorChoice::Never,
            Color::Auto => ColorChoice::Auto,
        };
        let github_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
        Env {
            color,
            github_actions,
            step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|p| github_actions && !p.is_empty())
                .map(PathBuf::from),
            source_date_epoch: std::env::var_os("SOURCE_DATE_EPOCH"),
            home: std::env::var_os("HOME").map(PathBuf::from),
        }
    }

    /// The format asked for, else `github` inside GitHub Actions, else `human`.
    pub fn format(&self, chosen: Option<FormatArg>) -> Format {
        match chosen {
            Some(f) => f.into(),
            None if self.github_actions => Format::Github,
            None => Format::Human,
        }
    }

    /// The build's "today": `--as-of`, else `SOURCE_DATE_EPOCH`, else the clock (UTC).
    pub fn today(&self, as_of: Option<&str>) -> Result<jiff::civil::Date, Diagnostic> {
        if let Some(a) = as_of {
            return crate::model::parse_date(a)
                .map(|d| d.0)
                .map_err(|m| Diagnostic::error(format!("--as-of: {m}")));
        }
        if let Some(epoch) = &self.source_date_epoch {
            let text = epoch.to_string_lossy();
            let secs: i64 = text.trim().parse().map_err(|_| {
                Diagnostic::error(format!(
                    "SOURCE_DATE_EPOCH is `{text}`, not a number of seconds"
                ))
                .help("set it to a Unix timestamp, e.g. `$(git log -1 --format=%ct)`, or unset it")
            })?;
            return jiff::Timestamp::from_second(secs)
                .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
                .map_err(|e| Diagnostic::error(format!("SOURCE_DATE_EPOCH is out of range: {e}")));
        }
        Ok(jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date())
    }

    /// The days a run is dated by: `--as-of` (which wins over `[site] as_of`) or the build's
    /// own day, and the build's own day (`SOURCE_DATE_EPOCH`, else the clock).
    pub fn dates(&self, as_of: Option<&str>) -> Result<crate::check::Dates, Diagnostic> {
        let built_on = self.today(None)?;
        Ok(crate::check::Dates {
            as_of: match as_of {
                Some(_) => self.today(as_of)?,
                None => built_on,
            },
            given: as_of.is_some(),
            built_on,
        })
    }

    /// The days a server builds by, asked again at every rebuild (a server may run past
    /// midnight), as [`Env::dates`] finds them.
    pub fn clock(&self, as_of: Option<String>) -> crate::serve::Clock {
        let env = self.clone();
        Arc::new(move || env.dates(as_of.as_deref()))
    }
}
