//! Plain request and response values, so handlers do not depend on the Worker runtime.

use serde::Serialize;

use crate::error::ApiError;

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

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
            ApiError::bad_request("malformed_json", format!("The body is not valid JSON: {e}"))
        })?;
        serde_json::from_value(value).map_err(|e| {
            ApiError::bad_request(
                "invalid_body",
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
}

impl Reply {
    /// A JSON response.
    pub fn json<T: Serialize>(status: u16, value: &T) -> Reply {
        Reply {
            status,
            headers: vec![("content-type", "application/json; charset=utf-8".to_owned())],
            body: serde_json::to_vec(value).expect("API types serialize"),
        }
    }

    /// A response with a body of another type.
    pub fn with_type(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![("content-type", content_type.to_owned())],
            body,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
                code: "malformed_json",
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
                code: "invalid_body",
                ..
            })
        ));
    }
}
