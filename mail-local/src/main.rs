//! `mail-local [--listen 127.0.0.1:8025]`: port 0 picks a free port; the address is printed on the
//! first line of standard error. SIGINT and SIGTERM stop it after open requests finish.

use std::process::ExitCode;
use std::sync::Arc;

use tokio::signal::unix::{signal, SignalKind};

fn usage() -> ExitCode {
    eprintln!("usage: mail-local [--listen HOST:PORT]");
    ExitCode::from(2)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut listen = "127.0.0.1:8025".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--listen", Some(v)) => listen = v,
            _ => return usage(),
        }
    }
    let (mut interrupt, mut terminate) = match (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) {
        (Ok(i), Ok(t)) => (i, t),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("mail-local: cannot handle signals: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("mail-local: cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let local = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or(listen);
    eprintln!("mail-local: serving http://{local}/ (inbox at /, Resend at /emails, Twilio at /2010-04-01/Accounts/…/Messages.json)");
    let shutdown = async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
        eprintln!("mail-local: stopping");
    };
    match mail_local::serve(
        listener,
        Arc::new(mail_local::store::Store::default()),
        shutdown,
    )
    .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mail-local: {e}");
            ExitCode::FAILURE
        }
    }
}
