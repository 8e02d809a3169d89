//! What is not one provider: health, limits, routes, logs, shutdown.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::support::{email_to, Server};

/// The body limit, as the server enforces it.
const MAX_BODY: usize = 10 * 1024 * 1024;

#[test]
fn healthz_answers_200() {
    let server = Server::start();
    let health = server.get("/healthz");
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");
}

#[test]
fn a_body_of_10_mib_passes_and_one_byte_more_is_413() {
    let server = Server::start();
    // Valid JSON padded with spaces to exactly the limit.
    let mut body = email_to("zoe@example.com").to_string().into_bytes();
    body.resize(MAX_BODY, b' ');
    let at_limit = Server::send(
        server
            .request("POST", "/emails")
            .set("authorization", "Bearer re_test_key"),
        Some(&body),
    );
    assert_eq!(at_limit.status, 200, "{}", at_limit.text());
    body.push(b' ');
    let over = Server::send(
        server
            .request("POST", "/emails")
            .set("authorization", "Bearer re_test_key"),
        Some(&body),
    );
    assert_eq!(over.status, 413);
    assert_eq!(over.json()["statusCode"], 413);
    // Without a length (chunked), the limit holds as the body arrives.
    let chunked = server
        .request("POST", "/api/faults")
        .send(std::io::repeat(b' ').take(MAX_BODY as u64 + 1));
    let status = match chunked {
        Ok(r) => r.status(),
        Err(ureq::Error::Status(code, _)) => code,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(status, 413);
    assert_eq!(server.messages(None).len(), 1);
}

#[test]
fn a_declared_length_far_over_the_limit_is_refused_before_the_body() {
    let server = Server::start();
    let address = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST /emails HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer k\r\n\
         Content-Length: 1000000000\r\n\r\n"
    )
    .unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");
}

#[test]
fn a_refusal_waits_for_the_body_so_the_connection_stays_usable() {
    let server = Server::start();
    let address = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    let body = email_to("zoe@example.com").to_string();
    // No Authorization, so the answer is 401 whatever the body; the body comes after the headers.
    write!(
        stream,
        "POST /emails HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    // A server that answered now would have to close the connection under the body still to come;
    // a client reusing it would fail. Nothing may arrive until the body is sent.
    stream
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let early = stream.read(&mut [0u8; 1]);
    assert!(
        early
            .as_ref()
            .is_err_and(|e| matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "answered before the body: {early:?}"
    );
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{body}GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answers = String::new();
    stream.read_to_string(&mut answers).unwrap();
    let statuses: Vec<&str> = answers
        .match_indices("HTTP/1.1 ")
        .map(|(at, _)| &answers[at..at + 12])
        .collect();
    assert_eq!(statuses, ["HTTP/1.1 401", "HTTP/1.1 200"], "{answers}");
}

#[test]
fn unknown_routes_are_404_and_wrong_methods_405() {
    let server = Server::start();
    assert_eq!(server.get("/nope").status, 404);
    assert_eq!(server.get("/api/messages/a/b").status, 404);
    let get_emails = server.get("/emails");
    assert_eq!(get_emails.status, 405);
    assert_eq!(get_emails.header("allow"), Some("POST"));
    let put = Server::send(server.request("PUT", "/api/messages"), Some(b""));
    assert_eq!(put.status, 405);
    assert_eq!(put.header("allow"), Some("GET, DELETE"));
}

#[test]
fn each_request_logs_one_line_without_its_query() {
    let server = Server::start();
    server.messages(Some("secret@example.com"));
    let line = server.log_line("GET /api/messages");
    assert!(line.contains(" 200 "), "{line}");
    assert!(!line.contains("secret"), "{line}");
}

#[test]
fn sigterm_and_sigint_stop_the_server_cleanly_with_connections_open() {
    for signal in ["TERM", "INT"] {
        let mut server = Server::start();
        // The agent keeps this connection open, idle, while the server stops.
        assert_eq!(server.get("/healthz").status, 200);
        let status = server.stop_with(signal);
        assert!(status.success(), "{signal}: {status}");
        server.log_line("mail-local: stopping");
    }
}
