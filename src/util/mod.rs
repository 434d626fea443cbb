//! Helpers with no knowledge of strategies, used by every layer above.

pub mod paths;
pub mod text;
