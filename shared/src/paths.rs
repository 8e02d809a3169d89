//! The paths of the HTTP API (SPEC §4), defined once: the widget and the tests build them with
//! [`ApiPath`]'s `Display`, the edge's router reads them with [`ApiPath::parse`], and a test checks that
//! one is the inverse of the other. Renaming a path changes every caller or fails to compile.

use core::fmt;

use crate::date::CalendarDate;

/// One endpoint's path, with the values it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiPath<'a> {
    Healthz,
    Readyz,
    /// A salon's public profile.
    Salon {
        slug: &'a str,
    },
    /// A salon's free times; see [`AvailabilityQuery`].
    Availability {
        slug: &'a str,
    },
    /// Where a salon's bookings are made.
    Bookings {
        slug: &'a str,
    },
    /// A booking behind its manage token.
    Booking {
        token: &'a str,
    },
    CancelBooking {
        token: &'a str,
    },
    /// Moves a booking to another time.
    RescheduleBooking {
        token: &'a str,
    },
    BookingCalendar {
        token: &'a str,
    },
    /// The client's own booking page (HTML, not JSON): the manage app, which reads the token from
    /// the address.
    ManagePage {
        token: &'a str,
    },
    /// A salon's hosted booking page (HTML, not JSON), for a salon without a website of its own.
    SalonPage {
        slug: &'a str,
    },
    /// Where salons are created, with the platform token.
    AdminSalons,
    AdminConfig {
        slug: &'a str,
    },
    AdminBookings {
        slug: &'a str,
    },
    AdminCancelBooking {
        slug: &'a str,
        id: &'a str,
    },
    /// Moves a booking, as the salon.
    AdminRescheduleBooking {
        slug: &'a str,
        id: &'a str,
    },
    /// Records whether the client came.
    AdminBookingOutcome {
        slug: &'a str,
        id: &'a str,
    },
    /// A salon's blocked times (time off taken from the calendar).
    AdminBlocks {
        slug: &'a str,
    },
    /// One blocked time, to remove it.
    AdminBlock {
        slug: &'a str,
        id: &'a str,
    },
    /// Everyone who booked, searchable.
    AdminClients {
        slug: &'a str,
    },
    /// One client and their bookings.
    AdminClient {
        slug: &'a str,
        id: &'a str,
    },
    /// The salon's private note about a client.
    AdminClientNote {
        slug: &'a str,
        id: &'a str,
    },
    /// The salon's named API keys.
    AdminKeys {
        slug: &'a str,
    },
    AdminRevokeKey {
        slug: &'a str,
        id: &'a str,
    },
    /// Asks for a sign-up link by email: for any address, known or new.
    AuthSignUp,
    /// Where a signed-in user creates a salon of their own.
    Salons,
    /// Whether a slug is free, for the sign-up form.
    Slug {
        slug: &'a str,
    },
    /// Everything a salon keeps, as JSON or CSV.
    AdminExport {
        slug: &'a str,
    },
    /// Erasing one client's personal data.
    AdminErasures {
        slug: &'a str,
    },
    /// A salon's members (team).
    AdminMembers {
        slug: &'a str,
    },
    /// One member, by user id.
    AdminMember {
        slug: &'a str,
        id: &'a str,
    },
    /// Asks for a sign-in link by email.
    AuthEmailLink,
    /// Exchanges a sign-in link's token for a session cookie.
    AuthSession,
    AuthSignOut,
    /// The signed-in user and their memberships.
    Me,
    /// The owner's console (HTML, not JSON): `/console` and every address below it, which the app
    /// routes itself.
    Console,
}

impl<'a> ApiPath<'a> {
    /// The endpoint a path (without its query string) names. Values are taken as they are: a segment
    /// that is not a valid slug or token is the handler's to refuse.
    pub fn parse(path: &'a str) -> Option<Self> {
        let rest = path.strip_prefix('/')?;
        let mut segments = [""; 8];
        let mut count = 0;
        for segment in rest.split('/') {
            *segments.get_mut(count)? = segment;
            count += 1;
        }
        Some(match &segments[..count] {
            ["healthz"] => ApiPath::Healthz,
            ["readyz"] => ApiPath::Readyz,
            ["v1", "salons", slug] => ApiPath::Salon { slug },
            ["v1", "salons", slug, "availability"] => ApiPath::Availability { slug },
            ["v1", "salons", slug, "bookings"] => ApiPath::Bookings { slug },
            ["v1", "bookings", token] => ApiPath::Booking { token },
            ["v1", "bookings", token, "cancel"] => ApiPath::CancelBooking { token },
            ["v1", "bookings", token, "reschedule"] => ApiPath::RescheduleBooking { token },
            ["v1", "bookings", token, "calendar.ics"] => ApiPath::BookingCalendar { token },
            ["b", token] => ApiPath::ManagePage { token },
            ["s", slug] => ApiPath::SalonPage { slug },
            ["v1", "admin", "salons"] => ApiPath::AdminSalons,
            ["v1", "admin", "salons", slug, "config"] => ApiPath::AdminConfig { slug },
            ["v1", "admin", "salons", slug, "bookings"] => ApiPath::AdminBookings { slug },
            ["v1", "admin", "salons", slug, "bookings", id, "cancel"] => {
                ApiPath::AdminCancelBooking { slug, id }
            }
            ["v1", "admin", "salons", slug, "bookings", id, "reschedule"] => {
                ApiPath::AdminRescheduleBooking { slug, id }
            }
            ["v1", "admin", "salons", slug, "bookings", id, "outcome"] => {
                ApiPath::AdminBookingOutcome { slug, id }
            }
            ["v1", "admin", "salons", slug, "blocks"] => ApiPath::AdminBlocks { slug },
            ["v1", "admin", "salons", slug, "blocks", id] => ApiPath::AdminBlock { slug, id },
            ["v1", "admin", "salons", slug, "clients"] => ApiPath::AdminClients { slug },
            ["v1", "admin", "salons", slug, "clients", id] => ApiPath::AdminClient { slug, id },
            ["v1", "admin", "salons", slug, "clients", id, "note"] => {
                ApiPath::AdminClientNote { slug, id }
            }
            ["v1", "admin", "salons", slug, "keys"] => ApiPath::AdminKeys { slug },
            ["v1", "admin", "salons", slug, "keys", id, "revoke"] => {
                ApiPath::AdminRevokeKey { slug, id }
            }
            ["v1", "auth", "email-link"] => ApiPath::AuthEmailLink,
            ["v1", "auth", "sign-up"] => ApiPath::AuthSignUp,
            ["v1", "salons"] => ApiPath::Salons,
            ["v1", "slugs", slug] => ApiPath::Slug { slug },
            ["v1", "admin", "salons", slug, "members"] => ApiPath::AdminMembers { slug },
            ["v1", "admin", "salons", slug, "export"] => ApiPath::AdminExport { slug },
            ["v1", "admin", "salons", slug, "erasures"] => ApiPath::AdminErasures { slug },
            ["v1", "admin", "salons", slug, "members", id] => ApiPath::AdminMember { slug, id },
            ["v1", "auth", "session"] => ApiPath::AuthSession,
            ["v1", "auth", "sign-out"] => ApiPath::AuthSignOut,
            ["v1", "me"] => ApiPath::Me,
            ["console", ..] => ApiPath::Console,
            _ => return None,
        })
    }

    /// The path with its values as placeholders, such as `/v1/bookings/{token}`: what logs write,
    /// since a value may be a secret.
    pub fn template(&self) -> &'static str {
        match self {
            ApiPath::Healthz => "/healthz",
            ApiPath::Readyz => "/readyz",
            ApiPath::Salon { .. } => "/v1/salons/{slug}",
            ApiPath::Availability { .. } => "/v1/salons/{slug}/availability",
            ApiPath::Bookings { .. } => "/v1/salons/{slug}/bookings",
            ApiPath::Booking { .. } => "/v1/bookings/{token}",
            ApiPath::CancelBooking { .. } => "/v1/bookings/{token}/cancel",
            ApiPath::RescheduleBooking { .. } => "/v1/bookings/{token}/reschedule",
            ApiPath::BookingCalendar { .. } => "/v1/bookings/{token}/calendar.ics",
            ApiPath::ManagePage { .. } => "/b/{token}",
            ApiPath::SalonPage { .. } => "/s/{slug}",
            ApiPath::AdminSalons => "/v1/admin/salons",
            ApiPath::AdminConfig { .. } => "/v1/admin/salons/{slug}/config",
            ApiPath::AdminBookings { .. } => "/v1/admin/salons/{slug}/bookings",
            ApiPath::AdminCancelBooking { .. } => "/v1/admin/salons/{slug}/bookings/{id}/cancel",
            ApiPath::AdminRescheduleBooking { .. } => {
                "/v1/admin/salons/{slug}/bookings/{id}/reschedule"
            }
            ApiPath::AdminBookingOutcome { .. } => "/v1/admin/salons/{slug}/bookings/{id}/outcome",
            ApiPath::AdminBlocks { .. } => "/v1/admin/salons/{slug}/blocks",
            ApiPath::AdminBlock { .. } => "/v1/admin/salons/{slug}/blocks/{id}",
            ApiPath::AdminClients { .. } => "/v1/admin/salons/{slug}/clients",
            ApiPath::AdminClient { .. } => "/v1/admin/salons/{slug}/clients/{id}",
            ApiPath::AdminClientNote { .. } => "/v1/admin/salons/{slug}/clients/{id}/note",
            ApiPath::AdminKeys { .. } => "/v1/admin/salons/{slug}/keys",
            ApiPath::AdminRevokeKey { .. } => "/v1/admin/salons/{slug}/keys/{id}/revoke",
            ApiPath::AuthEmailLink => "/v1/auth/email-link",
            ApiPath::AuthSignUp => "/v1/auth/sign-up",
            ApiPath::Salons => "/v1/salons",
            ApiPath::Slug { .. } => "/v1/slugs/{slug}",
            ApiPath::AdminMembers { .. } => "/v1/admin/salons/{slug}/members",
            ApiPath::AdminExport { .. } => "/v1/admin/salons/{slug}/export",
            ApiPath::AdminErasures { .. } => "/v1/admin/salons/{slug}/erasures",
            ApiPath::AdminMember { .. } => "/v1/admin/salons/{slug}/members/{id}",
            ApiPath::AuthSession => "/v1/auth/session",
            ApiPath::AuthSignOut => "/v1/auth/sign-out",
            ApiPath::Me => "/v1/me",
            ApiPath::Console => "/console",
        }
    }

    /// The path followed by `?` and a query string.
    pub fn with_query(&self, query: impl fmt::Display) -> String {
        format!("{self}?{query}")
    }
}

impl fmt::Display for ApiPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let values = match *self {
            ApiPath::Salon { slug }
            | ApiPath::Availability { slug }
            | ApiPath::Bookings { slug }
            | ApiPath::AdminConfig { slug }
            | ApiPath::AdminBookings { slug }
            | ApiPath::AdminBlocks { slug }
            | ApiPath::AdminClients { slug }
            | ApiPath::AdminKeys { slug }
            | ApiPath::AdminMembers { slug }
            | ApiPath::AdminExport { slug }
            | ApiPath::AdminErasures { slug }
            | ApiPath::Slug { slug }
            | ApiPath::SalonPage { slug } => [slug, ""],
            ApiPath::Booking { token }
            | ApiPath::CancelBooking { token }
            | ApiPath::RescheduleBooking { token }
            | ApiPath::BookingCalendar { token }
            | ApiPath::ManagePage { token } => [token, ""],
            ApiPath::AdminCancelBooking { slug, id }
            | ApiPath::AdminRescheduleBooking { slug, id }
            | ApiPath::AdminBookingOutcome { slug, id }
            | ApiPath::AdminBlock { slug, id }
            | ApiPath::AdminClient { slug, id }
            | ApiPath::AdminClientNote { slug, id }
            | ApiPath::AdminRevokeKey { slug, id }
            | ApiPath::AdminMember { slug, id } => [slug, id],
            ApiPath::Healthz
            | ApiPath::Readyz
            | ApiPath::AdminSalons
            | ApiPath::AuthEmailLink
            | ApiPath::AuthSignUp
            | ApiPath::Salons
            | ApiPath::AuthSession
            | ApiPath::AuthSignOut
            | ApiPath::Me
            | ApiPath::Console => ["", ""],
        };
        let mut values = values.into_iter();
        // The template's placeholders, in order, take the values.
        let mut rest = self.template();
        while let Some(open) = rest.find('{') {
            f.write_str(&rest[..open])?;
            write_encoded(f, values.next().unwrap_or(""))?;
            rest = &rest[rest[open..].find('}').map_or(rest.len(), |i| open + i + 1)..];
        }
        f.write_str(rest)
    }
}

/// Whether a console address (`/console/…`) is a set-up screen: sign-up, a new salon, a salon's
/// set-up and settings, its embed page, team and keys. They are a build of the console of their own,
/// which carries the configuration's validation and is loaded only by those who open them, so the
/// day-to-day console stays small; the edge serves each address the page of its build.
pub fn is_console_setup(path: &str) -> bool {
    let mut segments = path.strip_prefix("/console/").unwrap_or("").split('/');
    matches!(
        (segments.next(), segments.next()),
        (Some("sign-up" | "new"), _)
            | (
                Some(_),
                Some("setup" | "settings" | "embed" | "team" | "keys")
            )
    )
}

/// The query of an [`ApiPath::Availability`]: `service`, and optionally `staff` (a key or `any`),
/// `from` (a local date) and `days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AvailabilityQuery<'a> {
    pub service: &'a str,
    pub staff: Option<&'a str>,
    pub from: Option<CalendarDate>,
    pub days: Option<u16>,
}

impl fmt::Display for AvailabilityQuery<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("service=")?;
        write_encoded(f, self.service)?;
        if let Some(staff) = self.staff {
            f.write_str("&staff=")?;
            write_encoded(f, staff)?;
        }
        if let Some(from) = self.from {
            write!(f, "&from={from}")?;
        }
        if let Some(days) = self.days {
            write!(f, "&days={days}")?;
        }
        Ok(())
    }
}

/// Writes `value` with everything but RFC 3986's unreserved characters percent-encoded, so a value
/// can never add a segment or a parameter.
fn write_encoded(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            write!(f, "{}", byte as char)?;
        } else {
            write!(f, "%{byte:02X}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_path() -> Vec<ApiPath<'static>> {
        let (slug, token, id) = ("fifi", "tok-123_x", "0b6c1b7e-52b0-4e5b-9d5f-5b7c1e2a3d4f");
        vec![
            ApiPath::Healthz,
            ApiPath::Readyz,
            ApiPath::Salon { slug },
            ApiPath::Availability { slug },
            ApiPath::Bookings { slug },
            ApiPath::Booking { token },
            ApiPath::CancelBooking { token },
            ApiPath::RescheduleBooking { token },
            ApiPath::BookingCalendar { token },
            ApiPath::ManagePage { token },
            ApiPath::SalonPage { slug },
            ApiPath::AdminSalons,
            ApiPath::AdminConfig { slug },
            ApiPath::AdminBookings { slug },
            ApiPath::AdminCancelBooking { slug, id },
            ApiPath::AdminRescheduleBooking { slug, id },
            ApiPath::AdminBookingOutcome { slug, id },
            ApiPath::AdminBlocks { slug },
            ApiPath::AdminBlock { slug, id },
            ApiPath::AdminClients { slug },
            ApiPath::AdminClient { slug, id },
            ApiPath::AdminClientNote { slug, id },
            ApiPath::AdminKeys { slug },
            ApiPath::AdminRevokeKey { slug, id },
            ApiPath::AuthEmailLink,
            ApiPath::AuthSession,
            ApiPath::AuthSignOut,
            ApiPath::Me,
            ApiPath::Console,
            ApiPath::AuthSignUp,
            ApiPath::Salons,
            ApiPath::Slug { slug },
            ApiPath::AdminMembers { slug },
            ApiPath::AdminMember { slug, id },
            ApiPath::AdminExport { slug },
            ApiPath::AdminErasures { slug },
        ]
    }

    #[test]
    fn every_path_reads_back_as_itself_and_follows_its_template() {
        for path in every_path() {
            let written = path.to_string();
            assert_eq!(ApiPath::parse(&written), Some(path), "{written}");
            let placeholders = path
                .template()
                .replace("{slug}", "fifi")
                .replace("{id}", "0b6c1b7e-52b0-4e5b-9d5f-5b7c1e2a3d4f");
            assert_eq!(
                placeholders.replace("{token}", "tok-123_x"),
                written,
                "the template"
            );
        }
        assert_eq!(
            ApiPath::AdminCancelBooking {
                slug: "fifi",
                id: "42"
            }
            .to_string(),
            "/v1/admin/salons/fifi/bookings/42/cancel"
        );
    }

    #[test]
    fn paths_that_name_no_endpoint_are_refused() {
        for path in [
            "",
            "/",
            "healthz",
            "/v1/salon",
            "/v1/salons/fifi/",
            "/v1/salons/fifi/availability/x",
            "/v1/bookings/t/cancel/now",
            "/s",
            "/s/fifi/extra",
            "/a/b/c/d/e/f/g/h/i",
        ] {
            assert_eq!(ApiPath::parse(path), None, "{path}");
        }
    }

    #[test]
    fn values_cannot_add_segments_or_parameters() {
        let path = ApiPath::Salon { slug: "a/b?c" }.to_string();
        assert_eq!(path, "/v1/salons/a%2Fb%3Fc");
        let query = AvailabilityQuery {
            service: "cut&days=99",
            staff: Some("any"),
            from: Some(CalendarDate::parse("2028-02-29").unwrap()),
            days: Some(1),
        };
        assert_eq!(
            ApiPath::Availability { slug: "fifi" }.with_query(query),
            "/v1/salons/fifi/availability?service=cut%26days%3D99&staff=any&from=2028-02-29&days=1"
        );
    }

    #[test]
    fn the_set_up_screens_are_told_from_the_day_to_day_ones() {
        for path in [
            "/console/sign-up",
            "/console/new",
            "/console/fifi/setup",
            "/console/fifi/settings/services",
            "/console/fifi/embed",
            "/console/fifi/team",
            "/console/fifi/keys",
        ] {
            assert!(is_console_setup(path), "{path}");
        }
        for path in [
            "/console",
            "/console/",
            "/console/sign-in",
            "/console/fifi/day/2026-02-28",
            "/console/fifi/clients/setup",
            "/console/setup",
            "/consolex/fifi/setup",
        ] {
            assert!(!is_console_setup(path), "{path}");
        }
    }
}
