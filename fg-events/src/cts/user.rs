//! The user who made an audited request, with the NODE d.ts extras.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `user`: who made the request (docs/PLATFORM.md §9.9).
///
/// The samples send `name`, `id` and `domain`; the other fields come from the NODE d.ts.
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(default)]
pub struct CtsUser {
    /// `name`: the user name, e.g. `userName`, `aaa/op_service`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `id`: the user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `domain`: the account the user belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<CtsDomain>,
    /// `type`: the kind of identity (NODE d.ts).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub user_type: Option<String>,
    /// `principal_id` (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_id: Option<String>,
    /// `principal_urn` (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_urn: Option<String>,
    /// `account_id` (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// `access_key_id`: the access key used, if any (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    /// `user_name` (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// `principal_is_root_user`: a boolean or a string in the NODE d.ts, so kept as sent; read it
    /// with [`is_root_user`](Self::is_root_user). `Null` when absent.
    #[serde(skip_serializing_if = "Value::is_null")]
    pub principal_is_root_user: Value,
    /// `invoked_by`: the services that made the call on the user's behalf (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoked_by: Option<Vec<String>>,
    /// `session_context` (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_context: Option<CtsSessionContext>,
    /// `OriginUser` (NODE d.ts; the only PascalCase key).
    #[serde(rename = "OriginUser", skip_serializing_if = "Option::is_none")]
    pub origin_user: Option<String>,
}

impl CtsUser {
    /// `principal_is_root_user` as a boolean, whether sent as `true` or `"true"`; `None` when
    /// absent or anything else.
    pub fn is_root_user(&self) -> Option<bool> {
        bool_or_string(&self.principal_is_root_user)
    }
}

/// `user.domain`: the account.
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(default)]
pub struct CtsDomain {
    /// `name`: the account name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `id`: the account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// `user.session_context` (NODE d.ts).
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(default)]
pub struct CtsSessionContext {
    /// `attributes`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<CtsSessionAttributes>,
}

/// `user.session_context.attributes` (NODE d.ts).
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(default)]
pub struct CtsSessionAttributes {
    /// `created_at`: when the session was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// `mfa_authenticated`: a boolean or a string in the NODE d.ts, so kept as sent; read it
    /// with [`mfa_authenticated`](Self::mfa_authenticated). `Null` when absent.
    #[serde(skip_serializing_if = "Value::is_null")]
    pub mfa_authenticated: Value,
}

impl CtsSessionAttributes {
    /// `mfa_authenticated` as a boolean, whether sent as `true` or `"true"`; `None` when absent
    /// or anything else.
    pub fn mfa_authenticated(&self) -> Option<bool> {
        bool_or_string(&self.mfa_authenticated)
    }
}

fn bool_or_string(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}
