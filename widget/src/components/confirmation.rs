use leptos::prelude::*;
use shared::api::{BookingCreated, ServiceProfile};
use shared::date::CalendarDate;

use crate::format;
use crate::texts::Texts;

/// The booking is made: its code, what and when in words, a calendar file and the manage link.
///
/// - `booking`: the API's answer.
/// - `service`: the booked service.
/// - `date`: the local date of the booking.
/// - `with_staff`: who was assigned, as " · with Ana" (empty if the profile does not name them).
/// - `locale`, `texts`: the interface language.
#[component]
pub fn Confirmation(
    booking: BookingCreated,
    service: ServiceProfile,
    date: CalendarDate,
    with_staff: String,
    locale: String,
    texts: &'static Texts,
) -> impl IntoView {
    let time = booking.booking.start.get(11..16).unwrap_or("").to_owned();
    let calendar = format!("{}/calendar.ics", booking.manage_url);
    view! {
        <div class="ct-done" data-testid="confirmation">
            <h3 class="ct-step" tabindex="-1">{texts.booked}</h3>
            <p class="ct-code">{texts.code}" " <strong data-testid="booking-code">{booking.booking.code.clone()}</strong></p>
            <p data-testid="when">{service.name} " · " {format::long_date(date, &locale)} " · " {time} {with_staff}</p>
            <p class="ct-actions">
                <a class="ct-secondary" data-testid="calendar" href=calendar download="booking.ics">{texts.add_to_calendar}</a>
                <a class="ct-link" data-testid="manage" href=booking.manage_url.clone() target="_blank" rel="noopener">{texts.manage}</a>
            </p>
        </div>
    }
}
