//! Liveness and readiness.

use serde_json::json;

use super::Services;
use crate::db;
use crate::error::ApiError;
use crate::http::Reply;

/// `GET /healthz`: the process answers.
pub fn healthz() -> Result<Reply, ApiError> {
    Ok(Reply::json(200, &json!({ "status": "ok" })))
}

/// `GET /readyz`: the database answers, and how long the oldest message due has waited to go
/// (`null` when none waits), for a monitor to alert on.
pub async fn readyz(services: &Services) -> Result<Reply, ApiError> {
    let oldest = db::outbox::oldest_undelivered_seconds(&services.neon, services.now).await?;
    Ok(Reply::json(
        200,
        &json!({ "status": "ready", "oldest_undelivered_notification_seconds": oldest }),
    ))
}
