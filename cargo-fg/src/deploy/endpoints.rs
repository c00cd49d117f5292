//! Where the management API lives: the FunctionGraph and IAM endpoints of a region (Open
//! Telekom Cloud's `eu-de`, Huawei Cloud's `*.myhuaweicloud.com` regions, or URLs given on the
//! command line), and the function URN that names a function in request paths (docs/PLATFORM.md
//! §14.2).

use std::fmt;

use super::signer;

/// The one Open Telekom Cloud region with FunctionGraph (regions-and-endpoints, docs/PLATFORM.md
/// §14.2).
pub(crate) const OTC_REGION: &str = "eu-de";

/// A base URL split into the parts a request needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// `https` or `http`.
    pub(crate) scheme: String,
    /// The `Host` header's value: host, and port when one was given.
    pub(crate) authority: String,
    /// A path prefix of a private gateway, without the trailing `/` (usually empty).
    pub(crate) prefix: String,
}

impl Endpoint {
    /// Parses `https://host[:port][/prefix]` (or `http://`, for tests and private gateways).
    pub(crate) fn parse(url: &str) -> Result<Self, BadEndpoint> {
        let bad = |why: &str| BadEndpoint {
            url: url.to_owned(),
            why: why.to_owned(),
        };
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| bad("expected https://HOST or http://HOST"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err(bad("the scheme must be https or http"));
        }
        let (authority, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if authority.is_empty()
            || !authority
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        {
            return Err(bad(
                "expected a host name or address, and an optional :PORT",
            ));
        }
        if rest.contains(['?', '#']) {
            return Err(bad("a query or fragment has no place in an endpoint"));
        }
        Ok(Self {
            scheme,
            authority: authority.to_ascii_lowercase(),
            prefix: prefix
                .trim_end_matches('/')
                .split('/')
                .filter(|s| !s.is_empty())
                .map(|s| format!("/{s}"))
                .collect(),
        })
    }

    /// The URL of `path` (which starts with `/`), without a query.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}://{}{}{path}", self.scheme, self.authority, self.prefix)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}{}", self.scheme, self.authority, self.prefix)
    }
}

/// An endpoint URL that cannot be used.
#[derive(Debug)]
pub(crate) struct BadEndpoint {
    url: String,
    why: String,
}

impl fmt::Display for BadEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "endpoint `{}`: {}", self.url, self.why)
    }
}

impl std::error::Error for BadEndpoint {}

/// A region name as the endpoints need it: lower-case letters, digits and `-`.
pub(crate) fn check_region(region: &str) -> Result<(), String> {
    if region.is_empty()
        || region.len() > 32
        || !region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(format!(
            "region `{region}`: expected a name like eu-de or ap-southeast-1"
        ));
    }
    Ok(())
}

/// FunctionGraph's endpoint in `region`.
pub(crate) fn functiongraph(region: &str) -> Endpoint {
    Endpoint {
        scheme: "https".into(),
        authority: if region == OTC_REGION {
            format!("functiongraph.{region}.otc.t-systems.com")
        } else {
            format!("functiongraph.{region}.myhuaweicloud.com")
        },
        prefix: String::new(),
    }
}

/// IAM's endpoint for `region` (where the project id is asked for).
pub(crate) fn iam(region: &str) -> Endpoint {
    Endpoint {
        scheme: "https".into(),
        authority: if region == OTC_REGION {
            format!("iam.{region}.otc.t-systems.com")
        } else {
            format!("iam.{region}.myhuaweicloud.com")
        },
        prefix: String::new(),
    }
}

/// The function URN: `urn:fss:{region}:{project}:function:{package}:{name}` (unqualified,
/// which the API resolves to `latest`).
pub(crate) fn function_urn(region: &str, project_id: &str, package: &str, name: &str) -> String {
    format!("urn:fss:{region}:{project_id}:function:{package}:{name}")
}

/// `/v2/{project_id}/fgs/functions/{urn}{rest}`: the URN is one path segment, its colons
/// percent-encoded as the official SDK sends them.
pub(crate) fn function_path(project_id: &str, urn: &str, rest: &str) -> String {
    format!(
        "/v2/{}/fgs/functions/{}{rest}",
        signer::encode(project_id),
        signer::encode(urn)
    )
}

/// `/v2/{project_id}/fgs/triggers/{urn}`.
pub(crate) fn triggers_path(project_id: &str, urn: &str) -> String {
    format!(
        "/v2/{}/fgs/triggers/{}",
        signer::encode(project_id),
        signer::encode(urn)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_have_their_clouds_endpoints() {
        assert_eq!(
            functiongraph("eu-de").to_string(),
            "https://functiongraph.eu-de.otc.t-systems.com"
        );
        assert_eq!(
            iam("eu-de").to_string(),
            "https://iam.eu-de.otc.t-systems.com"
        );
        assert_eq!(
            functiongraph("ap-southeast-1").to_string(),
            "https://functiongraph.ap-southeast-1.myhuaweicloud.com"
        );
        assert!(check_region("eu-de").is_ok());
        assert!(check_region("EU_DE").is_err());
        assert!(check_region("eu-de.evil.com/x").is_err());
    }

    #[test]
    fn endpoints_parse_with_ports_prefixes_and_plain_http() {
        let local = Endpoint::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(local.authority, "127.0.0.1:8080");
        assert_eq!(local.url("/v2/x"), "http://127.0.0.1:8080/v2/x");
        let gateway = Endpoint::parse("https://gw.example.com/fg/").unwrap();
        assert_eq!(gateway.url("/v2"), "https://gw.example.com/fg/v2");
        assert!(Endpoint::parse("ftp://x").is_err());
        assert!(Endpoint::parse("functiongraph.eu-de.otc.t-systems.com").is_err());
        assert!(Endpoint::parse("https://user@host").is_err());
        assert!(Endpoint::parse("https://host/?q").is_err());
    }

    #[test]
    fn the_urn_is_one_encoded_segment() {
        let urn = function_urn("eu-de", "p1", "default", "my-fn");
        assert_eq!(urn, "urn:fss:eu-de:p1:function:default:my-fn");
        assert_eq!(
            function_path("p1", &urn, "/config"),
            "/v2/p1/fgs/functions/urn%3Afss%3Aeu-de%3Ap1%3Afunction%3Adefault%3Amy-fn/config"
        );
    }
}
