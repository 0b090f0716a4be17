//! Text providers: the built-in engine and an OpenAI-compatible chat-completions client.
//!
//! [`copy_with_fallback`] asks a provider for marketing copy and, on any failure (timeout,
//! non-2xx status, transport error, unusable JSON), answers from the built-in engine instead. It
//! always returns a [`ProviderOutcome`] for the caller's metrics (`ai_model_metrics`,
//! `ai_usage_logs`). The API key is never logged, and its `Debug` output is redacted.

use std::fmt;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::copy::{CopyRequest, MarketingCopy, fit_to_platform, generate_copy, hashtags};

/// Why a provider call failed, with a stable snake_case code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ProviderError {
    /// The provider did not answer within the configured timeout.
    #[error("provider timed out")]
    Timeout,
    /// The provider answered with a non-2xx status.
    #[error("provider answered HTTP {status}")]
    HttpStatus {
        /// The HTTP status code.
        status: u16,
    },
    /// The answer was not the JSON we asked for.
    #[error("provider answer unusable: {detail}")]
    InvalidResponse {
        /// What was wrong.
        detail: String,
    },
    /// Connecting or talking to the provider failed.
    #[error("provider unreachable: {detail}")]
    Transport {
        /// What failed.
        detail: String,
    },
    /// The provider is misconfigured (bad base URL).
    #[error("provider misconfigured: {detail}")]
    Config {
        /// What is wrong.
        detail: String,
    },
}

impl ProviderError {
    /// Stable code for metrics and logs: `timeout`, `http_status`, `invalid_response`,
    /// `transport`, `config`.
    pub fn code(&self) -> &'static str {
        match self {
            ProviderError::Timeout => "timeout",
            ProviderError::HttpStatus { .. } => "http_status",
            ProviderError::InvalidResponse { .. } => "invalid_response",
            ProviderError::Transport { .. } => "transport",
            ProviderError::Config { .. } => "config",
        }
    }
}

/// Token counts as reported by the provider's `usage` object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Tokens in the prompt.
    pub prompt_tokens: Option<u32>,
    /// Tokens in the completion.
    pub completion_tokens: Option<u32>,
}

/// A provider's answer together with its token usage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated<T> {
    /// The generated value.
    pub value: T,
    /// Token usage; empty for the built-in engine.
    pub usage: Usage,
}

/// Something that can write marketing copy.
#[async_trait]
pub trait TextProvider: Send + Sync {
    /// Short name for metrics: "builtin", or the model name.
    fn name(&self) -> &str;

    /// Writes marketing copy for the request, fitted to its platform.
    async fn marketing_copy(
        &self,
        req: &CopyRequest,
    ) -> Result<Generated<MarketingCopy>, ProviderError>;
}

/// The offline phrase-bank engine; never fails.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltinEngine;

/// Name the built-in engine reports.
pub const BUILTIN_NAME: &str = "builtin";

#[async_trait]
impl TextProvider for BuiltinEngine {
    fn name(&self) -> &str {
        BUILTIN_NAME
    }

    async fn marketing_copy(
        &self,
        req: &CopyRequest,
    ) -> Result<Generated<MarketingCopy>, ProviderError> {
        Ok(Generated {
            value: generate_copy(req),
            usage: Usage::default(),
        })
    }
}

/// What happened when text was requested, for the caller to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderOutcome {
    /// The provider that was asked first.
    pub attempted: String,
    /// The provider whose text was returned ("builtin" after a fallback).
    pub provider: String,
    /// Whether the first provider succeeded.
    pub success: bool,
    /// Why it failed, if it did.
    pub failure: Option<ProviderError>,
    /// Whether the built-in engine answered instead.
    pub fell_back: bool,
    /// Time spent on the first provider's call.
    #[serde(serialize_with = "as_millis")]
    pub latency: Duration,
    /// Prompt tokens reported by the first provider.
    pub prompt_tokens: Option<u32>,
    /// Completion tokens reported by the first provider.
    pub completion_tokens: Option<u32>,
}

fn as_millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Asks `provider` for copy; on failure answers with the built-in engine. Never fails.
pub async fn copy_with_fallback(
    provider: &dyn TextProvider,
    req: &CopyRequest,
) -> (MarketingCopy, ProviderOutcome) {
    let started = Instant::now();
    let result = provider.marketing_copy(req).await;
    let latency = started.elapsed();
    let attempted = provider.name().to_string();
    match result {
        Ok(generated) => (
            generated.value,
            ProviderOutcome {
                provider: attempted.clone(),
                attempted,
                success: true,
                failure: None,
                fell_back: false,
                latency,
                prompt_tokens: generated.usage.prompt_tokens,
                completion_tokens: generated.usage.completion_tokens,
            },
        ),
        Err(err) => {
            // Handled here (the caller gets built-in copy), so this is the one place it is logged.
            tracing::warn!(
                provider.name = %attempted,
                error.code = err.code(),
                latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX),
                "text provider failed, answering with the built-in engine: {err}"
            );
            (
                generate_copy(req),
                ProviderOutcome {
                    attempted,
                    provider: BUILTIN_NAME.to_string(),
                    success: false,
                    failure: Some(err),
                    fell_back: true,
                    latency,
                    prompt_tokens: None,
                    completion_tokens: None,
                },
            )
        }
    }
}

/// A secret API key. `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }

    fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A chat-completions client for any OpenAI-compatible server (`POST {base_url}/chat/completions`
/// with bearer auth).
///
/// TLS is rustls with the `ring` backend and webpki roots; it builds offline from crates.io.
#[derive(Clone)]
pub struct OpenAiCompatible {
    base_url: String,
    model: String,
    api_key: ApiKey,
    timeout: Duration,
    client: reqwest::Client,
}

impl fmt::Debug for OpenAiCompatible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenAiCompatible")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &self.api_key)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A chat completion's text and usage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The assistant message content.
    pub content: String,
    /// Token usage.
    pub usage: Usage,
}

#[derive(Deserialize)]
struct ChatResponse {
    choices: Vec<ChatChoice>,
    #[serde(default)]
    usage: Option<ChatUsage>,
}

#[derive(Deserialize)]
struct ChatChoice {
    message: ChatMessage,
}

#[derive(Deserialize)]
struct ChatMessage {
    #[serde(default)]
    content: Option<String>,
}

#[derive(Deserialize)]
struct ChatUsage {
    #[serde(default)]
    prompt_tokens: Option<u32>,
    #[serde(default)]
    completion_tokens: Option<u32>,
}

/// The JSON we ask the model to produce.
#[derive(Deserialize)]
struct LlmCopy {
    headline: String,
    body: String,
    call_to_action: String,
    #[serde(default)]
    hashtags: Vec<String>,
}

impl OpenAiCompatible {
    /// A client for `base_url` (e.g. `https://api.openai.com/v1`) and `model`, giving up after
    /// `timeout` for the whole request.
    pub fn new(
        base_url: impl Into<String>,
        model: impl Into<String>,
        api_key: ApiKey,
        timeout: Duration,
    ) -> Result<Self, ProviderError> {
        let base_url = base_url.into().trim_end_matches('/').to_string();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ProviderError::Config {
                detail: "base_url must start with http:// or https://".into(),
            });
        }
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| ProviderError::Config {
                detail: e.to_string(),
            })?;
        Ok(OpenAiCompatible {
            base_url,
            model: model.into(),
            api_key,
            timeout,
            client,
        })
    }

    /// The model name.
    pub fn model(&self) -> &str {
        &self.model
    }

    /// Sends one system + user message pair and returns the reply.
    #[tracing::instrument(skip_all, fields(provider.model = %self.model))]
    pub async fn complete(&self, system: &str, user: &str) -> Result<Completion, ProviderError> {
        let body = serde_json::json!({
            "model": self.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            "temperature": 0.7,
        });
        let response = self
            .client
            .post(format!("{}/chat/completions", self.base_url))
            .bearer_auth(self.api_key.expose())
            .json(&body)
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        if !status.is_success() {
            return Err(ProviderError::HttpStatus {
                status: status.as_u16(),
            });
        }
        let bytes = response.bytes().await.map_err(transport_error)?;
        let parsed: ChatResponse =
            serde_json::from_slice(&bytes).map_err(|e| ProviderError::InvalidResponse {
                detail: format!("not a chat completion: {e}"),
            })?;
        let content = parsed
            .choices
            .into_iter()
            .next()
            .and_then(|c| c.message.content)
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| ProviderError::InvalidResponse {
                detail: "no message content".into(),
            })?;
        let usage = parsed.usage.map_or(Usage::default(), |u| Usage {
            prompt_tokens: u.prompt_tokens,
            completion_tokens: u.completion_tokens,
        });
        Ok(Completion { content, usage })
    }
}

fn transport_error(e: reqwest::Error) -> ProviderError {
    if e.is_timeout() {
        ProviderError::Timeout
    } else {
        // Without the URL: it is ours, and the error text should read alone.
        ProviderError::Transport {
            detail: e.without_url().to_string(),
        }
    }
}

const COPY_SYSTEM_PROMPT: &str = "You write short, accurate marketing copy for e-commerce products. \
Use only the facts given. Write in the requested language (tr = Turkish with correct suffixes and \
apostrophes after proper names, en = English, de = German, ar = Arabic). Reply with one JSON object \
and nothing else: {\"headline\": string, \"body\": string, \"call_to_action\": string, \
\"hashtags\": [string, without #]}.";

/// Pulls the first JSON object out of a model reply (which may wrap it in ``` fences or prose).
fn extract_json_object(content: &str) -> Option<&str> {
    let start = content.find('{')?;
    let end = content.rfind('}')?;
    (end > start).then(|| &content[start..=end])
}

#[async_trait]
impl TextProvider for OpenAiCompatible {
    fn name(&self) -> &str {
        &self.model
    }

    async fn marketing_copy(
        &self,
        req: &CopyRequest,
    ) -> Result<Generated<MarketingCopy>, ProviderError> {
        let limits = req.platform.limits();
        let facts = serde_json::json!({
            "product": req.product,
            "price_formatted": req.product.price.map(|p| p.format(req.language)),
            "old_price_formatted": req.product.old_price.map(|p| p.format(req.language)),
            "language": req.language,
            "tone": req.tone,
            "platform": req.platform,
            "max_characters": limits.max_chars,
            "max_hashtags": limits.max_hashtags,
        });
        let completion = self
            .complete(COPY_SYSTEM_PROMPT, &facts.to_string())
            .await?;
        let json = extract_json_object(&completion.content).ok_or_else(|| {
            ProviderError::InvalidResponse {
                detail: "reply holds no JSON object".into(),
            }
        })?;
        let copy: LlmCopy =
            serde_json::from_str(json).map_err(|e| ProviderError::InvalidResponse {
                detail: format!("reply JSON has the wrong shape: {e}"),
            })?;
        if copy.headline.trim().is_empty() || copy.body.trim().is_empty() {
            return Err(ProviderError::InvalidResponse {
                detail: "empty headline or body".into(),
            });
        }
        let tags = hashtags(&copy.hashtags);
        let body = vec![copy.body];
        Ok(Generated {
            value: fit_to_platform(
                &copy.headline,
                &body,
                &copy.call_to_action,
                &tags,
                req.platform,
            ),
            usage: completion.usage,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_contains_the_key() {
        let key = ApiKey::new("sk-very-secret-123");
        let client = OpenAiCompatible::new(
            "http://127.0.0.1:9",
            "m",
            key.clone(),
            Duration::from_secs(1),
        );
        let client = client.expect("valid config");
        for text in [
            format!("{key:?}"),
            format!("{key}"),
            format!("{client:?}"),
            format!("{client:#?}"),
        ] {
            assert!(!text.contains("sk-very-secret"), "{text}");
        }
        assert!(format!("{client:?}").contains("redacted"));
    }

    #[test]
    fn base_url_must_be_http() {
        let err = OpenAiCompatible::new("ftp://x", "m", ApiKey::new("k"), Duration::from_secs(1));
        assert_eq!(err.map(|_| ()).map_err(|e| e.code()), Err("config"));
    }

    #[test]
    fn json_is_found_inside_fences_and_prose() {
        let table = [
            ("{\"a\":1}", Some("{\"a\":1}")),
            ("```json\n{\"a\":{\"b\":2}}\n```", Some("{\"a\":{\"b\":2}}")),
            ("Here you go: {\"a\":1} enjoy", Some("{\"a\":1}")),
            ("no json", None),
            ("} backwards {", None),
        ];
        for (input, want) in table {
            assert_eq!(extract_json_object(input), want, "{input}");
        }
    }

    #[test]
    fn error_codes_are_stable() {
        let table = [
            (ProviderError::Timeout, "timeout"),
            (ProviderError::HttpStatus { status: 500 }, "http_status"),
            (
                ProviderError::InvalidResponse {
                    detail: String::new(),
                },
                "invalid_response",
            ),
            (
                ProviderError::Transport {
                    detail: String::new(),
                },
                "transport",
            ),
            (
                ProviderError::Config {
                    detail: String::new(),
                },
                "config",
            ),
        ];
        for (err, code) in table {
            assert_eq!(err.code(), code);
            let json = serde_json::to_value(&err).expect("serializes");
            assert_eq!(json["code"], code);
        }
    }
}

/// A tool call a model asked for: its id, the function's name and its arguments (JSON text,
/// as the model wrote it; the caller parses and checks it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
}

/// One turn of a chat with tools: either tool calls to run, or the final text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatTurn {
    pub content: Option<String>,
    pub tool_calls: Vec<ToolCall>,
    pub usage: Usage,
}

#[derive(Deserialize)]
struct ToolChatResponse {
    choices: Vec<ToolChatChoice>,
    #[serde(default)]
    usage: Option<ChatUsage>,
}

#[derive(Deserialize)]
struct ToolChatChoice {
    message: ToolChatMessage,
}

#[derive(Deserialize)]
struct ToolChatMessage {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    tool_calls: Vec<RawToolCall>,
}

#[derive(Deserialize)]
struct RawToolCall {
    #[serde(default)]
    id: String,
    function: RawFunction,
}

#[derive(Deserialize)]
struct RawFunction {
    name: String,
    #[serde(default)]
    arguments: String,
}

/// Most tool calls one turn may carry; a model asking for more is cut off.
pub const MAX_TOOL_CALLS_PER_TURN: usize = 8;

impl OpenAiCompatible {
    /// One chat-completions round with function calling: `messages` and `tools` in the
    /// OpenAI shape. The answer is the model's text or the tool calls it asks for (at most
    /// [`MAX_TOOL_CALLS_PER_TURN`]); running them is the caller's business.
    #[tracing::instrument(skip_all, fields(provider.model = %self.model))]
    pub async fn chat_with_tools(
        &self,
        messages: &[serde_json::Value],
        tools: &[serde_json::Value],
    ) -> Result<ChatTurn, ProviderError> {
        let body = serde_json::json!({
            "model": self.model,
            "messages": messages,
            "tools": tools,
            "tool_choice": "auto",
            "temperature": 0.2,
        });
        let response = self
            .client
            .post(format!("{}/chat/completions", self.base_url))
            .bearer_auth(self.api_key.expose())
            .json(&body)
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        if !status.is_success() {
            return Err(ProviderError::HttpStatus {
                status: status.as_u16(),
            });
        }
        let bytes = response.bytes().await.map_err(transport_error)?;
        let parsed: ToolChatResponse =
            serde_json::from_slice(&bytes).map_err(|e| ProviderError::InvalidResponse {
                detail: format!("not a chat completion: {e}"),
            })?;
        let message = parsed
            .choices
            .into_iter()
            .next()
            .ok_or_else(|| ProviderError::InvalidResponse {
                detail: "no choices".into(),
            })?
            .message;
        let tool_calls: Vec<ToolCall> = message
            .tool_calls
            .into_iter()
            .take(MAX_TOOL_CALLS_PER_TURN)
            .enumerate()
            .map(|(i, c)| ToolCall {
                id: if c.id.is_empty() {
                    format!("call_{i}")
                } else {
                    c.id
                },
                name: c.function.name,
                arguments: c.function.arguments,
            })
            .collect();
        let content = message.content.filter(|c| !c.trim().is_empty());
        if tool_calls.is_empty() && content.is_none() {
            return Err(ProviderError::InvalidResponse {
                detail: "neither content nor tool calls".into(),
            });
        }
        let usage = parsed.usage.map_or(Usage::default(), |u| Usage {
            prompt_tokens: u.prompt_tokens,
            completion_tokens: u.completion_tokens,
        });
        Ok(ChatTurn {
            content,
            tool_calls,
            usage,
        })
    }
}
