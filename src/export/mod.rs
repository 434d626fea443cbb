//! What the build writes for machines rather than people: `strategy.json`, and the JSON Schema
//! of the source format for editors.

pub mod schema;
pub mod strategy_json;
