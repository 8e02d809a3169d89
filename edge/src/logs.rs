//! The Worker's one log line per request (SPEC §12): JSON with the request id, method, route
//! pattern, status, duration and salon. Never the path (a manage token is a path segment), never a
//! query, a body, an email address or a phone number.

use serde_json::json;

use crate::router::{route, Route};

/// What is logged of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLog<'a> {
    pub request_id: &'a str,
    pub method: &'a str,
    /// The route's pattern, such as `/v1/bookings/{token}` (`router::pattern`).
    pub route: &'static str,
    pub status: u16,
    pub duration_ms: u64,
    /// The salon a salon route names, when it is a well-formed slug.
    pub salon: Option<&'a str>,
    /// What went wrong, for errors: the error's own words, which never hold client data.
    pub error: Option<String>,
}

impl RequestLog<'_> {
    /// The line as written.
    pub fn line(&self) -> String {
        let mut line = json!({
            "request_id": self.request_id,
            "method": self.method,
            "route": self.route,
            "status": self.status,
            "duration_ms": self.duration_ms,
            "salon": self.salon,
        });
        if let Some(error) = &self.error {
            line["error"] = json!(error);
        }
        line.to_string()
    }
}

/// The salon a request's route names, when its slug is well formed (a malformed one is whatever a
/// caller typed, and stays out of the logs).
pub fn salon_of<'a>(method: &str, path: &'a str) -> Option<&'a str> {
    let slug = match route(method, path) {
        Route::SalonProfile { slug }
        | Route::SalonPage { slug }
        | Route::Availability { slug }
        | Route::CreateBooking { slug }
        | Route::AdminGetConfig { slug }
        | Route::AdminPutConfig { slug }
        | Route::AdminListBookings { slug }
        | Route::AdminCreateBooking { slug }
        | Route::AdminListBlocks { slug }
        | Route::AdminCreateBlock { slug }
        | Route::AdminClients { slug }
        | Route::AdminListKeys { slug }
        | Route::AdminCreateKey { slug }
        | Route::AdminListMembers { slug }
        | Route::AdminExport { slug }
        | Route::AdminErase { slug }
        | Route::AdminInviteMember { slug }
        | Route::AdminUpdateMember { slug, .. }
        | Route::AdminRemoveMember { slug, .. }
        | Route::AdminCancelBooking { slug, .. }
        | Route::AdminRescheduleBooking { slug, .. }
        | Route::AdminBookingOutcome { slug, .. }
        | Route::AdminDeleteBlock { slug, .. }
        | Route::AdminClient { slug, .. }
        | Route::AdminClientNote { slug, .. }
        | Route::AdminRevokeKey { slug, .. } => slug,
        _ => return None,
    };
    shared::keys::Slug::parse(slug).ok().map(|_| slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_line_is_json_with_the_route_and_never_the_path() {
        let token = "mt_3f9a0c6bd2";
        let path = format!("/v1/bookings/{token}/cancel");
        let line = RequestLog {
            request_id: "ab12",
            method: "POST",
            route: crate::router::pattern("POST", &path),
            status: 200,
            duration_ms: 12,
            salon: salon_of("POST", &path),
            error: None,
        }
        .line();
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["route"], "/v1/bookings/{token}/cancel");
        assert_eq!(value["status"], 200);
        assert_eq!(value["salon"], serde_json::Value::Null);
        assert!(!line.contains(token), "{line}");
    }

    #[test]
    fn only_well_formed_slugs_of_salon_routes_are_logged() {
        assert_eq!(
            salon_of("GET", "/v1/salons/maison-fifi/availability"),
            Some("maison-fifi")
        );
        assert_eq!(salon_of("GET", "/s/maison-fifi"), Some("maison-fifi"));
        assert_eq!(salon_of("GET", "/v1/salons/zoe@example.com"), None);
        assert_eq!(salon_of("GET", "/v1/bookings/abc"), None);
        assert_eq!(salon_of("GET", "/healthz"), None);
    }
}
