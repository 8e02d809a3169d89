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

/// `GET /readyz`: the database answers a query.
pub async fn readyz(services: &Services) -> Result<Reply, ApiError> {
    db::ping(&services.neon).await?;
    Ok(Reply::json(200, &json!({ "status": "ready" })))
}
