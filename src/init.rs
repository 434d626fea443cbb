//! `stratsite init`: a new site that checks clean and builds at once, with the GitHub Pages
//! workflow and the editor schema beside it.

use std::path::{Path, PathBuf};

use jiff::ToSpan;
use jiff::civil::Date;

use crate::diagnostics::Diagnostic;
use crate::export::schema::{SCHEMA_FILE, schema_json};
use crate::load::SITE_FILE;

/// The address of the format reference, docs/format.md of the repository named in Cargo.toml.
#[macro_export]
macro_rules! format_url {
    () => {
        concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/format.md")
    };
}
pub use format_url;

const SITE_TEMPLATE: &str = include_str!("scaffold/stratsite.toml");
/// The same workflow the README and docs/github-pages.yml publish.
const WORKFLOW: &str = include_str!("../docs/github-pages.yml");
/// How one repository publishes two sites: GitHub Pages serves one folder per repository.
pub const PUBLISH_BOTH: &str = "GitHub Pages publishes one folder per repository: to publish both sites, have the existing workflow build the second into a folder of the first's output, with its own address, e.g. `stratsite build SECOND --output public/SECOND --base-url https://OWNER.github.io/REPO/SECOND/`";

/// Where GitHub looks for the workflow.
pub const WORKFLOW_PATH: &str = ".github/workflows/pages.yml";

const GITIGNORE: &str = ".gitignore";
const GITIGNORE_COMMENT: &str = "# The built site (`stratsite build`), and the folders a build writes beside it until it is\n# complete.";
/// What a site's `.gitignore` leaves out of the repository.
const IGNORED: [&str; 2] = ["public/", ".public.stratsite-*/"];

/// What `init` did to one file.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Created,
    /// The workflow, at the root of the repository the site is a folder of (GitHub reads
    /// workflows only there), building that folder.
    CreatedAtRepository {
        site: String,
    },
    /// An existing `.gitignore` that lacked these lines got them at its end.
    Extended(Vec<&'static str>),
}

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
        .replace("@TODAY@", &date(0))
        .replace("@NEXT_QUARTER@", &next_quarter(today));
    vec![
        (SITE_FILE, site),
        (SCHEMA_FILE, schema_json()),
        (
            GITIGNORE,
            format!("{GITIGNORE_COMMENT}\n{}\n", IGNORED.join("\n")),
        ),
        (WORKFLOW_PATH, WORKFLOW.to_owned()),
    ]
}

/// The sample strategy as a member of a workspace, `depth` folders below its root: the schema
/// line pointing up to the root's schema, a `[team]` table, and its objective aligned to the
/// organisation's when it has a parent.
fn member_site(today: Date, depth: usize, id: &str, name: &str, parent: Option<&str>) -> String {
    let site = files(today)
        .into_iter()
        .find(|(rel, _)| *rel == SITE_FILE)
        .map(|(_, text)| text)
        .unwrap_or_default();
    let schema = format!("#:schema {}{SCHEMA_FILE}", "../".repeat(depth));
    let parent_line = parent.map_or(String::new(), |p| format!("parent = \"{p}\"\n"));
    let team = format!(
        "# Who this strategy belongs to. Its objectives are referred to as `{id}:ID` by the other\n# strategies of the workspace.\n[team]\nid = \"{id}\"\nname = \"{name}\"\nmission = \"What {name} is for, in a line.\"\n{parent_line}\n"
    );
    let mut site = site
        .replacen("#:schema ./stratsite.schema.json", &schema, 1)
        .replacen(
            "title = \"Checkout team strategy\"",
            &format!("title = \"{name}: strategy\""),
            1,
        )
        .replacen(
            "description = \"Why the Checkout team works on what it works on, and what it will not do.\"",
            &format!("description = \"Why {name} works on what it works on, and what it will not do.\""),
            1,
        )
        // An owner that is the team itself checks clean where the workspace asks for declared
        // owners, and reads as the team's name on the pages.
        .replacen(
            "owner = \"Sam\"                 # or a list: [\"Sam\", \"Ines\"]",
            &format!("owner = \"{id}\"  # a person declared under [workspace.people], a team's id, or any name; or a list"),
            1,
        )
        .replacen(
            "# North-star objective:",
            &format!("{team}# North-star objective:"),
            1,
        );
    if let Some(p) = parent {
        site = site.replacen(
            "id = \"finish-the-order\"\n",
            &format!("id = \"finish-the-order\"\n# The objective of `{p}` this one moves.\naligns_to = [\"{p}:finish-the-order\"]\n"),
            1,
        );
    }
    site
}

/// The root of a new workspace: the organisation's strategy in `org/`, and teams in `teams/`.
const WORKSPACE_ROOT: &str = "#:schema ./stratsite.schema.json
#
# A workspace: one site built from several strategies, the organisation's (org/) and its
# teams' (teams/*, added with `stratsite init --team NAME`). Each member folder is a complete
# strategy that checks and builds alone; `stratsite check` here checks them together, with the
# alignment of the teams' objectives to the organisation's. See docs/format.md#workspace-several-strategies-in-one-site.

[workspace]
title = \"Our organisation: strategy\"
base_url = \"https://example.github.io/strategy/\"
members = [\"org\", \"teams/*\"]
";

/// Writes a new workspace into `dir`: its root `stratsite.toml`, the organisation's strategy in
/// `org/`, the schema, `.gitignore` and the workflow (which builds the whole workspace).
pub fn init_workspace(
    dir: &Path,
    today: Date,
    workflow: bool,
) -> Result<Vec<(PathBuf, Written)>, Diagnostic> {
    let mut files = files(today);
    for (rel, text) in &mut files {
        if *rel == SITE_FILE {
            *text = WORKSPACE_ROOT.to_owned();
        }
    }
    files.push((
        "org/stratsite.toml",
        member_site(today, 1, "org", "The organisation", None),
    ));
    write_new(dir, files, workflow)
}

/// What `init` wrote, each file with how.
pub type Files = Vec<(PathBuf, Written)>;

/// Adds the team `name` to the workspace in `dir`: `FOLDER/NAME/stratsite.toml`, where FOLDER is
/// the folder the members' first `FOLDER/*` looks in (else `teams`), a strategy whose parent is
/// the organisation's (`org`) when the workspace has one. With it, the entry to add to
/// `members` when none names the new folder.
pub fn init_team(
    dir: &Path,
    today: Date,
    name: &str,
) -> Result<(Files, Option<String>), Diagnostic> {
    if !crate::util::text::is_slug(name) {
        // "Data Platform" -> "data-platform": the id the name suggests.
        let words: Vec<String> = name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        let example = if words.is_empty() {
            "payments".to_owned()
        } else {
            words.join("-")
        };
        return Err(Diagnostic::error(format!("`{name}` cannot be a team's id"))
            .help(format!("name the team in lowercase words joined by hyphens, e.g. `stratsite init --team {example}`; its `[team] name` can say it in full")));
    }
    if !crate::workspace::is_root(dir) {
        return Err(Diagnostic::error(format!(
            "`{}` is not a workspace root, so a team cannot be added to it",
            dir.display()
        ))
        .help("run it in the folder whose `stratsite.toml` has `[workspace]` (start one with `stratsite init --workspace`)"));
    }
    let parent = dir.join("org").join(SITE_FILE).is_file().then_some("org");
    let entries: Vec<String> = std::fs::read_to_string(dir.join(SITE_FILE))
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| {
            let members = t.get("workspace")?.get("members")?.as_array()?.clone();
            Some(
                members
                    .iter()
                    .filter_map(|m| m.as_str().map(str::to_owned))
                    .collect(),
            )
        })
        .unwrap_or_default();
    let (under, covered) = crate::workspace::team_folder(&entries, name);
    let folder = dir.join(&under).join(name);
    let path = folder.join(SITE_FILE);
    if path.exists() {
        return Err(
            Diagnostic::error(format!("`{}` already exists", path.display()))
                .help("choose another name: init never overwrites a file")
                .note("nothing was written"),
        );
    }
    let depth = under.split('/').count() + 1;
    let text = member_site(today, depth, name, name, parent);
    std::fs::create_dir_all(&folder)
        .and_then(|()| {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
        })
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|e| Diagnostic::error(format!("cannot write `{}`: {e}", path.display())))?;
    let missing = (!covered).then(|| format!("{under}/{name}"));
    Ok((vec![(path, Written::Created)], missing))
}

/// Writes a new site into `dir` (created if needed) and returns the paths written. Writes
/// nothing if any of the files already exists, except a `.gitignore`: that one gets the lines
/// it lacks added at its end.
pub fn init(
    dir: &Path,
    today: Date,
    workflow: bool,
) -> Result<Vec<(PathBuf, Written)>, Diagnostic> {
    write_new(dir, files(today), workflow)
}

fn write_new(
    dir: &Path,
    files: Vec<(&'static str, String)>,
    workflow: bool,
) -> Result<Vec<(PathBuf, Written)>, Diagnostic> {
    if dir.exists() && !dir.is_dir() {
        return Err(
            Diagnostic::error(format!("`{}` exists and is not a folder", dir.display()))
                .help("pass a new or existing folder to create the site in"),
        );
    }
    let mut files = files;
    if !workflow {
        files.retain(|(rel, _)| *rel != WORKFLOW_PATH);
    }
    // An existing `.gitignore` is added to, so it must be a file that can be read.
    let gitignore = dir.join(GITIGNORE);
    let gitignore_text = match std::fs::symlink_metadata(&gitignore) {
        Err(_) => None,
        Ok(m) if m.is_file() => match std::fs::read(&gitignore) {
            Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) => {
                return Err(Diagnostic::error(format!(
                    "cannot read `{}`: {e}",
                    gitignore.display()
                ))
                .help("init adds the lines it needs to an existing .gitignore, so it must be able to read it")
                .note("nothing was written"));
            }
        },
        Ok(_) => {
            return Err(Diagnostic::error(format!(
                "`{}` exists and is not a file",
                gitignore.display()
            ))
            .help("init adds the lines it needs to .gitignore: move the folder or link away, or choose another folder")
            .note("nothing was written"));
        }
    };
    // In a folder of a repository, the workflow goes to the repository's root.
    let repository = repository_of(dir);
    let files: Vec<(&'static str, PathBuf, String)> = files
        .into_iter()
        .map(|(rel, text)| match (&repository, rel) {
            (Some((root, site)), WORKFLOW_PATH) => (rel, root.join(rel), workflow_building(site)),
            _ => (rel, dir.join(rel), text),
        })
        .collect();
    let existing: Vec<String> = files
        .iter()
        .filter(|(rel, _, _)| *rel != GITIGNORE)
        .filter(|(_, path, _)| path.exists())
        .map(|(_, path, _)| format!("`{}`", path.display()))
        .collect();
    let workflow_exists = files
        .iter()
        .any(|(rel, path, _)| *rel == WORKFLOW_PATH && path.exists());
    if workflow_exists && existing.len() == 1 {
        let path = &existing[0];
        return Err(Diagnostic::error(format!(
            "not creating a site in `{}`: the repository already has a Pages workflow, {path}",
            dir.display()
        ))
        .help(format!(
            "add this site without one: `stratsite init --no-workflow {}`",
            dir.display()
        ))
        .note(PUBLISH_BOTH)
        .note("nothing was written"));
    }
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
    let mut written: Vec<(PathBuf, Written)> = Vec::new();
    for (rel, path, text) in files {
        let created = match (&repository, rel) {
            (Some((_, site)), WORKFLOW_PATH) => Written::CreatedAtRepository { site: site.clone() },
            _ => Written::Created,
        };
        let result = if let (GITIGNORE, Some(existing)) = (rel, &gitignore_text) {
            extend_gitignore(&path, existing).map(|added| {
                if !added.is_empty() {
                    written.push((path.clone(), Written::Extended(added)));
                }
            })
        } else {
            path.parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| {
                    std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&path)
                })
                .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
                .map(|()| written.push((path.clone(), created)))
        };
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
                                .map(|(p, _)| format!("`{}`", p.display()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                ),
            );
        }
    }
    Ok(written)
}

/// The root of the git repository `dir` is a folder of (not its own root), and the path from
/// that root to `dir` with `/` between folders.
fn repository_of(dir: &Path) -> Option<(PathBuf, String)> {
    let clean = crate::util::paths::lexically_absolute(dir);
    if clean.join(".git").exists() {
        return None;
    }
    let root = clean
        .ancestors()
        .skip(1)
        .find(|a| a.join(".git").exists())?;
    let site = clean
        .strip_prefix(root)
        .ok()?
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Some((root.to_path_buf(), site))
}

/// The Pages workflow for a site in the folder `site` of the repository.
fn workflow_building(site: &str) -> String {
    let output = format!("{site}/public");
    // Plain YAML scalars where they can be, else single-quoted (`''` is a quote inside).
    let yaml = |s: &str| match s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
    {
        true => s.to_owned(),
        false => format!("'{}'", s.replace('\'', "''")),
    };
    WORKFLOW
        .replace("site: .\n", &format!("site: {}\n", yaml(site)))
        .replace("output: public\n", &format!("output: {}\n", yaml(&output)))
        .replace("path: public\n", &format!("path: {}\n", yaml(&output)))
}

/// Adds the lines a site needs to an existing `.gitignore` whose text is `text`, keeping what
/// is there; returns the lines added (none when it has them all). A line counts as present
/// when it ignores the same folder (`public`, `/public/`), or un-ignores it (`!public/`), which
/// is the author's choice to keep.
fn extend_gitignore(path: &Path, text: &str) -> std::io::Result<Vec<&'static str>> {
    let folder = |line: &str| {
        let line = line.trim();
        let line = line.strip_prefix('!').unwrap_or(line);
        line.trim_matches('/').to_owned()
    };
    let present: Vec<String> = text.lines().map(folder).collect();
    let missing: Vec<&'static str> = IGNORED
        .into_iter()
        .filter(|want| !present.contains(&folder(want)))
        .collect();
    if missing.is_empty() {
        return Ok(missing);
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut addition = String::new();
    if !text.is_empty() {
        if !text.ends_with('\n') {
            addition.push_str(newline);
        }
        addition.push_str(newline);
    }
    addition.push_str(&GITIGNORE_COMMENT.replace('\n', newline));
    for line in &missing {
        addition.push_str(newline);
        addition.push_str(line);
    }
    addition.push_str(newline);
    let mut f = std::fs::OpenOptions::new().append(true).open(path)?;
    std::io::Write::write_all(&mut f, addition.as_bytes())?;
    Ok(missing)
}

/// The quarter after the one three months from `today`, as written in a period: `2027-Q3`.
/// Beyond a 6-week horizon, so it reads as the work of a later tier.
fn next_quarter(today: Date) -> String {
    let later = today
        .checked_add(jiff::Span::new().months(4))
        .unwrap_or(today);
    format!("{}-Q{}", later.year(), (later.month() - 1) / 3 + 1)
}
