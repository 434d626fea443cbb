//! Cards that travel: the badges and status cards (SVG) of the site and its objectives, the
//! 1200×630 link-preview images (PNG) of the front page, objectives and themes, the Open Graph
//! tags that name them, the "Embed" block, and `[site] images = false`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{build, read_tree};
use crate::site_test::SiteTest;

const CARDS: &str = "tests/fixtures/build/cards";

fn built(site: &str) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(Path::new(site), &out);
    let tree = read_tree(&out);
    (tmp, tree)
}

fn text(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        tree.get(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .clone(),
    )
    .unwrap()
}

/// A PNG's width, height and pixels (RGB or RGBA, 8 bits).
fn decode(png_bytes: &[u8]) -> (u32, u32, usize, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("the PNG has a header");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).expect("the PNG decodes");
    let channels = info.color_type.samples();
    (info.width, info.height, channels, buf)
}

/// The content of every `<meta property=NAME content=…>` of a page.
fn meta(html: &str, property: &str) -> Option<String> {
    let key = format!("property=\"{property}\" content=\"");
    let key2 = format!("name=\"{property}\" content=\"");
    let at = html
        .find(&key)
        .map(|i| i + key.len())
        .or_else(|| html.find(&key2).map(|i| i + key2.len()))?;
    Some(html[at..at + html[at..].find('"')?].to_owned())
}

#[test]
fn every_preview_is_a_1200_by_630_png_that_decodes_and_every_page_names_its_own() {
    let (_tmp, tree) = built("example-site");
    let base = "https://basketful.github.io/checkout-strategy/";
    let previews: Vec<&String> = tree.keys().filter(|k| k.ends_with(".png")).collect();
    // The front page, three objectives and four themes.
    assert_eq!(previews.len(), 8, "{previews:?}");
    for p in &previews {
        let (w, h, _, _) = decode(&tree[*p]);
        assert_eq!((w, h), (1200, 630), "{p}");
    }
    for (page, image) in [
        ("index.html", "cards/strategy.png"),
        (
            "objectives/finish-the-order.html",
            "cards/objectives/finish-the-order.png",
        ),
        ("themes/slots-first.html", "cards/themes/slots-first.png"),
    ] {
        let html = text(&tree, page);
        let url = meta(&html, "og:image").unwrap_or_else(|| panic!("{page} has no og:image"));
        assert_eq!(url, format!("{base}{image}"), "{page}");
        assert!(tree.contains_key(image), "{image} is written");
        assert_eq!(meta(&html, "og:image:width").as_deref(), Some("1200"));
        assert_eq!(meta(&html, "og:image:height").as_deref(), Some("630"));
        assert!(!meta(&html, "og:image:alt").unwrap().is_empty(), "{page}");
        assert_eq!(
            meta(&html, "twitter:card").as_deref(),
            Some("summary_large_image")
        );
    }
    let objective = text(&tree, "objectives/finish-the-order.html");
    let alt = meta(&objective, "og:image:alt").unwrap();
    assert!(
        alt.contains("74.1% now"),
        "the preview's words name the reading: {alt}"
    );
    // Pages without a preview of their own name none.
    assert!(meta(&text(&tree, "commitments.html"), "og:image").is_none());
}

#[test]
fn badges_and_cards_are_self_contained_svg_that_parses() {
    let (_tmp, tree) = built("example-site");
    let svgs: Vec<&String> = tree
        .keys()
        .filter(|k| k.starts_with("cards/") && k.ends_with(".svg"))
        .collect();
    // A badge and a card for the site and for each of three objectives.
    assert_eq!(svgs.len(), 8, "{svgs:?}");
    for path in svgs {
        let svg = text(&tree, path);
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{path}: {e}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg", "{path}");
        assert!(root.attribute("width").is_some() && root.attribute("height").is_some());
        for n in doc.descendants().filter(|n| n.is_element()) {
            let name = n.tag_name().name();
            assert!(
                !["script", "style", "image", "foreignObject", "a", "use"].contains(&name),
                "{path} has <{name}>, which a README's <img> would not show"
            );
            for a in n.attributes() {
                assert!(
                    !a.name().starts_with("on") && !a.value().contains("url("),
                    "{path}: {}={}",
                    a.name(),
                    a.value()
                );
            }
        }
        assert!(
            doc.descendants().any(|n| n.has_tag_name("title")),
            "{path} names what it shows"
        );
    }
    let badge = text(&tree, "cards/objectives/finish-the-order-badge.svg");
    assert!(badge.contains("74.1% → 80% · behind pace"), "{badge}");
    let card = text(&tree, "cards/objectives/shoppers-trust-the-total-card.svg");
    assert!(card.contains("Known by its evidence"), "{card}");
}

/// Each `<text>` of a badge: its content, its `textLength`, and the box (`rect`) it is centred in.
fn badge_texts(svg: &str) -> Vec<(String, f32, f32, f32)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let rects: Vec<(f32, f32)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .map(|n| {
            (
                n.attribute("x").map_or(0.0, |x| x.parse().unwrap()),
                n.attribute("width").unwrap().parse().unwrap(),
            )
        })
        .filter(|(_, w)| *w > 4.0)
        .collect();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let x: f32 = n.attribute("x").unwrap().parse().unwrap();
            let len: f32 = n.attribute("textLength").unwrap().parse().unwrap();
            let (left, w) = *rects
                .iter()
                .find(|(l, w)| *l <= x && x <= l + w)
                .expect("the text sits in a box");
            (n.text().unwrap_or("").to_owned(), len, x - left, w)
        })
        .collect()
}

#[test]
fn badge_text_fits_its_box_for_long_right_to_left_and_cjk_titles() {
    let (_tmp, tree) = built(CARDS);
    let doc_w = |svg: &str| -> f32 {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.root_element()
            .attribute("width")
            .unwrap()
            .parse()
            .unwrap()
    };
    for id in ["long-title", "rtl-title", "cjk-title"] {
        let svg = text(&tree, &format!("cards/objectives/{id}-badge.svg"));
        let texts = badge_texts(&svg);
        assert_eq!(texts.len(), 2, "{svg}");
        let mut total = 0.0;
        for (t, len, centre, w) in &texts {
            assert!(
                *len + 12.0 <= *w + 0.01,
                "{id}: `{t}` is {len} wide in a box of {w}"
            );
            assert!(
                (centre - w / 2.0).abs() < 0.6,
                "{id}: `{t}` is centred in its box"
            );
            // Every character takes room: the text is measured, not guessed short.
            let chars = t.chars().filter(|c| !c.is_whitespace()).count() as f32;
            assert!(*len >= chars * 11.0 * 0.3, "{id}: `{t}` measured {len}");
            total += w;
        }
        assert!(
            (total - doc_w(&svg)).abs() < 0.01,
            "{id}: boxes fill the badge"
        );
        let label = &texts[0].0;
        assert!(label.contains('…'), "{id}: the long title is cut: {label}");
        assert!(texts[0].1 <= 240.0, "{id}: the label keeps to its room");
        if id == "cjk-title" {
            // Wide characters count one em each, as a CJK font draws them.
            let wide = label.chars().filter(|c| *c as u32 >= 0x3000).count() as f32;
            assert!(texts[0].1 >= wide * 11.0, "{id}: {} for {wide}", texts[0].1);
        }
        if id == "rtl-title" {
            assert!(
                label.ends_with("…\u{200f}"),
                "the cut ends the Hebrew: {label:?}"
            );
        }
    }
}

/// Whether every pixel of a column range, between two rows, is the background.
fn blank(
    (w, _, channels, px): &(u32, u32, usize, Vec<u8>),
    cols: std::ops::Range<u32>,
    rows: std::ops::Range<u32>,
) -> bool {
    rows.clone().all(|y| {
        cols.clone().all(|x| {
            let i = (y * w + x) as usize * channels;
            px[i..i + 3] == [255, 255, 255]
        })
    })
}

#[test]
fn preview_text_stays_inside_its_margins_for_long_right_to_left_and_cjk_titles() {
    let (_tmp, tree) = built(CARDS);
    for path in [
        "cards/objectives/long-title.png",
        "cards/objectives/rtl-title.png",
        "cards/objectives/cjk-title.png",
        "cards/themes/cjk-theme.png",
        "cards/strategy.png",
    ] {
        let image = decode(&tree[path]);
        assert_eq!((image.0, image.1), (1200, 630), "{path}");
        // The text runs from x = 96 to x = 1120; the band on the left is 24 wide.
        assert!(
            blank(&image, 1124..1200, 0..630),
            "{path}: ink past the right margin"
        );
        assert!(
            blank(&image, 24..92, 0..630),
            "{path}: ink past the left margin"
        );
        assert!(
            !blank(&image, 96..1120, 0..630),
            "{path}: something is drawn"
        );
    }
    // The Hebrew title is set from the right: its first line ends at the right margin.
    let rtl = decode(&tree["cards/objectives/rtl-title.png"]);
    assert!(
        !blank(&rtl, 1080..1120, 130..200),
        "the Hebrew title reaches the right"
    );
}

#[test]
fn cards_are_the_same_bytes_in_every_build() {
    let (_a, first) = built(CARDS);
    let (_b, second) = built(CARDS);
    let cards = |t: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        t.iter()
            .filter(|(k, _)| k.starts_with("cards/"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let (a, b) = (cards(&first), cards(&second));
    assert_eq!(a.len(), 13, "{:?}", a.keys());
    for (path, bytes) in &a {
        assert!(
            b.get(path) == Some(bytes),
            "{path} differs between two builds"
        );
    }
}

/// `png` with a comment chunk put before its end: still a valid PNG, but not one stratsite
/// draws, so the comment shows whether a later build kept the file or drew it again.
fn with_comment(png: &[u8]) -> Vec<u8> {
    let (body, end) = png.split_at(png.len() - 12);
    let mut out = body.to_vec();
    let data = b"Comment\0kept";
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut chunk = b"tEXt".to_vec();
    chunk.extend_from_slice(data);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&crc32(&chunk).to_be_bytes());
    out.extend_from_slice(end);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

#[test]
fn a_rebuild_keeps_each_preview_whose_drawing_is_unchanged_and_draws_the_others_again() {
    let site = SiteTest::from_fixture("example-site");
    site.build();
    let at = |p: &str| site.out().join(p);
    let theme = "cards/themes/slots-first.png";
    let objective = "cards/objectives/fewer-failed-payments.png";
    for p in [theme, objective] {
        let marked = with_comment(&std::fs::read(at(p)).unwrap());
        decode(&marked);
        std::fs::write(at(p), marked).unwrap();
    }
    let kept = |p: &str| {
        let bytes = std::fs::read(at(p)).unwrap();
        bytes.windows(12).any(|w| w == b"Comment\0kept")
    };
    // A second build with nothing changed keeps both.
    site.build();
    assert!(kept(theme) && kept(objective));
    // The objective's title changes, so its preview is drawn again; that of a theme which does
    // not serve it is kept.
    site.change_file(
        "stratsite.toml",
        "title = \"Payments stop failing at the moment of truth\"",
        "title = \"Payments stop failing when it matters\"",
    );
    site.build();
    assert!(kept(theme), "the unchanged theme's preview was drawn again");
    assert!(!kept(objective), "the changed objective's preview was kept");
    let (w, h, _, _) = decode(&std::fs::read(at(objective)).unwrap());
    assert_eq!((w, h), (1200, 630));
    // What is kept is exactly what a build from nothing writes, less the comment.
    let (_fresh, tree) = built(site.site().to_str().unwrap());
    assert_eq!(tree[objective], std::fs::read(at(objective)).unwrap());
}

#[test]
fn the_front_page_and_each_objective_say_what_to_paste_into_a_readme() {
    let (_tmp, tree) = built("example-site");
    let main = crate::site_test::main_element(&text(&tree, "objectives/finish-the-order.html"))
        .unwrap()
        .to_owned();
    assert!(main.contains("<details class=\"embed\">"), "{main}");
    assert!(
        main.contains("[![Shoppers who start checkout finish their order: 74.1% → 80% · behind pace](https://basketful.github.io/checkout-strategy/cards/objectives/finish-the-order-badge.svg)](https://basketful.github.io/checkout-strategy/objectives/finish-the-order.html)"),
        "{main}"
    );
    assert!(main.contains("src=\"../cards/objectives/finish-the-order-card.svg\""));
    let index = text(&tree, "index.html");
    assert!(
        index.contains("src=\"cards/strategy-badge.svg\""),
        "{index}"
    );
    assert!(
        index.contains("cards/strategy-card.svg)](https://basketful.github.io/checkout-strategy/)")
    );
    // A theme has a preview but no badge.
    assert!(!text(&tree, "themes/slots-first.html").contains("class=\"embed\""));
}

#[test]
fn without_base_url_the_cards_are_made_but_open_graph_names_no_image() {
    let site = SiteTest::from_fixture("check/valid-minimal");
    site.change_file(
        "stratsite.toml",
        "base_url = \"https://example.org/strategy/\"\n",
        "",
    );
    site.build().stderr_has("missing-base-url");
    let page = site.read("objectives/find-faster.html");
    assert!(!page.contains("og:image"), "{page}");
    assert!(!page.contains("twitter:card"), "{page}");
    assert!(page.contains("src=\"../cards/objectives/find-faster-badge.svg\""));
    let (w, h, _, _) = decode(&std::fs::read(site.out().join("cards/strategy.png")).unwrap());
    assert_eq!((w, h), (1200, 630));
}

#[test]
fn images_false_writes_no_card_and_links_none() {
    let site = SiteTest::from_fixture("example-site");
    site.change_file(
        "stratsite.toml",
        "language = \"en\"",
        "language = \"en\"\nimages = false",
    );
    site.build();
    let tree = read_tree(&site.out());
    assert!(
        !tree
            .keys()
            .any(|k| k.starts_with("cards/") || k.ends_with(".png")),
        "{:?}",
        tree.keys()
            .filter(|k| k.starts_with("cards"))
            .collect::<Vec<_>>()
    );
    for (path, bytes) in &tree {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(!html.contains("cards/"), "{path} links a card");
            assert!(
                !html.contains("og:image") && !html.contains("class=\"embed\""),
                "{path}"
            );
        }
    }
}

#[test]
fn a_misspelt_images_setting_is_named_with_the_right_one() {
    let site = SiteTest::from_fixture("check/valid-minimal");
    site.change_file("stratsite.toml", "horizon = ", "image = false\nhorizon = ");
    site.run(&["check"])
        .failure()
        .stderr_has("stratsite.toml:4:1")
        .stderr_has("`images`");
    site.change_file("stratsite.toml", "image = false", "images = \"no\"");
    site.run(&["check"])
        .failure()
        .stderr_has("stratsite.toml:4:10");
}
