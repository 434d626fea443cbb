//! A workspace from one input: its root `stratsite.toml`, and after each NUL byte the next of
//! `org/stratsite.toml`, `teams/a/stratsite.toml` and the pinned parent copy
//! `teams/a/vendor/parent.json` (a missing part is an empty file). Checking and building the
//! members, their alignment and the organisation's pages must never panic, and unless a member
//! allows raw HTML no page may hold anything that runs script.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const PARTS: [&str; 4] = [
    "stratsite.toml",
    "org/stratsite.toml",
    "teams/a/stratsite.toml",
    "teams/a/vendor/parent.json",
];

fn workspace_folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("stratsite-fuzz-ws-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("org")).expect("make the organisation's folder");
        std::fs::create_dir_all(dir.join("teams/a/vendor")).expect("make the team's folder");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = workspace_folder();
    let mut parts = data.split(|b| *b == 0);
    for name in PARTS {
        let part = parts.next().unwrap_or(&[]);
        std::fs::write(dir.join(name), part).expect("write a part of the workspace");
    }
    let (pages, allow_html) = stratsite::fuzzing::build_workspace(dir);
    if !allow_html {
        for (path, html) in &pages {
            if let Some(found) = stratsite::fuzzing::executable(html) {
                panic!("{path} holds {found}");
            }
        }
    }
});
