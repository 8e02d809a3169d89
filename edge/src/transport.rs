//! The transport of the edge's Neon client: `fetch` in the Worker; natively (the edge's own tests),
//! the blocking one the tools use.

#[cfg(not(target_arch = "wasm32"))]
pub use neon_http::Blocking as Http;

#[cfg(target_arch = "wasm32")]
pub use fetch::Http;

#[cfg(target_arch = "wasm32")]
mod fetch {
    use neon_http::{NeonError, Transport};

    /// `fetch` with an abort after the call's timeout, the runtime's clock (which in a Worker only
    /// advances across I/O, exactly what deadlines measure) and its timer.
    #[derive(Debug, Clone, Copy, Default)]
    pub struct Http;

    impl Transport for Http {
        async fn post(
            &self,
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
            with_timeout(call, timeout, timeout_ms).await
        }

        fn now_ms(&self) -> f64 {
            js_sys::Date::now()
        }

        async fn sleep(&self, ms: u32) {
            worker::Delay::from(std::time::Duration::from_millis(ms.into())).await;
        }
    }

    /// Polls `call` until it finishes; once `timeout` fires (and aborts the fetch), the call's error
    /// is reported as a timeout.
    async fn with_timeout<F, T>(
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
}
