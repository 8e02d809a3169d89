//! The availability endpoint: its parameters, its errors, and what it offers.

use chairtime_tests::{for_service, open_salon_config, Api};
use shared::api::{AvailabilityWire, ErrorCode};
use shared::date::CalendarDate;
use shared::paths::{ApiPath, AvailabilityQuery};

#[test]
fn unknown_salon_service_or_staff_is_404_and_bad_parameters_are_400() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let base = ApiPath::Availability { slug: &salon.slug };
    let query = |query: AvailabilityQuery| base.with_query(query);
    for (path, status, code) in [
        (query(for_service("perm")), 404, ErrorCode::NotFound),
        (
            query(AvailabilityQuery {
                staff: Some("zed"),
                ..for_service("cut")
            }),
            404,
            ErrorCode::NotFound,
        ),
        (
            query(AvailabilityQuery {
                days: Some(0),
                ..for_service("cut")
            }),
            400,
            ErrorCode::InvalidParameter,
        ),
        (
            query(AvailabilityQuery {
                days: Some(32),
                ..for_service("cut")
            }),
            400,
            ErrorCode::InvalidParameter,
        ),
        (
            base.with_query("service=cut&from=2026-02-30"),
            400,
            ErrorCode::InvalidParameter,
        ),
        (
            base.with_query("service=cut&from=tomorrow"),
            400,
            ErrorCode::InvalidParameter,
        ),
        (
            base.with_query("service=cut&colour=red"),
            400,
            ErrorCode::UnknownParameter,
        ),
        (base.to_string(), 400, ErrorCode::MissingParameter),
    ] {
        let a = api.get(&path);
        assert_eq!(a.status, status, "{path}: {}", a.text);
        assert_eq!(a.error().code, code.as_str(), "{path}");
    }
    let unknown = api.get(
        &ApiPath::Availability {
            slug: "no-such-salon",
        }
        .with_query(for_service("cut")),
    );
    assert_eq!(unknown.status, 404);
}

#[test]
fn availability_lists_each_requested_day_with_local_times_and_free_staff() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let path = ApiPath::Availability { slug: &salon.slug };
    let a = api.get(&path.with_query(AvailabilityQuery {
        from: Some(CalendarDate::parse("2030-03-29").unwrap()),
        days: Some(3),
        ..for_service("cut")
    }));
    assert_eq!(a.status, 200, "{}", a.text);
    let far = a.json::<AvailabilityWire>();
    assert_eq!(far.timezone, "Europe/Paris");
    let dates: Vec<String> = far.days.iter().map(|d| d.date.to_string()).collect();
    assert_eq!(dates, ["2030-03-29", "2030-03-30", "2030-03-31"]);
    // Far beyond max_advance_days (60): nothing is bookable yet.
    assert!(far.days.iter().all(|d| d.slots.is_empty()));

    let soon = api.get(&path.with_query(AvailabilityQuery {
        days: Some(3),
        ..for_service("colour")
    }));
    let slots: Vec<_> = soon
        .json::<AvailabilityWire>()
        .days
        .into_iter()
        .flat_map(|d| d.slots)
        .collect();
    assert!(!slots.is_empty());
    for slot in slots {
        // Only Ana performs colour; times are local and the start carries the salon's offset.
        assert_eq!(slot.staff, ["ana"]);
        let start = &slot.start;
        assert!(
            start.ends_with("+01:00") || start.ends_with("+02:00"),
            "{start}"
        );
        assert_eq!(&start[11..16], slot.time);
    }
}
