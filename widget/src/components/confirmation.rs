use leptos::prelude::*;
use shared::api::{BookingCreated, ServiceProfile};

use crate::format;

/// The booking is made: its code, what and when, and where to manage it.
///
/// - `booking`: the API's answer.
/// - `service`: the booked service.
/// - `date`: the local date of the booking.
/// - `locale`: for the date in words.
#[component]
pub fn Confirmation(
    booking: BookingCreated,
    service: ServiceProfile,
    date: String,
    locale: String,
) -> impl IntoView {
    let time = booking.booking.start.get(11..16).unwrap_or("").to_owned();
    view! {
        <div class="ct-done" data-testid="confirmation">
            <h3 class="ct-step">"You're booked"</h3>
            <p class="ct-code">"Booking code " <strong data-testid="booking-code">{booking.booking.code.clone()}</strong></p>
            <p>{service.name} " · " {format::long_date(&date, &locale)} " " {time}</p>
            <p><a class="ct-link" href=booking.manage_url.clone() target="_blank" rel="noopener">"Manage your booking"</a></p>
        </div>
    }
}
