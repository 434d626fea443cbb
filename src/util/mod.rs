//! Helpers with no knowledge of strategies, used by every layer above.

pub mod contained;
pub mod font;
mod font_advances;
pub mod paths;
pub mod text;
