//! Request bodies over 64 KiB are refused whatever their framing, and never read to an end that may
//! not come: a declared length too long to read (even one too large for any number) before a byte of
//! the body arrives, and a chunked body that keeps coming once a megabyte past the limit has been
//! thrown away (up to there, the rest is read so that a client still sending gets its 413 on a
//! usable connection; `edge/src/http.rs`). HTTP is spoken by hand, since no client library sends
//! such requests.
//!
//! The exchanges run one after another in one test, alone in this binary: a client that goes away in
//! the middle of a body makes `wrangler dev`'s local proxy (which no deployed Worker has) drop the
//! connection it shares with the requests in flight after it, which it then answers 503 "Your worker
//! restarted mid-request". A `GET /healthz`, which that proxy retries by itself, clears it after each.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use chairtime_tests::Api;
use shared::api::ErrorCode;
use shared::paths::ApiPath;

/// Sends `head` and `body`, keeps the connection open without finishing the body, and returns what
/// arrived up to the end of the answer's headers and its JSON body. A server that waits for the
/// body's end before answering gives nothing within the read timeout, which fails the test.
fn exchange_unfinished(api: &Api, head: &str, body: &[u8]) -> String {
    let authority = api.base.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&authority).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    stream
        .write_all(head.replace("{host}", &authority).as_bytes())
        .unwrap();
    // The server may answer and stop reading while we are still writing; that is the point.
    let _ = stream.write_all(body);
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&answer).contains("}}") {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) => panic!(
                "no answer while the body is unfinished: {e}; got {:?}",
                String::from_utf8_lossy(&answer)
            ),
        }
    }
    drop(stream);
    settle(api);
    String::from_utf8_lossy(&answer).into_owned()
}

/// Lets the local proxy replace the connection the abandoned request spoiled: a request that reaches
/// it just after the client left can wait on the spoiled connection, so ask briefly and again.
fn settle(api: &Api) {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(2))
        .build();
    for _ in 0..10 {
        if let Ok(answer) = agent
            .get(&format!("{}{}", api.base, ApiPath::Healthz))
            .call()
        {
            assert_eq!(answer.status(), 200);
            return;
        }
    }
    panic!("the local server did not answer /healthz again");
}

fn assert_refused_by_the_worker(answer: &str, what: &str) {
    assert!(answer.starts_with("HTTP/1.1 413"), "{what}: {answer}");
    assert!(
        answer.to_ascii_lowercase().contains("x-request-id:"),
        "{what}: the Worker answered, not the local proxy: {answer}"
    );
    // The local proxy sometimes closes before the body of that answer passes; the status and the
    // Worker's request id are the Worker's decision.
}

#[test]
fn bodies_are_refused_when_they_pass_64_kib_whatever_their_framing() {
    let api = Api::new();
    settle(&api);
    let path = ApiPath::Bookings { slug: "demo" };
    let head = |framing: &str| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: {{host}}\r\nContent-Type: application/json\r\nIdempotency-Key: framing\r\n{framing}\r\n\r\n"
        )
    };
    // Declared lengths too long to read, with only the first byte of the body ever sent. The second
    // does not fit 32 bits (the Worker's `usize`), the third no integer type at all.
    for length in ["2000000", "4294967296", "99999999999999999999"] {
        let answer = exchange_unfinished(&api, &head(&format!("Content-Length: {length}")), b"{");
        assert_refused_by_the_worker(&answer, length);
    }
    // 1.25 MiB in 16 KiB chunks, and then the body never ends.
    let chunk = |n: usize| {
        let mut c = format!("{n:x}\r\n").into_bytes();
        c.extend(std::iter::repeat_n(b' ', n));
        c.extend_from_slice(b"\r\n");
        c
    };
    let body: Vec<u8> = (0..80).flat_map(|_| chunk(16 * 1024)).collect();
    let answer = exchange_unfinished(&api, &head("Transfer-Encoding: chunked"), &body);
    assert_refused_by_the_worker(&answer, "chunked");

    // A small chunked body is read whole and understood: here, a booking request of the wrong shape.
    let small = br#"{"slug":"x"}"#;
    let mut body = format!("{:x}\r\n", small.len()).into_bytes();
    body.extend_from_slice(small);
    body.extend_from_slice(b"\r\n0\r\n\r\n");
    let answer = exchange_unfinished(&api, &head("Transfer-Encoding: chunked"), &body);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains(ErrorCode::InvalidBody.as_str()), "{answer}");
}
