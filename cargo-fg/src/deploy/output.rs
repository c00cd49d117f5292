//! What a deploy reports: for people, cargo-style status lines on standard error and the
//! function's URN on standard output; for CI (`--output json`), one JSON object on standard
//! output. Dry runs add every call they would have made, bodies without the code.

use serde_json::{Value, json};

use crate::ui;

/// A call a dry run did not send.
#[derive(Debug, Clone)]
pub(crate) struct UnsentCall {
    pub(crate) method: String,
    pub(crate) url: String,
    /// The body, the zip replaced by a placeholder.
    pub(crate) body: Value,
}

/// The DIS trigger's state after the deploy.
#[derive(Debug, Clone)]
pub(crate) struct TriggerReport {
    pub(crate) stream: String,
    pub(crate) id: Option<String>,
    /// Created by this deploy (or, in a dry run, would be).
    pub(crate) created: bool,
}

/// Everything a deploy did.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub(crate) function_urn: String,
    pub(crate) created: bool,
    pub(crate) code_size: u64,
    pub(crate) code_sha512: String,
    /// The digest the platform reported after the upload.
    pub(crate) platform_digest: Option<String>,
    pub(crate) config_changed: Vec<&'static str>,
    pub(crate) version: Option<String>,
    pub(crate) alias: Option<String>,
    pub(crate) trigger: Option<TriggerReport>,
    pub(crate) dry_run: bool,
    pub(crate) unsent: Vec<UnsentCall>,
}

impl Report {
    /// The report as one JSON object.
    pub(crate) fn to_json(&self) -> Value {
        let action = match (self.dry_run, self.created) {
            (false, true) => "created",
            (false, false) => "updated",
            (true, true) => "would create",
            (true, false) => "would update",
        };
        let mut report = json!({
            "function_urn": self.function_urn,
            "action": action,
            "code": {
                "size": self.code_size,
                "sha512": self.code_sha512,
                "platform_digest": self.platform_digest,
            },
            "config_changed": self.config_changed,
            "version": self.version,
            "alias": self.alias,
            "trigger": self.trigger.as_ref().map(|t| json!({
                "type": "DIS", "stream": t.stream, "id": t.id, "created": t.created,
            })),
            "dry_run": self.dry_run,
        });
        if self.dry_run {
            report["unsent_calls"] = self
                .unsent
                .iter()
                .map(|c| json!({"method": c.method, "url": c.url, "body": c.body}))
                .collect();
        }
        report
    }

    /// Prints the report for `json` or for people.
    pub(crate) fn print(&self, json: bool) {
        if json {
            println!("{}", self.to_json());
            return;
        }
        if self.dry_run {
            for call in &self.unsent {
                println!("{} {}", call.method, call.url);
                println!(
                    "{}",
                    serde_json::to_string_pretty(&call.body).unwrap_or_default()
                );
            }
            ui::status(
                "Dry run",
                format!(
                    "{} {}: nothing was changed; {} call(s) above not sent (lookups were sent)",
                    if self.created {
                        "would create"
                    } else {
                        "would update"
                    },
                    self.function_urn,
                    self.unsent.len()
                ),
            );
            return;
        }
        ui::status(
            if self.created { "Created" } else { "Updated" },
            format!(
                "{} (code {}, sha512 {}…)",
                self.function_urn,
                ui::size(self.code_size),
                self.code_sha512.get(..16).unwrap_or(&self.code_sha512)
            ),
        );
        if let Some(digest) = &self.platform_digest
            && !digest.eq_ignore_ascii_case(&self.code_sha512)
        {
            ui::warning(format!(
                "the platform reports digest {digest}, not the zip's SHA-512 {}",
                self.code_sha512
            ));
        }
        if !self.config_changed.is_empty() {
            ui::status("Configured", self.config_changed.join(", "));
        }
        if let Some(version) = &self.version {
            ui::status("Published", format!("version {version}"));
        }
        if let (Some(alias), Some(version)) = (&self.alias, &self.version) {
            ui::status("Aliased", format!("{alias} -> {version}"));
        }
        if let Some(trigger) = &self.trigger {
            ui::status(
                "Trigger",
                format!(
                    "DIS on stream {} {} (id {})",
                    trigger.stream,
                    if trigger.created {
                        "created"
                    } else {
                        "already there"
                    },
                    trigger.id.as_deref().unwrap_or("?")
                ),
            );
        }
        println!("{}", self.function_urn);
    }
}
