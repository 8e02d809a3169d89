//! `cargo xtask import` against the stack (SPEC §12): a dry run books nothing, applying books every
//! accepted row without telling the clients, applying again books nothing twice, and a row over an
//! existing booking is refused with its reason.

use chairtime_tests::mail::Mail;
use chairtime_tests::{booking_body, open_salon_config, tomorrow, unique, Api, Db};
use shared::date::CalendarDate;

fn day(offset: i32) -> CalendarDate {
    tomorrow().add_days(offset).expect("a date in range")
}

#[test]
fn an_import_is_a_dry_run_first_then_books_each_row_once_and_never_over_a_booking() {
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    let salon = api.create_salon(&open_salon_config());
    let slug = salon.slug.as_str();
    let first_day = day(1);
    // An existing booking at 11:00 with Ana on the first day.
    let zone = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
    let eleven = first_day.to_civil().at(11, 0, 0, 0).to_zoned(zone).unwrap();
    let eleven = eleven
        .timestamp()
        .display_with_offset(eleven.offset())
        .to_string();
    let existing = api.book(
        slug,
        &unique("k"),
        &booking_body("cut", "ana", &eleven, "Already Here"),
    );
    assert_eq!(existing.status, 201, "{}", existing.text);

    let email = format!("{}@import.example", unique("imported"));
    let text = format!(
        "Date,Start Time,Service,Team Member,Client,Email,Mobile,Notes\n\
         {first_day},10:00,Cut,Ana,Imported One,{email},06 12 34 56 78,From the old tool\n\
         {first_day},11:00,Cut,Ana,Clashes,clash@import.example,,\n\
         {second},09:30,Colour,Bob,Wrong Person,x@import.example,,\n\
         {second},09:30,Colour,Ana,Imported Two,,07 11 22 33 44,\n",
        second = day(2)
    );
    let dry = xtask::import::run(&api.base, slug, &salon.owner_key, &text, false).unwrap();
    assert_eq!(dry.accepted, 2);
    let lines: Vec<usize> = dry.rejected.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 4], "{:?}", dry.rejected);
    assert!(dry.rejected[0].1.contains("overlaps"));
    assert!(dry.rejected[1].1.contains("Bob does not do Colour"));
    assert_eq!(db.confirmed_bookings(slug), 1, "a dry run books nothing");

    let applied = xtask::import::run(&api.base, slug, &salon.owner_key, &text, true).unwrap();
    assert_eq!((applied.accepted, applied.rejected.len()), (2, 2));
    assert_eq!(db.confirmed_bookings(slug), 3);
    let again = xtask::import::run(&api.base, slug, &salon.owner_key, &text, true).unwrap();
    assert_eq!(
        (again.accepted, again.rejected.len()),
        (2, 2),
        "{:?}",
        again.rejected
    );
    assert_eq!(db.confirmed_bookings(slug), 3, "applied twice, booked once");
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert!(
        mail.messages(&email).is_empty(),
        "clients are not told of an import"
    );
    let stored = db.query(
        "SELECT b.client_phone, b.notes FROM bookings b JOIN salons s ON s.id = b.salon_id \
         WHERE s.slug = $1 AND b.client_email = $2",
        &[slug, &email],
    );
    assert_eq!(
        stored,
        vec![vec![
            Some("+33612345678".to_owned()),
            Some("From the old tool".to_owned())
        ]]
    );
}
