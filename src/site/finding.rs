//! The pages for finding an entry without reading the story: every entry A–Z (`entries.html`,
//! where the search box leads when scripts do not run), the strategy map (`map.html`), the tag
//! index (`tags.html`) and a page per tag (`tags/SLUG.html`).

use serde::Serialize;
use tera::Value;

use super::deferred::Page;
use super::entries::{Views, links_value};
use super::links::Link;
use super::pages::{Maker, PageKind, PageSpec};

/// One letter of the A–Z list.
#[derive(Serialize)]
struct Letter<'a> {
    /// What the reader sees: `A`, `0–9`, `Other`.
    label: &'static str,
    /// Its anchor on the page.
    id: &'static str,
    entries: Vec<&'a Link>,
}

const LETTERS: [(&str, &str); 26] = [
    ("A", "letter-a"),
    ("B", "letter-b"),
    ("C", "letter-c"),
    ("D", "letter-d"),
    ("E", "letter-e"),
    ("F", "letter-f"),
    ("G", "letter-g"),
    ("H", "letter-h"),
    ("I", "letter-i"),
    ("J", "letter-j"),
    ("K", "letter-k"),
    ("L", "letter-l"),
    ("M", "letter-m"),
    ("N", "letter-n"),
    ("O", "letter-o"),
    ("P", "letter-p"),
    ("Q", "letter-q"),
    ("R", "letter-r"),
    ("S", "letter-s"),
    ("T", "letter-t"),
    ("U", "letter-u"),
    ("V", "letter-v"),
    ("W", "letter-w"),
    ("X", "letter-x"),
    ("Y", "letter-y"),
    ("Z", "letter-z"),
];

/// Where a title files: its group (0–9 first, then A to Z, then the rest) and its sort key,
/// the title spelled in ASCII and lowercased, so that "Émail" files under E.
fn filing(title: &str) -> (usize, String) {
    let key = deunicode::deunicode(title).to_lowercase();
    let group = match key.trim_start().chars().next() {
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_ascii_lowercase() => 1 + (c as usize - 'a' as usize),
        _ => 27,
    };
    (group, key)
}

fn label_of(group: usize) -> (&'static str, &'static str) {
    match group {
        0 => ("0–9", "letter-0-9"),
        1..=26 => LETTERS[group - 1],
        _ => ("Other", "letter-other"),
    }
}

pub fn pages<'a>(
    views: &Views<'a, '_>,
    of_theme: &super::map::ByTheme,
    maker: &Maker,
) -> Vec<Page<'a>> {
    let mut pages = vec![
        entries_page(views, maker),
        maker.make(PageSpec {
            kind: PageKind::Map,
            path: "map.html".into(),
            title: "Strategy map".into(),
            description: String::new(),
            has_code: false,
            extra: vec![(
                "map",
                super::map::value(views, of_theme, super::map::Scope::Whole),
            )],
        }),
    ];
    let tags = views.tags;
    if !tags.is_empty() {
        pages.push(maker.make(PageSpec {
            kind: PageKind::Tags,
            path: "tags.html".into(),
            title: "Tags".into(),
            description: String::new(),
            has_code: false,
            extra: vec![("tags", tags.index_value())],
        }));
    }
    for (tag, entries) in &tags.tagged {
        pages.push(maker.make(PageSpec {
            kind: PageKind::Tag,
            path: tags.url(tag).to_owned(),
            title: format!("Tagged “{tag}”"),
            description: String::new(),
            has_code: false,
            extra: vec![
                ("tag", Value::from(tag.as_str())),
                ("entries", links_value(entries)),
            ],
        }));
    }
    pages
}

/// Every entry of every kind, by title from A to Z.
fn entries_page<'a>(views: &Views<'a, '_>, maker: &Maker) -> Page<'a> {
    let mut filed: Vec<(usize, String, &Link)> = views
        .index
        .links
        .values()
        .map(|l| {
            let (g, key) = filing(&l.title);
            (g, key, l)
        })
        .collect();
    filed.sort_by(|a, b| (a.0, &a.1, &a.2.id).cmp(&(b.0, &b.1, &b.2.id)));
    let mut letters: Vec<Letter> = Vec::new();
    for (g, _, link) in &filed {
        let (label, id) = label_of(*g);
        match letters.last_mut() {
            Some(l) if l.id == id => l.entries.push(link),
            _ => letters.push(Letter {
                label,
                id,
                entries: vec![link],
            }),
        }
    }
    let letters = if letters.is_empty() {
        Value::from(Vec::<Value>::new())
    } else {
        Value::from_serializable(&letters)
    };
    maker.make(PageSpec {
        kind: PageKind::Entries,
        path: "entries.html".into(),
        title: "Every entry, A–Z".into(),
        description: String::new(),
        has_code: false,
        extra: vec![("letters", letters)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_file_by_their_first_letter_in_ascii() {
        assert_eq!(filing("Émail receipts").0, 5);
        assert_eq!(filing("3-D Secure").0, 0);
        assert_eq!(filing("zero").0, 26);
        assert_eq!(filing("«Quoted»").0, 27);
        assert_eq!(label_of(5), ("E", "letter-e"));
    }
}
