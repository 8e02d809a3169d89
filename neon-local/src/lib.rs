//! A local server that speaks Neon's SQL-over-HTTP protocol in front of a local Postgres, so the edge's
//! production Neon client runs unchanged in development and tests. It is checked against the official
//! `@neondatabase/serverless` driver. Never deployed.

pub mod pg;
pub mod server;

use std::sync::Arc;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// Serves `/sql` on `listener` until the process ends.
pub async fn serve(listener: TcpListener, state: Arc<server::State>) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        let state = state.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| server::handle(state.clone(), req));
            let _ = http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
