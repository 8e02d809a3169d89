//! The owner API: creating a salon with the platform token, reading and replacing its configuration with
//! the owner key. Keys are compared by their SHA-256; the plain key exists only in the creation answer.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Value};
use shared::config::{ConfigProblem, SalonConfig, SalonConfigWire};
use shared::keys::Slug;
use shared::FieldError;

use super::Services;
use crate::db;
use crate::error::ApiError;
use crate::http::{Incoming, Reply};
use crate::secrets;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateSalon {
    slug: String,
    config: Value,
}

fn problems_to_fields(prefix: &str, problems: Vec<ConfigProblem>) -> ApiError {
    let fields: BTreeMap<String, FieldError> = problems
        .into_iter()
        .map(|p| {
            let path = match (prefix.is_empty(), p.path.is_empty()) {
                (true, _) => p.path,
                (false, true) => prefix.to_owned(),
                (false, false) => format!("{prefix}.{}", p.path),
            };
            (
                path,
                FieldError {
                    code: p.code,
                    message: p.message,
                },
            )
        })
        .collect();
    ApiError::Validation(fields)
}

/// Validates a configuration document given as JSON; returns it in canonical form for storage.
fn validate_config(prefix: &str, document: Value) -> Result<Value, ApiError> {
    let wire: SalonConfigWire = serde_json::from_value(document).map_err(|e| {
        problems_to_fields(
            prefix,
            vec![ConfigProblem {
                path: String::new(),
                code: "invalid_document".to_owned(),
                message: e.to_string(),
            }],
        )
    })?;
    SalonConfig::parse(&wire).map_err(|problems| problems_to_fields(prefix, problems))?;
    Ok(serde_json::to_value(&wire).expect("configuration serializes"))
}

/// `POST /v1/admin/salons`, with the platform token.
pub async fn create_salon(services: &Services, req: &Incoming) -> Result<Reply, ApiError> {
    let expected = services
        .platform_token
        .as_deref()
        .ok_or(ApiError::Forbidden)?;
    let given = req.bearer().ok_or(ApiError::Unauthorized)?;
    if !secrets::constant_time_eq(given, expected) {
        return Err(ApiError::Forbidden);
    }
    let body: CreateSalon = req.json()?;
    let slug = Slug::parse(&body.slug).map_err(|_| {
        let mut fields = BTreeMap::new();
        fields.insert(
            "slug".to_owned(),
            FieldError {
                code: "invalid_slug".to_owned(),
                message: "must be 3 to 40 characters of a-z, 0-9 and -".to_owned(),
            },
        );
        ApiError::Validation(fields)
    })?;
    let config = validate_config("config", body.config)?;
    let owner_key = secrets::new_owner_key();
    let created = db::create_salon(
        &services.neon,
        slug.as_ref(),
        &secrets::sha256_hex(&owner_key),
        &config,
    )
    .await?;
    if created.is_none() {
        return Err(ApiError::Conflict {
            code: "slug_taken",
            message: format!("The slug {slug} is already taken."),
        });
    }
    Ok(Reply::json(
        201,
        &json!({ "slug": slug.as_ref(), "owner_key": owner_key }),
    ))
}

/// Checks the owner key of `slug`; returns the stored configuration.
async fn authorize_owner(
    services: &Services,
    req: &Incoming,
    slug: &str,
) -> Result<(String, Value), ApiError> {
    let key = req.bearer().ok_or(ApiError::Unauthorized)?;
    let (stored_hash, config) = db::salon_owner(&services.neon, slug)
        .await?
        .ok_or(ApiError::NotFound("salon"))?;
    let given_hash = secrets::sha256_hex(key);
    if !secrets::constant_time_eq(&given_hash, &stored_hash) {
        return Err(ApiError::Forbidden);
    }
    Ok((given_hash, config))
}

/// `GET /v1/admin/salons/{slug}/config`.
pub async fn get_config(
    services: &Services,
    req: &Incoming,
    slug: &str,
) -> Result<Reply, ApiError> {
    let (_, config) = authorize_owner(services, req, slug).await?;
    Ok(Reply::json(200, &config))
}

/// `PUT /v1/admin/salons/{slug}/config`: replaces the whole document in one statement.
pub async fn put_config(
    services: &Services,
    req: &Incoming,
    slug: &str,
) -> Result<Reply, ApiError> {
    let (key_hash, _) = authorize_owner(services, req, slug).await?;
    let document: Value = req.json()?;
    let config = validate_config("", document)?;
    if !db::put_config(&services.neon, slug, &key_hash, &config).await? {
        return Err(ApiError::NotFound("salon"));
    }
    Ok(Reply::json(200, &config))
}
