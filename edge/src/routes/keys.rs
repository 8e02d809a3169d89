//! A salon's owner API keys (SPEC §11): several per salon, named, shown once, stored hashed,
//! revocable. Owners only.

use shared::api::{ApiKeyCreated, ApiKeyRequest, ApiKeyWire, ApiKeysWire};
use shared::text::{Lines, TextRule};

use super::Services;
use crate::accounts::{authorize, Need};
use crate::db::{self, accounts::ApiKey};
use crate::error::ApiError;
use crate::http::{Incoming, Reply};
use crate::secrets;

/// A key's name: one line of up to 80 characters.
const NAME_RULE: TextRule = TextRule {
    lines: Lines::One,
    required: true,
    max: 80,
};

fn wire(k: &ApiKey) -> ApiKeyWire {
    ApiKeyWire {
        id: k.id.to_string(),
        name: k.name.clone(),
        created_at: k.created_at.to_string(),
        revoked_at: k.revoked_at.map(|t| t.to_string()),
    }
}

/// `GET /v1/admin/salons/{slug}/keys`.
pub async fn list(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    let keys = db::accounts::keys(&services.neon, access.salon_id).await?;
    Ok(Reply::json(
        200,
        &ApiKeysWire {
            keys: keys.iter().map(wire).collect(),
        },
    )
    .header("cache-control", "no-store"))
}

/// `POST /v1/admin/salons/{slug}/keys`: the new key's secret is in this answer only.
pub async fn create(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    let body: ApiKeyRequest = req.json()?;
    let locale = super::admin::owner_locale(req);
    let name = NAME_RULE.parse(&body.name).map_err(|e| {
        let field = shared::FieldError {
            code: e.code().to_owned(),
            message: e.message(Lines::One, locale),
        };
        ApiError::Validation([("name".to_owned(), field)].into())
    })?;
    let secret = secrets::new_owner_key();
    let key = db::accounts::create_key(
        &services.neon,
        access.salon_id,
        name,
        &secrets::sha256_hex(&secret),
        services.now,
    )
    .await?;
    Ok(Reply::json(
        201,
        &ApiKeyCreated {
            key: wire(&key),
            secret,
        },
    )
    .header("cache-control", "no-store"))
}

/// `POST /v1/admin/salons/{slug}/keys/{id}/revoke`: the key stops working at once.
pub async fn revoke(
    services: &Services,
    req: &Incoming,
    slug: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    let id: i64 = id.parse().map_err(|_| ApiError::NotFound("key"))?;
    let key = db::accounts::revoke_key(&services.neon, access.salon_id, id, services.now)
        .await?
        .ok_or(ApiError::NotFound("key"))?;
    Ok(Reply::json(200, &wire(&key)))
}
