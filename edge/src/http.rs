//! Plain request and response values, so handlers do not depend on the Worker runtime.

use serde::Serialize;
use shared::api::ErrorCode;

use crate::error::ApiError;

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// How much of a body over [`MAX_BODY_BYTES`] is still read, and thrown away, before the answer: a
/// client that is still sending when its answer comes finds its connection closed, and many report
/// that as a network error rather than show the 413. Past this, or when a declared length is longer,
/// the answer goes at once and the connection is given up.
pub const DISCARD_LIMIT_BYTES: usize = 1024 * 1024;

/// `Strict-Transport-Security` for a Worker in `environment`: a year, subdomains included, in staging
/// and production, which are only ever reached over HTTPS; nothing locally, where `wrangler dev`
/// serves plain HTTP and a browser would remember the rule for `127.0.0.1`.
pub fn strict_transport_security(environment: Option<&str>) -> Option<&'static str> {
    matches!(environment, Some("staging" | "production"))
        .then_some("max-age=31536000; includeSubDomains")
}

/// Checks a declared `Content-Length` before any of the body is read: a value that is not a length
/// is 400, and one so large that the body would not even be read to its end (however many digits it
/// has) is 413 at once. Other lengths over the limit are refused by [`BodyReader`].
pub fn check_declared_length(value: &str) -> Result<(), ApiError> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidContentLength,
            "Content-Length must be a whole number of bytes.",
        ));
    }
    match value.parse::<u64>() {
        Ok(n) if n <= (MAX_BODY_BYTES + DISCARD_LIMIT_BYTES) as u64 => Ok(()),
        // Too many digits for a number is certainly too many bytes.
        _ => Err(ApiError::PayloadTooLarge),
    }
}

/// Whether to go on reading a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Read the next chunk.
    More,
    /// Stop reading: the body is refused and no more of it will be read.
    Stop,
}

/// A request body as its chunks arrive, whatever the framing. It keeps at most [`MAX_BODY_BYTES`]:
/// the chunk that crosses the limit decides the refusal and frees what was kept; later chunks are
/// only counted, up to [`DISCARD_LIMIT_BYTES`] more.
#[derive(Debug, Default)]
pub struct BodyReader {
    body: Vec<u8>,
    seen: usize,
}

impl BodyReader {
    /// Takes the next chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Flow {
        self.seen = self.seen.saturating_add(chunk.len());
        if self.seen > MAX_BODY_BYTES {
            self.body = Vec::new();
            if self.seen > MAX_BODY_BYTES + DISCARD_LIMIT_BYTES {
                return Flow::Stop;
            }
        } else {
            self.body.extend_from_slice(chunk);
        }
        Flow::More
    }

    /// The whole body, or 413 if it passed the limit.
    pub fn finish(self) -> Result<Vec<u8>, ApiError> {
        if self.seen > MAX_BODY_BYTES {
            Err(ApiError::PayloadTooLarge)
        } else {
            Ok(self.body)
        }
    }
}

/// A request as handlers see it.
#[derive(Debug, Clone, Default)]
pub struct Incoming {
    pub method: String,
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// `scheme://host[:port]` of the request URL.
    pub origin: String,
}

impl Incoming {
    /// The first value of a header, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Query parameters, percent-decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect()
    }

    /// The value of cookie `name` in the `Cookie` header.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.header("cookie")?.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then_some(v)
        })
    }

    /// The bearer token of the Authorization header.
    pub fn bearer(&self) -> Option<&str> {
        self.header("authorization")?
            .strip_prefix("Bearer ")
            .map(str::trim)
    }

    /// Parses the JSON body into `T`: syntax errors and shape errors are both a 400 that says what is wrong.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, ApiError> {
        if self.body.len() > MAX_BODY_BYTES {
            return Err(ApiError::PayloadTooLarge);
        }
        let value: serde_json::Value = serde_json::from_slice(&self.body).map_err(|e| {
            ApiError::bad_request(
                ErrorCode::MalformedJson,
                format!("The body is not valid JSON: {e}"),
            )
        })?;
        serde_json::from_value(value).map_err(|e| {
            ApiError::bad_request(
                ErrorCode::InvalidBody,
                format!("The body does not have the expected shape: {e}"),
            )
        })
    }
}

fn percent_decode(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A response as handlers produce it.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    /// A booking whose due notifications should be sent once the answer is on its way.
    pub notify_booking: Option<String>,
    /// An email to send right after this answer (a sign-in link, which is never stored).
    pub mail: Option<crate::notify::providers::Email>,
}

impl Reply {
    /// A JSON response.
    pub fn json<T: Serialize>(status: u16, value: &T) -> Reply {
        Reply {
            status,
            headers: vec![("content-type", "application/json; charset=utf-8".to_owned())],
            body: serde_json::to_vec(value).expect("API types serialize"),
            notify_booking: None,
            mail: None,
        }
    }

    /// A response with a body of another type.
    pub fn with_type(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![("content-type", content_type.to_owned())],
            body,
            notify_booking: None,
            mail: None,
        }
    }

    /// Asks for `booking_id`'s due notifications to be sent right after this answer.
    pub fn notifying(mut self, booking_id: &str) -> Reply {
        self.notify_booking = Some(booking_id.to_owned());
        self
    }

    /// Asks for `email` to be sent right after this answer.
    pub fn mailing(mut self, email: crate::notify::providers::Email) -> Reply {
        self.mail = Some(email);
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    /// The error body of `error`, with `Retry-After` where it applies.
    pub fn error(error: &ApiError) -> Reply {
        let reply = Reply::json(error.status(), &error.body());
        match error.retry_after() {
            Some(seconds) => reply.header("retry-after", seconds.to_string()),
            None => reply,
        }
    }
}

/// `text` for HTML, element content and quoted attribute values alike: every character that means
/// something there is escaped. The messages' HTML and the hosted page both write values through it.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_deployed_workers_ask_browsers_for_https_from_now_on() {
        assert!(strict_transport_security(Some("production")).is_some());
        assert!(strict_transport_security(Some("staging")).is_some());
        assert_eq!(strict_transport_security(Some("development")), None);
        assert_eq!(strict_transport_security(None), None);
    }

    #[test]
    fn a_declared_length_too_long_to_read_is_refused_however_it_is_written() {
        for fine in ["0", "65536", "65537", "1114112"] {
            assert!(check_declared_length(fine).is_ok(), "{fine}");
        }
        for over in [
            "1114113",
            "4294967296",
            "99999999999999999999",
            "000000000000004294967296",
        ] {
            assert_eq!(
                check_declared_length(over).unwrap_err().status(),
                413,
                "{over}"
            );
        }
        for bad in ["", "-1", "1e9", "12 34", "0x10"] {
            assert_eq!(
                check_declared_length(bad).unwrap_err().status(),
                400,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_body_is_refused_at_the_chunk_that_passes_64_kib_and_never_read_to_an_endless_end() {
        let chunk = vec![b' '; 16 * 1024];
        let mut reader = BodyReader::default();
        let mut chunks = 0;
        // An endless body: the reader must say stop, and keep nothing past the limit meanwhile.
        while reader.push(&chunk) == Flow::More {
            chunks += 1;
            assert!(chunks <= (MAX_BODY_BYTES + DISCARD_LIMIT_BYTES) / chunk.len());
            if chunks * chunk.len() > MAX_BODY_BYTES {
                assert!(reader.body.is_empty(), "nothing is kept past the limit");
            }
        }
        assert_eq!(reader.finish().unwrap_err().status(), 413);

        let mut exact = BodyReader::default();
        for _ in 0..4 {
            assert_eq!(exact.push(&chunk), Flow::More);
        }
        assert_eq!(exact.finish().unwrap().len(), MAX_BODY_BYTES);
        let mut one_over = BodyReader::default();
        for _ in 0..4 {
            one_over.push(&chunk);
        }
        assert_eq!(one_over.push(b"x"), Flow::More);
        assert_eq!(one_over.finish().unwrap_err().status(), 413);
    }

    #[test]
    fn query_strings_are_split_and_decoded() {
        let req = Incoming {
            query: "service=cut&staff=any&from=2026-12-01&name=a%20b+c&bad=%zz".to_owned(),
            ..Incoming::default()
        };
        let pairs = req.query_pairs();
        assert_eq!(pairs[0], ("service".to_owned(), "cut".to_owned()));
        assert_eq!(pairs[3].1, "a b c");
        assert_eq!(pairs[4].1, "%zz");
    }

    #[test]
    fn bodies_over_64_kib_malformed_json_and_wrong_shapes_are_told_apart() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Shape {
            a: u8,
        }
        let big = Incoming {
            body: vec![b' '; MAX_BODY_BYTES + 1],
            ..Incoming::default()
        };
        assert!(matches!(
            big.json::<Shape>(),
            Err(ApiError::PayloadTooLarge)
        ));
        let malformed = Incoming {
            body: b"{".to_vec(),
            ..Incoming::default()
        };
        assert!(matches!(
            malformed.json::<Shape>(),
            Err(ApiError::BadRequest {
                code: ErrorCode::MalformedJson,
                ..
            })
        ));
        let wrong = Incoming {
            body: br#"{"a": "x"}"#.to_vec(),
            ..Incoming::default()
        };
        assert!(matches!(
            wrong.json::<Shape>(),
            Err(ApiError::BadRequest {
                code: ErrorCode::InvalidBody,
                ..
            })
        ));
    }
}
