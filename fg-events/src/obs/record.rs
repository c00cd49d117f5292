//! One OBS notification: what happened, who did it, and the `s3` part naming bucket and object.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{ObsBucket, ObsObject, ObsOwnerIdentity, ObsS3};

/// One notification of an [`ObsEvent`](super::ObsEvent): one change to one object.
///
/// ```
/// use fg_events::obs::ObsRecord;
///
/// let record = ObsRecord::new("ObjectRemoved:Delete", "photos", "old/cat.png")
///     .with_version_id("null");
/// assert!(record.is_object_removed());
/// assert_eq!(record.raw_key(), "old%2Fcat.png");
/// assert_eq!((record.size(), record.version_id()), (None, None));
/// ```
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObsRecord {
    /// `eventVersion`: `2.0` in the platform samples.
    #[serde(default)]
    pub event_version: String,
    /// `eventSource`: `aws:s3`; missing from the Python sample (docs/PLATFORM.md §9.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_source: Option<String>,
    /// `awsRegion`: the region, e.g. `eu-de`.
    #[serde(default)]
    pub aws_region: String,
    /// `eventTime`: when the change happened, RFC 3339 in UTC with milliseconds.
    #[serde(default)]
    pub event_time: String,
    /// `eventName`: e.g. `ObjectCreated:Put`, without the `s3:` prefix of the trigger
    /// configuration (docs/PLATFORM.md §9.3).
    #[serde(default)]
    pub event_name: String,
    /// `userIdentity`: who made the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_identity: Option<ObsUserIdentity>,
    /// `requestParameters`: where the request came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_parameters: Option<ObsRequestParameters>,
    /// `responseElements`: OBS request ids, for support cases; missing from the Python sample
    /// (docs/PLATFORM.md §9.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_elements: Option<ObsResponseElements>,
    /// `s3`: the bucket and the object.
    pub s3: ObsS3,
}

/// The `userIdentity` of an [`ObsRecord`].
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct ObsUserIdentity {
    /// `principalId` with a lower-case `p`, unlike `ownerIdentity.PrincipalId` (docs/PLATFORM.md
    /// §9.3).
    #[serde(default, rename = "principalId")]
    pub principal_id: String,
}

/// The `requestParameters` of an [`ObsRecord`].
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct ObsRequestParameters {
    /// `sourceIPAddress`: the client's IP address.
    #[serde(default, rename = "sourceIPAddress")]
    pub source_ip_address: String,
}

/// The `responseElements` of an [`ObsRecord`] (S3's names, kept by OBS).
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct ObsResponseElements {
    /// `x-amz-request-id`: the id of the OBS request that made the change.
    #[serde(
        default,
        rename = "x-amz-request-id",
        skip_serializing_if = "Option::is_none"
    )]
    pub x_amz_request_id: Option<String>,
    /// `x-amz-id-2`: OBS's host id for that request.
    #[serde(
        default,
        rename = "x-amz-id-2",
        skip_serializing_if = "Option::is_none"
    )]
    pub x_amz_id_2: Option<String>,
}

impl ObsRecord {
    /// A notification of `event_name` (e.g. `ObjectCreated:Put`) for the object `key` (given
    /// decoded; it is URL-encoded as OBS does) in `bucket`, with the values the documented sample
    /// has for `eventVersion`, `eventSource`, `s3SchemaVersion` and the bucket `arn`.
    pub fn new(event_name: impl Into<String>, bucket: impl Into<String>, key: &str) -> Self {
        let bucket = bucket.into();
        Self {
            event_version: "2.0".to_owned(),
            event_source: Some("aws:s3".to_owned()),
            event_name: event_name.into(),
            s3: ObsS3 {
                s3_schema_version: Some("1.0".to_owned()),
                bucket: ObsBucket {
                    arn: format!("arn:aws:s3:::{bucket}"),
                    name: bucket,
                    owner_identity: None,
                },
                object: ObsObject::new(key),
                ..ObsS3::default()
            },
            ..Self::default()
        }
    }

    /// Sets the object key as sent, already URL-encoded.
    #[must_use]
    pub fn with_raw_key(mut self, raw_key: impl Into<String>) -> Self {
        self.s3.object.raw_key = raw_key.into();
        self
    }

    /// Sets `s3.object.size`.
    #[must_use]
    pub fn with_size(mut self, size: u64) -> Self {
        self.s3.object.size = Some(size);
        self
    }

    /// Sets `s3.object.versionId` (`"null"` for an unversioned bucket).
    #[must_use]
    pub fn with_version_id(mut self, version_id: impl Into<String>) -> Self {
        self.s3.object.version_id = Some(version_id.into());
        self
    }

    /// Sets `awsRegion`.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.aws_region = region.into();
        self
    }

    /// Sets `eventTime` (RFC 3339).
    #[must_use]
    pub fn with_event_time(mut self, event_time: impl Into<String>) -> Self {
        self.event_time = event_time.into();
        self
    }

    /// Sets `userIdentity.principalId`.
    #[must_use]
    pub fn with_principal_id(mut self, principal_id: impl Into<String>) -> Self {
        self.user_identity = Some(ObsUserIdentity {
            principal_id: principal_id.into(),
        });
        self
    }

    /// Sets `s3.bucket.ownerIdentity.PrincipalId`.
    #[must_use]
    pub fn with_owner_principal_id(mut self, principal_id: impl Into<String>) -> Self {
        self.s3.bucket.owner_identity = Some(ObsOwnerIdentity {
            principal_id: principal_id.into(),
        });
        self
    }

    /// What happened, e.g. `ObjectCreated:Put` or `ObjectRemoved:Delete`.
    pub fn event_name(&self) -> &str {
        &self.event_name
    }

    /// Whether an object was created (`ObjectCreated:*`: put, post, copy, multipart upload).
    pub fn is_object_created(&self) -> bool {
        self.event_name.starts_with("ObjectCreated:")
    }

    /// Whether an object was removed (`ObjectRemoved:*`).
    pub fn is_object_removed(&self) -> bool {
        self.event_name.starts_with("ObjectRemoved:")
    }

    /// The bucket name.
    pub fn bucket_name(&self) -> &str {
        &self.s3.bucket.name
    }

    /// The object key, URL-decoded (see [`ObsObject::key`]).
    pub fn key(&self) -> Cow<'_, str> {
        self.s3.object.key()
    }

    /// The object key as sent (URL-encoded).
    pub fn raw_key(&self) -> &str {
        self.s3.object.raw_key()
    }

    /// The object size in bytes, if sent (not for removals in S3's scheme).
    pub fn size(&self) -> Option<u64> {
        self.s3.object.size
    }

    /// The object version; `None` when missing or `"null"` (see [`ObsObject::version_id`]).
    pub fn version_id(&self) -> Option<&str> {
        self.s3.object.version_id()
    }

    /// `userIdentity.principalId`: who made the change, if sent.
    pub fn principal_id(&self) -> Option<&str> {
        self.user_identity.as_ref().map(|u| u.principal_id.as_str())
    }

    /// `s3.bucket.ownerIdentity.PrincipalId`: the bucket owner, if sent.
    pub fn owner_principal_id(&self) -> Option<&str> {
        let owner = self.s3.bucket.owner_identity.as_ref()?;
        Some(owner.principal_id.as_str())
    }

    /// `requestParameters.sourceIPAddress`: the client's IP address, if sent.
    pub fn source_ip_address(&self) -> Option<&str> {
        let parameters = self.request_parameters.as_ref()?;
        Some(parameters.source_ip_address.as_str())
    }
}
