//! What the build writes for machines rather than people: `strategy.json` (a workspace's,
//! too), the search index the pages' search box reads, and the JSON Schema of the source format
//! for editors.

pub mod schema;
pub mod search_index;
pub mod strategy_json;
pub mod workspace_json;
