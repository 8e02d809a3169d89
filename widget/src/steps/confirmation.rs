use leptos::prelude::*;
use shared::api::{BookingCreated, SalonProfile};

use super::{with_staff, StepHeading};
use crate::flow::Flow;
use crate::format;

/// The last step: the booking is made. Its code, what and when in words with who was assigned, a
/// calendar file and the manage link.
///
/// - `flow`: the booking in progress; the chosen service and time were booked.
/// - `profile`: the salon's staff, to name who takes the booking.
/// - `booking`: the API's answer.
#[component]
pub fn ConfirmationStep(
    flow: Flow,
    profile: StoredValue<SalonProfile>,
    booking: BookingCreated,
) -> impl IntoView {
    let t = flow.texts();
    let service = flow.service.get().expect("a service was booked");
    let (date, _) = flow.slot.get().expect("a time was booked");
    let date = format::long_date(date, flow.locale.get().tag());
    let time = booking.booking.start.get(11..16).unwrap_or("").to_owned();
    let with_staff = with_staff(profile, t, &booking.booking.staff);
    let calendar = format!("{}/calendar.ics", booking.manage_url);
    view! {
        <div class="ct-done" data-testid="confirmation">
            <StepHeading flow text=t.booked />
            <p class="ct-code">{t.code}" " <strong data-testid="booking-code">{booking.booking.code}</strong></p>
            <p data-testid="when">{service.name} " · " {date} " · " {time} {with_staff}</p>
            <p class="ct-actions">
                <a class="ct-secondary" data-testid="calendar" href=calendar download="booking.ics">{t.add_to_calendar}</a>
                <a class="ct-link" data-testid="manage" href=booking.manage_url target="_blank" rel="noopener">{t.manage}</a>
            </p>
        </div>
    }
}
