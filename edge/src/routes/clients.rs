//! The salon's clients (SPEC §11): everyone who booked, searchable by name, email or phone, with
//! their visits, no-shows and the salon's private note. Owners only: a client list is the salon's.

use shared::api::{ClientDetail, ClientNoteRequest, ClientSummary, ClientsWire, ErrorCode};
use shared::client::Notes;

use super::calendar::owner_booking;
use super::Services;
use crate::accounts::{authorize, Need};
use crate::db::{self, calendar::Client};
use crate::error::ApiError;
use crate::http::{Incoming, Reply};

/// The longest search text.
const MAX_QUERY: usize = 100;

pub fn summary(c: &Client, tz: &jiff::tz::TimeZone) -> ClientSummary {
    ClientSummary {
        id: c.id.clone(),
        name: c.name.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        visits: u32::try_from(c.visits).unwrap_or(u32::MAX),
        no_shows: u32::try_from(c.no_shows).unwrap_or(u32::MAX),
        last_visit: c.last_visit.map(|t| db::local_time(t, tz)),
        next_visit: c.next_visit.map(|t| db::local_time(t, tz)),
    }
}

/// A client id: 32 lower-case hex digits, else there is no such client.
pub fn client_id(id: &str) -> Result<(), ApiError> {
    let valid = id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    valid.then_some(()).ok_or(ApiError::NotFound("client"))
}

/// `GET /v1/admin/salons/{slug}/clients?q=TEXT`.
pub async fn search(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    let mut query = String::new();
    for (key, value) in req.query_pairs() {
        match key.as_str() {
            "q" => query = value.trim().to_owned(),
            other => {
                return Err(ApiError::bad_request(
                    ErrorCode::UnknownParameter,
                    format!("unknown parameter {other:?}; expected q"),
                ))
            }
        }
    }
    if query.chars().count() > MAX_QUERY || query.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidParameter,
            format!("q must be at most {MAX_QUERY} characters of text"),
        ));
    }
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    let tz = access.parsed()?.timezone;
    let found = db::calendar::search_clients(
        &services.neon,
        access.salon_id,
        services.now,
        &query,
        &digits,
        100,
    )
    .await?;
    let clients = found.iter().map(|c| summary(c, &tz)).collect();
    Ok(Reply::json(200, &ClientsWire { clients }).header("cache-control", "no-store"))
}

/// `GET /v1/admin/salons/{slug}/clients/{id}`.
pub async fn one(
    services: &Services,
    req: &Incoming,
    slug: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    client_id(id)?;
    let tz = access.parsed()?.timezone;
    let (client, note, bookings) =
        db::calendar::client(&services.neon, access.salon_id, services.now, id)
            .await?
            .ok_or(ApiError::NotFound("client"))?;
    let detail = ClientDetail {
        client: summary(&client, &tz),
        note,
        bookings: bookings.iter().map(|b| owner_booking(b, &tz)).collect(),
    };
    Ok(Reply::json(200, &detail).header("cache-control", "no-store"))
}

/// `PUT /v1/admin/salons/{slug}/clients/{id}/note`: replaces the private note (empty removes it).
pub async fn note(
    services: &Services,
    req: &Incoming,
    slug: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    client_id(id)?;
    let body: ClientNoteRequest = req.json()?;
    let note = Notes::parse(&body.note).map_err(|p| {
        let field = p.to_field_error(super::admin::owner_locale(req));
        ApiError::Validation([("note".to_owned(), field)].into())
    })?;
    let known = db::calendar::set_note(
        &services.neon,
        access.salon_id,
        id,
        note.as_ref(),
        services.now,
    )
    .await?;
    if !known {
        return Err(ApiError::NotFound("client"));
    }
    Ok(Reply::json(
        200,
        &ClientNoteRequest {
            note: note.as_ref().to_owned(),
        },
    ))
}
