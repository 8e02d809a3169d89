//! The owner API: creating a salon with the platform token, reading and replacing its configuration with
//! the owner key. Keys are compared by their SHA-256; the plain key exists only in the creation answer.

use shared::api::ErrorCode;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use shared::api::SalonCreated;
use shared::config::{ConfigIssue, ConfigProblem, SalonConfig, SalonConfigWire};
use shared::keys::Slug;
use shared::{FieldError, Locale};

use super::{request_locale, Services};
use crate::accounts::{self, authorize, Need};
use crate::availability;
use crate::db;
use crate::db::salons::PutConfig;
use crate::error::ApiError;
use crate::http::{Incoming, Reply};
use crate::secrets;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateSalon {
    slug: String,
    config: Value,
    /// The first owner's email address, who may then sign in to the console.
    #[serde(default)]
    owner_email: Option<String>,
}

/// The language of the owner API's messages: the request's `Accept-Language`, else English. The
/// owner's own tools read these answers, so the salon's locale (its clients' language) does not apply.
pub fn owner_locale(req: &Incoming) -> Locale {
    request_locale(req, Locale::En.tag())
}

/// Every problem of a configuration as the `fields` of a validation error, rendered in `locale`, with
/// each path under `prefix` (the document's own place in the request body, if any).
fn problems_to_fields(prefix: &str, problems: Vec<ConfigProblem>, locale: Locale) -> ApiError {
    let fields: BTreeMap<String, FieldError> = problems
        .into_iter()
        .map(|p| {
            let path = match (prefix.is_empty(), p.path.is_empty()) {
                (true, _) => p.path,
                (false, true) => prefix.to_owned(),
                (false, false) => format!("{prefix}.{}", p.path),
            };
            (path, p.problem.to_field_error(locale))
        })
        .collect();
    ApiError::Validation(fields)
}

/// Validates a configuration document given as JSON; returns it in canonical form for storage.
pub fn validate_config(prefix: &str, document: Value, locale: Locale) -> Result<Value, ApiError> {
    let wire: SalonConfigWire = serde_json::from_value(document).map_err(|e| {
        problems_to_fields(prefix, vec![ConfigProblem::invalid_document(&e)], locale)
    })?;
    SalonConfig::parse(&wire).map_err(|problems| problems_to_fields(prefix, problems, locale))?;
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
    let locale = owner_locale(req);
    let slug = Slug::parse(&body.slug).map_err(|_| {
        let field = ConfigIssue::InvalidSlug.to_field_error(locale);
        ApiError::Validation(BTreeMap::from([("slug".to_owned(), field)]))
    })?;
    let config = validate_config("config", body.config, locale)?;
    let owner_email = body
        .owner_email
        .as_deref()
        .map(accounts::account_email)
        .transpose()?;
    let owner_key = secrets::new_owner_key();
    let created = db::salons::create(
        &services.neon,
        slug.as_ref(),
        Some(&secrets::sha256_hex(&owner_key)),
        &config,
        owner_email.as_deref(),
    )
    .await?;
    if created.is_none() {
        return Err(ApiError::Conflict {
            code: ErrorCode::SlugTaken,
            message: format!("The slug {slug} is already taken."),
        });
    }
    Ok(Reply::json(
        201,
        &SalonCreated {
            slug: slug.to_string(),
            owner_key,
        },
    ))
}

/// The `ETag` of configuration version `version`.
fn etag(version: i64) -> String {
    format!("\"c{version}\"")
}

/// The version an `If-Match` names: `"c123"` (a weak `W/` prefix is forgiven). `Ok(None)` without the
/// header, so a tool that sends none replaces the document unconditionally; a value that names no
/// version can match nothing.
fn if_match(req: &Incoming) -> Result<Option<i64>, ApiError> {
    let Some(value) = req.header("if-match") else {
        return Ok(None);
    };
    let value = value.trim();
    let value = value.strip_prefix("W/").unwrap_or(value);
    value
        .strip_prefix("\"c")
        .and_then(|v| v.strip_suffix('"'))
        .and_then(|v| v.parse().ok())
        .map(Some)
        .ok_or_else(stale)
}

fn stale() -> ApiError {
    ApiError::Conflict {
        code: ErrorCode::ConfigConflict,
        message:
            "The configuration was changed elsewhere since it was loaded; load it again, then \
                  make your change."
                .to_owned(),
    }
}

/// `GET /v1/admin/salons/{slug}/config`, with its version as the `ETag`.
pub async fn get_config(
    services: &Services,
    req: &Incoming,
    slug: &str,
) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    Ok(Reply::json(200, &access.config)
        .header("cache-control", "no-store")
        .header("etag", etag(access.config_version)))
}

/// `PUT /v1/admin/salons/{slug}/config`: replaces the whole document in one statement; with
/// `If-Match`, only if it is still that version.
pub async fn put_config(
    services: &Services,
    req: &Incoming,
    slug: &str,
) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    let expected = if_match(req)?;
    let document: Value = req.json()?;
    let config = validate_config("", document, owner_locale(req))?;
    let version = match db::salons::put_config(
        &services.neon,
        access.salon_id,
        &config,
        services.now,
        expected,
    )
    .await?
    {
        PutConfig::Saved(version) => version,
        PutConfig::Stale => return Err(stale()),
        PutConfig::NoSalon => return Err(ApiError::NotFound("salon")),
        PutConfig::Blocked(blocking) => {
            let list: Vec<String> = blocking
                .iter()
                .map(|b| {
                    format!(
                        "{} ({} with {} at {})",
                        b.code, b.service_key, b.staff_key, b.starts_at
                    )
                })
                .collect();
            return Err(ApiError::Conflict {
                    code: ErrorCode::ConfigConflict,
                    message: format!(
                        "This configuration removes a service or staff member that future bookings depend on; \
                         cancel or keep them first: {}",
                        list.join(", ")
                    ),
                });
        }
    };
    availability::purge(services, slug).await;
    Ok(Reply::json(200, &config).header("etag", etag(version)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn owner_request(accept_language: Option<&str>) -> Incoming {
        Incoming {
            headers: accept_language
                .map(|v| ("accept-language".to_owned(), v.to_owned()))
                .into_iter()
                .collect(),
            ..Incoming::default()
        }
    }

    fn refused_fields(document: Value, locale: Locale) -> BTreeMap<String, FieldError> {
        match validate_config("config", document, locale) {
            Err(ApiError::Validation(fields)) => fields,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn the_owner_api_speaks_the_accept_language_else_english() {
        let locale = |header| owner_locale(&owner_request(header));
        assert_eq!(locale(None), Locale::En);
        assert_eq!(locale(Some("de-AT,de;q=0.9")), Locale::De);
        assert_eq!(locale(Some("fr")), Locale::Fr);
        assert_eq!(locale(Some("pt-BR")), Locale::En);
    }

    #[test]
    fn configuration_problems_keep_their_codes_and_are_explained_in_the_owner_language() {
        let document = json!({
            "name": "Fifi", "timezone": "Mars/Olympus", "currency": "EUR", "country": "FR",
            "services": [{"key": "cut", "name": "Cut", "duration_minutes": 2}]
        });
        for locale in Locale::ALL {
            let fields = refused_fields(document.clone(), locale);
            let timezone = &fields["config.timezone"];
            assert_eq!(timezone.code, "invalid_timezone");
            assert_eq!(
                timezone.message,
                ConfigIssue::InvalidTimezone.message(locale)
            );
            let duration = &fields["config.services[0].duration_minutes"];
            assert_eq!(duration.code, "out_of_range");
            assert!(duration.message.contains("480"), "{}", duration.message);
        }
    }

    #[test]
    fn a_body_that_is_not_a_configuration_is_an_invalid_document_quoting_the_reader() {
        let fields = refused_fields(json!({ "colour": "red" }), Locale::Es);
        let field = &fields["config"];
        assert_eq!(field.code, "invalid_document");
        assert!(
            field.message.starts_with("No se ha podido leer") && field.message.contains("colour"),
            "{}",
            field.message
        );
    }
}
