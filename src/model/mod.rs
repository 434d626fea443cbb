//! The strategy as users write it: the typed shape of `stratsite.toml` and `strategy/*.toml`.
//!
//! These types are the source format's contract. Every struct denies unknown keys so a typo is an
//! error rather than a silently ignored field, and every id or reference keeps its source span so
//! that later checks can point at the exact place in the file.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::source::FileId;

mod horizon;
mod strategy;

pub use horizon::Horizon;
pub use strategy::*;

/// A calendar date (no time of day), written in TOML as a bare date such as `2027-02-14`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2027-02-14")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                parse_date(v).map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
                let dt =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (dt.date, dt.time) {
                    (Some(d), None) => {
                        jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8)
                            .map(Date)
                            .map_err(|e| de::Error::custom(format!("invalid date: {e}")))
                    }
                    _ => Err(de::Error::custom(format!(
                        "expected a date such as 2027-02-14, found the date-time `{dt}`; drop the time of day"
                    ))),
                }
            }
        }
        d.deserialize_any(DateVisitor)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A calendar date, YYYY-MM-DD (in TOML a bare date such as 2027-02-14)."
        })
    }
}

/// Parses `YYYY-MM-DD`, explaining what is wrong in words a strategy author understands.
pub fn parse_date(v: &str) -> Result<Date, String> {
    let shape_ok = v.len() == 10
        && v.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(format!(
            "`{v}` is not a date: write it as YYYY-MM-DD, for example 2027-02-14"
        ));
    }
    v.parse::<jiff::civil::Date>()
        .map(Date)
        .map_err(|_| format!("`{v}` is not a date on the calendar"))
}

/// Markdown prose: written inline, or kept in a Markdown file of the site (`{ file = "why.md" }`).
#[derive(Clone, Debug, Default)]
pub struct Prose {
    /// The Markdown text (filled in from the file when the prose lives in one).
    text: ProseText,
    /// Where the text came from, for diagnostics that point inside it.
    pub origin: ProseOrigin,
    /// What the text holds (its links to entries, whether it has code), found on first use:
    /// checks, lints and pages share it.
    facts: std::sync::OnceLock<crate::markdown::Facts>,
}

/// The text of prose: its own string, or, when it reads exactly as written, a part of the
/// file it was written in (so a large strategy is not held in memory twice).
#[derive(Clone, Debug)]
enum ProseText {
    Owned(String),
    Shared {
        source: crate::source::Text,
        range: std::ops::Range<usize>,
    },
}

impl Default for ProseText {
    fn default() -> Self {
        ProseText::Owned(String::new())
    }
}

/// The place a piece of prose was written.
#[derive(Clone, Debug, Default)]
pub enum ProseOrigin {
    /// Inline in a TOML file: the byte span of the string value in that file.
    Inline { span: std::ops::Range<usize> },
    /// In a Markdown file: the span of the `file = "…"` value, and the loaded file once read.
    File {
        path: Spanned<String>,
        loaded: Option<FileId>,
    },
    /// Not written (an absent optional field).
    #[default]
    Absent,
}

impl Prose {
    /// True when the author wrote nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.text().trim().is_empty()
    }

    /// The Markdown text.
    pub fn text(&self) -> &str {
        match &self.text {
            ProseText::Owned(s) => s,
            ProseText::Shared { source, range } => &source[range.clone()],
        }
    }

    /// Takes the text from a whole Markdown file.
    pub(crate) fn set_file_text(&mut self, source: crate::source::Text) {
        let range = 0..source.len();
        self.text = ProseText::Shared { source, range };
        self.facts = Default::default();
    }

    /// Shares the text with `source`, the file it was written in, when the TOML string reads
    /// exactly as its decoded text (no escapes); otherwise keeps its own copy.
    pub(crate) fn share_inline(&mut self, source: &crate::source::Text) {
        let ProseOrigin::Inline { span } = &self.origin else {
            return;
        };
        let Some(raw) = source.get(span.clone()) else {
            return;
        };
        let (open, close) = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            // A newline right after the opening quotes is not part of the string.
            let after = &raw[3..];
            let newline = if after.starts_with("\r\n") {
                2
            } else {
                usize::from(after.starts_with('\n'))
            };
            (3 + newline, 3)
        } else if raw.starts_with('"') || raw.starts_with('\'') {
            (1, 1)
        } else {
            return;
        };
        if raw.len() < open + close {
            return;
        }
        let range = span.start + open..span.end - close;
        if source.get(range.clone()) == Some(self.text()) {
            self.text = ProseText::Shared {
                source: source.clone(),
                range,
            };
            self.facts = Default::default();
        }
    }

    /// What the text holds, parsed once.
    fn facts(&self) -> &crate::markdown::Facts {
        self.facts
            .get_or_init(|| crate::markdown::facts(self.text()))
    }

    /// The links to entries in the text.
    pub fn entry_links(&self) -> &[crate::markdown::EntryLink] {
        &self.facts().entry_links
    }

    /// Whether the text has a code block.
    pub fn has_code(&self) -> bool {
        self.facts().has_code
    }
}

impl Serialize for Prose {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.text())
    }
}

impl<'de> Deserialize<'de> for Prose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct FileRef {
            file: Spanned<String>,
        }
        struct ProseVisitor;
        impl<'de> Visitor<'de> for ProseVisitor {
            type Value = Prose;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("Markdown text, or a table `{ file = \"path/to/prose.md\" }`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Prose, E> {
                self.visit_string(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<Prose, E> {
                Ok(Prose {
                    text: ProseText::Owned(text),
                    origin: ProseOrigin::Absent,
                    facts: Default::default(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Prose, A::Error> {
                let r = FileRef::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Prose {
                    facts: Default::default(),
                    text: ProseText::default(),
                    origin: ProseOrigin::File {
                        path: r.file,
                        loaded: None,
                    },
                })
            }
        }
        d.deserialize_any(ProseVisitor)
    }
}

impl JsonSchema for Prose {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Prose".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Markdown text, or `{ file = \"prose/why.md\" }` to keep it in a Markdown file of the site.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": {
                        "file": {
                            "type": "string",
                            "description": "A Markdown file, relative to the site folder."
                        }
                    },
                    "required": ["file"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// Deserializes prose while remembering the span of an inline string.
pub fn spanned_prose<'de, D: Deserializer<'de>>(d: D) -> Result<Prose, D::Error> {
    let s: Spanned<Prose> = Spanned::deserialize(d)?;
    let span = s.span();
    let mut p = s.into_inner();
    if matches!(p.origin, ProseOrigin::Absent) {
        p.origin = ProseOrigin::Inline { span };
    }
    Ok(p)
}

/// Like [`spanned_prose`] for optional fields.
pub fn spanned_prose_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Prose>, D::Error> {
    spanned_prose(d).map(Some)
}

/// A reference to another entry by its id, with the span where it was written.
pub type Ref = Spanned<String>;

/// The `[site]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's title, shown in the header and the browser tab.
    pub title: String,
    /// The absolute URL the site is published at, e.g. `https://acme.github.io/checkout/`.
    #[schemars(with = "String")]
    pub base_url: Spanned<String>,
    /// One-paragraph Markdown summary for the index page and link previews.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub description: Option<Prose>,
    /// The language of the prose, as a BCP 47 tag (`en`, `de`, `pt-BR`).
    #[serde(default = "default_language")]
    pub language: String,
    /// How far ahead a commitment may reach, e.g. `"6 weeks"`.
    #[schemars(with = "String")]
    pub horizon: Spanned<Horizon>,
    /// The most commitments that may be planned or in progress at once.
    #[serde(default)]
    pub wip_limit: Option<u32>,
    /// The repository holding the strategy source, for "edit this page" links.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub repository: Option<Spanned<String>>,
    /// The branch the "edit this page" links point at.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The site folder's path inside the repository, when it is not the repository root.
    #[serde(default)]
    pub repository_path: Option<String>,
    /// A custom domain for GitHub Pages; written to `CNAME`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub cname: Option<Spanned<String>>,
    /// Let raw HTML in prose through instead of escaping it.
    #[serde(default)]
    pub allow_html: bool,
}

fn default_language() -> String {
    "en".into()
}

fn default_branch() -> String {
    "main".into()
}

/// Which way a metric should move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Higher is better.
    Increase,
    /// Lower is better.
    Decrease,
}

impl Metric {
    /// The better way for the metric to move: as written, else toward the target from the
    /// baseline (increase when that is unknown).
    pub fn better_direction(&self) -> Direction {
        self.direction
            .unwrap_or(match (self.baseline, self.target) {
                (Some(b), Some(t)) if t < b => Direction::Decrease,
                _ => Direction::Increase,
            })
    }
}

/// The measurable target of an objective: baseline → current → target, by a date.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// What is measured, e.g. "median time to find a product".
    pub name: String,
    /// The unit, e.g. `s`, `%`, `€`.
    #[serde(default)]
    pub unit: String,
    /// The value when the objective was set.
    #[serde(default)]
    pub baseline: Option<f64>,
    /// The latest measured value.
    #[serde(default)]
    pub current: Option<f64>,
    /// The value that means the objective is met.
    #[serde(default)]
    pub target: Option<f64>,
    /// The date by which the target should be reached.
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub by: Option<Spanned<Date>>,
    /// The date the baseline was measured (the start of the objective's clock).
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub since: Option<Spanned<Date>>,
    /// The date `current` was measured.
    #[serde(default)]
    pub measured: Option<Date>,
    /// Which direction is better; inferred from baseline and target when omitted.
    #[serde(default)]
    pub direction: Option<Direction>,
}

/// A north-star objective: an outcome in customer or business language, with a metric.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The title, in plain words. Change it freely; the id stays.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// One sentence for cards and link previews.
    #[serde(default)]
    pub summary: Option<String>,
    /// The story of why this matters now.
    #[serde(deserialize_with = "spanned_prose")]
    pub why: Prose,
    /// How the team will know: baseline -> current -> target, by a date.
    pub metric: Metric,
    /// Who answers for it.
    #[serde(default)]
    pub owner: Option<String>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A narrative theme: one story that groups work and serves objectives.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The title, in plain words. Change it freely; the id stays.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// One sentence for cards and link previews.
    #[serde(default)]
    pub summary: Option<String>,
    /// The objectives this theme moves.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub serves: Vec<Ref>,
    /// The story this theme tells.
    #[serde(deserialize_with = "spanned_prose")]
    pub narrative: Prose,
    /// Who answers for it.
    #[serde(default)]
    pub owner: Option<String>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Where a commitment stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Planned,
    InProgress,
    Done,
    Dropped,
}

impl Status {
    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            Status::Planned => "Planned",
            Status::InProgress => "In progress",
            Status::Done => "Done",
            Status::Dropped => "Dropped",
        }
    }

    /// The value as written in TOML.
    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    /// Planned or in progress: work the team is carrying now.
    pub fn is_live(self) -> bool {
        matches!(self, Status::Planned | Status::InProgress)
    }
}

/// A coarse size for value, effort and risk estimates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Low,
    Medium,
    High,
}

/// A piece of committed work inside the horizon.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The title, in plain words. Change it freely; the id stays.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// The theme whose story this work advances.
    #[schemars(with = "String")]
    pub theme: Ref,
    /// Why this work, now.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub why: Option<Prose>,
    /// What must be true to call it done.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub done_when: Option<Prose>,
    /// Who answers for it.
    #[serde(default)]
    pub owner: Option<String>,
    /// The date the work is due. Planned or in-progress work should be due inside the horizon.
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub due: Option<Spanned<Date>>,
    /// Where it stands: planned, in-progress, done or dropped. Default: planned.
    #[serde(default)]
    pub status: Status,
    /// Other commitments that must land first.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub depends_on: Vec<Ref>,
    /// A coarse estimate of its value.
    #[serde(default)]
    pub value: Option<Level>,
    /// A coarse estimate of its effort.
    #[serde(default)]
    pub effort: Option<Level>,
    /// A coarse estimate of its risk.
    #[serde(default)]
    pub risk: Option<Level>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// An idea in the parking lot: an option, not a promise.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Idea {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The title, in plain words. Change it freely; the id stays.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// The theme the idea would belong to, if taken up.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub theme: Option<Ref>,
    /// What the idea is and what it might bring.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub pitch: Option<Prose>,
    /// A coarse estimate of its value.
    #[serde(default)]
    pub value: Option<Level>,
    /// A coarse estimate of its effort.
    #[serde(default)]
    pub effort: Option<Level>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A non-goal: something the team has decided not to do, and why.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NonGoal {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The thing the team will not do.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Why the team will not do it.
    #[serde(deserialize_with = "spanned_prose")]
    pub why: Prose,
    /// What would make the team look at it again.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub reconsider_when: Option<Prose>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// How sure the team is of an assumption.
pub type Confidence = Level;

/// Something the plan takes to be true without having proven it.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The assumption, stated as a fact the plan relies on.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// More about it.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub detail: Option<Prose>,
    /// How sure the team is.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// How the team will find out whether it holds.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub test: Option<Prose>,
    /// When the team will look at it again.
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub review_by: Option<Spanned<Date>>,
    /// The entries that stand on this assumption.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub affects: Vec<Ref>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// How the team handles a risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Response {
    /// Taken on purpose: the team will live with it.
    Accepted,
    /// Reduced by the mitigation described.
    Mitigated,
}

/// A risk, accepted on purpose or mitigated.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The title, in plain words. Change it freely; the id stays.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// More about it.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub detail: Option<Prose>,
    /// `accepted`: the team lives with it, on purpose; `mitigated`: the team reduces it.
    #[schemars(with = "Response")]
    pub response: Spanned<Response>,
    /// What the team does about it; required when `response = "mitigated"`.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub mitigation: Option<Prose>,
    /// How likely it is.
    #[serde(default)]
    pub likelihood: Option<Level>,
    /// How bad it would be.
    #[serde(default)]
    pub impact: Option<Level>,
    /// The ids of the entries this risk threatens (any kind).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub affects: Vec<Ref>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A signal that would change the plan, written down before the news arrives.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// What we watch for.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// More about it.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub detail: Option<Prose>,
    /// What we would do if we saw it.
    #[serde(deserialize_with = "spanned_prose")]
    pub then: Prose,
    /// When the team will look at it again.
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub review_by: Option<Spanned<Date>>,
    /// The ids of the entries the signal would change (any kind).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub affects: Vec<Ref>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A named change to the strategy: what changed, when and why.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// What changed.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// When it changed.
    pub date: Date,
    /// Why it changed.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub why: Option<Prose>,
    /// The entries this change touched.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub affects: Vec<Ref>,
}

/// A field that names other entries, and which kind it must name (`None`: any kind).
pub struct RefField<'a> {
    pub field: &'static str,
    pub target: &'a Ref,
    pub expects: Option<Kind>,
}

/// What every entry kind shares: identity, prose and references.
pub trait EntryData {
    const KIND: Kind;
    fn id(&self) -> &Spanned<String>;
    fn title(&self) -> &Spanned<String>;
    /// The Markdown fields, by name.
    fn prose(&self) -> Vec<(&'static str, &Prose)>;
    fn prose_mut(&mut self) -> Vec<&mut Prose>;
    /// The references to other entries.
    fn refs(&self) -> Vec<RefField<'_>>;
}

fn refs_of<'a>(
    field: &'static str,
    list: &'a [Ref],
    expects: Option<Kind>,
) -> impl Iterator<Item = RefField<'a>> {
    list.iter().map(move |target| RefField {
        field,
        target,
        expects,
    })
}

macro_rules! prose_fields {
    ($self:ident; $($req:ident),* ; $($opt:ident),*) => {
        fn prose(&$self) -> Vec<(&'static str, &Prose)> {
            #[allow(unused_mut)]
            let mut v: Vec<(&'static str, &Prose)> = vec![$((stringify!($req), &$self.$req)),*];
            $(if let Some(p) = &$self.$opt { v.push((stringify!($opt), p)); })*
            v
        }
        fn prose_mut(&mut $self) -> Vec<&mut Prose> {
            #[allow(unused_mut)]
            let mut v: Vec<&mut Prose> = vec![$(&mut $self.$req),*];
            $(if let Some(p) = &mut $self.$opt { v.push(p); })*
            v
        }
    };
}

macro_rules! identity {
    ($kind:expr) => {
        const KIND: Kind = $kind;
        fn id(&self) -> &Spanned<String> {
            &self.id
        }
        fn title(&self) -> &Spanned<String> {
            &self.title
        }
    };
}

impl EntryData for Objective {
    identity!(Kind::Objective);
    prose_fields!(self; why;);
    fn refs(&self) -> Vec<RefField<'_>> {
        Vec::new()
    }
}

impl EntryData for Theme {
    identity!(Kind::Theme);
    prose_fields!(self; narrative;);
    fn refs(&self) -> Vec<RefField<'_>> {
        refs_of("serves", &self.serves, Some(Kind::Objective)).collect()
    }
}

impl EntryData for Commitment {
    identity!(Kind::Commitment);
    prose_fields!(self; ; why, done_when);
    fn refs(&self) -> Vec<RefField<'_>> {
        let mut v = vec![RefField {
            field: "theme",
            target: &self.theme,
            expects: Some(Kind::Theme),
        }];
        v.extend(refs_of(
            "depends_on",
            &self.depends_on,
            Some(Kind::Commitment),
        ));
        v
    }
}

impl EntryData for Idea {
    identity!(Kind::Idea);
    prose_fields!(self; ; pitch);
    fn refs(&self) -> Vec<RefField<'_>> {
        self.theme
            .iter()
            .map(|target| RefField {
                field: "theme",
                target,
                expects: Some(Kind::Theme),
            })
            .collect()
    }
}

impl EntryData for NonGoal {
    identity!(Kind::NonGoal);
    prose_fields!(self; why; reconsider_when);
    fn refs(&self) -> Vec<RefField<'_>> {
        Vec::new()
    }
}

impl EntryData for Assumption {
    identity!(Kind::Assumption);
    prose_fields!(self; ; detail, test);
    fn refs(&self) -> Vec<RefField<'_>> {
        refs_of("affects", &self.affects, None).collect()
    }
}

impl EntryData for Risk {
    identity!(Kind::Risk);
    prose_fields!(self; ; detail, mitigation);
    fn refs(&self) -> Vec<RefField<'_>> {
        refs_of("affects", &self.affects, None).collect()
    }
}

impl EntryData for Signal {
    identity!(Kind::Signal);
    prose_fields!(self; then; detail);
    fn refs(&self) -> Vec<RefField<'_>> {
        refs_of("affects", &self.affects, None).collect()
    }
}

impl EntryData for Change {
    identity!(Kind::Change);
    prose_fields!(self; ; why);
    fn refs(&self) -> Vec<RefField<'_>> {
        refs_of("affects", &self.affects, None).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct One {
        #[serde(deserialize_with = "spanned_prose")]
        why: Prose,
    }

    #[test]
    fn inline_prose_shares_its_file_only_where_it_reads_as_written() {
        let cases = [
            ("why = \"\"\"\nplain text\n\"\"\"\n", "plain text\n", true),
            ("why = \"\"\"same line\"\"\"\n", "same line", true),
            (
                "why = \"\"\"\r\nwindows\r\nlines\"\"\"\n",
                "windows\r\nlines",
                true,
            ),
            ("why = '''\nliteral \\n'''\n", "literal \\n", true),
            ("why = 'single'\n", "single", true),
            ("why = \"tab\\there\"\n", "tab\there", false),
            (
                "why = \"\"\"\nline \\\n   continued\n\"\"\"\n",
                "line continued\n",
                false,
            ),
            (
                "why = \"\"\"\n\\u00e9t\u{e9}\n\"\"\"\n",
                "\u{e9}t\u{e9}\n",
                false,
            ),
        ];
        for (toml_text, want, shared) in cases {
            let source = crate::source::Text::from(toml_text.to_owned());
            let mut p = toml::from_str::<One>(toml_text).unwrap().why;
            p.share_inline(&source);
            assert_eq!(p.text(), want, "{toml_text:?}");
            assert_eq!(
                matches!(p.text, ProseText::Shared { .. }),
                shared,
                "{toml_text:?}"
            );
        }
    }
}
