//! Pages whose prose is rendered only when the page is: the commitment pages, made one by one
//! as they are rendered, so that a strategy of thousands of commitments never holds all their
//! pages (or all their prose as HTML) at once.

use std::collections::HashMap;

use tera::{Context, Value};

use super::entries::{Card, links_value, render_prose};
use super::links::{Index, Link, Links};
use super::pages::{Maker, PageKind, PageSpec};
use super::views::PageView;
use crate::model::{Commitment, Entry, Kind, Prose};

/// One page to render: its output path, the template and the values it receives.
pub struct Page<'a> {
    /// Path from the site root, e.g. `commitments/instant-filters.html`.
    pub path: String,
    pub template: &'static str,
    /// The path from this page to the site root (`""`, `"../"`).
    pub root: String,
    /// The page's own facts, given to templates as `page`.
    pub view: PageView,
    /// Everything else templates receive.
    pub context: Context,
    /// Prose rendered only when this page is, so a large site never holds it all at once.
    pub deferred: Option<Deferred<'a>>,
}

/// An entry whose prose is rendered with its page and given to templates as `entry`.
pub struct Deferred<'a> {
    id: &'a str,
    /// The entry's fields that lists show too (shared with them, not copied).
    entry: Value,
    /// The fields only its own page shows.
    extra: Vec<(&'static str, Value)>,
    /// Template field name -> prose.
    prose: Vec<(&'static str, &'a Prose)>,
}

impl Page<'_> {
    /// Renders the deferred prose, if any, and returns the context to render the template with
    /// and whether the page has code (and so needs the syntax stylesheet).
    pub fn into_context(self, links: &Links, allow_html: bool) -> (Context, bool) {
        let Page {
            view,
            mut context,
            deferred,
            ..
        } = self;
        if let Some(d) = deferred {
            let mut map = d.entry.into_map().unwrap_or_default();
            for (k, v) in d.extra {
                map.insert(k.into(), v);
            }
            let index = Index { links };
            for (field, prose) in d.prose {
                let html = render_prose(prose, d.id, index, allow_html);
                map.insert(field.into(), Value::from(html.html));
            }
            context.insert_value("entry", Value::from(map));
        }
        context.insert("page", &view);
        (context, view.has_code)
    }
}

/// The commitment pages, made one by one as they are rendered.
pub struct Commitments<'a> {
    pub(super) cards: Vec<Card<'a>>,
    /// For each theme id: the theme and the objectives it serves, as its commitments' pages
    /// show them.
    pub(super) placed: HashMap<&'a str, [Value; 2]>,
    pub(super) affected_by: HashMap<String, Vec<Link>>,
    pub(super) maker: Maker,
    /// Each commitment's history, as its page shows it.
    pub(super) history: HashMap<String, Value>,
}

impl<'a> Commitments<'a> {
    /// Leaves every commitment's page out of the render (a render of a few other pages).
    pub fn leave_out(&mut self) {
        self.cards.clear();
    }

    /// How many pages there are.
    pub fn len(&self) -> usize {
        self.cards.len()
    }

    /// The page of the `i`-th commitment.
    pub fn page(&self, i: usize, links: &Links) -> Option<Page<'a>> {
        let card = self.cards.get(i)?;
        let c: &'a Entry<Commitment> = card.entry;
        let id: &'a str = c.id.get_ref();
        let [theme, objectives] = self.placed.get(c.theme.main().get_ref().as_str())?;
        let prose: Vec<(&'static str, &'a Prose)> =
            [("why_html", &c.why), ("done_when_html", &c.done_when)]
                .into_iter()
                .filter_map(|(field, p)| p.as_ref().map(|p| (field, p)))
                .collect();
        let index = Index { links };
        let mut page = self.maker.make(PageSpec {
            kind: PageKind::Commitment,
            path: Kind::Commitment.url(id),
            title: index.title(id),
            description: card.summary.clone(),
            has_code: prose.iter().any(|(_, p)| p.has_code()),
            extra: vec![
                ("theme_entry", theme.clone()),
                ("objectives", objectives.clone()),
            ],
        });
        page.deferred = Some(Deferred {
            id,
            entry: card.value.clone(),
            extra: vec![
                ("depends_on", links_value(&index.links(&c.depends_on))),
                ("challenges", links_value(&index.links(&c.challenges))),
                (
                    "context",
                    links_value(self.affected_by.get(id).map_or(&[], Vec::as_slice)),
                ),
                (
                    "history",
                    self.history
                        .get(id)
                        .cloned()
                        .unwrap_or_else(|| Value::from(Vec::<Value>::new())),
                ),
            ],
            prose,
        });
        Some(page)
    }
}
