//! The API's JSON without a JSON library, as in the widget (`widget/src/json.rs`): the browser parses
//! and prints it (`JSON.parse`, `JSON.stringify`), and each wire type of `shared::api` the console
//! uses reads or writes its fields on the resulting JavaScript object. serde_json cost the console a
//! tenth of its wasm; the tests below check every type against what serde writes and reads on the edge.

use std::collections::BTreeMap;

use shared::api::{
    BlockRequest, BlockWire, BookingStatus, BookingView, ClientDetail, ClientNoteRequest,
    ClientSummary, ClientView, ClientWire, ClientsWire, EmailLinkRequest, ErasureRequest,
    ErrorBody, ErrorDetail, MeWire, MembershipWire, Outcome, OutcomeRequest, OwnerBooking,
    OwnerBookingReply, OwnerBookingRequest, OwnerBookings, OwnerCancelRequest,
    OwnerRescheduleRequest, Role, SalonProfile, ServiceProfile, SessionRequest, StaffProfile,
};
use shared::config::Policy;
use shared::FieldError;
use wasm_bindgen::{JsCast, JsValue};

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
    T::from_js(&js_sys::Reflect::get(object, &JsValue::from_str(key)).ok()?)
}

/// `object[key]` read as `T`, or `T`'s default when absent (serde's `#[serde(default)]`).
fn field_or_default<T: FromJs + Default>(object: &JsValue, key: &str) -> Option<T> {
    field::<Option<T>>(object, key).map(Option::unwrap_or_default)
}

impl FromJs for String {
    fn from_js(value: &JsValue) -> Option<Self> {
        value.as_string()
    }
}

impl FromJs for u32 {
    fn from_js(value: &JsValue) -> Option<Self> {
        let n = value.as_f64()?;
        (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
    }
}

impl FromJs for u16 {
    fn from_js(value: &JsValue) -> Option<Self> {
        u32::from_js(value).and_then(|n| u16::try_from(n).ok())
    }
}

/// The enums the API writes as their names.
macro_rules! from_js_name {
    ($($ty:ty),*) => {$(
        impl FromJs for $ty {
            fn from_js(value: &JsValue) -> Option<Self> {
                <$ty>::parse(&value.as_string()?)
            }
        }
    )*};
}
from_js_name!(Role, Outcome, BookingStatus);

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

/// A pair written as a two-element array (`["09:00", "12:30"]`).
impl<A: FromJs, B: FromJs> FromJs for (A, B) {
    fn from_js(value: &JsValue) -> Option<Self> {
        let array = value.dyn_ref::<js_sys::Array>()?;
        (array.length() == 2).then_some(())?;
        Some((A::from_js(&array.get(0))?, B::from_js(&array.get(1))?))
    }
}

impl<T: FromJs> FromJs for BTreeMap<String, T> {
    fn from_js(value: &JsValue) -> Option<Self> {
        let object = value.dyn_ref::<js_sys::Object>()?;
        let mut map = BTreeMap::new();
        for entry in js_sys::Object::entries(object).iter() {
            let entry = entry.unchecked_into::<js_sys::Array>();
            map.insert(entry.get(0).as_string()?, T::from_js(&entry.get(1))?);
        }
        Some(map)
    }
}

/// Reads a struct from an object with one property per field, named as the field.
macro_rules! from_js_struct {
    ($($ty:ident { $($field:ident),* })*) => {$(
        impl FromJs for $ty {
            fn from_js(value: &JsValue) -> Option<Self> {
                Some($ty { $($field: field(value, stringify!($field))?,)* })
            }
        }
    )*};
}

from_js_struct! {
    ErrorBody { error }
    ErrorDetail { code, message, fields, availability }
    FieldError { code, message }
    MembershipWire { salon, name, role, staff }
    MeWire { email, memberships }
    Policy { slot_step_minutes, min_notice_minutes, max_advance_days, cancel_cutoff_minutes }
    ServiceProfile { key, name, category, description, duration_minutes, price_cents }
    StaffProfile { key, name, services }
    SalonProfile { slug, name, timezone, currency, country, locale, policy, services, staff }
    ClientView { name, email, phone }
    BookingView { id, code, status, service, staff, start, end, client }
    BlockWire { id, staff, start, end, note }
    OwnerBookingReply { booking }
    ClientSummary { id, name, email, phone, visits, no_shows, last_visit, next_visit }
    ClientsWire { clients }
    ClientDetail { client, note, bookings }
}

/// The booking's own fields sit beside the salon's (`#[serde(flatten)]`); the later ones may be absent.
impl FromJs for OwnerBooking {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(OwnerBooking {
            booking: BookingView::from_js(value)?,
            notes: field(value, "notes")?,
            created_at: field(value, "created_at")?,
            cancelled_at: field(value, "cancelled_at")?,
            outcome: field(value, "outcome")?,
            moves: field_or_default(value, "moves")?,
            client_id: field_or_default(value, "client_id")?,
        })
    }
}

impl FromJs for OwnerBookings {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(OwnerBookings {
            bookings: field(value, "bookings")?,
            blocks: field_or_default(value, "blocks")?,
        })
    }
}

impl ToJs for String {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

/// No body.
impl ToJs for () {
    fn to_js(&self) -> JsValue {
        JsValue::UNDEFINED
    }
}

impl ToJs for bool {
    fn to_js(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

impl<T: ToJs> ToJs for Option<T> {
    fn to_js(&self) -> JsValue {
        self.as_ref().map_or(JsValue::UNDEFINED, T::to_js)
    }
}

/// Writes a struct as an object with one property per field.
macro_rules! to_js_struct {
    ($($ty:ident { $($field:ident),* })*) => {$(
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
    EmailLinkRequest { email }
    SessionRequest { token }
    ClientWire { name, email, phone }
    OwnerBookingRequest { service, staff, start, client, notes, override_rules, silent }
    OwnerRescheduleRequest { start, staff, override_rules }
    OwnerCancelRequest { message }
    BlockRequest { staff, start, end, note }
    ClientNoteRequest { note }
    ErasureRequest { email, phone, client_id }
}

/// `null` clears the outcome, so it is written, not left out.
impl ToJs for OutcomeRequest {
    fn to_js(&self) -> JsValue {
        let object = js_sys::Object::new();
        let value = self
            .outcome
            .map_or(JsValue::NULL, |o| JsValue::from_str(o.as_str()));
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str("outcome"), &value);
        object.into()
    }
}

/// What the console reads of a salon's configuration: each staff member's weekly hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigHours {
    pub staff: Vec<StaffHours>,
}

/// One staff member's key and `"mon": [["09:00", "12:30"], …]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffHours {
    pub key: String,
    pub hours: BTreeMap<String, Vec<(String, String)>>,
}

from_js_struct! {
    ConfigHours { staff }
}

impl FromJs for StaffHours {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(StaffHours {
            key: field(value, "key")?,
            hours: field_or_default(value, "hours")?,
        })
    }
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

    /// What the console writes, serde on the edge reads as the same value.
    fn serde_reads_what_is_written<T>(value: T)
    where
        T: ToJs + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let text = stringify(&value).unwrap();
        assert_eq!(serde_json::from_str::<T>(&text).unwrap(), value, "{text}");
    }

    fn booking(outcome: Option<Outcome>) -> OwnerBooking {
        OwnerBooking {
            booking: BookingView {
                id: "b1".into(),
                code: "K7Q2MX".into(),
                status: BookingStatus::Confirmed,
                service: "cut".into(),
                staff: "ana".into(),
                start: "2026-10-25T02:30:00+01:00".into(),
                end: "2026-10-25T03:15:00+01:00".into(),
                client: ClientView {
                    name: "Léa «Moreau»".into(),
                    email: Some("lea@example.com".into()),
                    phone: None,
                },
            },
            notes: "Line one\nline two".into(),
            created_at: "2026-10-01T09:00:00+02:00".into(),
            cancelled_at: None,
            outcome,
            moves: 2,
            client_id: "c_1".into(),
        }
    }

    #[wasm_bindgen_test]
    fn every_answer_the_console_reads_matches_serde() {
        reads_what_serde_writes(MeWire {
            email: "owner@example.com".into(),
            memberships: vec![
                MembershipWire {
                    salon: "fifi".into(),
                    name: "Maison Fifi".into(),
                    role: Role::Owner,
                    staff: None,
                },
                MembershipWire {
                    salon: "other".into(),
                    name: "Other".into(),
                    role: Role::Staff,
                    staff: Some("ana".into()),
                },
            ],
        });
        reads_what_serde_writes(SalonProfile {
            slug: "fifi".into(),
            name: "Maison Fifi".into(),
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
                price_cents: 3500,
            }],
            staff: vec![StaffProfile {
                key: "ana".into(),
                name: "Ana".into(),
                services: vec!["cut".into()],
            }],
        });
        reads_what_serde_writes(OwnerBookings {
            bookings: vec![booking(None), booking(Some(Outcome::NoShow))],
            blocks: vec![BlockWire {
                id: "k1".into(),
                staff: "ana".into(),
                start: "2026-12-02T12:00:00+01:00".into(),
                end: "2026-12-02T13:00:00+01:00".into(),
                note: "Lunch".into(),
            }],
        });
        reads_what_serde_writes(OwnerBookingReply {
            booking: booking(Some(Outcome::Completed)),
        });
        let summary = ClientSummary {
            id: "c_1".into(),
            name: "Léa".into(),
            email: None,
            phone: Some("+33612345678".into()),
            visits: 3,
            no_shows: 1,
            last_visit: Some("2026-11-02T10:00:00+01:00".into()),
            next_visit: None,
        };
        reads_what_serde_writes(ClientsWire {
            clients: vec![summary.clone()],
        });
        reads_what_serde_writes(ClientDetail {
            client: summary,
            note: "Prefers Ana".into(),
            bookings: vec![booking(None)],
        });
        let mut fields = BTreeMap::new();
        fields.insert(
            "client.email".to_owned(),
            FieldError {
                code: "invalid_email".into(),
                message: "Enter a valid email address.".into(),
            },
        );
        reads_what_serde_writes(ErrorBody {
            error: ErrorDetail {
                code: "validation".into(),
                message: "Check the highlighted fields.".into(),
                fields: Some(fields),
                availability: None,
            },
        });
    }

    #[wasm_bindgen_test]
    fn fields_the_edge_may_leave_out_take_their_defaults() {
        let text = r#"{"bookings": [{"id": "b", "code": "C", "status": "cancelled", "service": "s",
            "staff": "a", "start": "x", "end": "y", "client": {"name": "N", "email": null, "phone": null},
            "notes": "", "created_at": "z", "cancelled_at": "w"}]}"#;
        let read = parse::<OwnerBookings>(text).unwrap();
        assert_eq!(read.blocks, vec![]);
        assert_eq!(read.bookings[0].moves, 0);
        assert_eq!(read.bookings[0].outcome, None);
        assert_eq!(read.bookings[0].client_id, "");
        let hours = parse::<ConfigHours>(
            r#"{"name": "x", "staff": [{"key": "ana", "hours": {"mon": [["09:00", "12:30"]]}, "time_off": []}]}"#,
        )
        .unwrap();
        assert_eq!(
            hours.staff[0].hours["mon"],
            vec![("09:00".to_owned(), "12:30".to_owned())]
        );
    }

    #[wasm_bindgen_test]
    fn every_request_the_console_writes_is_read_by_serde_as_written() {
        serde_reads_what_is_written(EmailLinkRequest {
            email: "a@example.com".into(),
        });
        serde_reads_what_is_written(SessionRequest { token: "t".into() });
        serde_reads_what_is_written(OwnerBookingRequest {
            service: "cut".into(),
            staff: "ana".into(),
            start: "2026-12-02T10:00:00+01:00".into(),
            client: ClientWire {
                name: "Walk-in".into(),
                email: None,
                phone: Some("+33612345678".into()),
            },
            notes: None,
            override_rules: true,
            silent: false,
        });
        serde_reads_what_is_written(OwnerRescheduleRequest {
            start: "2026-12-02T10:00:00+01:00".into(),
            staff: "any".into(),
            override_rules: false,
        });
        serde_reads_what_is_written(OwnerCancelRequest {
            message: Some("Sorry".into()),
        });
        serde_reads_what_is_written(OwnerCancelRequest::default());
        serde_reads_what_is_written(OutcomeRequest {
            outcome: Some(Outcome::NoShow),
        });
        serde_reads_what_is_written(OutcomeRequest { outcome: None });
        assert_eq!(
            stringify(&OutcomeRequest { outcome: None }).unwrap(),
            r#"{"outcome":null}"#
        );
        serde_reads_what_is_written(BlockRequest {
            staff: "ana".into(),
            start: "2026-12-02T12:00:00+01:00".into(),
            end: "2026-12-02T13:00:00+01:00".into(),
            note: None,
        });
        serde_reads_what_is_written(ClientNoteRequest {
            note: "Prefers mornings".into(),
        });
        serde_reads_what_is_written(ErasureRequest {
            email: None,
            phone: None,
            client_id: Some("c_0b6c1b7e".into()),
        });
    }
}
