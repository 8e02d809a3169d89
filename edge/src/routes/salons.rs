//! The public salon profile and its availability: HTTP in and out of the `availability` use case.

use jiff::civil::Date;
use shared::api::ErrorCode;
use shared::client::StaffChoice;
use shared::date::{CalendarDate, DateError};

use super::Services;
use crate::availability::{self, Question};
use crate::error::{out_of_range, ApiError};
use crate::http::{Incoming, Reply};

/// `GET /v1/salons/{slug}`.
pub async fn profile(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let inputs = availability::inputs(services, slug, None).await?;
    Ok(super::revalidated_json(
        req,
        &availability::profile_of(&inputs.salon),
        inputs.hit,
    ))
}

/// Reads a local date parameter through `shared`'s rules: not a date written `YYYY-MM-DD` is 400, a
/// real date outside the supported years is 422 on that parameter.
pub fn query_date(name: &str, value: &str) -> Result<Date, ApiError> {
    match CalendarDate::parse(value) {
        Ok(date) => Ok(date.to_civil()),
        Err(DateError::Invalid) => Err(ApiError::bad_request(
            ErrorCode::InvalidParameter,
            format!("{name} must be a date written YYYY-MM-DD"),
        )),
        Err(DateError::OutOfRange) => Err(out_of_range(name)),
    }
}

/// Reads and checks availability parameters; unknown parameters are refused so typos do not go unnoticed.
pub fn parse_availability_params(req: &Incoming) -> Result<Question, ApiError> {
    let mut params = Question {
        service: String::new(),
        staff: StaffChoice::ANY.to_owned(),
        from: None,
        days: 7,
    };
    for (key, value) in req.query_pairs() {
        match key.as_str() {
            "service" => params.service = value,
            "staff" => params.staff = value,
            "from" => {
                params.from = Some(query_date("from", &value)?);
            }
            "days" => {
                params.days = value
                    .parse::<u16>()
                    .ok()
                    .filter(|d| (1..=31).contains(d))
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            ErrorCode::InvalidParameter,
                            "days must be a whole number from 1 to 31",
                        )
                    })?;
            }
            other => {
                return Err(ApiError::bad_request(
                    ErrorCode::UnknownParameter,
                    format!("unknown parameter {other:?}; expected service, staff, from, days"),
                ))
            }
        }
    }
    if params.service.is_empty() {
        return Err(ApiError::bad_request(
            ErrorCode::MissingParameter,
            "service is required",
        ));
    }
    Ok(params)
}

/// `GET /v1/salons/{slug}/availability`.
pub async fn availability(
    services: &Services,
    req: &Incoming,
    slug: &str,
) -> Result<Reply, ApiError> {
    let question = parse_availability_params(req)?;
    let (wire, hit) = availability::free_times(services, slug, &question).await?;
    Ok(super::revalidated_json(req, &wire, hit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(query: &str) -> Incoming {
        Incoming {
            query: query.to_owned(),
            ..Incoming::default()
        }
    }

    #[test]
    fn availability_parameters_have_defaults_and_bounds() {
        let p = parse_availability_params(&req("service=cut")).unwrap();
        assert_eq!(
            (p.staff.as_str(), p.days, p.from),
            (StaffChoice::ANY, 7, None)
        );
        let p = parse_availability_params(&req("service=cut&staff=ana&from=2026-12-01&days=31"))
            .unwrap();
        assert_eq!(p.from, Some(jiff::civil::date(2026, 12, 1)));
        for bad in [
            "service=cut&days=0",
            "service=cut&days=32",
            "service=cut&days=x",
            "service=cut&from=2026-13-01",
            "service=cut&from=20261201",
            "service=cut&colour=red",
            "staff=ana",
        ] {
            let err = parse_availability_params(&req(bad)).unwrap_err();
            assert_eq!(err.status(), 400, "{bad}");
        }
        for far in ["0000-01-01", "1969-12-31", "3000-01-01", "9999-12-31"] {
            let err = parse_availability_params(&req(&format!("service=cut&from={far}")));
            match err.unwrap_err() {
                ApiError::Validation(fields) => assert_eq!(fields["from"].code, "out_of_range"),
                other => panic!("{far}: {other:?}"),
            }
        }
    }
}
