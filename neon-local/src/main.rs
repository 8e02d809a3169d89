//! `neon-local --listen 127.0.0.1:4444 --upstream 127.0.0.1:5432`

use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: neon-local [--listen HOST:PORT] [--upstream HOST:PORT]");
    ExitCode::from(2)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let mut listen = "127.0.0.1:4444".to_owned();
    let mut upstream = "127.0.0.1:5432".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--listen", Some(v)) => listen = v,
            ("--upstream", Some(v)) => upstream = v,
            _ => return usage(),
        }
    }
    let Some((host, port)) = upstream
        .rsplit_once(':')
        .and_then(|(h, p)| Some((h.to_owned(), p.parse().ok()?)))
    else {
        return usage();
    };
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("neon-local: cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let local = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or(listen);
    eprintln!("neon-local: serving http://{local}/sql in front of postgres at {host}:{port}");
    let state = neon_local::server::State::new(host, port);
    match neon_local::serve(listener, state).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("neon-local: {e}");
            ExitCode::FAILURE
        }
    }
}
