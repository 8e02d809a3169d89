//! A salon's data (SPEC §12): the owner's export (JSON, or CSV of bookings or clients) and the
//! erasure of one client, each recorded in the audit log with who did it. Owners only.

use shared::api::{ErasureReply, ErasureRequest, ErrorCode, OwnerBooking, SalonExport};
use shared::client::{Email, Phone};

use super::calendar::owner_booking;
use super::clients::{client_id, summary};
use super::Services;
use crate::accounts::{authorize, Need};
use crate::db::{self, calendar::ClientRef};
use crate::error::ApiError;
use crate::http::{Incoming, Reply};

/// What `?format=&part=` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    Json,
    BookingsCsv,
    ClientsCsv,
}

fn asked(req: &Incoming) -> Result<Asked, ApiError> {
    let (mut format, mut part) = ("json".to_owned(), "bookings".to_owned());
    for (key, value) in req.query_pairs() {
        match key.as_str() {
            "format" => format = value,
            "part" => part = value,
            other => {
                return Err(ApiError::bad_request(
                    ErrorCode::UnknownParameter,
                    format!("unknown parameter {other:?}; expected format, part"),
                ))
            }
        }
    }
    match (format.as_str(), part.as_str()) {
        ("json", _) => Ok(Asked::Json),
        ("csv", "bookings") => Ok(Asked::BookingsCsv),
        ("csv", "clients") => Ok(Asked::ClientsCsv),
        _ => Err(ApiError::bad_request(
            ErrorCode::InvalidParameter,
            "format must be json or csv, and part bookings or clients",
        )),
    }
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. A text a
/// spreadsheet would run as a formula (`=`, `@`, or `+`/`-` not starting a number) is prefixed
/// with `'`, so an export opened in a spreadsheet runs nothing a client typed.
fn csv_field(value: &str) -> String {
    let mut chars = value.chars();
    let risky = match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !chars.next().is_some_and(|c| c.is_ascii_digit() || c == ' '),
        _ => false,
    };
    let value = if risky {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = header.join(",");
    out.push_str("\r\n");
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn booking_row(b: &OwnerBooking) -> Vec<String> {
    let v = &b.booking;
    vec![
        v.code.clone(),
        v.status.as_str().to_owned(),
        b.outcome.map(|o| o.as_str().to_owned()).unwrap_or_default(),
        v.service.clone(),
        v.staff.clone(),
        v.start.clone(),
        v.end.clone(),
        v.client.name.clone(),
        v.client.email.clone().unwrap_or_default(),
        v.client.phone.clone().unwrap_or_default(),
        b.notes.clone(),
        b.created_at.clone(),
        b.cancelled_at.clone().unwrap_or_default(),
    ]
}

/// `GET /v1/admin/salons/{slug}/export?format=json|csv&part=bookings|clients`.
pub async fn export(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    let asked = asked(req)?;
    let config = access.parsed()?;
    let tz = &config.timezone;
    let neon = &services.neon;
    // Every instant Chairtime supports (`shared::date`'s years).
    let (from, to) = (
        jiff::Timestamp::UNIX_EPOCH,
        "3000-01-01T00:00:00Z"
            .parse::<jiff::Timestamp>()
            .expect("a valid instant"),
    );
    let bookings: Vec<OwnerBooking> = db::bookings::between(neon, access.salon_id, from, to)
        .await?
        .iter()
        .map(|b| owner_booking(b, tz))
        .collect();
    let clients: Vec<_> =
        db::calendar::search_clients(neon, access.salon_id, services.now, "", "", i64::MAX)
            .await?
            .iter()
            .map(|c| summary(c, tz))
            .collect();
    let detail = match asked {
        Asked::Json => "json",
        Asked::BookingsCsv => "csv bookings",
        Asked::ClientsCsv => "csv clients",
    };
    db::calendar::audit_export(neon, access.salon_id, &access.actor(), detail, services.now)
        .await?;
    let day = services.now.to_zoned(tz.clone()).date();
    let (body, content_type, name) = match asked {
        Asked::Json => {
            let blocks = db::calendar::blocks_between(neon, access.salon_id, from, to).await?;
            let export = SalonExport {
                slug: slug.to_owned(),
                exported_at: services.now.to_string(),
                config: serde_json::from_value(access.config.clone())
                    .map_err(|e| ApiError::Internal(format!("stored configuration: {e}")))?,
                clients,
                bookings,
                blocks: blocks
                    .iter()
                    .map(|b| super::calendar::block_wire(b, tz))
                    .collect(),
            };
            let body = serde_json::to_vec_pretty(&export).expect("API types serialize");
            (body, "application/json; charset=utf-8", "json")
        }
        Asked::BookingsCsv => {
            let header = [
                "code",
                "status",
                "outcome",
                "service",
                "staff",
                "start",
                "end",
                "client_name",
                "client_email",
                "client_phone",
                "notes",
                "created_at",
                "cancelled_at",
            ];
            (
                csv(&header, bookings.iter().map(booking_row)),
                "text/csv; charset=utf-8",
                "bookings.csv",
            )
        }
        Asked::ClientsCsv => {
            let header = [
                "name",
                "email",
                "phone",
                "visits",
                "no_shows",
                "last_visit",
                "next_visit",
            ];
            let rows = clients.iter().map(|c| {
                vec![
                    c.name.clone(),
                    c.email.clone().unwrap_or_default(),
                    c.phone.clone().unwrap_or_default(),
                    c.visits.to_string(),
                    c.no_shows.to_string(),
                    c.last_visit.clone().unwrap_or_default(),
                    c.next_visit.clone().unwrap_or_default(),
                ]
            });
            (csv(&header, rows), "text/csv; charset=utf-8", "clients.csv")
        }
    };
    let file = if name == "json" {
        format!("{slug}-{day}.json")
    } else {
        format!("{slug}-{day}-{name}")
    };
    Ok(Reply::with_type(200, content_type, body)
        .header("cache-control", "no-store")
        .header(
            "content-disposition",
            format!("attachment; filename=\"{file}\""),
        ))
}

/// The client id of an erasure request: from the email address or phone number as the booking form
/// stores them, or given.
fn erasure_target(body: &ErasureRequest, country: &str) -> Result<ClientRef, ApiError> {
    let invalid =
        |what: &str| ApiError::bad_request(ErrorCode::InvalidBody, format!("{what} is not valid"));
    let key = match (&body.email, &body.phone, &body.client_id) {
        (Some(email), None, None) => Email::parse(email)
            .map_err(|_| invalid("email"))?
            .as_ref()
            .to_lowercase(),
        (None, Some(phone), None) => Phone::parse(phone, country)
            .map_err(|_| invalid("phone"))?
            .as_ref()
            .to_owned(),
        (None, None, Some(id)) => {
            client_id(id)?;
            return Ok(ClientRef::Id(id.clone()));
        }
        _ => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidBody,
                "give exactly one of email, phone or client_id",
            ))
        }
    };
    Ok(ClientRef::Key(key))
}

/// `POST /v1/admin/salons/{slug}/erasures`: replaces one client's personal data on every booking
/// of theirs, keeping the times.
pub async fn erase(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    let body: ErasureRequest = req.json()?;
    let config = access.parsed()?;
    let target = erasure_target(&body, &config.country)?;
    let (id, erased) = db::calendar::erase_client(
        &services.neon,
        access.salon_id,
        &target,
        &access.actor(),
        services.now,
    )
    .await?;
    if erased == 0 {
        return Err(ApiError::NotFound("client"));
    }
    Ok(Reply::json(
        200,
        &ErasureReply {
            client_id: id,
            bookings: u32::try_from(erased).unwrap_or(u32::MAX),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed_and_never_run_as_formulas() {
        assert_eq!(csv_field("Zoé"), "Zoé");
        assert_eq!(csv_field("Dupont, Zoé"), "\"Dupont, Zoé\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("+cmd"), "'+cmd");
        assert_eq!(
            csv_field("+33612345678"),
            "+33612345678",
            "a phone stays a phone"
        );
        assert_eq!(csv_field("-5"), "-5");
        assert_eq!(csv_field(""), "");
    }
}
