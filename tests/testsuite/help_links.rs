//! Help lines send readers to the exact section of the docs: every `docs/format.md#anchor` and
//! `docs/lints.md#anchor` written in `src/` is the anchor of a heading of that page, by GitHub's
//! rules for heading anchors.

use std::collections::BTreeSet;
use std::path::Path;

/// The anchors GitHub gives the headings of a Markdown page: the text lowercased, without
/// punctuation but `-` and `_`, spaces turned into `-`; a repeated heading gets `-1`, `-2`, ….
fn anchors(page: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_code = false;
    for line in page.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code || !line.starts_with('#') {
            continue;
        }
        let text = line.trim_start_matches('#');
        if !text.starts_with(' ') {
            continue;
        }
        let slug: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut candidate = slug.clone();
        let mut n = 0;
        while !out.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{slug}-{n}");
        }
    }
    out
}

/// Every `PAGE#anchor` written in the Rust files under `dir`, with the file it is in.
fn links_in(dir: &Path, page: &str, found: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            links_in(&path, page, found);
            continue;
        }
        if path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let needle = format!("{page}#");
        for (at, _) in text.match_indices(&needle) {
            let anchor: String = text[at + needle.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            found.push((path.display().to_string(), anchor));
        }
    }
}

#[test]
fn every_docs_anchor_in_the_source_is_a_heading_of_its_page() {
    for page in ["format.md", "lints.md"] {
        let headings = anchors(&std::fs::read_to_string(Path::new("docs").join(page)).unwrap());
        let mut found = Vec::new();
        links_in(Path::new("src"), page, &mut found);
        assert!(
            page != "format.md" || found.len() > 30,
            "the help lines link sections of {page}: {found:?}"
        );
        let broken: Vec<String> = found
            .iter()
            .filter(|(_, anchor)| !headings.contains(anchor))
            .map(|(file, anchor)| format!("{file}: {page}#{anchor}"))
            .collect();
        assert!(
            broken.is_empty(),
            "no heading of docs/{page} has these anchors:\n{}\n(the anchors are {headings:?})",
            broken.join("\n")
        );
    }
}

#[test]
fn anchors_follow_githubs_rules() {
    let page = "# The format\n## `[site]`: site settings\n### Non-goal\n```\n# not a heading\n```\n## Editor support: the `#:schema` line\n### Links\n### Links\n";
    let got: Vec<String> = anchors(page).into_iter().collect();
    assert_eq!(
        got,
        [
            "editor-support-the-schema-line",
            "links",
            "links-1",
            "non-goal",
            "site-site-settings",
            "the-format",
        ]
    );
}

#[test]
fn a_wrong_type_and_a_bad_date_point_at_the_section_of_their_value() {
    let site = crate::site_test::SiteTest::from_fixture("lints/stale-commitment").file(
        "strategy/more.toml",
        "[[commitment]]\nid = \"more\"\ntitle = \"More\"\ntheme = \"instant-search\"\nowner = 7\ndue = \"next friday\"\neffort = \"huge\"\n",
    );
    let out = site.run(&["check"]).failure().stderr();
    for help in [
        "see docs/format.md#one-or-a-list for the type each key takes",
        "see docs/format.md#dates",
        "error: `huge` is not an allowed value here",
    ] {
        assert!(out.contains(help), "{help}:\n{out}");
    }
    assert!(
        out.contains("3 errors"),
        "three broken keys, three diagnostics:\n{out}"
    );
}
