//! The deploy itself, call by call: look the function up, create it or upload its code (and
//! change the settings that differ), publish, alias, ensure the DIS trigger. Every change is
//! recorded, so that a failure part-way says what was done and what was not; a dry run sends
//! the lookups and shows the changes instead of sending them.

use std::fmt;

use serde_json::Value;
use ureq::http::Method;

use super::api::{ApiError, Call, Client, Reply};
use super::endpoints::{function_path, function_urn, triggers_path};
use super::options::{DeployOptions, Publish};
use super::output::{Report, TriggerReport, UnsentCall};
use super::plan;
use crate::ui;

/// The code to deploy.
#[derive(Debug)]
pub(crate) struct Code {
    pub(crate) base64: String,
    pub(crate) size: u64,
    pub(crate) sha512: String,
}

/// A deploy that stopped on an error.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) error: ApiError,
    pub(crate) done: Vec<String>,
    pub(crate) failed: String,
    pub(crate) not_done: Vec<String>,
}

impl Failure {
    /// Whether anything was changed before the failure.
    pub(crate) fn changed_something(&self) -> bool {
        !self.done.is_empty()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: {}", self.failed, self.error)?;
        if self.done.is_empty() {
            write!(f, "\n  nothing was changed")?;
        } else {
            write!(f, "\n  done: {}", self.done.join("; "))?;
        }
        let mut not_done = vec![self.failed.clone()];
        not_done.extend(self.not_done.iter().cloned());
        write!(f, "\n  not done: {}", not_done.join("; "))
    }
}

/// A step's result: a failure is boxed, it is rare and large.
pub(crate) type Step<T> = Result<T, Box<Failure>>;

/// One deploy in progress.
pub(crate) struct Deploy<'a> {
    client: &'a Client,
    options: &'a DeployOptions,
    project_id: String,
    urn: String,
    dry_run: bool,
    done: Vec<String>,
    /// The changes still to make, in order; the first is the one under way.
    planned: Vec<String>,
    report: Report,
}

impl<'a> Deploy<'a> {
    pub(crate) fn new(
        client: &'a Client,
        options: &'a DeployOptions,
        project_id: String,
        dry_run: bool,
    ) -> Self {
        let location = &options.location;
        let urn = function_urn(
            &location.region,
            &project_id,
            &location.function_package,
            &options.name,
        );
        Self {
            client,
            options,
            project_id,
            urn,
            dry_run,
            done: Vec::new(),
            planned: Vec::new(),
            report: Report {
                dry_run,
                ..Report::default()
            },
        }
    }

    fn call(&self, method: Method, path: String) -> Call<'a> {
        Call::new(method, &self.options.location.endpoint, path)
    }

    fn function_call(&self, method: Method, rest: &str) -> Call<'a> {
        self.call(method, function_path(&self.project_id, &self.urn, rest))
    }

    /// A failure of the change under way.
    fn failure(&mut self, error: ApiError) -> Box<Failure> {
        let mut planned = std::mem::take(&mut self.planned).into_iter();
        Box::new(Failure {
            error,
            done: std::mem::take(&mut self.done),
            failed: planned.next().unwrap_or_else(|| "the deploy".to_owned()),
            not_done: planned.collect(),
        })
    }

    /// A read-only call, sent in dry runs too.
    fn look_up(&mut self, call: &Call<'_>) -> Step<Option<Value>> {
        match self.client.send(call) {
            Ok(reply) => reply.json().map(Some).map_err(|e| self.failure(e)),
            Err(error) if error.status() == Some(404) => Ok(None),
            Err(error) => Err(self.failure(error)),
        }
    }

    /// A change: sent and recorded, or in a dry run shown and not sent (`None`).
    fn change(&mut self, call: &Call<'_>, body: &Value) -> Step<Option<Reply>> {
        if self.dry_run {
            self.report.unsent.push(UnsentCall {
                method: call.method.to_string(),
                url: call.url(),
                body: plan::shown(body),
            });
            self.planned.remove(0);
            return Ok(None);
        }
        let reply = self.client.send(call).map_err(|e| self.failure(e))?;
        let step = self.planned.remove(0);
        self.done.push(step);
        Ok(Some(reply))
    }

    /// Runs the deploy.
    pub(crate) fn run(mut self, code: &Code) -> Step<Report> {
        self.report.code_size = code.size;
        self.report.code_sha512.clone_from(&code.sha512);
        self.planned.push("look the function up".to_owned());
        let lookup = self.function_call(Method::GET, "/config");
        let deployed = self.look_up(&lookup)?;
        self.planned.clear();
        let update = deployed
            .as_ref()
            .and_then(|d| plan::config_update(d, self.options));
        self.plan(deployed.is_some(), update.as_ref());
        match &deployed {
            None => self.create(code)?,
            Some(config) => {
                self.report.function_urn = config["func_urn"]
                    .as_str()
                    .map_or_else(|| self.urn.clone(), str::to_owned);
                let upload = self.function_call(Method::PUT, "/code");
                let body = plan::code_body(&code.base64);
                if let Some(reply) = self.change(&upload.json(&body), &body)? {
                    let answer = reply.json().unwrap_or(Value::Null);
                    self.report.platform_digest = answer["digest"].as_str().map(str::to_owned);
                }
                if let Some(update) = update {
                    let call = self
                        .function_call(Method::PUT, "/config")
                        .json(&update.body);
                    self.change(&call, &update.body)?;
                    self.report.config_changed = update.changed;
                }
            }
        }
        if let Publish::Yes { version } = &self.options.publish {
            let body = plan::publish_body(version.as_deref());
            let call = self.function_call(Method::POST, "/versions").json(&body);
            let published = match self.change(&call, &body)? {
                Some(reply) => reply.json().unwrap_or(Value::Null)["version"]
                    .as_str()
                    .map(str::to_owned)
                    .or_else(|| version.clone()),
                None => version
                    .clone()
                    .or_else(|| Some("<the new version>".to_owned())),
            };
            self.report.version = published;
        }
        if let Some(alias) = &self.options.alias {
            self.alias(alias, deployed.is_some())?;
        }
        if let Some(dis) = &self.options.dis {
            self.dis_trigger(dis, deployed.is_some())?;
        }
        Ok(self.report)
    }

    /// The changes this deploy will make, for the message of a failure part-way.
    fn plan(&mut self, exists: bool, update: Option<&plan::ConfigUpdate>) {
        let options = self.options;
        if exists {
            self.planned.push("upload the code".to_owned());
            if let Some(update) = update {
                self.planned.push(format!(
                    "update the configuration ({})",
                    update.changed.join(", ")
                ));
            }
        } else {
            self.planned.push("create the function".to_owned());
        }
        if let Publish::Yes { version } = &options.publish {
            self.planned.push(match version {
                Some(v) => format!("publish version {v}"),
                None => "publish a version".to_owned(),
            });
        }
        if let Some(alias) = &options.alias {
            self.planned.push(format!("point alias {alias} at it"));
        }
        if let Some(dis) = &options.dis {
            self.planned
                .push(format!("ensure the DIS trigger on stream {}", dis.stream));
        }
    }

    /// Creates the function. A create is never retried blindly: when it got no clear answer,
    /// the function is looked up again, and exists or not.
    fn create(&mut self, code: &Code) -> Step<()> {
        self.report.created = true;
        self.report.function_urn = format!("{}:latest", self.urn);
        let body = plan::create_body(self.options, &code.base64);
        let call = self
            .call(
                Method::POST,
                format!(
                    "/v2/{}/fgs/functions",
                    super::signer::encode(&self.project_id)
                ),
            )
            .json(&body);
        if self.dry_run {
            self.change(&call, &body)?;
            return Ok(());
        }
        match self.client.send(&call) {
            Ok(reply) => {
                let answer = reply.json().unwrap_or(Value::Null);
                if let Some(urn) = answer["func_urn"].as_str() {
                    self.report.function_urn = urn.to_owned();
                }
                self.report.platform_digest = answer["digest"].as_str().map(str::to_owned);
            }
            Err(error) if error.status().is_none_or(|s| s >= 500) => {
                ui::warning(format!(
                    "{error}\n  looking the function up to see whether it was created"
                ));
                let lookup = self.function_call(Method::GET, "/config");
                match self.client.send(&lookup) {
                    Ok(_) => ui::status("Found", "the function was created after all"),
                    Err(_) => return Err(self.failure(error)),
                }
            }
            Err(error) => return Err(self.failure(error)),
        }
        let step = self.planned.remove(0);
        self.done.push(step);
        Ok(())
    }

    /// Points the alias at the version just published: created, or moved when it exists.
    fn alias(&mut self, alias: &str, function_existed: bool) -> Step<()> {
        let version = self.report.version.clone().unwrap_or_default();
        let path = format!("/aliases/{}", super::signer::encode(alias));
        let existing = if function_existed {
            self.look_up(&self.function_call(Method::GET, &path))?
        } else {
            None
        };
        let body = plan::alias_body(alias, &version);
        let call = if existing.is_some() {
            self.function_call(Method::PUT, &path)
        } else {
            self.function_call(Method::POST, "/aliases")
        }
        .json(&body);
        self.change(&call, &body)?;
        self.report.alias = Some(alias.to_owned());
        Ok(())
    }

    /// Ensures one DIS trigger on the stream: listed first, so a second deploy creates none.
    fn dis_trigger(
        &mut self,
        dis: &super::options::DisTrigger,
        function_existed: bool,
    ) -> Step<()> {
        let list = self.call(Method::GET, triggers_path(&self.project_id, &self.urn));
        let existing = if function_existed {
            self.look_up(&list)?
                .and_then(|triggers| plan::existing_dis_trigger(&triggers, &dis.stream))
        } else {
            None
        };
        if let Some(id) = existing {
            self.planned.remove(0);
            self.report.trigger = Some(TriggerReport {
                stream: dis.stream.clone(),
                id: Some(id),
                created: false,
            });
            return Ok(());
        }
        let body = plan::dis_trigger_body(dis);
        let call = self
            .call(Method::POST, triggers_path(&self.project_id, &self.urn))
            .json(&body);
        let id = self
            .change(&call, &body)?
            .and_then(|reply| reply.json().ok())
            .and_then(|answer| answer["trigger_id"].as_str().map(str::to_owned));
        self.report.trigger = Some(TriggerReport {
            stream: dis.stream.clone(),
            id,
            created: true,
        });
        Ok(())
    }
}
