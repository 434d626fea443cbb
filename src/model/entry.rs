//! What every kind of entry shares: identity, prose and references to other entries, and the
//! coarse sizes estimates are written in.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Kind, Prose, TrackerLink};

/// A reference to another entry by its id, with the span where it was written.
pub type Ref = Spanned<String>;

/// A coarse size for value, effort and risk estimates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Low,
    Medium,
    High,
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
    /// Where the entry's work is tracked.
    fn links(&self) -> &[TrackerLink];
    /// Whether the author marked it to lead its lists.
    fn featured(&self) -> bool {
        false
    }
    /// The Markdown fields, by name.
    fn prose(&self) -> Vec<(&'static str, &Prose)>;
    fn prose_mut(&mut self) -> Vec<&mut Prose>;
    /// The references to other entries.
    fn refs(&self) -> Vec<RefField<'_>>;
    /// The entry as a signal, when it is one (to judge its threshold).
    fn as_signal(&self) -> Option<&super::Signal> {
        None
    }
    /// Its metrics.
    fn metrics(&self) -> Vec<&super::Metric> {
        Vec::new()
    }
    /// Its metrics, for the loader to add the readings kept in files.
    fn metrics_mut(&mut self) -> Vec<&mut super::Metric> {
        Vec::new()
    }
}

pub(crate) fn refs_of<'a>(
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
        fn links(&self) -> &[TrackerLink] {
            &self.links
        }
    };
}
