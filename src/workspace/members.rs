//! The member folders a workspace root names: each entry of `members` a folder relative to the
//! root, where a `*` (or `?`) in a part of the path matches folder names there. A name that
//! leads nowhere is an error at the entry, with the nearest folder as a suggestion.

use std::path::{Component, Path};

use crate::diagnostics::{Diagnostic, closest, did_you_mean};
use crate::load::SITE_FILE;
use crate::model::WorkspaceConfig;
use crate::source::FileId;

/// The member folders, relative to `root` with `/`, each once, in the order `members` names
/// them (a pattern's matches in name order).
pub fn expand(
    root: &Path,
    file: FileId,
    config: &WorkspaceConfig,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if config.members.is_empty() {
        diags.push(
            Diagnostic::error("a workspace names no members")
                .at(file, 0..0, "`[workspace]` has no `members`")
                .help("list the strategy folders, e.g. `members = [\"org\", \"teams/*\"]`"),
        );
    }
    for entry in &config.members {
        let written = entry
            .get_ref()
            .trim_start_matches("./")
            .trim_end_matches('/');
        let span = entry.span();
        let path = Path::new(written);
        let escapes = written.is_empty()
            || written == "."
            || path.is_absolute()
            || path
                .components()
                .any(|c| !matches!(c, Component::Normal(_)));
        if escapes {
            diags.push(
                Diagnostic::error(format!(
                    "the member `{}` is not a folder inside the workspace",
                    entry.get_ref()
                ))
                .at(file, span, "not a folder below this one")
                .help("name a folder below the workspace root, such as `\"org\"` or `\"teams/*\"`"),
            );
            continue;
        }
        let mut problem = None;
        let matched = matches(root, written, &mut problem);
        if let Some((at, missing)) = problem {
            let whole = if at.is_empty() {
                missing.clone()
            } else {
                format!("{at}/{missing}")
            };
            let near: Vec<String> = subfolders(&root.join(&at))
                .into_iter()
                .map(|n| {
                    if at.is_empty() {
                        n
                    } else {
                        format!("{at}/{n}")
                    }
                })
                .collect();
            let help = did_you_mean(&closest(&whole, near.iter().map(String::as_str)))
                .unwrap_or_else(|| {
                    format!(
                        "create `{whole}/{SITE_FILE}`, a strategy with a `[team]`, or fix the path"
                    )
                });
            diags.push(
                Diagnostic::error(format!("the member folder `{whole}` does not exist"))
                    .at(file, span, "no such folder")
                    .help(help),
            );
            continue;
        }
        if matched.is_empty() {
            diags.push(
                Diagnostic::error(format!("`{written}` matches no folder"))
                    .at(file, span, "matches nothing")
                    .help("create a team folder there (`stratsite init --team NAME`), or remove the entry"),
            );
            continue;
        }
        let inside = std::fs::canonicalize(root).ok();
        for dir in matched {
            // A member reached through a link must stay inside the workspace, as every file a
            // site reads does.
            let real = std::fs::canonicalize(root.join(&dir)).ok();
            if let (Some(inside), Some(real)) = (&inside, &real)
                && !real.starts_with(inside)
            {
                diags.push(
                    Diagnostic::error(format!(
                        "the member folder `{dir}` is a link to `{}`, outside the workspace",
                        real.display()
                    ))
                    .at(file, span.clone(), "leads out of the workspace")
                    .help(
                        "move the strategy into the workspace folder, or name a folder inside it",
                    ),
                );
                continue;
            }
            if !root.join(&dir).join(SITE_FILE).is_file() {
                let via = if dir == written {
                    String::new()
                } else {
                    format!(", matched by `{written}`,")
                };
                diags.push(
                    Diagnostic::error(format!("the member folder `{dir}`{via} has no `{SITE_FILE}`"))
                        .at(file, span.clone(), "names a folder that is not a strategy")
                        .help(format!(
                            "add a `{SITE_FILE}` with `[site]` and `[team]` to `{dir}` (`stratsite init --team NAME` writes one), or name only strategy folders"
                        )),
                );
                continue;
            }
            if root.join(&dir).join(SITE_FILE) == root.join(SITE_FILE) {
                continue;
            }
            if !out.contains(&dir) {
                out.push(dir);
            }
        }
    }
    out
}

/// Where `stratsite init --team` puts a new team in the workspace whose `members` are
/// `entries`: in the folder of the first entry that is a folder and `/*` (`departments/*`), else
/// in `teams/`; and whether the new folder `FOLDER/NAME` is then a member.
pub fn team_folder(entries: &[String], name: &str) -> (String, bool) {
    let folder = entries
        .iter()
        .map(|e| e.trim_start_matches("./").trim_end_matches('/'))
        .find_map(|e| {
            e.strip_suffix("/*")
                .filter(|f| !f.is_empty() && !f.contains(['*', '?']))
        })
        .unwrap_or("teams")
        .to_owned();
    let path = format!("{folder}/{name}");
    let covered = entries.iter().any(|e| {
        let e = e.trim_start_matches("./").trim_end_matches('/');
        let (parts, names): (Vec<&str>, Vec<&str>) =
            (e.split('/').collect(), path.split('/').collect());
        parts.len() == names.len() && parts.iter().zip(&names).all(|(p, n)| glob(p, n))
    });
    (folder, covered)
}

/// The folders below `root` that `pattern` names. When a literal part of it does not exist,
/// `problem` gets the path before that part and the part.
fn matches(root: &Path, pattern: &str, problem: &mut Option<(String, String)>) -> Vec<String> {
    let mut found = vec![String::new()];
    for part in pattern.split('/').filter(|p| !p.is_empty()) {
        let mut next = Vec::new();
        for at in &found {
            let dir = if at.is_empty() {
                root.to_path_buf()
            } else {
                root.join(at)
            };
            let join = |name: &str| {
                if at.is_empty() {
                    name.to_owned()
                } else {
                    format!("{at}/{name}")
                }
            };
            if part.contains(['*', '?']) {
                next.extend(
                    subfolders(&dir)
                        .into_iter()
                        .filter(|name| glob(part, name))
                        .map(|name| join(&name)),
                );
            } else if dir.join(part).is_dir() {
                next.push(join(part));
            } else if found.len() == 1 {
                *problem = Some((at.clone(), part.to_owned()));
                return Vec::new();
            }
        }
        found = next;
    }
    found
}

/// The folders in `dir` by name, in name order, hidden ones left out.
fn subfolders(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// Whether `name` matches `pattern`, where `*` is any run of characters and `?` any one.
fn glob(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    // Positions to come back to after a `*`: the classic two-pointer match.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn a_new_team_goes_where_the_members_glob_looks() {
        let entries = |e: &[&str]| e.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            super::team_folder(&entries(&["centre", "departments/*"]), "health"),
            ("departments".to_owned(), true)
        );
        assert_eq!(
            super::team_folder(&entries(&["org", "teams/a"]), "b"),
            ("teams".to_owned(), false)
        );
        assert_eq!(
            super::team_folder(&entries(&["org", "teams/a", "teams/b"]), "b"),
            ("teams".to_owned(), true)
        );
    }

    #[test]
    fn globs_match_folder_names() {
        assert!(glob("*", "payments"));
        assert!(glob("team-*", "team-search"));
        assert!(!glob("team-*", "search"));
        assert!(glob("t?am", "team"));
        assert!(glob("*s", "payments"));
        assert!(!glob("*s", "payment"));
        assert!(glob("a*b*c", "aXbYc"));
    }
}
