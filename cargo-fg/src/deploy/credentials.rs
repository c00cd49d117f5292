//! Who signs the requests: the access key pair (and a temporary security token) read from the
//! environment in either ecosystem's convention, with the secret parts wrapped so that no
//! `Debug`, `Display` or error message can print them.

use std::fmt;

/// Variables holding the access key id, in the order they are tried.
pub(crate) const ACCESS_KEY_VARIABLES: [&str; 2] = ["HUAWEICLOUD_SDK_AK", "OS_ACCESS_KEY"];
/// Variables holding the secret access key, paired with [`ACCESS_KEY_VARIABLES`].
pub(crate) const SECRET_KEY_VARIABLES: [&str; 2] = ["HUAWEICLOUD_SDK_SK", "OS_SECRET_KEY"];
/// Variables holding a temporary security token (sent as `X-Security-Token`).
pub(crate) const TOKEN_VARIABLES: [&str; 2] =
    ["HUAWEICLOUD_SDK_SECURITY_TOKEN", "OS_SECURITY_TOKEN"];

/// A value that must never be shown: its `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that needs it (signing, a request header).
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// An access key pair, and the token that comes with temporary keys.
#[derive(Clone, Debug)]
pub(crate) struct Credentials {
    /// The access key id is not secret (it appears in every `Authorization` header).
    pub(crate) access_key: String,
    pub(crate) secret_key: Secret,
    pub(crate) security_token: Option<Secret>,
}

/// Why no credentials could be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum MissingCredentials {
    /// Neither pair of variables is set.
    None,
    /// One half of a pair is set without the other.
    Incomplete {
        set: &'static str,
        missing: &'static str,
    },
}

impl fmt::Display for MissingCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => write!(
                f,
                "no access keys: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (or OS_ACCESS_KEY \
                 and OS_SECRET_KEY), and for temporary keys HUAWEICLOUD_SDK_SECURITY_TOKEN (or \
                 OS_SECURITY_TOKEN); nothing was sent"
            ),
            Self::Incomplete { set, missing } => write!(
                f,
                "{set} is set but {missing} is not: set both (nothing was sent)"
            ),
        }
    }
}

impl std::error::Error for MissingCredentials {}

impl Credentials {
    /// Reads the credentials from the process environment.
    pub(crate) fn from_env() -> Result<Self, MissingCredentials> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the credentials through `lookup` (the environment, or a map in tests). Empty values
    /// count as unset; the first complete pair wins.
    pub(crate) fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, MissingCredentials> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut incomplete = None;
        for (ak_name, sk_name) in ACCESS_KEY_VARIABLES.into_iter().zip(SECRET_KEY_VARIABLES) {
            match (get(ak_name), get(sk_name)) {
                (Some(access_key), Some(secret_key)) => {
                    return Ok(Self {
                        access_key,
                        secret_key: Secret::new(secret_key),
                        security_token: TOKEN_VARIABLES.into_iter().find_map(get).map(Secret::new),
                    });
                }
                (Some(_), None) => {
                    incomplete.get_or_insert(MissingCredentials::Incomplete {
                        set: ak_name,
                        missing: sk_name,
                    });
                }
                (None, Some(_)) => {
                    incomplete.get_or_insert(MissingCredentials::Incomplete {
                        set: sk_name,
                        missing: ak_name,
                    });
                }
                (None, None) => {}
            }
        }
        Err(incomplete.unwrap_or(MissingCredentials::None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn either_convention_is_read_and_the_sdk_one_wins() {
        let otc = Credentials::from_lookup(lookup(&[
            ("OS_ACCESS_KEY", "OTCAK"),
            ("OS_SECRET_KEY", "otc-sk"),
            ("OS_SECURITY_TOKEN", "otc-token"),
        ]))
        .unwrap();
        assert_eq!(otc.access_key, "OTCAK");
        assert_eq!(otc.secret_key.expose(), "otc-sk");
        assert_eq!(otc.security_token.unwrap().expose(), "otc-token");
        let both = Credentials::from_lookup(lookup(&[
            ("OS_ACCESS_KEY", "OTCAK"),
            ("OS_SECRET_KEY", "otc-sk"),
            ("HUAWEICLOUD_SDK_AK", "HWAK"),
            ("HUAWEICLOUD_SDK_SK", "hw-sk"),
        ]))
        .unwrap();
        assert_eq!(both.access_key, "HWAK");
        assert!(both.security_token.is_none());
    }

    #[test]
    fn missing_keys_name_the_variables() {
        let none = Credentials::from_lookup(lookup(&[("HUAWEICLOUD_SDK_AK", " ")])).unwrap_err();
        assert_eq!(none, MissingCredentials::None);
        assert!(none.to_string().contains("HUAWEICLOUD_SDK_AK"));
        assert!(none.to_string().contains("OS_SECRET_KEY"));
        let half = Credentials::from_lookup(lookup(&[("OS_SECRET_KEY", "x")])).unwrap_err();
        assert_eq!(
            half.to_string(),
            "OS_SECRET_KEY is set but OS_ACCESS_KEY is not: set both (nothing was sent)"
        );
    }

    #[test]
    fn secrets_never_print() {
        let credentials = Credentials::from_lookup(lookup(&[
            ("HUAWEICLOUD_SDK_AK", "AK"),
            ("HUAWEICLOUD_SDK_SK", "very-secret"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "token-secret"),
        ]))
        .unwrap();
        let shown = format!(
            "{credentials:?} {} {:?}",
            credentials.secret_key, credentials.security_token
        );
        assert!(
            !shown.contains("very-secret") && !shown.contains("token-secret"),
            "{shown}"
        );
        assert!(shown.contains("***"), "{shown}");
    }
}
