//! One function per command that checks or writes a site; each returns the exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::ReportArgs;
use super::env::Env;
use super::reporter::{Reporter, fail};
use crate::check::timed;
use crate::output::{Staging, check_output_dir};
use crate::pipeline::build_workspace;
use crate::site::Options;

/// `stratsite check`: loads, validates and lints, and reports.
pub fn check(
    env: &Env,
    site: &Path,
    as_of: Option<&str>,
    since: Option<&str>,
    report: &ReportArgs,
) -> ExitCode {
    let rep = Reporter::new("check", site, report, env);
    let dates = match env.dates(as_of) {
        Ok(d) => d,
        Err(d) => return rep.fail(d),
    };
    let mut ws = crate::workspace::check(site, dates, since);
    if report.deny.is_some() {
        ws.deny_warnings();
    }
    rep.workspace(&ws);
    if ws.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// What `build` was asked to do.
pub struct BuildArgs {
    pub site: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub as_of: Option<String>,
    pub timings: bool,
    /// Whether the new site may replace files in the output that stratsite did not write.
    pub overwrite: bool,
}

/// `stratsite build`: checks, renders into a staging folder and swaps it into place.
pub fn build(env: &Env, args: &BuildArgs, report: &ReportArgs) -> ExitCode {
    let started = Instant::now();
    let site = args.site.as_path();
    let rep = Reporter::new("build", site, report, env);
    let dates = match env.dates(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(d) => return rep.fail(d),
    };
    let base_url = args.base_url.clone();
    let timings = args.timings;
    let out_dir = args.output.clone().unwrap_or_else(|| site.join("public"));
    if let Err(d) = check_output_dir(site, &out_dir, env.home.as_deref()) {
        return rep.fail(d);
    }
    // Whether there is a previous output to keep: a failed build says so only when there is.
    let existed = out_dir.exists();
    let staging = Staging::new(&out_dir).overwrite(args.overwrite);
    for note in staging.notes() {
        eprintln!("note: {note}");
    }
    // The history the pages show; without one (no repository, a shallow clone) they show none,
    // and `check` has said why in a note.
    let history = crate::history::site::site_history(site)
        .ok()
        .map(std::sync::Arc::new);
    let options = Options {
        dates,
        base_url,
        history,
        workspace: None,
    };
    let mut ws = crate::workspace::check(site, dates, None);
    let built = build_workspace(&mut ws, &options, report.deny.is_some(), &staging);
    // Swapped into place before the report, so that the report covers a failed swap too.
    let mut swap_failed = false;
    let stats = match built {
        Some(stats) => match timed(&mut ws.timings, "swap", || staging.commit()) {
            Ok(()) => Some(stats),
            Err(d) => {
                ws.push(d);
                swap_failed = true;
                None
            }
        },
        None => {
            drop(staging);
            None
        }
    };
    rep.workspace(&ws);
    if timings {
        let ms = |took: &std::time::Duration| format!("{:.1} ms", took.as_secs_f64() * 1000.0);
        if ws.is_workspace() {
            // Each member's steps summed by name, in the order they ran; then the workspace's.
            let mut summed: Vec<(&str, std::time::Duration)> = Vec::new();
            for (step, took) in ws.members.iter().flat_map(|m| m.checked.timings.iter()) {
                match summed.iter_mut().find(|(s, _)| s == step) {
                    Some((_, total)) => *total += *took,
                    None => summed.push((step, *took)),
                }
            }
            let members: Vec<String> = summed
                .iter()
                .map(|(step, took)| format!("{step} {}", ms(took)))
                .collect();
            let own: Vec<String> = ws
                .timings
                .iter()
                .map(|(step, took)| format!("{step} {}", ms(took)))
                .collect();
            eprintln!(
                "timings: {} (each summed over the {} members, which are rendered in parallel); workspace: {}",
                members.join(", "),
                ws.members.len(),
                own.join(", ")
            );
        } else {
            let steps: Vec<String> = ws
                .members
                .iter()
                .flat_map(|m| m.checked.timings.iter())
                .chain(ws.timings.iter())
                .map(|(step, took)| format!("{step} {}", ms(took)))
                .collect();
            eprintln!("timings: {}", steps.join(", "));
        }
    }
    let Some(stats) = stats else {
        if !swap_failed {
            let what = if existed {
                "is unchanged"
            } else {
                "was not created"
            };
            eprintln!("nothing was written; `{}` {what}", out_dir.display());
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

/// `stratsite serve`: runs until stopped, or reports why it could not start.
pub fn serve(env: &Env, opts: crate::serve::ServeOptions) -> ExitCode {
    match crate::serve::serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => fail(d, env.color),
    }
}

/// `stratsite init`: writes a new site and says what to do next.
pub fn init(
    env: &Env,
    dir: &Path,
    workflow: bool,
    workspace: bool,
    team: Option<&str>,
) -> ExitCode {
    let (written, not_a_member) = match env.today(None).and_then(|t| match (team, workspace) {
        (Some(name), _) => crate::init::init_team(dir, t, name),
        (None, true) => crate::init::init_workspace(dir, t, workflow).map(|w| (w, None)),
        (None, false) => crate::init::init(dir, t, workflow).map(|w| (w, None)),
    }) {
        Ok(w) => w,
        Err(d) => return fail(d, env.color),
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
    if let Some(entry) = &not_a_member {
        eprintln!(
            "warning: `{entry}` is not one of the workspace's members yet, so it is not checked or built with them\n  = help: add \"{entry}\" to `members` under `[workspace]` in {}",
            dir.join(crate::load::SITE_FILE).display()
        );
    }
    // A new team is edited in its own folder.
    let edited = match written.first() {
        Some((p, _)) if team.is_some() => p.display().to_string(),
        _ => format!("{}/stratsite.toml", dir.display()),
    };
    let site = dir.display();
    eprintln!(
        "\nnext:\n  stratsite serve --watch {site}   # see the site in your browser as you edit\n  stratsite check {site}           # check the strategy and its lints\n  stratsite build {site}           # write the site into {site}/public\n\nedit {edited}; the format is described at {}",
        crate::init::format_url!()
    );
    if !workflow && team.is_none() {
        eprintln!("\n{}", crate::init::PUBLISH_BOTH);
    }
    ExitCode::SUCCESS
}
