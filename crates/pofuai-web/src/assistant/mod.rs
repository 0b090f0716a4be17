//! The AI assistant (issue 15): questions about the asker's own catalogue, stock, orders,
//! returns, forecasts, templates and quota, answered in the question's language with the
//! real figures, links, and proposed actions that run only once their owner confirms.
//!
//! - `tools.rs`: reads over one owner's data; the owner is the authenticated user, fixed
//!   before any text is read.
//! - `offline.rs`: the default engine — `pofuai_text::intent` reads the question, the tools
//!   answer it.
//! - `llm.rs`: with an OpenAI-compatible provider configured, the model plans with tool
//!   calls over the same tools; any failure or timeout falls back to the offline engine.
//! - `actions.rs`: what may be proposed, and carrying it out on confirmation.
//! - `period.rs`: periods as Istanbul day ranges.

pub mod actions;
mod llm;
mod offline;
pub mod period;
pub mod tools;

use pofuai_store::users::User;
use pofuai_text::Language;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::ApiResult;
use actions::Proposal;
use tools::Tools;

/// A link an answer offers to what it talks about.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Link {
    pub label: String,
    /// A panel path (`/products/12`, `/analytics`, …).
    pub href: String,
}

/// An answer before it is stored.
#[derive(Debug, Clone)]
pub struct Reply {
    pub text: String,
    pub links: Vec<Link>,
    pub actions: Vec<Proposal>,
    /// What the question was read as (`low_stock`, `top_sellers`, …; `llm` when a model
    /// planned it).
    pub intent: String,
    pub language: Language,
    /// `offline` or `llm`.
    pub engine: &'static str,
}

/// Answers `text` for `user` from their own data: with the configured model when there is
/// one and it answers in time, else with the offline engine. `fallback` is the user's panel
/// language, used when the question's words do not tell.
pub async fn respond(
    state: &AppState,
    user: &User,
    text: &str,
    fallback: Language,
) -> ApiResult<Reply> {
    let tools = Tools::new(state.clone(), user.clone());
    let parsed = pofuai_text::intent::parse(text, fallback);
    if let Some(reply) = llm::plan(state, &tools, text, parsed.language).await {
        return Ok(reply);
    }
    Ok(offline::answer(&tools, &parsed).await?)
}
