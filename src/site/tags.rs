//! Tags: which entries carry each tag, each tag's page (`tags/SLUG.html`) and the tag index
//! (`tags.html`).
//!
//! A tag is shown as written; its page is named by its slug. Two tags can share a slug
//! ("Mobile web" and "mobile-web"): they stay two tags, the first in sorted order keeps the slug
//! and the others get `-2`, `-3`, ... so that no page replaces another.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use tera::Value;

use super::links::{Link, Links};
use crate::model::Strategy;
use crate::util::text::{MAX_ID_LEN, slug};

/// The tags of every entry that has any, by id.
pub fn entry_tags(strategy: &Strategy) -> HashMap<&str, &[String]> {
    let mut out: HashMap<&str, &[String]> = HashMap::new();
    macro_rules! gather {
        ($($list:ident),*) => {
            $(for e in &strategy.$list {
                if !e.tags.is_empty() {
                    out.insert(e.id.get_ref().as_str(), e.tags.as_slice());
                }
            })*
        };
    }
    gather!(
        objectives,
        themes,
        commitments,
        ideas,
        non_goals,
        assumptions,
        risks,
        constraints,
        signals
    );
    out
}

/// A tag as templates receive it: its name as written and its page.
#[derive(Clone, Serialize)]
pub struct TagLink {
    pub name: String,
    pub url: String,
}

/// Every tag of a strategy with its page, and the entries that carry it.
#[derive(Default)]
pub struct Tags {
    /// Tag as written -> its page, from the site root.
    urls: HashMap<String, String>,
    /// Every tag, sorted, with the links of its entries in the order of `Kind::ALL` and then as
    /// written.
    pub(super) tagged: BTreeMap<String, Vec<Link>>,
}

impl Tags {
    pub fn of(strategy: &Strategy, links: &Links) -> Tags {
        let mut tagged: BTreeMap<String, Vec<Link>> = BTreeMap::new();
        let by_id = entry_tags(strategy);
        for e in strategy.entries() {
            let Some(tags) = by_id.get(e.id.get_ref().as_str()) else {
                continue;
            };
            let Some(link) = links.get(e.id.get_ref().as_str()) else {
                continue;
            };
            let mut once = HashSet::new();
            for t in tags.iter().filter(|t| once.insert(t.as_str())) {
                tagged.entry(t.clone()).or_default().push(link.clone());
            }
        }
        let mut used: HashSet<String> = HashSet::new();
        let urls = tagged
            .keys()
            .map(|t| {
                let base = tag_slug(t);
                let mut s = base.clone();
                let mut n = 2;
                while !used.insert(s.clone()) {
                    s = format!("{base}-{n}");
                    n += 1;
                }
                (t.clone(), format!("tags/{s}.html"))
            })
            .collect();
        Tags { urls, tagged }
    }

    /// The links of an entry's tags, in the order written.
    pub fn links(&self, tags: &[String]) -> Vec<TagLink> {
        tags.iter()
            .filter_map(|t| {
                self.urls.get(t).map(|url| TagLink {
                    name: t.clone(),
                    url: url.clone(),
                })
            })
            .collect()
    }

    pub fn url(&self, tag: &str) -> &str {
        self.urls.get(tag).map_or("", String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.tagged.is_empty()
    }

    /// The tag index: every tag with its page and how many entries carry it.
    pub fn index_value(&self) -> Value {
        #[derive(Serialize)]
        struct Counted<'a> {
            name: &'a str,
            url: &'a str,
            count: usize,
        }
        let list: Vec<Counted> = self
            .tagged
            .iter()
            .map(|(t, entries)| Counted {
                name: t,
                url: self.url(t),
                count: entries.len(),
            })
            .collect();
        if list.is_empty() {
            Value::from(Vec::<Value>::new())
        } else {
            Value::from_serializable(&list)
        }
    }
}

/// The slug of a tag: its letters spelled in ASCII, lowercased, words joined by hyphens;
/// `tag` for a tag of no letters or digits at all.
pub fn tag_slug(tag: &str) -> String {
    let mut s = slug(&deunicode::deunicode(tag), |c| c.is_ascii_alphanumeric());
    if s.len() > MAX_ID_LEN {
        let cut = s[..=MAX_ID_LEN].rfind('-').unwrap_or(MAX_ID_LEN);
        s.truncate(cut);
    }
    if s.is_empty() { "tag".to_owned() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_slugged_in_ascii_with_a_fallback() {
        assert_eq!(tag_slug("Mobile web"), "mobile-web");
        assert_eq!(tag_slug("Café & Crème"), "cafe-creme");
        assert_eq!(tag_slug("!!!"), "tag");
        assert!(tag_slug(&"word ".repeat(40)).len() <= MAX_ID_LEN);
    }
}
