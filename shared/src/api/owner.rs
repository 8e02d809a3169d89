//! The JSON shapes of the owners' and staff's side of the API (SPEC §11): accounts and sign-in, the
//! console's calendar and operations, clients and API keys. Request types reject unknown fields.

use serde::{Deserialize, Serialize};

use super::{BookingView, ClientWire};

/// `POST /v1/auth/email-link` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailLinkRequest {
    pub email: String,
}

/// `POST /v1/auth/session` body: the token of a sign-in link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    pub token: String,
}

/// What a member may do in a salon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything.
    Owner,
    /// Their own calendar and bookings.
    Staff,
}

impl Role {
    /// As written on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Staff => "staff",
        }
    }

    /// Reads the written form.
    pub fn parse(text: &str) -> Option<Self> {
        [Role::Owner, Role::Staff]
            .into_iter()
            .find(|r| r.as_str() == text)
    }
}

/// A user's place in one salon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipWire {
    /// The salon's slug.
    pub salon: String,
    /// The salon's name.
    pub name: String,
    pub role: Role,
    /// The staff member whose calendar is theirs, if any.
    pub staff: Option<String>,
}

/// `GET /v1/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeWire {
    pub email: String,
    pub memberships: Vec<MembershipWire>,
}

/// Whether the client came, once the salon says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Completed,
    NoShow,
}

impl Outcome {
    /// As written on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::NoShow => "no_show",
        }
    }

    /// Reads the written form.
    pub fn parse(text: &str) -> Option<Self> {
        [Outcome::Completed, Outcome::NoShow]
            .into_iter()
            .find(|o| o.as_str() == text)
    }
}

/// A booking as its salon sees it: everything the client sees, and the notes and history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerBooking {
    #[serde(flatten)]
    pub booking: BookingView,
    pub notes: String,
    /// RFC 3339 with the salon's offset.
    pub created_at: String,
    /// RFC 3339 with the salon's offset, when cancelled.
    pub cancelled_at: Option<String>,
    /// Whether the client came, once recorded.
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// How many times it moved.
    #[serde(default)]
    pub moves: u32,
    /// The client's key in the salon's client list (see [`ClientSummary::id`]).
    #[serde(default)]
    pub client_id: String,
}

/// Time a staff member is away, taken from the calendar and from availability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockWire {
    pub id: String,
    pub staff: String,
    /// RFC 3339 with the salon's offset.
    pub start: String,
    /// RFC 3339 with the salon's offset.
    pub end: String,
    /// Why, for the salon's eyes only; may be empty.
    pub note: String,
}

/// `GET /v1/admin/salons/{slug}/bookings`: bookings and blocks starting on the asked dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerBookings {
    pub bookings: Vec<OwnerBooking>,
    #[serde(default)]
    pub blocks: Vec<BlockWire>,
}

/// The answer to an operation on one booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerBookingReply {
    pub booking: OwnerBooking,
}

/// `POST /v1/admin/salons/{slug}/bookings` body: a booking the salon makes for a walk-in or a phone
/// client. The client's name is required; email and phone are optional (without either, the client
/// hears nothing from Chairtime).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnerBookingRequest {
    /// Service key.
    pub service: String,
    /// Staff key or `any`.
    pub staff: String,
    /// RFC 3339 start with offset.
    pub start: String,
    pub client: ClientWire,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Book even outside the salon's notice and window (never over another booking).
    #[serde(default)]
    pub override_rules: bool,
    /// Send the client no confirmation (an import of bookings they already know of); reminders
    /// still go out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub silent: bool,
}

/// `POST /v1/admin/salons/{slug}/bookings/{id}/reschedule` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnerRescheduleRequest {
    /// RFC 3339 with an offset.
    pub start: String,
    /// A staff key, or `any`.
    pub staff: String,
    /// As for a new booking.
    #[serde(default)]
    pub override_rules: bool,
}

/// `POST /v1/admin/salons/{slug}/bookings/{id}/cancel` body (optional).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnerCancelRequest {
    /// A few words to the client, included in their cancellation message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `POST /v1/admin/salons/{slug}/bookings/{id}/outcome` body: `null` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeRequest {
    pub outcome: Option<Outcome>,
}

/// `POST /v1/admin/salons/{slug}/blocks` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockRequest {
    pub staff: String,
    /// RFC 3339 with an offset.
    pub start: String,
    /// RFC 3339 with an offset, after `start`, at most 31 days later.
    pub end: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `201` answer to a block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockReply {
    pub block: BlockWire,
}

/// A client of the salon, built from their bookings: one per email address, else per phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSummary {
    /// Stable opaque id within the salon.
    pub id: String,
    /// The name on their latest booking.
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Past bookings that were not cancelled and not no-shows.
    pub visits: u32,
    pub no_shows: u32,
    /// RFC 3339 with the salon's offset.
    pub last_visit: Option<String>,
    /// RFC 3339 with the salon's offset.
    pub next_visit: Option<String>,
}

/// `GET /v1/admin/salons/{slug}/clients?q=TEXT`: at most 100, most recent first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientsWire {
    pub clients: Vec<ClientSummary>,
}

/// `GET /v1/admin/salons/{slug}/clients/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetail {
    pub client: ClientSummary,
    /// The salon's private note; empty when none.
    pub note: String,
    /// Every booking, newest first.
    pub bookings: Vec<OwnerBooking>,
}

/// `PUT /v1/admin/salons/{slug}/clients/{id}/note` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientNoteRequest {
    pub note: String,
}

/// A named owner API key, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyWire {
    pub id: String,
    pub name: String,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// RFC 3339 UTC, once revoked.
    pub revoked_at: Option<String>,
}

/// `GET /v1/admin/salons/{slug}/keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeysWire {
    pub keys: Vec<ApiKeyWire>,
}

/// `POST /v1/admin/salons/{slug}/keys` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyRequest {
    pub name: String,
}

/// `201` answer to creating a key: the secret, shown only here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyCreated {
    pub key: ApiKeyWire,
    pub secret: String,
}

/// `POST /v1/salons` body: a new salon from the starter configuration, owned by the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSalonRequest {
    pub slug: String,
    pub name: String,
    /// An IANA zone such as `Europe/Paris`.
    pub timezone: String,
    /// ISO 4217, such as `EUR`.
    pub currency: String,
    /// ISO 3166 alpha-2, such as `FR`.
    pub country: String,
    /// `en`, `fr`, `es` or `de`.
    pub locale: String,
}

/// `GET /v1/slugs/{slug}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlugWire {
    pub slug: String,
    pub available: bool,
}

/// A member of a salon's team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberWire {
    /// The user's id.
    pub id: String,
    pub email: String,
    pub role: Role,
    pub staff: Option<String>,
}

/// `GET /v1/admin/salons/{slug}/members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersWire {
    pub members: Vec<MemberWire>,
}

/// `POST /v1/admin/salons/{slug}/members` body: invites `email` (they sign in by a mailed link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberRequest {
    pub email: String,
    pub role: Role,
    /// Required for `staff`: the staff member whose calendar is theirs.
    #[serde(default)]
    pub staff: Option<String>,
}

/// `PUT /v1/admin/salons/{slug}/members/{id}` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberUpdate {
    pub role: Role,
    #[serde(default)]
    pub staff: Option<String>,
}

/// `POST /v1/admin/salons/{slug}/erasures` body: the client by exactly one of their email address,
/// their phone number or their id in the client list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErasureRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

/// The answer to an erasure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureReply {
    pub client_id: String,
    /// How many bookings lost the client's personal data.
    pub bookings: u32,
}

/// `GET /v1/admin/salons/{slug}/export`: everything the salon keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalonExport {
    pub slug: String,
    /// RFC 3339 UTC.
    pub exported_at: String,
    pub config: crate::config::SalonConfigWire,
    pub clients: Vec<ClientSummary>,
    /// Every appointment, oldest first.
    pub bookings: Vec<OwnerBooking>,
    pub blocks: Vec<BlockWire>,
}
