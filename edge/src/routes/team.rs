//! A salon's team (SPEC §11): owners invite owners and staff by email (the invitee gets a sign-in
//! link and lands in the salon), change their role and remove them; the last owner stays.

use shared::api::{ErrorCode, MemberRequest, MemberUpdate, MemberWire, MembersWire, Role};

use super::Services;
use crate::accounts::{self, authorize, Need};
use crate::db::{self, accounts::Member, accounts::TeamChange};
use crate::error::ApiError;
use crate::http::{Incoming, Reply};

fn wire(m: &Member) -> MemberWire {
    MemberWire {
        id: m.user_id.to_string(),
        email: m.email.clone(),
        role: m.role,
        staff: m.staff_key.clone(),
    }
}

/// The staff key a role needs: a staff member of the configuration for `staff`, optional for an
/// owner (an owner who also takes bookings).
fn staff_for(
    role: Role,
    staff: Option<&str>,
    config: &shared::config::SalonConfig,
) -> Result<Option<String>, ApiError> {
    match staff {
        Some(key) if config.staff.iter().any(|m| m.key.as_ref() == key) => Ok(Some(key.to_owned())),
        Some(_) => Err(ApiError::NotFound("staff")),
        None if role == Role::Staff => Err(ApiError::bad_request(
            ErrorCode::InvalidBody,
            "a staff member's account needs staff: the key of their calendar",
        )),
        None => Ok(None),
    }
}

/// `GET /v1/admin/salons/{slug}/members`.
pub async fn list(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    let members = db::accounts::members(&services.neon, access.salon_id).await?;
    Ok(Reply::json(
        200,
        &MembersWire {
            members: members.iter().map(wire).collect(),
        },
    )
    .header("cache-control", "no-store"))
}

/// `POST /v1/admin/salons/{slug}/members`: adds (or updates) a member and mails them a link.
pub async fn invite(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    let body: MemberRequest = req.json()?;
    let email = accounts::account_email(&body.email)?;
    let config = access.parsed()?;
    let staff = staff_for(body.role, body.staff.as_deref(), &config)?;
    db::accounts::add_member(
        &services.neon,
        access.salon_id,
        &email,
        body.role,
        staff.as_deref(),
    )
    .await?;
    let members = db::accounts::members(&services.neon, access.salon_id).await?;
    let added = members
        .iter()
        .find(|m| m.email == email)
        .ok_or_else(|| ApiError::Internal("an added member is listed".to_owned()))?;
    let reply = Reply::json(201, &wire(added)).header("cache-control", "no-store");
    match accounts::request_sign_up_link(services, &email).await? {
        Some(token) => Ok(reply.mailing(super::auth::link_mail(
            req,
            "invite",
            &email,
            &token,
            &config.name,
        ))),
        None => Ok(reply),
    }
}

fn user_id(id: &str) -> Result<i64, ApiError> {
    id.parse().map_err(|_| ApiError::NotFound("member"))
}

fn team_reply(change: TeamChange) -> Result<Reply, ApiError> {
    match change {
        TeamChange::Done(Some(member)) => Ok(Reply::json(200, &wire(&member))),
        TeamChange::Done(None) | TeamChange::NotFound => Err(ApiError::NotFound("member")),
        TeamChange::LastOwner => Err(ApiError::Conflict {
            code: ErrorCode::LastOwner,
            message: "A salon needs at least one owner; make someone else an owner first."
                .to_owned(),
        }),
    }
}

/// `PUT /v1/admin/salons/{slug}/members/{id}`: another role or calendar.
pub async fn update(
    services: &Services,
    req: &Incoming,
    slug: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    let id = user_id(id)?;
    let body: MemberUpdate = req.json()?;
    let staff = staff_for(body.role, body.staff.as_deref(), &access.parsed()?)?;
    let change = db::accounts::change_member(
        &services.neon,
        access.salon_id,
        id,
        Some((body.role, staff.as_deref())),
    )
    .await?;
    team_reply(change)
}

/// `DELETE /v1/admin/salons/{slug}/members/{id}`.
pub async fn remove(
    services: &Services,
    req: &Incoming,
    slug: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Owner).await?;
    let id = user_id(id)?;
    let change = db::accounts::change_member(&services.neon, access.salon_id, id, None).await?;
    team_reply(change)
}
