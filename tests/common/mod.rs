//! Helpers shared by the integration tests: running the binary and reading built sites.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `stratsite` binary with colour off.
pub fn stratsite(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stratsite"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run stratsite")
}

/// Builds `site` into `out` as of a fixed date; panics with the output if it fails.
pub fn build(site: &Path, out: &Path) {
    build_with(site, out, &[]);
}

/// Like [`build`], with more arguments.
pub fn build_with(site: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "build",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-21",
    ];
    args.extend_from_slice(extra);
    let o = stratsite(&args);
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every file under `dir`, relative path -> bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A temporary copy of a site folder: (the temporary folder, the site inside it).
pub fn site_copy(from: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(Path::new(from), &site);
    (tmp, site)
}

/// Copies a folder recursively (to make broken variants of a fixture).
pub fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in read_tree(from) {
        if rel.starts_with("public/") {
            continue;
        }
        let p: PathBuf = to.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

/// The values of an attribute (`href`, `src`, `id`) in generated HTML, which always quotes
/// attributes with `"`.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

/// Resolves a relative URL against the page it appears on: `("commitments/a.html",
/// "../themes/b.html#x")` -> `("themes/b.html", Some("x"))`.
pub fn resolve(page: &str, href: &str) -> (String, Option<String>) {
    let (path, frag) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (href, None),
    };
    if path.is_empty() {
        return (page.to_owned(), frag);
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    (parts.join("/"), frag)
}
