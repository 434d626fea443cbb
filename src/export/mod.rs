//! What the build writes for machines rather than people: `strategy.json`, the search index
//! the pages' search box reads, and the JSON Schema of the source format for editors.

pub mod schema;
pub mod search_index;
pub mod strategy_json;
