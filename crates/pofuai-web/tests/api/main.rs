//! The HTTP API, end to end: each test spawns the application on port 0 with its own
//! database (SQLite, or a PostgreSQL schema when POFUAI_TEST_DATABASE_URL is set) and talks
//! to it over real HTTP.

#![allow(clippy::unwrap_used)]

mod helpers;

mod insights;
mod integrations;
mod nodes;

mod accounts;
mod ai_provider;
mod analytics;
mod answers;
mod assistant;
mod concurrency;
mod edits;
mod errors;
mod events;
mod ops;
mod panel;
mod panel_editor_ai;
mod panel_field_codes;
mod panel_grid;
mod panel_studio;
mod permissions;
mod product_io;
mod products;
mod recommendations;
mod server;
mod suggestions;
mod sync;
mod templates;
mod uploads;
