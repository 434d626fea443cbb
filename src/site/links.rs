//! Links between entries: every entry's link by id, and the relations pages show (the themes
//! serving an objective, the ideas of a theme, what an assumption, risk or signal affects).

use std::collections::HashMap;

use serde::Serialize;

use crate::markdown::Resolver;
use crate::model::{Kind, Ref, Strategy};

/// A link to an entry, as templates receive it.
#[derive(Clone, Serialize)]
pub struct Link {
    pub(crate) id: String,
    /// The entry's title as plain text (its Markdown read, its entry links named).
    pub(crate) title: String,
    /// The title as HTML: code spans and emphasis kept, everything else escaped.
    pub(crate) title_html: String,
    /// The page (or anchor) from the site root.
    pub(crate) url: String,
    pub(crate) kind: Kind,
    kind_label: &'static str,
}

/// Every entry's link, by id.
pub type Links = HashMap<String, Link>;

/// The links of every entry of a strategy, each title read once: an entry link in a title
/// (`[](@id)`) is named by the plain text of the title it points at.
pub fn links(strategy: &Strategy) -> Links {
    struct Plain<'a>(Option<&'a HashMap<String, (String, String)>>);
    impl Resolver for Plain<'_> {
        fn entry(&self, id: &str) -> Option<(String, String)> {
            self.0.and_then(|m| m.get(id).cloned())
        }
    }
    let entries = strategy.entries();
    // Each title read once, entry links unnamed: what an entry link in another title shows.
    let first: Vec<crate::markdown::Inline> = entries
        .iter()
        .map(|e| crate::markdown::inline(e.title.get_ref(), &Plain(None), false))
        .collect();
    let linking = entries.iter().any(|e| e.title.get_ref().contains("](@"));
    let named: HashMap<String, (String, String)> = entries
        .iter()
        .zip(&first)
        .filter(|_| linking)
        .map(|(e, t)| {
            let id = e.id.get_ref();
            (id.clone(), (e.kind.url(id), t.text.clone()))
        })
        .collect();
    entries
        .into_iter()
        .zip(first)
        .map(|(e, title)| {
            let id = e.id.get_ref().clone();
            let written = e.title.get_ref();
            // Only a title with an entry link is read again, with the entries' titles at hand.
            let title = if written.contains("](@") {
                crate::markdown::inline(written, &Plain(Some(&named)), false)
            } else {
                title
            };
            let link = Link {
                url: e.kind.url(&id),
                title: title.text,
                title_html: title.html,
                id: id.clone(),
                kind: e.kind,
                kind_label: e.kind.label(),
            };
            (id, link)
        })
        .collect()
}

/// Looks entries up by id, for pages and for prose.
#[derive(Clone, Copy)]
pub struct Index<'l> {
    pub links: &'l Links,
}

impl Resolver for Index<'_> {
    fn entry(&self, id: &str) -> Option<(String, String)> {
        self.links.get(id).map(|l| (l.url.clone(), l.title.clone()))
    }
}

impl<'l> Index<'l> {
    pub fn link(&self, id: &str) -> Option<Link> {
        self.links.get(id).cloned()
    }

    /// The entry's title as plain text, for `<title>`, meta tags, feeds and the map.
    pub fn title(&self, id: &str) -> String {
        self.links
            .get(id)
            .map(|l| l.title.clone())
            .unwrap_or_default()
    }

    pub fn links<'a>(&self, refs: impl IntoIterator<Item = &'a Ref>) -> Vec<Link> {
        refs.into_iter()
            .filter_map(|r| self.link(r.get_ref()))
            .collect()
    }
}

/// How entries relate, as the pages show it, worked out in one pass over the strategy.
pub struct Relations<'a> {
    /// For each theme: the objectives it serves.
    pub objectives_of_theme: HashMap<&'a str, Vec<Link>>,
    /// For each objective: the themes serving it.
    pub themes_of_objective: HashMap<&'a str, Vec<Link>>,
    /// For each theme: the ideas that would belong to it.
    pub ideas_of_theme: HashMap<&'a str, Vec<Link>>,
    /// For each id: the assumptions, risks and signals that name it in `affects`.
    pub affected_by: HashMap<String, Vec<Link>>,
}

impl<'a> Relations<'a> {
    pub fn of(strategy: &'a Strategy, index: Index<'_>) -> Relations<'a> {
        let objectives_of_theme = strategy
            .themes
            .iter()
            .map(|t| (t.id.get_ref().as_str(), index.links(&t.serves)))
            .collect();
        let mut themes_of_objective: HashMap<&str, Vec<Link>> = HashMap::new();
        for t in &strategy.themes {
            for o in &t.serves {
                if let Some(l) = index.link(t.id.get_ref()) {
                    themes_of_objective
                        .entry(o.get_ref().as_str())
                        .or_default()
                        .push(l);
                }
            }
        }
        let mut ideas_of_theme: HashMap<&str, Vec<Link>> = HashMap::new();
        for i in &strategy.ideas {
            if let (Some(themes), Some(l)) = (&i.theme, index.link(i.id.get_ref())) {
                for t in themes {
                    ideas_of_theme
                        .entry(t.get_ref().as_str())
                        .or_default()
                        .push(l.clone());
                }
            }
        }
        let mut affected_by: HashMap<String, Vec<Link>> = HashMap::new();
        for e in strategy.entries() {
            if matches!(e.kind, Kind::Assumption | Kind::Risk | Kind::Signal) {
                for r in e.refs.iter().filter(|r| r.field == "affects") {
                    if let Some(l) = index.link(e.id.get_ref()) {
                        affected_by
                            .entry(r.target.get_ref().clone())
                            .or_default()
                            .push(l);
                    }
                }
            }
        }
        Relations {
            objectives_of_theme,
            themes_of_objective,
            ideas_of_theme,
            affected_by,
        }
    }
}
