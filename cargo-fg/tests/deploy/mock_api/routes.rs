//! The API's behaviour as the mock plays it: the routes of docs/PLATFORM.md §14.2 over the
//! in-memory state, with the platform's error codes (`FSS.1011` for a bad zip, `FSS.1051` for a
//! missing function, a 404 for an unknown project) and scripted faults.

use base64::Engine as _;
use serde_json::{Value, json};
use sha2::{Digest, Sha512};

use super::{Answer, Context, Received, State, answer, decode, error};

impl Context {
    pub(super) fn route(&self, state: &mut State, request: &Received) -> Answer {
        let line = request.line();
        if let Some(at) = state
            .faults
            .iter()
            .position(|f| f.method == request.method && decode(&request.path).ends_with(f.path_end))
        {
            let fault = state.faults[at].clone();
            if fault.times <= 1 {
                state.faults.remove(at);
            } else {
                state.faults[at].times -= 1;
            }
            return error(fault.status, fault.error_code, "scripted failure");
        }
        let segments: Vec<String> = request.path.split('/').skip(1).map(decode).collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        match (request.method.as_str(), segments.as_slice()) {
            ("GET", ["v3", "projects"]) => {
                let wanted = request.query.strip_prefix("name=").unwrap_or_default();
                let projects: Vec<Value> = [(self.region.as_str(), self.project_id.as_str())]
                    .iter()
                    .filter(|(name, _)| *name == wanted)
                    .map(|(name, id)| json!({"id": id, "name": name}))
                    .collect();
                answer(200, json!({"projects": projects}))
            }
            (_, ["v2", project, ..]) if *project != self.project_id => {
                error(404, "FSS.0404", "project not found")
            }
            ("POST", ["v2", _, "fgs", "functions"]) => self.create(state, request),
            (method, ["v2", _, "fgs", "functions", urn, rest @ ..]) => {
                let Some(name) = self.function_name(urn) else {
                    return error(400, "FSS.0400", "malformed function urn");
                };
                if !state.functions.contains_key(&name) {
                    return error(404, "FSS.1051", "Not found the function");
                }
                self.function(state, method, &name, rest, request)
            }
            ("GET", ["v2", _, "fgs", "triggers", urn]) => {
                let name = self.function_name(urn).unwrap_or_default();
                answer(
                    200,
                    Value::Array(state.triggers.get(&name).cloned().unwrap_or_default()),
                )
            }
            ("POST", ["v2", _, "fgs", "triggers", urn]) => {
                let name = self.function_name(urn).unwrap_or_default();
                if !state.functions.contains_key(&name) {
                    return error(404, "FSS.1051", "Not found the function");
                }
                let body = request.json();
                if body["trigger_type_code"] != "DIS"
                    || body["event_data"]["stream_name"].as_str().is_none()
                    || !matches!(
                        body["event_data"]["is_serial"].as_str(),
                        Some("true" | "false")
                    )
                {
                    return error(400, "FSS.0400", "bad trigger");
                }
                let list = state.triggers.entry(name).or_default();
                let mut trigger = body.clone();
                trigger["trigger_id"] = format!("trigger-{}", list.len() + 1).into();
                list.push(trigger.clone());
                answer(200, trigger)
            }
            _ => error(404, "APIGW.0101", &format!("no route for {line}")),
        }
    }

    fn function_name(&self, urn: &str) -> Option<String> {
        let parts: Vec<&str> = urn.split(':').collect();
        match parts.as_slice() {
            // Functions are keyed by name alone: the package only has to be there.
            ["urn", "fss", region, project, "function", _package, name]
            | [
                "urn",
                "fss",
                region,
                project,
                "function",
                _package,
                name,
                "latest",
            ] if *region == self.region && *project == self.project_id => Some((*name).to_owned()),
            _ => None,
        }
    }

    fn zip(body: &Value) -> Result<Vec<u8>, Answer> {
        let bytes = body["func_code"]["file"]
            .as_str()
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .ok_or_else(|| error(400, "FSS.0400", "func_code.file is not base64"))?;
        if !bytes.starts_with(b"PK\x03\x04") {
            return Err(error(400, "FSS.1011", "zip: not a valid zip file"));
        }
        if body["code_type"] != "zip" || body["code_filename"].as_str().is_none() {
            return Err(error(400, "FSS.0400", "code_type zip needs code_filename"));
        }
        Ok(bytes)
    }

    fn create(&self, state: &mut State, request: &Received) -> Answer {
        let body = request.json();
        for field in [
            "func_name",
            "package",
            "runtime",
            "handler",
            "memory_size",
            "timeout",
        ] {
            if body[field].is_null() {
                return error(400, "FSS.0400", &format!("{field} is required"));
            }
        }
        let zip = match Self::zip(&body) {
            Ok(zip) => zip,
            Err(answer) => return answer,
        };
        let name = body["func_name"].as_str().unwrap_or_default().to_owned();
        if state.functions.contains_key(&name) {
            return error(400, "FSS.1052", "The function already exists");
        }
        let mut config = body.clone();
        config.as_object_mut().expect("object").remove("func_code");
        config["func_urn"] = format!("{}:latest", self.urn(&name)).into();
        config["digest"] = hex::encode(Sha512::digest(&zip)).into();
        config["code_size"] = zip.len().into();
        state.functions.insert(name.clone(), config.clone());
        state.code.insert(name, zip);
        answer(200, config)
    }

    fn urn(&self, name: &str) -> String {
        format!(
            "urn:fss:{}:{}:function:default:{name}",
            self.region, self.project_id
        )
    }

    fn function(
        &self,
        state: &mut State,
        method: &str,
        name: &str,
        rest: &[&str],
        request: &Received,
    ) -> Answer {
        let body = request.json();
        match (method, rest) {
            ("GET", ["config"]) => answer(200, state.functions[name].clone()),
            ("PUT", ["code"]) => match Self::zip(&body) {
                Ok(zip) => {
                    let digest = hex::encode(Sha512::digest(&zip));
                    let config = state.functions.get_mut(name).expect("checked");
                    config["digest"] = digest.clone().into();
                    config["code_size"] = zip.len().into();
                    state.code.insert(name.to_owned(), zip);
                    answer(
                        200,
                        json!({"func_urn": format!("{}:latest", self.urn(name)), "digest": digest}),
                    )
                }
                Err(answer) => answer,
            },
            ("PUT", ["config"]) => {
                for field in ["func_name", "runtime", "timeout", "handler", "memory_size"] {
                    if body[field].is_null() {
                        return error(400, "FSS.0400", &format!("{field} is required"));
                    }
                }
                let config = state.functions.get_mut(name).expect("checked");
                for (key, value) in body.as_object().expect("object") {
                    config[key] = value.clone();
                }
                answer(200, config.clone())
            }
            ("POST", ["versions"]) => {
                let versions = state.versions.entry(name.to_owned()).or_default();
                let version = body["version"]
                    .as_str()
                    .map_or_else(|| format!("v{}", versions.len() + 1), str::to_owned);
                if versions.contains(&version) {
                    return error(400, "FSS.1053", "version exists");
                }
                versions.push(version.clone());
                answer(
                    200,
                    json!({"version": version, "func_urn": format!("{}:{version}", self.urn(name))}),
                )
            }
            ("GET", ["aliases", alias]) => {
                match state.aliases.get(&(name.to_owned(), (*alias).to_owned())) {
                    Some(version) => answer(200, json!({"name": alias, "version": version})),
                    None => error(404, "FSS.1051", "Not found the alias"),
                }
            }
            ("POST", ["aliases"]) | ("PUT", ["aliases", _]) => {
                let (Some(alias), Some(version)) =
                    (body["name"].as_str(), body["version"].as_str())
                else {
                    return error(400, "FSS.0400", "name and version are required");
                };
                let exists = state
                    .aliases
                    .contains_key(&(name.to_owned(), alias.to_owned()));
                if method == "POST" && exists || method == "PUT" && !exists {
                    return error(400, "FSS.0400", "alias create/update mismatch");
                }
                if !state
                    .versions
                    .get(name)
                    .is_some_and(|v| v.iter().any(|x| x == version))
                {
                    return error(404, "FSS.1051", "Not found the version");
                }
                state
                    .aliases
                    .insert((name.to_owned(), alias.to_owned()), version.to_owned());
                answer(200, json!({"name": alias, "version": version}))
            }
            ("POST", ["invocations"]) => {
                if request.header("X-Cff-Log-Type") != Some("tail") {
                    return error(400, "FSS.0400", "expected X-Cff-Log-Type: tail");
                }
                let status = state.invocation_status;
                answer(
                    200,
                    json!({
                        "request_id": "fn-req-1",
                        "result": format!("received {} bytes", request.body.len()),
                        "log": "2026-12-06T01:00:00Z fn-req-1 INFO handled\n",
                        "status": status,
                    }),
                )
            }
            ("POST", ["invocations-async"]) => answer(202, json!({"request_id": "fn-req-async"})),
            _ => error(404, "APIGW.0101", "no such route"),
        }
    }
}
