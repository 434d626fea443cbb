//! `docs/themes.md` against what templates really receive: every value a template is given is
//! documented, and every documented value is given.
//!
//! The real values come from a build, not from the code: the fixture `build/rendered` is built
//! with each page template replaced by one that writes out the paths of its whole context
//! (Tera's `__tera_context`), so what is compared is exactly what a theme author's template
//! would see, whichever Rust type produced it. The documented values are read from the bullets
//! and tables of `docs/themes.md` (see `documented`).

use std::collections::{BTreeMap, BTreeSet};

use crate::site_test::SiteTest;

/// Tera that writes one line per path of the value `var`, down to `depth` levels: `.site.title`,
/// `.themes[].serves[].kind`, and `!too-deep PATH` where a map lies deeper. The two branches (a
/// map's keys, an array's items) nest, so the text doubles with each level; eight levels reach
/// every value stratsite gives today.
fn walk(var: &str, path: &str, depth: usize) -> String {
    if depth == 0 {
        return format!(
            "{{% if {var} is map %}}!too-deep {path}\n{{% elif {var} is array %}}\
             {{% for e in {var} %}}{{% if e is map %}}!too-deep {path}[]\n{{% endif %}}\
             {{% endfor %}}{{% endif %}}"
        );
    }
    let (k, v, e) = (
        format!("k{depth}"),
        format!("v{depth}"),
        format!("e{depth}"),
    );
    let key_path = format!("{path}.{{{{ {k} }}}}");
    format!(
        "{{% if {var} is map %}}{{% for {k}, {v} in {var} %}}{key_path}\n{}{{% endfor %}}\
         {{% elif {var} is array %}}{{% for {e} in {var} %}}{}{{% endfor %}}{{% endif %}}",
        walk(&v, &key_path, depth - 1),
        walk(&e, &format!("{path}[]"), depth - 1),
    )
}

const TEMPLATES: [&str; 18] = [
    "index.html",
    "print.html",
    "objective.html",
    "theme.html",
    "commitment.html",
    "commitments.html",
    "ideas.html",
    "non-goals.html",
    "assumptions.html",
    "signals.html",
    "changes.html",
    "entries.html",
    "map.html",
    "tags.html",
    "tag.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
];

/// Every path of the context each template receives, building `build/rendered` with each page
/// template replaced by one that writes out its context.
fn real_paths() -> BTreeMap<&'static str, BTreeSet<String>> {
    let dump = format!("{{% set ctx = __tera_context %}}{}", walk("ctx", "", 8));
    let mut site = SiteTest::from_fixture("build/rendered");
    for t in TEMPLATES {
        site = site.file(&format!("templates/{t}"), &dump);
    }
    // A history, so that the pages that show one receive its items: the site committed, then
    // a target moved in a second commit.
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
            .args(args)
            .current_dir(site.site())
            .output()
            .expect("run git");
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "Strategy"]);
    site.change_file("stratsite.toml", "target = 45", "target = 50");
    git(&["commit", "-q", "-am", "Target moved"]);
    site.build();
    let mut out: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for (rel, bytes) in crate::common::read_tree(&site.out()) {
        let template = match rel.as_str() {
            "feed.xml" => "atom.xml",
            r if r.starts_with("objectives/") => "objective.html",
            r if r.starts_with("themes/") => "theme.html",
            r if r.starts_with("commitments/") => "commitment.html",
            r if r.starts_with("tags/") => "tag.html",
            r => match TEMPLATES.iter().find(|t| **t == r) {
                Some(t) => t,
                None => continue,
            },
        };
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text.contains("!too-deep"),
            "{rel}: values nest deeper than the walk goes; give `walk` another level:\n{text}"
        );
        out.entry(template)
            .or_default()
            .extend(text.lines().map(|l| l.trim_start_matches('.').to_owned()));
    }
    for t in TEMPLATES {
        assert!(out.contains_key(t), "no page was rendered with {t}");
    }
    out
}

/// What each documented object is made of: `(object, keys)` from the bullets
/// `- **object** …: \`key\` (explanation), \`key\` …` of docs/themes.md, and
/// `("template NAME", keys)` from its table of templates. A key is a backticked name outside
/// parentheses; backticked words inside parentheses are values or explanations.
fn documented() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string("docs/themes.md").unwrap();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut bullets: Vec<(String, String)> = Vec::new();
    let mut bullet: Option<(String, String)> = None;
    let flush = |b: &mut Option<(String, String)>, bullets: &mut Vec<(String, String)>| {
        bullets.extend(b.take());
    };
    let mut templates: Vec<(String, String)> = Vec::new();
    let mut heading = "";
    for line in doc.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            heading = h;
        }
        if let Some(rest) = line.strip_prefix("- **") {
            flush(&mut bullet, &mut bullets);
            if let Some((name, text)) = rest.split_once("**") {
                bullet = Some((name.to_owned(), text.to_owned()));
            }
        } else if line.starts_with("  ") && bullet.is_some() {
            if let Some((_, text)) = bullet.as_mut() {
                text.push(' ');
                text.push_str(line.trim());
            }
        } else {
            flush(&mut bullet, &mut bullets);
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let name = cells
                .get(1)
                .and_then(|c| c.strip_prefix('`'))
                .and_then(|c| c.strip_suffix('`'));
            // `| \`root\` | what it is |` under "Values every page receives".
            if let (true, Some(name)) = (heading == "Values every page receives", name) {
                out.entry("every page".into())
                    .or_default()
                    .insert(name.to_owned());
            }
            // `| \`index.html\` | \`index.html\` | extra values |`
            if cells.len() == 5 && cells[1].starts_with('`') && cells[1].ends_with('`') {
                let name = cells[1].trim_matches('`');
                if TEMPLATES.contains(&name) {
                    templates.push((name.to_owned(), cells[3].to_owned()));
                }
            }
        }
    }
    flush(&mut bullet, &mut bullets);
    for (name, text) in bullets {
        out.entry(name)
            .or_default()
            .extend(keys_outside_parentheses(&text));
    }
    for (name, mut text) in templates {
        let everything = "everything `index.html` gets";
        if let Some(rest) = text.strip_prefix(everything) {
            let mut index = out["template index.html"].clone();
            // "… gets but `x`": all of it but the keys named before the next comma.
            let rest = match rest.strip_prefix(" but ") {
                Some(but) => {
                    let (named, after) = but.split_once(',').unwrap_or((but, ""));
                    for k in keys_outside_parentheses(named) {
                        index.retain(|x| *x != k);
                    }
                    after
                }
                None => rest,
            };
            out.entry(format!("template {name}"))
                .or_default()
                .extend(index);
            text = rest.to_owned();
        }
        out.entry(format!("template {name}"))
            .or_default()
            .extend(keys_outside_parentheses(&text));
    }
    out
}

/// The backticked names in `text` that are not inside parentheses.
fn keys_outside_parentheses(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let (mut depth, mut in_code, mut current) = (0usize, false, String::new());
    for c in text.chars() {
        match c {
            '`' if in_code => {
                in_code = false;
                let is_name = !current.is_empty()
                    && current
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if depth == 0 && is_name {
                    keys.push(std::mem::take(&mut current));
                }
                current.clear();
            }
            '`' => in_code = true,
            c if in_code => current.push(c),
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    keys
}

/// The objects of docs/themes.md that the workspace's front page receives, which
/// [`the_workspace_front_page_receives_what_is_documented`] checks.
const WORKSPACE_OBJECTS: [&str; 10] = [
    "workspace front page",
    "workspace site",
    "workspace page",
    "north star",
    "contributor",
    "metric in brief",
    "team",
    "parent site",
    "work item",
    "status count",
];

/// The documented objects a real object is made of: an objective is an entry and an
/// objective; a commitment page's `entry` is an entry, a card and a commitment.
fn parts(object: &str) -> Vec<&str> {
    match object {
        "objective" | "theme" | "idea" | "non_goal" | "assumption" | "risk" | "constraint"
        | "signal" | "change" | "commitment card" => vec!["entry", object],
        "commitment" => vec!["entry", "commitment card", "commitment"],
        o => vec![o],
    }
}

/// The documented object a value holding maps is: by where it is (`key` in `parent`).
fn object_of(template: &str, parent: &str, key: &str) -> Option<&'static str> {
    Some(match (parent, key) {
        ("template", "site") => "site",
        ("template", "page") => "page",
        ("template", "entry") => match template {
            "objective.html" => "objective",
            "theme.html" => "theme",
            "commitment.html" => "commitment",
            _ => return None,
        },
        ("template", "theme_entry") | ("template", "themes") => "theme",
        ("template", "objectives") => "objective",
        ("template", "now" | "next" | "commitments") => "commitment card",
        ("template", "ideas") => "idea",
        ("template", "non_goals") => "non_goal",
        ("template", "assumptions") => "assumption",
        ("template", "risks") => "risk",
        ("template", "constraints") => "constraint",
        ("template", "signals") => "signal",
        ("template", "changes") => "change",
        ("template", "groups" | "tiers") => "status group",
        ("template", "letters") => "letter",
        ("template", "tags") => "tag",
        ("template", "map") => "map",
        ("template", "embed") => "embed",
        ("template", "entries") | ("letter", "entries") => "link",
        (_, "tag_links") => "tag link",
        ("site", "nav") => "nav item",
        ("site", "counts") => "counts",
        ("objective", "metrics") | ("commitment card" | "commitment", "metric") => "metric",
        ("metric", "readings") => "reading",
        ("metric", "signals") => "metric signal",
        ("signal", "watch") => "signal watch",
        ("objective" | "commitment", "history") => "history",
        ("objective" | "theme" | "status group", "commitments" | "cards") => "commitment card",
        ("objective", "themes")
        | ("theme", "serves" | "ideas")
        | ("commitment card" | "commitment", "theme" | "objectives" | "depends_on" | "context")
        | ("commitment card" | "commitment", "themes")
        | ("idea", "theme" | "themes")
        | ("assumption" | "risk" | "constraint" | "signal" | "change", "affects") => "link",
        (_, "links") => "tracker link",
        _ => return None,
    })
}

/// The keys each (template, object) really has, from the paths a build wrote out: for the
/// template itself, `("template", keys)`.
fn real_keys() -> BTreeMap<(&'static str, &'static str), BTreeSet<String>> {
    let mut out: BTreeMap<(&'static str, &'static str), BTreeSet<String>> = BTreeMap::new();
    for (template, paths) in real_paths() {
        let mut at: BTreeMap<String, &'static str> = BTreeMap::new();
        at.insert(String::new(), "template");
        // Paths come sorted, so a value's own path comes before those of its keys.
        for path in &paths {
            let (parent_path, key) = match path.rsplit_once('.') {
                Some((p, k)) => (p.to_owned(), k),
                None => (String::new(), path.as_str()),
            };
            let Some(&parent) = at.get(parent_path.trim_end_matches("[]")) else {
                panic!("{template}: no documented object holds `{path}`");
            };
            out.entry((template, parent))
                .or_default()
                .insert(key.to_owned());
            let child_paths = [path.clone(), format!("{path}[]")];
            let holds_maps = paths
                .iter()
                .any(|p| child_paths.iter().any(|c| p.starts_with(&format!("{c}."))));
            if holds_maps {
                let Some(object) = object_of(template, parent, key) else {
                    panic!(
                        "{template}: `{path}` holds values, but the test does not know which \
                         object of docs/themes.md it is; add it to `object_of`"
                    );
                };
                at.insert(path.clone(), object);
            }
        }
    }
    out
}

#[test]
fn every_value_a_template_receives_is_documented_and_every_documented_one_exists() {
    let doc = documented();
    let real = real_keys();
    // (object, key) -> the templates where it is missing, to say each once.
    let mut missing: BTreeMap<(String, String), BTreeSet<&str>> = BTreeMap::new();
    let mut problems = Vec::new();
    // Everything real is documented...
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for ((template, object), keys) in &real {
        let (name, documented): (String, BTreeSet<String>) = if *object == "template" {
            let name = format!("template {template}");
            let mut d = doc.get(&name).cloned().unwrap_or_default();
            d.extend(doc.get("every page").cloned().unwrap_or_default());
            (name, d)
        } else {
            let d = parts(object)
                .iter()
                .flat_map(|p| doc.get(*p).cloned().unwrap_or_default())
                .collect();
            (object.to_string(), d)
        };
        for k in keys {
            if !documented.contains(k) {
                missing
                    .entry((name.clone(), k.clone()))
                    .or_default()
                    .insert(template);
            }
        }
        let seen_as = if *object == "template" {
            vec![name.clone(), "every page".to_owned()]
        } else {
            parts(object).iter().map(|p| p.to_string()).collect()
        };
        for s in seen_as {
            seen.entry(s).or_default().extend(keys.iter().cloned());
        }
    }
    for ((name, k), templates) in missing {
        let on: Vec<&str> = templates.into_iter().collect();
        problems.push(format!(
            "`{k}` of {name} is not documented (given on {})",
            on.join(", ")
        ));
    }
    // ...and everything documented is real somewhere.
    for (object, keys) in &doc {
        if WORKSPACE_OBJECTS.contains(&object.as_str()) {
            continue;
        }
        let Some(real_keys) = seen.get(object) else {
            problems.push(format!(
                "docs/themes.md documents `{object}`, which no template receives"
            ));
            continue;
        };
        for k in keys.difference(real_keys) {
            problems.push(format!(
                "docs/themes.md documents `{k}` of {object}, which no template receives"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/themes.md is out of date:\n{}",
        problems.join("\n")
    );
}

/// The workspace's front page and its one-pager, `workspace.html` and `workspace-print.html`,
/// against their part of docs/themes.md: the example workspace (three teams, one aligned to a
/// parent published elsewhere) built with both templates replaced by one that writes out its
/// context.
#[test]
fn the_workspace_front_page_receives_what_is_documented() {
    let dump = format!("{{% set ctx = __tera_context %}}{}", walk("ctx", "", 8));
    let site = SiteTest::from_fixture("example-org")
        .file("templates/workspace.html", &dump)
        .file("templates/workspace-print.html", &dump);
    site.build();
    let text = site.read("index.html");
    assert!(!text.contains("!too-deep"), "{text}");
    let paths = |t: &str| t.lines().map(str::to_owned).collect::<BTreeSet<String>>();
    assert_eq!(
        paths(&site.read("print.html")),
        paths(&text),
        "the one-pager receives what the front page does"
    );
    // Which documented object a path's last key belongs to, by the path above it.
    let object = |parent: &str| -> &'static str {
        let last = parent.rsplit('.').next().unwrap_or("");
        match last.trim_end_matches("[]") {
            "" => "workspace front page",
            "site" => "workspace site",
            "page" => "workspace page",
            "north_stars" => "north star",
            "contributors" => "contributor",
            "metrics" => "metric in brief",
            "teams" => "team",
            "parents" => "parent site",
            "work" => "work item",
            "by_status" => "status count",
            other => panic!("workspace.html: no documented object holds `{other}`"),
        }
    };
    let mut real: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for path in text.lines().map(|l| l.trim_start_matches('.')) {
        let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
        real.entry(object(parent))
            .or_default()
            .insert(key.to_owned());
    }
    let doc = documented();
    let mut problems = Vec::new();
    for name in WORKSPACE_OBJECTS {
        let documented = doc.get(name).cloned().unwrap_or_default();
        let given = real.get(name).cloned().unwrap_or_default();
        for k in given.difference(&documented) {
            problems.push(format!("`{k}` of {name} is not documented"));
        }
        for k in documented.difference(&given) {
            problems.push(format!(
                "docs/themes.md documents `{k}` of {name}, which workspace.html does not receive"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/themes.md is out of date for workspace.html:\n{}",
        problems.join("\n")
    );
}
