//! The one HTTP call the Neon client makes: `fetch` in the Worker, a plain HTTP client natively (so the
//! client's protocol handling is tested against the local server without a Worker).

use crate::neon::NeonError;

/// How long one database round trip may take before the edge gives up and answers 503.
pub const TIMEOUT_MS: u32 = 10_000;

/// POSTs `body` with `headers`; returns the status and body text. Only network failures are errors.
#[cfg(target_arch = "wasm32")]
pub async fn post(
    url: &str,
    headers: &[(&'static str, String)],
    body: String,
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
        worker::Delay::from(std::time::Duration::from_millis(TIMEOUT_MS.into())).await;
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
    futures_select(call, timeout).await
}

#[cfg(target_arch = "wasm32")]
async fn futures_select<F, T>(call: F, timeout: T) -> Result<(u16, String), NeonError>
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
            NeonError::Unavailable(format!("timed out after {TIMEOUT_MS} ms"))
        } else {
            e
        }
    })
}

/// POSTs `body` with `headers`; returns the status and body text. Only network failures are errors.
#[cfg(not(target_arch = "wasm32"))]
pub async fn post(
    url: &str,
    headers: &[(&'static str, String)],
    body: String,
) -> Result<(u16, String), NeonError> {
    let agent = ureq::AgentBuilder::new()
        .timeout(std::time::Duration::from_millis(TIMEOUT_MS.into()))
        .build();
    let mut request = agent.post(url);
    for (name, value) in headers {
        request = request.set(name, value);
    }
    let response = match request.send_string(&body) {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(e) => return Err(NeonError::Unavailable(e.to_string())),
    };
    let status = response.status();
    let text = response
        .into_string()
        .map_err(|e| NeonError::Unavailable(e.to_string()))?;
    Ok((status, text))
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
