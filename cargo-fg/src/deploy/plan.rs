//! The request bodies of a deploy, and the decisions that need no network: what a new function
//! is created with, which deployed settings differ from what was asked (so that an update
//! changes only those), whether the DIS trigger already exists. Pure functions of their inputs.

use serde_json::{Map, Value, json};

use super::options::{DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, DeployOptions, DisTrigger};

/// The runtime assumed for a deployed function whose configuration names none: fg's default,
/// a `bootstrap` executable at the zip's root run as a custom runtime.
pub(crate) const RUNTIME: &str = "Custom";
/// The handler the console shows for Custom runtimes; the API text wants `xx.xx` (unverified,
/// docs/PLATFORM.md §14.2), the console and every custom-runtime sample use the executable's name.
pub(crate) const HANDLER: &str = "bootstrap";
/// The name the zip is uploaded under.
pub(crate) const CODE_FILENAME: &str = "bootstrap.zip";
/// What replaces the code in bodies that are shown (dry runs, verbose output).
const CODE_PLACEHOLDER: &str = "<the zip, base64>";

/// The environment as `user_data` wants it: a JSON object as a string.
fn user_data(env: &[(String, String)]) -> String {
    Value::Object(
        env.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
    .to_string()
}

/// `func_code` with the zip.
fn code(zip_base64: &str) -> Value {
    json!({ "file": zip_base64 })
}

/// The body of `POST /functions`.
pub(crate) fn create_body(options: &DeployOptions, zip_base64: &str) -> Value {
    let mut body = json!({
        "func_name": options.name,
        "package": options.location.function_package,
        "runtime": options.runtime.api_name(),
        "handler": HANDLER,
        "memory_size": options.memory_mb.unwrap_or(DEFAULT_MEMORY_MB),
        "timeout": options.timeout_seconds.unwrap_or(DEFAULT_TIMEOUT_SECONDS),
        "code_type": "zip",
        "code_filename": CODE_FILENAME,
        "func_code": code(zip_base64),
        "type": "v2",
    });
    let fields = body.as_object_mut().expect("a JSON object literal");
    if !options.env.is_empty() {
        fields.insert("user_data".into(), user_data(&options.env).into());
    }
    if let Some(agency) = &options.agency {
        fields.insert("xrole".into(), agency.clone().into());
    }
    if let Some(description) = &options.description {
        fields.insert("description".into(), description.clone().into());
    }
    body
}

/// The body of `PUT /functions/{urn}/code`.
pub(crate) fn code_body(zip_base64: &str) -> Value {
    json!({
        "code_type": "zip",
        "code_filename": CODE_FILENAME,
        "func_code": code(zip_base64),
    })
}

/// A configuration update: the body of `PUT /functions/{urn}/config` and the settings it
/// changes.
#[derive(Debug, PartialEq)]
pub(crate) struct ConfigUpdate {
    pub(crate) body: Value,
    pub(crate) changed: Vec<&'static str>,
}

/// The update that brings `deployed` (the answer of `GET .../config`) to what `options` asks
/// for, or `None` when nothing asked for differs. Settings not asked for keep their deployed
/// values; `--env` adds or replaces variables and keeps the others.
pub(crate) fn config_update(deployed: &Value, options: &DeployOptions) -> Option<ConfigUpdate> {
    let mut changed = Vec::new();
    let number = |key: &str| {
        deployed[key]
            .as_u64()
            .or_else(|| deployed[key].as_str()?.parse().ok())
    };
    let mut memory = number("memory_size");
    if let Some(asked) = options.memory_mb
        && memory != Some(asked.into())
    {
        changed.push("memory");
        memory = Some(asked.into());
    }
    let mut timeout = number("timeout");
    if let Some(asked) = options.timeout_seconds
        && timeout != Some(asked.into())
    {
        changed.push("timeout");
        timeout = Some(asked.into());
    }
    // user_data is a JSON object in a string; a missing or unreadable one counts as empty.
    let deployed_env: Map<String, Value> = deployed["user_data"]
        .as_str()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    let mut env = deployed_env.clone();
    for (key, value) in &options.env {
        env.insert(key.clone(), Value::String(value.clone()));
    }
    if env != deployed_env {
        changed.push("env");
    }
    let text = |key: &str| deployed[key].as_str().map(str::to_owned);
    let mut agency = text("xrole");
    if options.agency.is_some() && options.agency != agency {
        changed.push("agency");
        agency.clone_from(&options.agency);
    }
    let mut description = text("description");
    if options.description.is_some() && options.description != description {
        changed.push("description");
        description.clone_from(&options.description);
    }
    if changed.is_empty() {
        return None;
    }
    let mut body = json!({
        "func_name": options.name,
        "runtime": deployed["runtime"].as_str().unwrap_or(RUNTIME),
        "handler": deployed["handler"].as_str().unwrap_or(HANDLER),
        "memory_size": memory.unwrap_or(DEFAULT_MEMORY_MB.into()),
        "timeout": timeout.unwrap_or(DEFAULT_TIMEOUT_SECONDS.into()),
    });
    let fields = body.as_object_mut().expect("a JSON object literal");
    if !env.is_empty() {
        fields.insert("user_data".into(), Value::Object(env).to_string().into());
    }
    if let Some(agency) = agency.filter(|a| !a.is_empty()) {
        fields.insert("xrole".into(), agency.into());
    }
    if let Some(description) = description {
        fields.insert("description".into(), description.into());
    }
    Some(ConfigUpdate { body, changed })
}

/// The body of `POST .../versions`.
pub(crate) fn publish_body(version: Option<&str>) -> Value {
    let mut body = json!({ "description": concat!("published by cargo fg deploy ", env!("CARGO_PKG_VERSION")) });
    if let Some(version) = version {
        body["version"] = version.into();
    }
    body
}

/// The body of `POST .../aliases` and `PUT .../aliases/{name}`.
pub(crate) fn alias_body(name: &str, version: &str) -> Value {
    json!({ "name": name, "version": version })
}

/// The body of `POST /triggers/{urn}` for a DIS trigger.
pub(crate) fn dis_trigger_body(dis: &DisTrigger) -> Value {
    json!({
        "trigger_type_code": "DIS",
        "trigger_status": "ACTIVE",
        "event_data": {
            "stream_name": dis.stream,
            "sharditerator_type": dis.starting_position,
            "polling_interval": dis.polling_interval,
            "polling_unit": dis.polling_unit,
            "batch_size": dis.batch_size,
            "max_fetch_bytes": dis.max_fetch_bytes,
            "is_serial": if dis.serial { "true" } else { "false" },
        },
    })
}

/// The id of the function's DIS trigger on `stream` in the answer of `GET /triggers/{urn}` (a
/// list of triggers), if there is one.
pub(crate) fn existing_dis_trigger(triggers: &Value, stream: &str) -> Option<String> {
    let list = triggers
        .as_array()
        .or_else(|| triggers["triggers"].as_array())?;
    list.iter()
        .find(|t| t["trigger_type_code"] == "DIS" && t["event_data"]["stream_name"] == stream)
        .map(|t| t["trigger_id"].as_str().unwrap_or("?").to_owned())
}

/// `body` with the zip replaced by a placeholder, for showing.
pub(crate) fn shown(body: &Value) -> Value {
    let mut body = body.clone();
    if body.get("func_code").is_some() {
        body["func_code"]["file"] = CODE_PLACEHOLDER.into();
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::endpoints::Endpoint;
    use crate::deploy::options::{Location, Publish};

    fn options() -> DeployOptions {
        DeployOptions {
            runtime: crate::deploy::options::FunctionRuntime::Custom,
            name: "clicks".into(),
            location: Location {
                region: "eu-de".into(),
                project_id: Some("p".into()),
                function_package: "default".into(),
                endpoint: Endpoint::parse("http://127.0.0.1:1").unwrap(),
                iam_endpoint: Endpoint::parse("http://127.0.0.1:1").unwrap(),
            },
            memory_mb: None,
            timeout_seconds: None,
            env: Vec::new(),
            agency: None,
            description: None,
            publish: Publish::No,
            alias: None,
            dis: None,
        }
    }

    fn deployed() -> Value {
        json!({
            "func_name": "clicks", "runtime": "Custom", "handler": "bootstrap",
            "memory_size": 256, "timeout": 60, "xrole": "dis-reader",
            "user_data": "{\"TABLE\":\"clicks\"}", "description": "theirs",
        })
    }

    #[test]
    fn a_new_function_gets_the_defaults_and_only_the_settings_given() {
        let body = create_body(&options(), "UEsD");
        assert_eq!(body["runtime"], "Custom");
        assert_eq!(body["handler"], "bootstrap");
        assert_eq!(body["memory_size"], 128);
        assert_eq!(body["timeout"], 30);
        assert_eq!(body["code_type"], "zip");
        assert_eq!(body["func_code"]["file"], "UEsD");
        assert!(body.get("user_data").is_none() && body.get("xrole").is_none());
        assert_eq!(shown(&body)["func_code"]["file"], CODE_PLACEHOLDER);
    }

    #[test]
    fn nothing_asked_nothing_updated() {
        assert_eq!(config_update(&deployed(), &options()), None);
        let mut same = options();
        same.memory_mb = Some(256);
        same.env = vec![("TABLE".into(), "clicks".into())];
        assert_eq!(config_update(&deployed(), &same), None);
    }

    #[test]
    fn an_update_changes_what_was_asked_and_keeps_the_rest() {
        let mut asked = options();
        asked.timeout_seconds = Some(90);
        asked.env = vec![("MODE".into(), "fast".into())];
        let update = config_update(&deployed(), &asked).unwrap();
        assert_eq!(update.changed, ["timeout", "env"]);
        assert_eq!(update.body["timeout"], 90);
        assert_eq!(update.body["memory_size"], 256);
        assert_eq!(update.body["xrole"], "dis-reader");
        assert_eq!(update.body["description"], "theirs");
        let env: Value = serde_json::from_str(update.body["user_data"].as_str().unwrap()).unwrap();
        assert_eq!(env, json!({"TABLE": "clicks", "MODE": "fast"}));
    }

    #[test]
    fn the_dis_trigger_is_found_by_stream() {
        let list = json!([
            {"trigger_id": "t1", "trigger_type_code": "SMN", "event_data": {}},
            {"trigger_id": "t2", "trigger_type_code": "DIS", "event_data": {"stream_name": "clicks"}},
        ]);
        assert_eq!(existing_dis_trigger(&list, "clicks").as_deref(), Some("t2"));
        assert_eq!(existing_dis_trigger(&list, "other"), None);
        assert_eq!(existing_dis_trigger(&Value::Null, "clicks"), None);
    }
}
