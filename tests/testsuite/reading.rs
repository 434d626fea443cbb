//! Finding an entry in a built site: the search index and box in every page's header, the A–Z
//! list of every entry (the search box's page without JavaScript), and the tag pages.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The rows of `search-index.js`, parsed back as JSON: `[page, kind, title, tags, words]`.
fn index_rows(out: &Path) -> (Vec<String>, Vec<serde_json::Value>) {
    let js = read(out, "search-index.js");
    let json = js
        .split_once("window.stratsiteSearch=")
        .map(|(_, r)| r.trim_end().trim_end_matches(';'))
        .expect("the index assigns window.stratsiteSearch");
    let doc: serde_json::Value = serde_json::from_str(json).expect("the index is JSON");
    assert_eq!(doc["version"], 1);
    let kinds = doc["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_owned())
        .collect();
    (kinds, doc["entries"].as_array().unwrap().clone())
}

#[test]
fn the_search_index_lists_every_entry_with_its_page_title_tags_and_words() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build(Path::new("example-site"), &out);
    let (kinds, rows) = index_rows(&out);
    assert_eq!(kinds[2], "Commitment");
    let json: serde_json::Value = serde_json::from_str(&read(&out, "strategy.json")).unwrap();
    let lists = [
        "objectives",
        "themes",
        "commitments",
        "ideas",
        "non_goals",
        "assumptions",
        "risks",
        "constraints",
        "signals",
        "changes",
    ];
    let total: usize = lists
        .iter()
        .map(|l| json[l].as_array().unwrap().len())
        .sum();
    assert_eq!(rows.len(), total, "one row per entry");
    let row = rows
        .iter()
        .find(|r| r[0] == "commitments/slot-full-recovery.html")
        .expect("a commitment's row points at its page");
    assert_eq!(kinds[row[1].as_u64().unwrap() as usize], "Commitment");
    assert_eq!(
        row[2],
        "When a slot fills anyway, offer the nearest free one in one tap"
    );
    assert_eq!(row[3], "slots");
    let words: Vec<&str> = row[4].as_str().unwrap().split(' ').collect();
    // A word of its why, not of its title; the title's own words and common words are left out.
    assert!(words.contains(&"van"), "{words:?}");
    assert!(
        !words.contains(&"slot") && !words.contains(&"the"),
        "{words:?}"
    );
    assert!(words.len() <= 40);
    // Every row's page exists (kinds without pages point at their anchor on a section page).
    for r in &rows {
        let page = r[0].as_str().unwrap();
        let file = page.split('#').next().unwrap();
        assert!(out.join(file).is_file(), "{page}");
    }
}

#[test]
fn every_page_has_a_search_box_that_without_javascript_opens_the_a_to_z_list() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build(Path::new("example-site"), &out);
    for (page, root) in [
        ("index.html", ""),
        ("commitments/slot-full-recovery.html", "../"),
        ("tags/slots.html", "../"),
    ] {
        let html = read(&out, page);
        assert!(
            html.contains(&format!(
                "<form class=\"site-search\" role=\"search\" action=\"{root}entries.html\" data-root=\"{root}\">"
            )),
            "{page}"
        );
        assert!(html.contains(&format!("<script src=\"{root}assets/search.js\" defer>")));
        assert!(html.contains("<label class=\"visually-hidden\" for=\"site-search-input\">"));
        assert!(html.contains(&format!("href=\"{root}entries.html\">Every entry, A–Z</a>")));
    }
    let script = read(&out, "assets/search.js");
    assert!(
        script.len() < 8 * 1024,
        "a small script: {} bytes",
        script.len()
    );
    assert!(script.contains("aria-activedescendant") && script.contains("search-index.js"));
}

#[test]
fn the_a_to_z_list_has_every_entry_once_by_title_under_its_letter() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build(Path::new("example-site"), &out);
    let html = read(&out, "entries.html");
    let (_, rows) = index_rows(&out);
    let main = html.split("<main").nth(1).unwrap();
    let main = main.split("</main>").next().unwrap();
    let links: Vec<&str> = common::attr_values(main, "href")
        .into_iter()
        .filter(|h| !h.starts_with('#'))
        .collect();
    let expected: BTreeSet<&str> = rows.iter().map(|r| r[0].as_str().unwrap()).collect();
    let unique: BTreeSet<&str> = links
        .iter()
        .copied()
        .filter(|h| *h != "tags.html")
        .collect();
    assert_eq!(unique, expected, "every entry is listed");
    assert_eq!(
        links.len(),
        unique.len() + 1,
        "each once, and the tag index"
    );
    // Letters in order, each a heading the letter bar links to.
    let a = html.find("<h2 id=\"letter-a\">A</h2>").expect("letter A");
    let s = html.find("<h2 id=\"letter-s\">S</h2>").expect("letter S");
    assert!(a < s);
    assert!(html.contains("<li><a href=\"#letter-s\">S</a></li>"));
    // Within a letter, titles are in alphabetical order.
    let section = &html[s..];
    let section = &section[..section.find("</section>").unwrap()];
    let titles: Vec<String> = section
        .split("\">")
        .skip(1)
        .filter_map(|t| t.split("</a>").next())
        .filter(|t| !t.contains('<'))
        .map(str::to_lowercase)
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
}

#[test]
fn each_tag_has_a_page_listing_its_entries_linked_from_their_chips() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build(Path::new("example-site"), &out);
    let tag = read(&out, "tags/slots.html");
    assert!(tag.contains("<h1 dir=\"auto\">slots</h1>"));
    for c in [
        "slot-picker-on-basket",
        "hold-slot-for-checkout",
        "slot-full-recovery",
    ] {
        assert!(
            tag.contains(&format!("href=\"../commitments/{c}.html\"")),
            "{c}"
        );
    }
    assert!(!tag.contains("href=\"../commitments/wallets-on-web.html\""));
    let page = read(&out, "commitments/slot-picker-on-basket.html");
    assert!(page.contains("<a class=\"tag\" href=\"../tags/slots.html\">slots</a>"));
    assert!(page.contains("<a class=\"tag\" href=\"../tags/web.html\">web</a>"));
    let index = read(&out, "tags.html");
    assert!(index.contains("<a class=\"tag\" href=\"tags/slots.html\">slots</a>"));
    // The tag index and every tag page are in the sitemap.
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("/tags.html</loc>") && sitemap.contains("/tags/slots.html</loc>"));
}

#[test]
fn tags_that_share_a_slug_keep_a_page_each() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build(Path::new("tests/fixtures/build/tag-clash"), &out);
    // Sorted, "Mobile web" comes before "mobile-web": it keeps the slug.
    let first = read(&out, "tags/mobile-web.html");
    let second = read(&out, "tags/mobile-web-2.html");
    assert!(first.contains("<h1 dir=\"auto\">Mobile web</h1>"));
    assert!(second.contains("<h1 dir=\"auto\">mobile-web</h1>"));
    assert!(first.contains("objectives/faster-orders.html"));
    assert!(!first.contains("themes/quick-receipts.html"));
    assert!(second.contains("themes/quick-receipts.html"));
    // The commitment carries both, each chip to its own page.
    let c = read(&out, "commitments/send-from-edge.html");
    assert!(c.contains("href=\"../tags/mobile-web.html\">Mobile web</a>"));
    assert!(c.contains("href=\"../tags/mobile-web-2.html\">mobile-web</a>"));
    // A tag of no letters still gets a page; Émail files under E.
    assert!(read(&out, "tags/tag.html").contains("<h1 dir=\"auto\">!!!</h1>"));
    let az = read(&out, "entries.html");
    let e = az.find("id=\"letter-e\"").unwrap();
    assert!(az[e..].contains("Émail receipts arrive at once"));
    // The theme's prose word is in the index.
    let (_, rows) = index_rows(&out);
    assert!(rows.iter().any(|r| r[0] == "themes/quick-receipts.html"
        && r[4].as_str().unwrap().split(' ').any(|w| w == "zanzibar")));
}

#[test]
fn a_site_without_tags_has_no_tag_index() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build(Path::new("tests/fixtures/check/valid-minimal"), &out);
    assert!(!out.join("tags.html").exists());
    assert!(!read(&out, "index.html").contains("tags.html"));
    assert!(out.join("entries.html").is_file());
}

/// The `href`s of an HTML fragment's links, in order.
fn hrefs(html: &str) -> Vec<&str> {
    common::attr_values(html, "href")
}

/// The strategy map's drawing on a page.
fn map_svg(html: &str) -> &str {
    let start = html.find("<svg class=\"map\"").expect("a map");
    let svg = &html[start..];
    &svg[..svg.find("</svg>").unwrap()]
}

#[test]
fn the_map_draws_every_objective_theme_and_commitment_as_a_link_with_the_same_list_beside() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build(Path::new("example-site"), &out);
    let html = read(&out, "map.html");
    let svg = map_svg(&html);
    let list = &html[html.find("<details class=\"map-list\">").unwrap()..];
    let list = &list[..list.find("</details>").unwrap()];
    let json: serde_json::Value = serde_json::from_str(&read(&out, "strategy.json")).unwrap();
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for (list_name, folder) in [
        ("objectives", "objectives"),
        ("themes", "themes"),
        ("commitments", "commitments"),
    ] {
        for e in json[list_name].as_array().unwrap() {
            expected.insert(format!("{folder}/{}.html", e["id"].as_str().unwrap()));
        }
    }
    let drawn: BTreeSet<String> = hrefs(svg).into_iter().map(str::to_owned).collect();
    assert_eq!(
        drawn, expected,
        "one node per objective, theme and commitment"
    );
    let listed: BTreeSet<String> = hrefs(list).into_iter().map(str::to_owned).collect();
    assert_eq!(listed, expected, "the list has what the drawing has");
    // Every node is named by its title and state; status and progress are shown.
    assert!(svg.contains(
        "<a href=\"commitments/hold-slot-for-checkout.html\" class=\"map-node map-in-progress\"><title>Hold the chosen slot for 20 minutes while the shopper pays — In progress · due 2026-12-11</title>"
    ));
    assert!(svg.contains("class=\"map-node map-done\""));
    assert!(
        svg.contains("% of the way · "),
        "objectives show their progress"
    );
    assert!(svg.contains("class=\"map-fill\""));
    // The example's two dependencies are drawn as arrows.
    assert_eq!(svg.matches("class=\"map-dep\"").count(), 2);
    assert!(list.contains("; after <a href=\"commitments/hold-slot-for-checkout.html\">"));
    // Text is cut to fit its box, never left to overflow.
    assert!(svg.contains('…'));
    // The same input draws the same bytes.
    let again = tmp.path().join("again");
    common::build(Path::new("example-site"), &again);
    assert_eq!(read(&again, "map.html"), html);
    assert!(read(&out, "index.html").contains("href=\"map.html\">Strategy map</a>"));
}

#[test]
fn a_theme_page_maps_its_own_commitments() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    common::build(Path::new("example-site"), &out);
    let html = read(&out, "themes/slots-first.html");
    let svg = map_svg(&html);
    let drawn: Vec<&str> = hrefs(svg);
    assert_eq!(
        drawn,
        [
            "../objectives/finish-the-order.html",
            "../themes/slots-first.html",
            "../commitments/slot-picker-on-basket.html",
            "../commitments/hold-slot-for-checkout.html",
            "../commitments/slot-full-recovery.html",
        ]
    );
}

/// A strategy of `n` commitments over `themes` themes and 3 objectives, every fifth depending
/// on the one before.
fn many_commitments(dir: &Path, n: usize, themes: usize) {
    let mut toml = String::from(
        "[site]\ntitle = \"Many\"\nbase_url = \"https://example.org/many/\"\nhorizon = \"52 weeks\"\n",
    );
    for o in 0..3 {
        toml.push_str(&format!(
            "\n[[objective]]\nid = \"objective-{o}\"\ntitle = \"Objective {o}\"\nwhy = \"Why.\"\nmetric = {{ name = \"m\", unit = \"%\", baseline = 10, current = 20, target = 50, since = 2026-01-01, by = 2027-06-30 }}\n"
        ));
    }
    for t in 0..themes {
        toml.push_str(&format!(
            "\n[[theme]]\nid = \"theme-{t}\"\ntitle = \"Theme {t}\"\nserves = [\"objective-{}\"]\nnarrative = \"Story {t}.\"\n",
            t % 3
        ));
    }
    let statuses = ["planned", "in-progress", "done", "dropped"];
    for i in 0..n {
        let after = if i % 5 == 4 {
            format!("depends_on = [\"commitment-{}\"]\n", i - 1)
        } else {
            String::new()
        };
        toml.push_str(&format!(
            "\n[[commitment]]\nid = \"commitment-{i}\"\ntitle = \"Commitment {i}\"\ntheme = \"theme-{}\"\nstatus = \"{}\"\ndue = 2027-01-15\nwhy = \"Why {i}.\"\n{after}",
            i % themes,
            statuses[i % 4]
        ));
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("stratsite.toml"), toml).unwrap();
}

#[test]
fn a_map_of_a_thousand_commitments_collapses_to_themes_and_each_theme_page_expands_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    many_commitments(&site, 1000, 20);
    let out = tmp.path().join("public");
    common::build(&site, &out);
    let html = read(&out, "map.html");
    let svg = map_svg(&html);
    assert!(!svg.contains("commitments/"), "no commitment is drawn");
    assert_eq!(svg.matches("class=\"map-node map-theme\"").count(), 20);
    assert!(svg.contains("<title>Theme 1 — 50 commitments, 50 in progress</title>"));
    assert!(html.contains("1000 commitments are too many to draw one by one"));
    assert!(
        svg.len() < 40_000,
        "the collapsed map stays small: {}",
        svg.len()
    );
    let theme = read(&out, "themes/theme-3.html");
    let svg = map_svg(&theme);
    assert_eq!(svg.matches("href=\"../commitments/").count(), 50);
    assert!(svg.contains("href=\"../commitments/commitment-983.html\""));
    // A theme holds every 20th commitment, so what one waits for is in another theme: told in
    // its title and state, not drawn.
    let theme = read(&out, "themes/theme-4.html");
    let svg = map_svg(&theme);
    assert!(svg.contains("due 2027-01-15 · after Commitment 983</title>"));
    assert_eq!(svg.matches("class=\"map-dep\"").count(), 0);
}
