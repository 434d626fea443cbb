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
