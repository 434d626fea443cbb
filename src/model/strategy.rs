//! The whole strategy of a site, and the one table of entry kinds it is made from.
//!
//! [`kinds!`] below is the only place the kinds are listed. From it come the [`Kind`] enum
//! and its words and URLs, the strategy's lists, the [`Lists`] the loader fills, and the visitors
//! through which the loader, `strategy.json` and the schema reach every kind's Rust type. A new
//! kind is one line there, its struct in `model/`, and the pages that show it.

use std::collections::{BTreeMap, HashSet};
use std::ops::{Deref, Range};

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use super::{
    Assumption, Change, Commitment, Constraint, EntryData, Idea, NonGoal, Objective, Prose,
    RefField, Risk, Signal, SiteConfig, TeamConfig, Theme, WorkspaceConfig,
};
use crate::source::FileId;

/// What every kind's Rust type can do: be read, checked, exported and described.
pub trait EntryKind:
    EntryData + Serialize + DeserializeOwned + JsonSchema + Send + Sync + Sized + 'static
{
    /// The strategy's list of this kind.
    fn list(strategy: &Strategy) -> &[Entry<Self>];
    /// The loader's list of this kind.
    fn list_mut(lists: &mut Lists) -> &mut Vec<Entry<Self>>;
}

/// Something done once per kind, with the kind's Rust type in hand.
pub trait KindVisitor {
    fn visit<T: EntryKind>(&mut self);
}

/// Something done to every list of a strategy, with each kind's Rust type in hand.
pub trait ListVisitor<'a> {
    fn visit<T: EntryKind>(&mut self, list: &'a [Entry<T>]);
}

/// Where an entry is shown: a page of its own, or an anchor on its kind's section page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// `{folder}/{id}.html`.
    Page { folder: &'static str },
    /// `{page}#{id}`.
    Anchor { page: &'static str },
}

macro_rules! kinds {
    ($(
        $variant:ident: $ty:ident, list $list:ident, key $key:literal,
        $article:literal, $label:literal, $placement:expr;
    )*) => {
        /// The kinds of entry a strategy holds.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Kind {
            $($variant,)*
        }

        impl Kind {
            /// Every kind, in the order the site presents them.
            pub const ALL: [Kind; [$(Kind::$variant),*].len()] = [$(Kind::$variant),*];

            /// The TOML array-of-tables key: `[[objective]]`.
            pub fn key(self) -> &'static str {
                match self { $(Kind::$variant => $key,)* }
            }

            /// The kind in a sentence: "an objective".
            pub fn article(self) -> &'static str {
                match self { $(Kind::$variant => $article,)* }
            }

            /// Human label, singular: "Non-goal".
            pub fn label(self) -> &'static str {
                match self { $(Kind::$variant => $label,)* }
            }

            /// The name of the kind's list: in the strategy, `strategy.json` and templates.
            pub fn list_name(self) -> &'static str {
                match self { $(Kind::$variant => stringify!($list),)* }
            }

            /// Where the kind's entries are shown.
            pub fn placement(self) -> Placement {
                match self { $(Kind::$variant => $placement,)* }
            }

            /// Calls `v` with this kind's Rust type.
            pub fn visit(self, v: &mut impl KindVisitor) {
                match self { $(Kind::$variant => v.visit::<$ty>(),)* }
            }
        }

        $(
            impl EntryKind for $ty {
                fn list(strategy: &Strategy) -> &[Entry<Self>] {
                    &strategy.$list
                }
                fn list_mut(lists: &mut Lists) -> &mut Vec<Entry<Self>> {
                    &mut lists.$list
                }
            }
        )*

        /// Every kind's entries, as the loader collects them.
        #[derive(Debug, Default)]
        pub struct Lists {
            $(pub $list: Vec<Entry<$ty>>,)*
        }

        /// The whole strategy of a site, merged from all its files.
        #[derive(Debug)]
        pub struct Strategy {
            pub site: SiteConfig,
            /// The file holding `[site]`.
            pub site_file: FileId,
            /// Where each key of `[site]` was written.
            pub site_spans: KeySpans,
            /// The `[lints]` table of `stratsite.toml`, as written (checked against the known
            /// lints later).
            pub lints: Vec<LintSetting>,
            $(pub $list: Vec<Entry<$ty>>,)*
            /// Ids of entries that were written but could not be read (already reported), and
            /// whether a whole file could not be read: references to what is missing for those
            /// reasons are not reported again as dangling.
            pub unreadable: Unreadable,
            /// The `[team]` table and where its keys were written, when there is one.
            pub team: Option<(TeamConfig, KeySpans)>,
            /// The `[workspace]` table of this strategy (only `parents` is allowed in one),
            /// and where its keys were written.
            pub workspace: Option<(WorkspaceConfig, KeySpans)>,
        }

        impl Strategy {
            /// A strategy from what the loader read, each list in the order written with the
            /// entries marked `featured` first.
            pub fn new(
                site: SiteConfig,
                site_file: FileId,
                site_spans: KeySpans,
                lints: Vec<LintSetting>,
                mut lists: Lists,
                unreadable: Unreadable,
            ) -> Strategy {
                // A stable sort: featured entries, then the others, each in written order.
                $(lists.$list.sort_by_key(|e| !e.data.featured());)*
                Strategy {
                    site,
                    site_file,
                    site_spans,
                    lints,
                    $($list: lists.$list,)*
                    unreadable,
                    team: None,
                    workspace: None,
                }
            }

            /// Calls `v` with every kind's list, kinds in [`Kind::ALL`] order.
            pub fn visit_lists<'a>(&'a self, v: &mut impl ListVisitor<'a>) {
                $(v.visit(&self.$list);)*
            }
        }
    };
}

kinds! {
    Objective: Objective, list objectives, key "objective",
        "an objective", "Objective", Placement::Page { folder: "objectives" };
    Theme: Theme, list themes, key "theme",
        "a theme", "Theme", Placement::Page { folder: "themes" };
    Commitment: Commitment, list commitments, key "commitment",
        "a commitment", "Commitment", Placement::Page { folder: "commitments" };
    Idea: Idea, list ideas, key "idea",
        "an idea", "Idea", Placement::Anchor { page: "ideas.html" };
    NonGoal: NonGoal, list non_goals, key "non_goal",
        "a non-goal", "Non-goal", Placement::Anchor { page: "non-goals.html" };
    Assumption: Assumption, list assumptions, key "assumption",
        "an assumption", "Assumption", Placement::Anchor { page: "assumptions.html" };
    Risk: Risk, list risks, key "risk",
        "a risk", "Risk", Placement::Anchor { page: "assumptions.html" };
    Constraint: Constraint, list constraints, key "constraint",
        "a constraint", "Constraint", Placement::Anchor { page: "assumptions.html" };
    Signal: Signal, list signals, key "signal",
        "a signal", "Signal", Placement::Anchor { page: "signals.html" };
    Change: Change, list changes, key "change",
        "a change", "Change", Placement::Anchor { page: "changes.html" };
}

impl Kind {
    /// Where an entry's page (or its anchor on a section page) is, from the site root.
    pub fn url(self, id: &str) -> String {
        match self.placement() {
            Placement::Page { folder } => format!("{folder}/{id}.html"),
            Placement::Anchor { page } => format!("{page}#{id}"),
        }
    }
}

/// An entry together with the file it was written in.
#[derive(Debug)]
pub struct Entry<T> {
    pub file: FileId,
    pub data: T,
    /// Where each key's value was written, for checks that point at a field the model does not
    /// keep a span for (a metric table, a `tags` list).
    pub spans: KeySpans,
    /// The lints it allows for itself, in written order.
    pub allow: Vec<super::Allowance>,
}

/// The span of each key's value in one table, by key path: `metric` for the key itself,
/// `metric.target` for a key of the table it holds, as written at any depth (inline tables and
/// `[objective.metric]` headers alike). Lists are not walked into.
pub type KeySpans = BTreeMap<String, Range<usize>>;

/// One line of the `[lints]` table: a lint code and the level chosen for it, as written.
#[derive(Debug)]
pub struct LintSetting {
    pub code: Spanned<String>,
    pub level: Spanned<String>,
}

impl<T> Deref for Entry<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.data
    }
}

/// What loading could not read, so that later checks do not report its echoes.
#[derive(Debug, Default)]
pub struct Unreadable {
    pub ids: HashSet<String>,
    pub whole_file: bool,
}

/// A kind-independent view of one entry, for checks and plans that treat all kinds alike.
pub struct EntryView<'a> {
    pub kind: Kind,
    pub file: FileId,
    pub id: &'a Spanned<String>,
    pub title: &'a Spanned<String>,
    pub prose: Vec<(&'static str, &'a Prose)>,
    pub refs: Vec<RefField<'a>>,
    /// The lints it allows for itself.
    pub allow: &'a [super::Allowance],
}

fn view<T: EntryData>(e: &Entry<T>) -> EntryView<'_> {
    EntryView {
        kind: T::KIND,
        file: e.file,
        id: e.data.id(),
        title: e.data.title(),
        prose: e.data.prose(),
        refs: e.data.refs(),
        allow: &e.allow,
    }
}

impl Strategy {
    /// Every entry of every kind, kinds in [`Kind::ALL`] order, entries in source order.
    pub fn entries(&self) -> Vec<EntryView<'_>> {
        struct Views<'a>(Vec<EntryView<'a>>);
        impl<'a> ListVisitor<'a> for Views<'a> {
            fn visit<T: EntryKind>(&mut self, list: &'a [Entry<T>]) {
                self.0.extend(list.iter().map(view));
            }
        }
        let mut views = Views(Vec::with_capacity(self.len()));
        self.visit_lists(&mut views);
        views.0
    }

    /// How many entries there are, of every kind.
    pub fn len(&self) -> usize {
        struct Count(usize);
        impl ListVisitor<'_> for Count {
            fn visit<T: EntryKind>(&mut self, list: &[Entry<T>]) {
                self.0 += list.len();
            }
        }
        let mut count = Count(0);
        self.visit_lists(&mut count);
        count.0
    }
}
