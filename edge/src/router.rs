//! The route table: one pure function from method and path to a [`Route`], so it is tested natively.

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
    BookingCalendar {
        token: &'a str,
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
    /// A CORS preflight for a path that exists.
    Preflight,
    /// The path exists but not with this method.
    MethodNotAllowed,
    NotFound,
}

/// Finds the route of a request. `path` has no query string.
pub fn route<'a>(method: &str, path: &'a str) -> Route<'a> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let found = match segments.as_slice() {
        ["healthz"] => Some(("GET", Route::Healthz)),
        ["readyz"] => Some(("GET", Route::Readyz)),
        ["v1", "salons", slug] => Some(("GET", Route::SalonProfile { slug })),
        ["v1", "salons", slug, "availability"] => Some(("GET", Route::Availability { slug })),
        ["v1", "salons", slug, "bookings"] => Some(("POST", Route::CreateBooking { slug })),
        ["v1", "bookings", token] => Some(("GET", Route::ManageBooking { token })),
        ["v1", "bookings", token, "cancel"] => Some(("POST", Route::CancelBooking { token })),
        ["v1", "bookings", token, "calendar.ics"] => {
            Some(("GET", Route::BookingCalendar { token }))
        }
        ["v1", "admin", "salons"] => Some(("POST", Route::AdminCreateSalon)),
        ["v1", "admin", "salons", slug, "config"] => match method {
            "PUT" => Some(("PUT", Route::AdminPutConfig { slug })),
            _ => Some(("GET", Route::AdminGetConfig { slug })),
        },
        ["v1", "admin", "salons", slug, "bookings"] => {
            Some(("GET", Route::AdminListBookings { slug }))
        }
        ["v1", "admin", "salons", slug, "bookings", id, "cancel"] => {
            Some(("POST", Route::AdminCancelBooking { slug, id }))
        }
        _ => None,
    };
    match found {
        None => Route::NotFound,
        Some(_) if method == "OPTIONS" => Route::Preflight,
        Some((expected, route))
            if expected == method || (expected == "GET" && method == "HEAD") =>
        {
            route
        }
        Some(_) => Route::MethodNotAllowed,
    }
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
}
