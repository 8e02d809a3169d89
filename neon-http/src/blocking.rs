//! A blocking transport over `ureq`, for native callers: the development tools, the tests, and the
//! edge's own native tests. Its futures complete on their first poll.

use crate::{NeonError, Transport};

/// HTTP with `ureq`, the system clock and `thread::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Blocking;

impl Transport for Blocking {
    async fn post(
        &self,
        url: &str,
        headers: &[(&'static str, String)],
        body: String,
        timeout_ms: u32,
    ) -> Result<(u16, String), NeonError> {
        let agent = ureq::AgentBuilder::new()
            .timeout(std::time::Duration::from_millis(timeout_ms.into()))
            .build();
        let mut request = agent.post(url);
        for (name, value) in headers {
            request = request.set(name, value);
        }
        let timed_out = || NeonError::TimedOut {
            after_ms: timeout_ms,
        };
        let response = match request.send_string(&body) {
            Ok(response) => response,
            Err(ureq::Error::Status(_, response)) => response,
            Err(ureq::Error::Transport(e)) if is_timeout(&e) => return Err(timed_out()),
            Err(e) => return Err(NeonError::Unavailable(e.to_string())),
        };
        let status = response.status();
        let text = response.into_string().map_err(|e| match e.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => timed_out(),
            _ => NeonError::Unavailable(e.to_string()),
        })?;
        Ok((status, text))
    }

    fn now_ms(&self) -> f64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }

    async fn sleep(&self, ms: u32) {
        std::thread::sleep(std::time::Duration::from_millis(ms.into()));
    }
}

fn is_timeout(e: &ureq::Transport) -> bool {
    use std::error::Error;
    let mut cause = e.source();
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            );
        }
        cause = c.source();
    }
    false
}
