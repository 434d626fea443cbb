//! The template values of every kind's entries: each entry turned into its view once, and
//! shared by every page that shows it.
//!
//! Whether a list has code (and so whether its pages need the syntax stylesheet) is a fact of
//! its entries' prose, read from [`Prose::has_code`], never a side effect of rendering.

use std::collections::HashMap;

use rayon::prelude::*;
use tera::Value;

use super::links::{Index, Link, Relations};
use super::metric::{MetricView, Watch, metric_view};
use super::urls::edit_url;
use super::views::*;
use crate::markdown;
use crate::model::*;
use crate::source::SourceMap;

/// Template values of one kind of entry, and whether any of their prose has code.
#[derive(Clone, Default)]
pub struct Listed {
    pub values: Vec<Value>,
    pub code: bool,
}

impl Listed {
    pub fn value(&self) -> Value {
        Value::from(self.values.clone())
    }

    /// The first `n` values, with the same code fact.
    pub fn first(&self, n: usize) -> Listed {
        Listed {
            values: self.values.iter().take(n).cloned().collect(),
            code: self.code,
        }
    }
}

/// Whether any prose of any of `entries` has code.
pub fn any_code<T: EntryData>(entries: &[Entry<T>]) -> bool {
    entries
        .iter()
        .any(|e| e.prose().iter().any(|(_, p)| p.has_code()))
}

/// An entry's template value, with what pages need to place it.
pub struct Placed<'a, T> {
    pub entry: &'a Entry<T>,
    pub value: Value,
    /// Whether the entry's own prose has code.
    pub code: bool,
    /// Values only the entry's own page shows, added to `value` there (an objective's chains
    /// up and the team objectives that move it): pages that list the entry leave them empty,
    /// so that a change to them redraws only that page.
    pub own: Vec<(&'static str, Value)>,
}

/// A commitment card with what pages need to sort and place it.
pub struct Card<'a> {
    pub entry: &'a Entry<Commitment>,
    /// The plain-text summary of its why, also its page's description.
    pub summary: String,
    pub value: Value,
}

/// What every view is made from.
pub struct Views<'a, 'l> {
    pub strategy: &'a Strategy,
    pub files: &'l SourceMap,
    pub index: Index<'l>,
    pub relations: &'l Relations<'a>,
    pub as_of: jiff::civil::Date,
    /// The day of the build itself, which the footer shows when the content is dated otherwise.
    pub built_on: jiff::civil::Date,
    pub horizon_end: Option<jiff::civil::Date>,
    pub history: Option<&'l crate::history::site::SiteHistory>,
    /// Readings before this day are stale.
    pub stale_before: Option<jiff::civil::Date>,
    /// The signals watching each metric, by the id of its entry and its place there.
    pub watches: HashMap<(String, usize), Vec<Watch>>,
    pub tags: &'l super::tags::Tags,
    /// The workspace this strategy is a member of, as its pages see it.
    pub workspace: Option<&'l super::workspace::MemberContext>,
}

/// The signals watching each metric, by the id of its entry and its place among its metrics.
pub fn watches(strategy: &Strategy) -> HashMap<(String, usize), Vec<Watch>> {
    let mut out: HashMap<(String, usize), Vec<Watch>> = HashMap::new();
    for s in &strategy.signals {
        let Some(w) = s
            .metric
            .as_ref()
            .and_then(|r| watched_metric(strategy, r.get_ref()))
        else {
            continue;
        };
        out.entry((w.id.to_owned(), w.index))
            .or_default()
            .push(Watch {
                title: crate::markdown::inline(s.title.get_ref(), &markdown::NoEntries, false).text,
                url: Kind::Signal.url(s.id.get_ref()),
                threshold: s.threshold(&w.metric.unit).unwrap_or_default(),
                tripped: s.trips(w.metric).is_some(),
            });
    }
    out
}

impl<'a> Views<'a, '_> {
    /// The history of entry `id`, oldest first (empty without a history).
    /// Who answers for an entry, in words ("Amira Haddad and Jo") and one name each: in a
    /// workspace, ids of declared people and teams become their names; other names stay as
    /// written. Empty when nobody is named.
    pub fn names(&self, names: &Option<Names>) -> (String, Vec<String>) {
        let shown = super::workspace::by_name(self.workspace.map(|w| &w.people), names);
        (crate::model::words(&shown), shown)
    }

    pub fn history_of(&self, id: &str) -> Vec<crate::history::site::Item> {
        self.history
            .and_then(|h| h.entries.get(id))
            .cloned()
            .unwrap_or_default()
    }

    /// A `summary` as HTML and as plain text: inline Markdown, raw HTML as `allow_html` says.
    pub fn summary(&self, s: Option<&str>) -> markdown::Inline {
        s.map(|s| markdown::inline(s, &self.index, self.strategy.site.allow_html))
            .unwrap_or_default()
    }

    /// Prose as HTML, its heading ids prefixed with the entry's id.
    pub fn prose(&self, id: &str, p: Option<&Prose>) -> String {
        p.map(|p| render_prose(p, id, self.index, self.strategy.site.allow_html).html)
            .unwrap_or_default()
    }

    pub fn common<T: EntryData>(&self, e: &Entry<T>, tags: &[String]) -> Common {
        let id = e.id().get_ref().clone();
        let (title, title_html) = match self.index.links.get(&id) {
            Some(l) => (l.title.clone(), l.title_html.clone()),
            None => (e.title().get_ref().clone(), String::new()),
        };
        Common {
            url: T::KIND.url(&id),
            title,
            title_html,
            id,
            kind: T::KIND,
            kind_label: T::KIND.label(),
            tags: tags.to_vec(),
            tag_links: self.tags.links(tags),
            edit_url: edit_url(&self.strategy.site, self.files, e.file),
            links: e.links().to_vec(),
        }
    }

    /// A metric's view, with the signals that watch it.
    fn metric(&self, id: &str, index: usize, m: &Metric) -> MetricView {
        let view = metric_view(m, self.as_of, self.stale_before);
        match self.watches.get(&(id.to_owned(), index)) {
            Some(w) => view.watched_by(w.clone()),
            None => view,
        }
    }

    fn review_due(&self, d: &Option<toml::Spanned<When>>) -> bool {
        d.as_ref()
            .is_some_and(|d| d.get_ref().last_day() < self.as_of)
    }

    /// Every entry of a kind through `view`, in written order.
    fn list<T: EntryData>(
        &self,
        entries: &[Entry<T>],
        view: impl Fn(&Entry<T>) -> Value,
    ) -> Listed {
        Listed {
            values: entries.iter().map(view).collect(),
            code: any_code(entries),
        }
    }

    /// Every commitment's card, converted once and shared by every page that lists it.
    pub fn cards(&self) -> Vec<Card<'a>> {
        let strategy: &'a Strategy = self.strategy;
        // Each theme's link, list of one and objectives, converted once and shared by the cards
        // of the commitments that serve that theme alone.
        let placed: HashMap<&str, [(&'static str, Value); 3]> = self
            .relations
            .objectives_of_theme
            .iter()
            .map(|(id, objectives)| {
                let link = self.index.link(id);
                let theme = Value::from_serializable(&link);
                let themes = Value::from_serializable(&link.into_iter().collect::<Vec<_>>());
                (
                    *id,
                    [
                        ("theme", theme),
                        ("themes", themes),
                        ("objectives", Value::from_serializable(objectives)),
                    ],
                )
            })
            .collect();
        strategy
            .commitments
            .par_iter()
            .map(|c| {
                let due = c.due.as_ref().map(|d| d.get_ref().last_day());
                let live = c.status.is_live();
                let tier_rank = strategy.site.tier_of(c.tier.as_ref());
                let tier = strategy.site.tiers.get(tier_rank);
                let summary = c
                    .why
                    .as_ref()
                    .map(|w| markdown::plain_summary(w.text(), 200, &self.index))
                    .unwrap_or_default();
                let (owner, owners) = self.names(&c.owner);
                let card = CommitmentCard {
                    common: self.common(c, &c.tags),
                    why_summary: summary.clone(),
                    owner,
                    owners,
                    due: date_str(&c.due),
                    status: c.status.key(),
                    status_label: c.status.label(),
                    overdue: live && due.is_some_and(|d| d < self.as_of),
                    beyond_horizon: live
                        && tier_rank == 0
                        && matches!((due, self.horizon_end), (Some(d), Some(h)) if d > h),
                    tier: tier.map(|t| t.key.get_ref().clone()).unwrap_or_default(),
                    tier_label: tier.map(|t| t.label.clone()).unwrap_or_default(),
                    tier_rank,
                    featured: c.featured,
                    metric: c
                        .metric
                        .as_ref()
                        .map(|m| self.metric(c.id.get_ref(), 0, m.get_ref())),
                    value: level(c.value),
                    effort: level(c.effort),
                    risk: level(c.risk),
                };
                let place = if c.theme.others().is_empty() {
                    placed
                        .get(c.theme.main().get_ref().as_str())
                        .map_or_else(Vec::new, |p| p.to_vec())
                } else {
                    self.several_themes(c.theme.all())
                };
                Card {
                    entry: c,
                    summary,
                    value: value(&card, place),
                }
            })
            .collect()
    }

    /// Where an entry of several themes sits: its main theme, all its themes (main first) and
    /// the objectives any of them serves, each once.
    fn several_themes(&self, themes: &[Ref]) -> Vec<(&'static str, Value)> {
        let mut objectives: Vec<&Link> = Vec::new();
        for t in themes {
            for o in self
                .relations
                .objectives_of_theme
                .get(t.get_ref().as_str())
                .into_iter()
                .flatten()
            {
                if !objectives.iter().any(|x| x.id == o.id) {
                    objectives.push(o);
                }
            }
        }
        vec![
            (
                "theme",
                Value::from_serializable(&self.index.link(themes[0].get_ref())),
            ),
            ("themes", links_value(&self.index.links(themes))),
            ("objectives", Value::from_serializable(&objectives)),
        ]
    }

    /// The chains of objectives up from `o`, one per `aligns_to` entry: resolved in a
    /// workspace, else each reference as written.
    fn aligns_of(&self, o: &Entry<Objective>) -> Vec<Vec<super::workspace::Step>> {
        if let Some(chains) = self.workspace.and_then(|w| w.aligns.get(o.id.get_ref())) {
            return chains.clone();
        }
        o.aligns_to
            .iter()
            .map(|r| {
                let written = r.get_ref();
                vec![super::workspace::Step {
                    team: written.split(':').next().unwrap_or_default().to_owned(),
                    title: written.clone(),
                    url: String::new(),
                    external: false,
                }]
            })
            .collect()
    }

    /// Each objective's view; `cards_of` gives the cards of the commitments serving it.
    pub fn objectives(
        &self,
        mut cards_of: impl FnMut(&str) -> Vec<Value>,
    ) -> Vec<Placed<'a, Objective>> {
        let strategy: &'a Strategy = self.strategy;
        strategy
            .objectives
            .iter()
            .map(|o| {
                let id = o.id.get_ref().as_str();
                let summary = self.summary(o.summary.as_deref());
                let (owner, owners) = self.names(&o.owner);
                let v = ObjectiveView {
                    common: self.common(o, &o.tags),
                    summary: summary.text,
                    summary_html: summary.html,
                    why_html: self.prose(id, Some(&o.why)),
                    owner,
                    owners,
                    sponsor: self.names(&o.sponsor).0,
                    metrics: o
                        .metrics
                        .iter()
                        .enumerate()
                        .map(|(i, m)| self.metric(id, i, m.get_ref()))
                        .collect(),
                    evidence_html: self.prose(id, o.evidence.as_ref()),
                    themes: self
                        .relations
                        .themes_of_objective
                        .get(id)
                        .cloned()
                        .unwrap_or_default(),
                    history: self.history_of(id),
                    aligns_to: Vec::new(),
                    contributors: Vec::new(),
                };
                let cards = Value::from(cards_of(id));
                let aligns = self.aligns_of(o);
                let contributors = self
                    .workspace
                    .and_then(|w| w.contributors.get(id))
                    .map(|c| c.as_slice())
                    .unwrap_or_default();
                Placed {
                    entry: o,
                    value: value(&v, vec![("commitments", cards)]),
                    code: o.why.has_code() || o.evidence.as_ref().is_some_and(Prose::has_code),
                    own: vec![
                        ("aligns_to", Value::from_serializable(&aligns)),
                        ("contributors", Value::from_serializable(&contributors)),
                    ],
                }
            })
            .collect()
    }

    /// Each theme's view; `cards_of` gives the cards of its commitments.
    pub fn themes(&self, mut cards_of: impl FnMut(&str) -> Vec<Value>) -> Vec<Placed<'a, Theme>> {
        let strategy: &'a Strategy = self.strategy;
        strategy
            .themes
            .iter()
            .map(|t| {
                let id = t.id.get_ref().as_str();
                let summary = self.summary(t.summary.as_deref());
                let (owner, owners) = self.names(&t.owner);
                let v = ThemeView {
                    common: self.common(t, &t.tags),
                    summary: summary.text,
                    summary_html: summary.html,
                    narrative_html: self.prose(id, Some(&t.narrative)),
                    owner,
                    owners,
                    sponsor: self.names(&t.sponsor).0,
                    serves: self.index.links(&t.serves),
                    ideas: self
                        .relations
                        .ideas_of_theme
                        .get(id)
                        .cloned()
                        .unwrap_or_default(),
                };
                let cards = Value::from(cards_of(id));
                Placed {
                    entry: t,
                    value: value(&v, vec![("commitments", cards)]),
                    code: t.narrative.has_code(),
                    own: Vec::new(),
                }
            })
            .collect()
    }

    pub fn ideas(&self) -> Listed {
        self.list(&self.strategy.ideas, |i| {
            let v = IdeaView {
                common: self.common(i, &i.tags),
                pitch_html: self.prose(i.id.get_ref(), i.pitch.as_ref()),
                theme: i
                    .theme
                    .as_ref()
                    .and_then(|t| self.index.link(t.main().get_ref())),
                themes: i
                    .theme
                    .as_ref()
                    .map(|t| self.index.links(t.all()))
                    .unwrap_or_default(),
                challenges: self.index.links(&i.challenges),
                value: level(i.value),
                effort: level(i.effort),
            };
            value(&v, vec![])
        })
    }

    pub fn non_goals(&self) -> Listed {
        self.list(&self.strategy.non_goals, |n| {
            let id = n.id.get_ref();
            let v = NonGoalView {
                common: self.common(n, &n.tags),
                why_html: self.prose(id, Some(&n.why)),
                why_summary: markdown::plain_summary(n.why.text(), 120, &self.index),
                reconsider_when_html: self.prose(id, n.reconsider_when.as_ref()),
            };
            value(&v, vec![])
        })
    }

    pub fn assumptions(&self) -> Listed {
        self.list(&self.strategy.assumptions, |a| {
            let id = a.id.get_ref();
            let v = AssumptionView {
                common: self.common(a, &a.tags),
                detail_html: self.prose(id, a.detail.as_ref()),
                confidence: level(a.confidence),
                test_html: self.prose(id, a.test.as_ref()),
                review_by: date_str(&a.review_by),
                review_due: self.review_due(&a.review_by),
                affects: self.index.links(&a.affects),
            };
            value(&v, vec![])
        })
    }

    pub fn risks(&self) -> Listed {
        self.list(&self.strategy.risks, |r| {
            let id = r.id.get_ref();
            let (response, response_label) = match r.response.get_ref() {
                Response::Accepted => ("accepted", "Accepted on purpose"),
                Response::Mitigated => ("mitigated", "Mitigated"),
            };
            let v = RiskView {
                common: self.common(r, &r.tags),
                detail_html: self.prose(id, r.detail.as_ref()),
                response,
                response_label,
                mitigation_html: self.prose(id, r.mitigation.as_ref()),
                likelihood: level(r.likelihood),
                impact: level(r.impact),
                affects: self.index.links(&r.affects),
            };
            value(&v, vec![])
        })
    }

    /// What a signal watches, and whether it has tripped.
    fn watch(&self, s: &Signal) -> Option<SignalWatch> {
        let w = watched_metric(self.strategy, s.metric.as_ref()?.get_ref())?;
        let latest = w.metric.series().last().copied();
        let tripped = s.trips(w.metric);
        let threshold = s.threshold(&w.metric.unit).unwrap_or_default();
        let name = &w.metric.name;
        let status = match (&tripped, latest) {
            (Some(t), _) => format!(
                "Tripped: {name} is {threshold}, {} on {}.",
                with_unit(t.value, &w.metric.unit),
                t.latest
            ),
            (None, Some((d, v))) => format!(
                "Not tripped: it trips when {name} is {threshold}; the latest reading is {}{}.",
                with_unit(v, &w.metric.unit),
                d.map(|d| format!(" on {d}")).unwrap_or_default()
            ),
            (None, None) => format!(
                "Not tripped: it trips when {name} is {threshold}; {name} has no reading yet."
            ),
        };
        Some(SignalWatch {
            metric: name.clone(),
            url: w.kind.url(w.id),
            threshold,
            tripped: tripped.is_some(),
            status,
        })
    }

    pub fn constraints(&self) -> Listed {
        self.list(&self.strategy.constraints, |c| {
            let id = c.id.get_ref();
            let v = ConstraintView {
                common: self.common(c, &c.tags),
                why_html: self.prose(id, Some(&c.why)),
                why_summary: markdown::plain_summary(c.why.text(), 120, &self.index),
                rules_out_html: self.prose(id, c.rules_out.as_ref()),
                affects: self.index.links(&c.affects),
            };
            value(&v, vec![])
        })
    }

    pub fn signals(&self) -> Listed {
        self.list(&self.strategy.signals, |s| {
            let id = s.id.get_ref();
            let v = SignalView {
                common: self.common(s, &s.tags),
                detail_html: self.prose(id, s.detail.as_ref()),
                then_html: self.prose(id, Some(&s.then)),
                then_summary: markdown::plain_summary(s.then.text(), 120, &self.index),
                review_by: date_str(&s.review_by),
                review_due: self.review_due(&s.review_by),
                affects: self.index.links(&s.affects),
                watch: self.watch(s),
            };
            value(&v, vec![])
        })
    }

    /// The change log, newest first; entries of the same day keep their written order.
    pub fn changes(&self) -> Listed {
        let mut dated: Vec<(Date, Value)> = self
            .strategy
            .changes
            .iter()
            .map(|c| {
                let v = ChangeView {
                    common: self.common(c, &[]),
                    date: c.date.to_string(),
                    why_html: self.prose(c.id.get_ref(), c.why.as_ref()),
                    affects: self.index.links(&c.affects),
                    from: c.from.clone().unwrap_or_default(),
                    to: c.to.clone().unwrap_or_default(),
                    unnamed: false,
                };
                (c.date, value(&v, vec![]))
            })
            .collect();
        // The moves no change names, marked as such, among the named ones.
        let entries = self.strategy.entries();
        let live: std::collections::HashSet<&str> =
            entries.iter().map(|e| e.id.get_ref().as_str()).collect();
        for u in self.history.map_or(&[][..], |h| h.unnamed.as_slice()) {
            let Ok(date) = crate::model::parse_date(u.commit.day()) else {
                continue;
            };
            let anchor = format!("unnamed-{}-{}", u.commit.short(), u.id);
            let v = ChangeView {
                common: Common {
                    url: format!("changes.html#{anchor}"),
                    id: anchor,
                    title: format!("Not named: {}", u.sentence.replace('`', "")),
                    title_html: crate::util::text::escape(&format!(
                        "Not named: {}",
                        u.sentence.replace('`', "")
                    )),
                    kind: Kind::Change,
                    kind_label: "Unnamed change",
                    tags: Vec::new(),
                    tag_links: Vec::new(),
                    edit_url: String::new(),
                    links: Vec::new(),
                },
                date: date.to_string(),
                why_html: format!(
                    "<p>No <code>[[change]]</code> names this move. It was made in commit <code>{}</code> by {}.</p>",
                    crate::util::text::escape(u.commit.short()),
                    crate::util::text::escape(&u.commit.author)
                ),
                affects: if live.contains(u.id.as_str()) {
                    self.index.links(std::slice::from_ref(&toml::Spanned::new(
                        0..0,
                        u.id.clone(),
                    )))
                } else {
                    Vec::new()
                },
                from: u.old.clone().unwrap_or_default(),
                to: u.new.clone().unwrap_or_default(),
                unnamed: true,
            };
            dated.push((date, value(&v, vec![])));
        }
        dated.sort_by_key(|c| std::cmp::Reverse(c.0));
        Listed {
            values: dated.into_iter().map(|(_, v)| v).collect(),
            code: any_code(&self.strategy.changes),
        }
    }
}

/// Renders an entry's prose the one way every page does: heading ids prefixed with the entry's
/// id, and its top heading a level below the entry's own.
pub fn render_prose(p: &Prose, id: &str, index: Index<'_>, allow_html: bool) -> markdown::Html {
    markdown::render(p.text(), &index, allow_html, &format!("{id}-"), 3)
}

/// Counts of every kind's entries, by list name, and `live`.
pub fn counts(strategy: &Strategy) -> serde_json::Map<String, serde_json::Value> {
    struct Counts(serde_json::Map<String, serde_json::Value>);
    impl ListVisitor<'_> for Counts {
        fn visit<T: EntryKind>(&mut self, list: &[Entry<T>]) {
            self.0.insert(T::KIND.list_name().into(), list.len().into());
        }
    }
    let mut counts = Counts(serde_json::Map::new());
    strategy.visit_lists(&mut counts);
    // Live work is the first tier's: later tiers are promised, not yet carried.
    let live = strategy
        .commitments
        .iter()
        .filter(|c| c.status.is_live() && strategy.site.tier_of(c.tier.as_ref()) == 0)
        .count();
    counts.0.insert("live".into(), live.into());
    counts.0
}

/// The links of `list`, for templates (an empty list is converted without a serializer).
pub fn links_value(list: &[Link]) -> Value {
    if list.is_empty() {
        Value::from(Vec::<Value>::new())
    } else {
        Value::from_serializable(&list)
    }
}
