//! `stratsite init`: a new site that checks clean and builds at once, with the GitHub Pages
//! workflow and the editor schema beside it.

use std::path::{Path, PathBuf};

use jiff::ToSpan;
use jiff::civil::Date;

use crate::diagnostics::Diagnostic;
use crate::load::SITE_FILE;
use crate::schema::{SCHEMA_FILE, schema_json};

const SITE_TEMPLATE: &str = include_str!("scaffold/stratsite.toml");
/// The same workflow the README and docs/github-pages.yml publish.
const WORKFLOW: &str = include_str!("../docs/github-pages.yml");
/// Where GitHub looks for the workflow.
pub const WORKFLOW_PATH: &str = ".github/workflows/pages.yml";

/// The files a new site is made of, relative to its folder, with their contents. Dates in the
/// sample strategy are set around `today` so that it is current when it is written.
pub fn files(today: Date) -> Vec<(&'static str, String)> {
    let date = |days: i64| today.checked_add(days.days()).unwrap_or(today).to_string();
    let site = SITE_TEMPLATE
        .replace("@SINCE@", &date(-30))
        .replace("@BY@", &date(180))
        .replace("@DUE@", &date(21))
        .replace("@REVIEW@", &date(28))
        .replace("@SIGNAL_REVIEW@", &date(42))
        .replace("@TODAY@", &date(0));
    vec![
        (SITE_FILE, site),
        (SCHEMA_FILE, schema_json()),
        (
            ".gitignore",
            "# The built site (`stratsite build`), and the folders a build writes beside it until it is\n# complete.\npublic/\n.public.stratsite-*/\n".to_owned(),
        ),
        (WORKFLOW_PATH, WORKFLOW.to_owned()),
    ]
}

/// Writes a new site into `dir` (created if needed) and returns the paths written. Writes
/// nothing if any of the files already exists.
pub fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists() && !dir.is_dir() {
        return Err(
            Diagnostic::error(format!("`{}` exists and is not a folder", dir.display()))
                .help("pass a new or existing folder to create the site in"),
        );
    }
    let files = files(today);
    let existing: Vec<String> = files
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| p.exists())
        .map(|p| format!("`{}`", p.display()))
        .collect();
    if !existing.is_empty() {
        return Err(Diagnostic::error(format!(
            "not creating a site in `{}`: {} already exist{}",
            dir.display(),
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        ))
        .help("init never overwrites a file; move it away, or choose another folder: `stratsite init NEW-FOLDER`")
        .note("nothing was written"));
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
            })
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        if let Err(e) = result {
            return Err(
                Diagnostic::error(format!("cannot write `{}`: {e}", path.display())).note(
                    if written.is_empty() {
                        "nothing was written".to_owned()
                    } else {
                        format!(
                            "already written: {}",
                            written
                                .iter()
                                .map(|p: &PathBuf| format!("`{}`", p.display()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                ),
            );
        }
        written.push(path);
    }
    Ok(written)
}
