//! The one HTTP call the Neon client makes: `fetch` in the Worker, a plain HTTP client natively (so the
//! client's protocol handling is tested against the local server without a Worker).

use crate::neon::NeonError;

/// Milliseconds since the Unix epoch, from the runtime's clock. (In a Worker the clock only advances
/// across I/O, which is exactly what deadlines measure.)
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds since the Unix epoch, from the system clock.
#[cfg(not(target_arch = "wasm32"))]
pub fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// POSTs `body` with `headers`, giving up after `timeout_ms`; returns the status and body text. Only
/// network failures and the timeout are errors.
#[cfg(target_arch = "wasm32")]
pub async fn post(
    url: &str,
    headers: &[(&'static str, String)],
    body: String,
    timeout_ms: u32,
) -> Result<(u16, String), NeonError> {
    use worker::{AbortController, Fetch, Headers, Method, Request, RequestInit};
    let unavailable = |e: worker::Error| NeonError::Unavailable(e.to_string());
    let h = Headers::new();
    for (name, value) in headers {
        h.set(name, value).map_err(unavailable)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(h)
        .with_body(Some(body.into()));
    let request = Request::new_with_init(url, &init).map_err(unavailable)?;
    let controller = AbortController::default();
    let signal = controller.signal();
    let timeout = async {
        worker::Delay::from(std::time::Duration::from_millis(timeout_ms.into())).await;
        controller.abort();
    };
    let call = async {
        let mut response = Fetch::Request(request)
            .send_with_signal(&signal)
            .await
            .map_err(unavailable)?;
        let text = response.text().await.map_err(unavailable)?;
        Ok((response.status_code(), text))
    };
    futures_select(call, timeout, timeout_ms).await
}

#[cfg(target_arch = "wasm32")]
async fn futures_select<F, T>(
    call: F,
    timeout: T,
    timeout_ms: u32,
) -> Result<(u16, String), NeonError>
where
    F: std::future::Future<Output = Result<(u16, String), NeonError>>,
    T: std::future::Future<Output = ()>,
{
    use std::pin::pin;
    use std::task::Poll;
    let mut call = pin!(call);
    let mut timeout = pin!(timeout);
    let mut timed_out = false;
    std::future::poll_fn(|cx| {
        if let Poll::Ready(result) = call.as_mut().poll(cx) {
            return Poll::Ready(result);
        }
        if !timed_out && timeout.as_mut().poll(cx).is_ready() {
            // The abort makes the fetch fail on its next poll; keep polling it for that error.
            timed_out = true;
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    })
    .await
    .map_err(|e| {
        if timed_out {
            NeonError::TimedOut {
                after_ms: timeout_ms,
            }
        } else {
            e
        }
    })
}

/// POSTs `body` with `headers`, giving up after `timeout_ms`; returns the status and body text. Only
/// network failures and the timeout are errors.
#[cfg(not(target_arch = "wasm32"))]
pub async fn post(
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
    let response = match request.send_string(&body) {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(ureq::Error::Transport(e)) if is_timeout(&e) => {
            return Err(NeonError::TimedOut {
                after_ms: timeout_ms,
            })
        }
        Err(e) => return Err(NeonError::Unavailable(e.to_string())),
    };
    let status = response.status();
    let text = response.into_string().map_err(|e| {
        if e.kind() == std::io::ErrorKind::TimedOut || e.kind() == std::io::ErrorKind::WouldBlock {
            NeonError::TimedOut {
                after_ms: timeout_ms,
            }
        } else {
            NeonError::Unavailable(e.to_string())
        }
    })?;
    Ok((status, text))
}

#[cfg(not(target_arch = "wasm32"))]
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

/// Waits `ms` milliseconds.
#[cfg(target_arch = "wasm32")]
pub async fn sleep(ms: u32) {
    worker::Delay::from(std::time::Duration::from_millis(ms.into())).await;
}

/// Waits `ms` milliseconds.
#[cfg(not(target_arch = "wasm32"))]
pub async fn sleep(ms: u32) {
    std::thread::sleep(std::time::Duration::from_millis(ms.into()));
}
