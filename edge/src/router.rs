//! The route table: one pure function from method and path to a [`Route`], so it is tested natively.
//! Paths are read by `shared::paths::ApiPath`, the same definition the widget and the tests build them with.

use shared::paths::ApiPath;

/// Every endpoint of the API (SPEC §4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route<'a> {
    Healthz,
    Readyz,
    SalonProfile {
        slug: &'a str,
    },
    Availability {
        slug: &'a str,
    },
    CreateBooking {
        slug: &'a str,
    },
    ManageBooking {
        token: &'a str,
    },
    CancelBooking {
        token: &'a str,
    },
    RescheduleBooking {
        token: &'a str,
    },
    BookingCalendar {
        token: &'a str,
    },
    /// The client's booking page: HTML, the same for every token (the app reads it from the address).
    ManagePage,
    /// A salon's hosted booking page: HTML rendered for that salon.
    SalonPage {
        slug: &'a str,
    },
    AdminCreateSalon,
    AdminGetConfig {
        slug: &'a str,
    },
    AdminPutConfig {
        slug: &'a str,
    },
    AdminListBookings {
        slug: &'a str,
    },
    AdminCancelBooking {
        slug: &'a str,
        id: &'a str,
    },
    AdminCreateBooking {
        slug: &'a str,
    },
    AdminRescheduleBooking {
        slug: &'a str,
        id: &'a str,
    },
    AdminBookingOutcome {
        slug: &'a str,
        id: &'a str,
    },
    AdminListBlocks {
        slug: &'a str,
    },
    AdminCreateBlock {
        slug: &'a str,
    },
    AdminDeleteBlock {
        slug: &'a str,
        id: &'a str,
    },
    AdminClients {
        slug: &'a str,
    },
    AdminClient {
        slug: &'a str,
        id: &'a str,
    },
    AdminClientNote {
        slug: &'a str,
        id: &'a str,
    },
    AdminListKeys {
        slug: &'a str,
    },
    AdminCreateKey {
        slug: &'a str,
    },
    AdminRevokeKey {
        slug: &'a str,
        id: &'a str,
    },
    AuthEmailLink,
    AuthSignUp,
    CreateOwnSalon,
    SlugCheck {
        slug: &'a str,
    },
    AdminExport {
        slug: &'a str,
    },
    AdminErase {
        slug: &'a str,
    },
    AdminListMembers {
        slug: &'a str,
    },
    AdminInviteMember {
        slug: &'a str,
    },
    AdminUpdateMember {
        slug: &'a str,
        id: &'a str,
    },
    AdminRemoveMember {
        slug: &'a str,
        id: &'a str,
    },
    AuthSession,
    AuthSignOut,
    Me,
    /// The owner's console: HTML, the same for every address below `/console`.
    ConsolePage,
    /// A CORS preflight for a path that exists.
    Preflight,
    /// The path exists but not with this method.
    MethodNotAllowed,
    NotFound,
}

/// The endpoint a path names, with its method and route pattern, whatever the request's method.
fn endpoint<'a>(method: &str, path: &'a str) -> Option<(&'static str, Route<'a>, &'static str)> {
    let api_path = ApiPath::parse(path)?;
    let (expected, route) = match api_path {
        ApiPath::Healthz => ("GET", Route::Healthz),
        ApiPath::Readyz => ("GET", Route::Readyz),
        ApiPath::Salon { slug } => ("GET", Route::SalonProfile { slug }),
        ApiPath::Availability { slug } => ("GET", Route::Availability { slug }),
        ApiPath::Bookings { slug } => ("POST", Route::CreateBooking { slug }),
        ApiPath::Booking { token } => ("GET", Route::ManageBooking { token }),
        ApiPath::CancelBooking { token } => ("POST", Route::CancelBooking { token }),
        ApiPath::RescheduleBooking { token } => ("POST", Route::RescheduleBooking { token }),
        ApiPath::BookingCalendar { token } => ("GET", Route::BookingCalendar { token }),
        ApiPath::ManagePage { .. } => ("GET", Route::ManagePage),
        ApiPath::SalonPage { slug } => ("GET", Route::SalonPage { slug }),
        ApiPath::AdminSalons => ("POST", Route::AdminCreateSalon),
        ApiPath::AdminConfig { slug } if method == "PUT" => ("PUT", Route::AdminPutConfig { slug }),
        ApiPath::AdminConfig { slug } => ("GET", Route::AdminGetConfig { slug }),
        ApiPath::AdminBookings { slug } if method == "POST" => {
            ("POST", Route::AdminCreateBooking { slug })
        }
        ApiPath::AdminBookings { slug } => ("GET", Route::AdminListBookings { slug }),
        ApiPath::AdminCancelBooking { slug, id } => {
            ("POST", Route::AdminCancelBooking { slug, id })
        }
        ApiPath::AdminRescheduleBooking { slug, id } => {
            ("POST", Route::AdminRescheduleBooking { slug, id })
        }
        ApiPath::AdminBookingOutcome { slug, id } => {
            ("POST", Route::AdminBookingOutcome { slug, id })
        }
        ApiPath::AdminBlocks { slug } if method == "POST" => {
            ("POST", Route::AdminCreateBlock { slug })
        }
        ApiPath::AdminBlocks { slug } => ("GET", Route::AdminListBlocks { slug }),
        ApiPath::AdminBlock { slug, id } => ("DELETE", Route::AdminDeleteBlock { slug, id }),
        ApiPath::AdminClients { slug } => ("GET", Route::AdminClients { slug }),
        ApiPath::AdminClient { slug, id } => ("GET", Route::AdminClient { slug, id }),
        ApiPath::AdminClientNote { slug, id } => ("PUT", Route::AdminClientNote { slug, id }),
        ApiPath::AdminKeys { slug } if method == "POST" => ("POST", Route::AdminCreateKey { slug }),
        ApiPath::AdminKeys { slug } => ("GET", Route::AdminListKeys { slug }),
        ApiPath::AdminRevokeKey { slug, id } => ("POST", Route::AdminRevokeKey { slug, id }),
        ApiPath::AuthEmailLink => ("POST", Route::AuthEmailLink),
        ApiPath::AuthSignUp => ("POST", Route::AuthSignUp),
        ApiPath::Salons => ("POST", Route::CreateOwnSalon),
        ApiPath::Slug { slug } => ("GET", Route::SlugCheck { slug }),
        ApiPath::AdminExport { slug } => ("GET", Route::AdminExport { slug }),
        ApiPath::AdminErasures { slug } => ("POST", Route::AdminErase { slug }),
        ApiPath::AdminMembers { slug } if method == "POST" => {
            ("POST", Route::AdminInviteMember { slug })
        }
        ApiPath::AdminMembers { slug } => ("GET", Route::AdminListMembers { slug }),
        ApiPath::AdminMember { slug, id } if method == "DELETE" => {
            ("DELETE", Route::AdminRemoveMember { slug, id })
        }
        ApiPath::AdminMember { slug, id } => ("PUT", Route::AdminUpdateMember { slug, id }),
        ApiPath::AuthSession => ("POST", Route::AuthSession),
        ApiPath::AuthSignOut => ("POST", Route::AuthSignOut),
        ApiPath::Me => ("GET", Route::Me),
        ApiPath::Console => ("GET", Route::ConsolePage),
    };
    Some((expected, route, api_path.template()))
}

/// Finds the route of a request. `path` has no query string.
pub fn route<'a>(method: &str, path: &'a str) -> Route<'a> {
    match endpoint(method, path) {
        None => Route::NotFound,
        Some(_) if method == "OPTIONS" => Route::Preflight,
        Some((expected, route, _))
            if expected == method || (expected == "GET" && method == "HEAD") =>
        {
            route
        }
        Some(_) => Route::MethodNotAllowed,
    }
}

/// The route pattern of a path, such as `/v1/bookings/{token}`: what logs say instead of the path,
/// which may hold a secret. Paths that name no endpoint are all `(unknown)`, since they too may be
/// anything a caller typed.
pub fn pattern(method: &str, path: &str) -> &'static str {
    endpoint(method, path).map_or("(unknown)", |(_, _, pattern)| pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_routes_with_their_parameters() {
        assert_eq!(
            route("GET", "/v1/salons/demo"),
            Route::SalonProfile { slug: "demo" }
        );
        assert_eq!(
            route("POST", "/v1/salons/demo/bookings"),
            Route::CreateBooking { slug: "demo" }
        );
        assert_eq!(
            route("POST", "/v1/admin/salons/demo/bookings/42/cancel"),
            Route::AdminCancelBooking {
                slug: "demo",
                id: "42"
            }
        );
        assert_eq!(
            route("PUT", "/v1/admin/salons/x/config"),
            Route::AdminPutConfig { slug: "x" }
        );
        assert_eq!(
            route("GET", "/v1/admin/salons/x/config"),
            Route::AdminGetConfig { slug: "x" }
        );
    }

    #[test]
    fn wrong_methods_unknown_paths_and_preflights_are_told_apart() {
        assert_eq!(route("DELETE", "/v1/salons/demo"), Route::MethodNotAllowed);
        assert_eq!(
            route("GET", "/v1/salons/demo/bookings"),
            Route::MethodNotAllowed
        );
        assert_eq!(
            route("OPTIONS", "/v1/salons/demo/bookings"),
            Route::Preflight
        );
        assert_eq!(route("GET", "/v2/anything"), Route::NotFound);
        assert_eq!(route("GET", "/v1/salons/demo/extra/deep"), Route::NotFound);
    }

    #[test]
    fn patterns_name_the_route_and_never_repeat_a_token_or_an_unknown_path() {
        let token = "mt_3f9a0c";
        assert_eq!(
            pattern("GET", &format!("/v1/bookings/{token}")),
            "/v1/bookings/{token}"
        );
        assert_eq!(
            pattern("POST", &format!("/v1/bookings/{token}/cancel")),
            "/v1/bookings/{token}/cancel"
        );
        assert_eq!(
            pattern("OPTIONS", "/v1/salons/demo/bookings"),
            "/v1/salons/{slug}/bookings"
        );
        assert_eq!(pattern("GET", &format!("/v2/{token}")), "(unknown)");
        assert_eq!(
            pattern("PUT", "/v1/admin/salons/x/config"),
            "/v1/admin/salons/{slug}/config"
        );
    }
}
