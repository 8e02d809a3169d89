//! The API's JSON without a JSON library in the widget: the browser parses and prints it
//! (`JSON.parse`, `JSON.stringify`), and each wire type of `shared::api` reads or writes its fields on
//! the resulting JavaScript object. This costs a few kilobytes of WebAssembly where serde and a parser
//! cost tens; the tests below check every type against what serde writes and reads on the edge.

use std::collections::BTreeMap;

use shared::api::{
    AvailabilityWire, BookingCreated, BookingRequestWire, BookingStatus, BookingView, ClientView,
    ClientWire, DayWire, ErrorBody, ErrorDetail, SalonProfile, ServiceProfile, SlotWire,
    StaffProfile,
};
#[cfg(feature = "manage")]
use shared::api::{ContactView, ManagedBookingWire, RescheduleWire};
use shared::config::Policy;
use shared::date::CalendarDate;
use shared::FieldError;
use wasm_bindgen::{JsCast, JsValue};

use crate::Options;

/// A value read from parsed JSON. `None` when it is missing or of another type.
pub trait FromJs: Sized {
    fn from_js(value: &JsValue) -> Option<Self>;
}

/// A value written as a JavaScript value for `JSON.stringify`; `undefined` leaves a field out.
pub trait ToJs {
    fn to_js(&self) -> JsValue;
}

/// Parses `text` as JSON into `T`.
pub fn parse<T: FromJs>(text: &str) -> Option<T> {
    T::from_js(&js_sys::JSON::parse(text).ok()?)
}

/// `value` as JSON text.
pub fn stringify<T: ToJs>(value: &T) -> Option<String> {
    js_sys::JSON::stringify(&value.to_js()).ok()?.as_string()
}

/// `object[key]` read as `T`.
fn field<T: FromJs>(object: &JsValue, key: &str) -> Option<T> {
    let value = js_sys::Reflect::get(object, &JsValue::from_str(key)).ok()?;
    T::from_js(&value)
}

impl FromJs for String {
    fn from_js(value: &JsValue) -> Option<Self> {
        value.as_string()
    }
}

/// Whole numbers within the type's range, as serde would accept them.
macro_rules! from_js_integer {
    ($($ty:ty),*) => {$(
        impl FromJs for $ty {
            fn from_js(value: &JsValue) -> Option<Self> {
                let n = value.as_f64()?;
                (n.fract() == 0.0 && n >= 0.0 && n <= f64::from(<$ty>::MAX)).then_some(n as $ty)
            }
        }
    )*};
}
from_js_integer!(u16, u32);

/// A date the API wrote; anything else (an impossible day, a year out of range) makes the whole answer
/// unreadable, so a step shows its error and a retry instead of rendering a date it cannot page from.
impl FromJs for CalendarDate {
    fn from_js(value: &JsValue) -> Option<Self> {
        CalendarDate::parse(&value.as_string()?).ok()
    }
}

impl FromJs for BookingStatus {
    fn from_js(value: &JsValue) -> Option<Self> {
        BookingStatus::parse(&value.as_string()?)
    }
}

impl<T: FromJs> FromJs for Option<T> {
    fn from_js(value: &JsValue) -> Option<Self> {
        if value.is_null() || value.is_undefined() {
            Some(None)
        } else {
            T::from_js(value).map(Some)
        }
    }
}

impl<T: FromJs> FromJs for Vec<T> {
    fn from_js(value: &JsValue) -> Option<Self> {
        let array = value.dyn_ref::<js_sys::Array>()?;
        array.iter().map(|item| T::from_js(&item)).collect()
    }
}

impl<T: FromJs> FromJs for BTreeMap<String, T> {
    fn from_js(value: &JsValue) -> Option<Self> {
        let object = value.dyn_ref::<js_sys::Object>()?;
        // Inserting one by one: collecting would sort first, and a sort is kilobytes of code.
        let mut map = BTreeMap::new();
        for entry in js_sys::Object::entries(object).iter() {
            let entry = entry.unchecked_into::<js_sys::Array>();
            map.insert(entry.get(0).as_string()?, T::from_js(&entry.get(1))?);
        }
        Some(map)
    }
}

impl ToJs for String {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl<T: ToJs> ToJs for Option<T> {
    fn to_js(&self) -> JsValue {
        self.as_ref().map_or(JsValue::UNDEFINED, T::to_js)
    }
}

/// Reads a struct from an object with one property per field, named as the field (serde's default).
macro_rules! from_js_struct {
    ($($ty:ident { $($field:ident),* })*) => {$(
        impl FromJs for $ty {
            fn from_js(value: &JsValue) -> Option<Self> {
                Some($ty {
                    $($field: field(value, stringify!($field))?,)*
                })
            }
        }
    )*};
}

from_js_struct! {
    ErrorBody { error }
    ErrorDetail { code, message, fields, availability }
    FieldError { code, message }
    Policy { slot_step_minutes, min_notice_minutes, max_advance_days, cancel_cutoff_minutes }
    ServiceProfile { key, name, category, description, duration_minutes, price_cents }
    StaffProfile { key, name, services }
    SalonProfile { slug, name, timezone, currency, country, locale, policy, services, staff }
    SlotWire { start, time, staff }
    DayWire { date, slots }
    AvailabilityWire { timezone, days }
    ClientView { name, email, phone }
    BookingView { id, code, status, service, staff, start, end, client }
    BookingCreated { booking, manage_token, manage_url }
    Options { salon, api, service, staff, locale, name, email, phone }
}

/// Writes a struct as an object with one property per field.
macro_rules! to_js_struct {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl ToJs for $ty {
            fn to_js(&self) -> JsValue {
                let object = js_sys::Object::new();
                $(
                    let value = self.$field.to_js();
                    if !value.is_undefined() {
                        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(stringify!($field)), &value);
                    }
                )*
                object.into()
            }
        }
    )*};
}

to_js_struct! {
    ClientWire { name, email, phone }
    BookingRequestWire { service, staff, start, client, notes }
}

// What only the client's booking page reads and writes.
#[cfg(feature = "manage")]
from_js_struct! {
    ContactView { phone, email, address }
    ManagedBookingWire { booking, salon, slug, cancellable_until, contact }
}

#[cfg(feature = "manage")]
to_js_struct! {
    RescheduleWire { start, staff }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// What the edge writes (serde) reads back as the same value here.
    fn reads_what_serde_writes<T>(value: T)
    where
        T: FromJs + serde::Serialize + PartialEq + std::fmt::Debug,
    {
        let text = serde_json::to_string(&value).unwrap();
        assert_eq!(parse::<T>(&text), Some(value), "{text}");
    }

    fn slot(start: &str) -> SlotWire {
        SlotWire {
            start: start.to_owned(),
            time: start[11..16].to_owned(),
            staff: vec!["ana".to_owned(), "ben".to_owned()],
        }
    }

    #[wasm_bindgen_test]
    fn every_answer_the_widget_reads_matches_serde() {
        reads_what_serde_writes(SalonProfile {
            slug: "demo".into(),
            name: "Salon «Été»".into(),
            timezone: "Europe/Paris".into(),
            currency: "EUR".into(),
            country: "FR".into(),
            locale: "fr".into(),
            policy: Policy::default(),
            services: vec![ServiceProfile {
                key: "cut".into(),
                name: "Cut".into(),
                category: "Hair".into(),
                description: String::new(),
                duration_minutes: 45,
                price_cents: 4_294_967_295,
            }],
            staff: vec![StaffProfile {
                key: "ana".into(),
                name: "Ana".into(),
                services: vec!["cut".into()],
            }],
        });
        reads_what_serde_writes(AvailabilityWire {
            timezone: "Europe/Paris".into(),
            days: vec![
                DayWire {
                    date: CalendarDate::parse("2026-10-25").unwrap(),
                    slots: vec![
                        slot("2026-10-25T02:30:00+02:00"),
                        slot("2026-10-25T02:30:00+01:00"),
                    ],
                },
                DayWire {
                    date: CalendarDate::parse("2026-10-26").unwrap(),
                    slots: vec![],
                },
            ],
        });
        let booking = BookingView {
            id: "5f0c".into(),
            code: "K7M-2QX".into(),
            status: BookingStatus::Confirmed,
            service: "cut".into(),
            staff: "ana".into(),
            start: "2026-10-25T10:00:00+01:00".into(),
            end: "2026-10-25T10:45:00+01:00".into(),
            client: ClientView {
                name: "Zoë \"Z\" O'Neil".into(),
                email: None,
                phone: Some("+33612345678".into()),
            },
        };
        reads_what_serde_writes(BookingCreated {
            booking,
            manage_token: "t".into(),
            manage_url: "https://example.com/v1/bookings/t".into(),
        });
        for (fields, availability) in [
            (
                None,
                Some("/v1/salons/demo/availability?date=2026-10-25".to_owned()),
            ),
            (
                Some(BTreeMap::from([(
                    "client.name".to_owned(),
                    FieldError {
                        code: "required".into(),
                        message: "Please fill in this field.".into(),
                    },
                )])),
                None,
            ),
        ] {
            reads_what_serde_writes(ErrorBody {
                error: ErrorDetail {
                    code: "validation".into(),
                    message: "Check the fields.".into(),
                    fields,
                    availability,
                },
            });
        }
    }

    /// What only the client's booking page reads and writes, against serde on the edge.
    #[cfg(feature = "manage")]
    #[wasm_bindgen_test]
    fn every_answer_the_booking_page_reads_and_its_request_match_serde() {
        let contacts = [
            ContactView {
                phone: Some("+33142685300".into()),
                email: Some("hello@fifi.example".into()),
                address: "12 rue des Martyrs\n75009 Paris".into(),
            },
            ContactView {
                phone: None,
                email: None,
                address: String::new(),
            },
        ];
        for contact in contacts.clone() {
            reads_what_serde_writes(contact);
        }
        for (status, cancellable_until, contact) in [
            (
                BookingStatus::Confirmed,
                Some("2026-10-24T10:00:00+02:00".to_owned()),
                contacts[0].clone(),
            ),
            (BookingStatus::Cancelled, None, contacts[1].clone()),
        ] {
            reads_what_serde_writes(ManagedBookingWire {
                booking: BookingView {
                    id: "5f0c".into(),
                    code: "K7M2QX".into(),
                    status,
                    service: "cut".into(),
                    staff: "ana".into(),
                    start: "2026-10-25T10:00:00+01:00".into(),
                    end: "2026-10-25T10:45:00+01:00".into(),
                    client: ClientView {
                        name: "Zoë".into(),
                        email: Some("zoe@example.com".into()),
                        phone: None,
                    },
                },
                salon: "Salon «Été» & Co".into(),
                slug: "ete".into(),
                cancellable_until,
                contact,
            });
        }
        // A contact of the wrong shape makes the answer unreadable rather than half-read.
        assert_eq!(
            parse::<ContactView>(r#"{"phone":1,"email":null,"address":""}"#),
            None
        );
        assert_eq!(parse::<ContactView>(r#"{"phone":null,"email":null}"#), None);

        for staff in ["ana", shared::client::StaffChoice::ANY] {
            let body = RescheduleWire {
                start: "2026-10-26T09:30:00+01:00".into(),
                staff: staff.into(),
            };
            let text = stringify(&body).unwrap();
            assert_eq!(serde_json::from_str::<RescheduleWire>(&text).unwrap(), body);
        }
    }

    #[wasm_bindgen_test]
    fn wrong_types_and_missing_fields_are_refused() {
        assert_eq!(parse::<FieldError>(r#"{"code":"x"}"#), None);
        assert_eq!(parse::<FieldError>(r#"{"code":1,"message":"m"}"#), None);
        assert_eq!(
            parse::<StaffProfile>(r#"{"key":"a","name":"A","services":"cut"}"#),
            None
        );
        for n in ["-1", "1.5", "65536", "\"45\""] {
            let text = format!(
                r#"{{"key":"k","name":"n","category":"c","description":"","duration_minutes":{n},"price_cents":1}}"#
            );
            assert_eq!(parse::<ServiceProfile>(&text), None, "{n}");
        }
        assert_eq!(parse::<FieldError>("{"), None);
    }

    #[wasm_bindgen_test]
    fn an_answer_with_an_impossible_or_unsupported_date_is_unreadable() {
        for date in ["2026-02-30", "0000-01-01", "2026-12-1", "", "3000-01-01"] {
            let text = format!(r#"{{"timezone":"UTC","days":[{{"date":"{date}","slots":[]}}]}}"#);
            assert_eq!(parse::<AvailabilityWire>(&text), None, "{date:?}");
        }
    }

    #[wasm_bindgen_test]
    fn the_booking_request_is_what_the_edge_reads() {
        for (email, phone, notes) in [
            (Some("a@example.com"), None, None),
            (None, Some("+33612345678"), Some("Allergic to «x»\n")),
        ] {
            let body = BookingRequestWire {
                service: "cut".into(),
                staff: shared::client::StaffChoice::ANY.into(),
                start: "2026-10-25T10:00:00+01:00".into(),
                client: ClientWire {
                    name: "Zoë".into(),
                    email: email.map(str::to_owned),
                    phone: phone.map(str::to_owned),
                },
                notes: notes.map(str::to_owned),
            };
            let text = stringify(&body).unwrap();
            assert_eq!(
                serde_json::from_str::<BookingRequestWire>(&text).unwrap(),
                body
            );
            assert!(!text.contains("null"), "absent fields are left out: {text}");
        }
    }
}
