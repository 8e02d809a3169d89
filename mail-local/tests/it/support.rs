//! Starts the real binary on a free port and talks to it over HTTP.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::Value;

/// An account SID of the right shape, and its user in basic auth.
pub const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";

/// A running `mail-local`, stopped when dropped.
pub struct Server {
    child: Option<Child>,
    pub base: String,
    /// Standard error, line by line, after the first line (the address).
    log: Mutex<Receiver<String>>,
    agent: ureq::Agent,
}

/// An HTTP answer, whatever its status.
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{e}: {} answered {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn answer(result: Result<ureq::Response, ureq::Error>) -> Answer {
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("no HTTP answer: {e}"),
    };
    let headers = response
        .headers_names()
        .into_iter()
        .map(|n| {
            let v = response.header(&n).unwrap_or_default().to_owned();
            (n, v)
        })
        .collect();
    let status = response.status();
    let content_type = response
        .header("content-type")
        .unwrap_or_default()
        .to_owned();
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut response.into_reader(), &mut body).expect("a whole body");
    Answer {
        status,
        content_type,
        headers,
        body,
    }
}

pub fn basic(user: &str, password: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl Server {
    pub fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mail-local"))
            .args(["--listen", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("mail-local starts");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, log) = mpsc::channel();
        // Read standard error to its end, so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let first = log
            .recv_timeout(Duration::from_secs(30))
            .expect("mail-local prints its address");
        let address = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_owned();
        let server = Server {
            child: Some(child),
            base: format!("http://{address}"),
            log: Mutex::new(log),
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(30))
                .build(),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.get("/healthz").status != 200 {
            assert!(Instant::now() < deadline, "mail-local is not healthy");
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    pub fn request(&self, method: &str, path: &str) -> ureq::Request {
        self.agent.request(method, &format!("{}{path}", self.base))
    }

    pub fn send(request: ureq::Request, body: Option<&[u8]>) -> Answer {
        answer(match body {
            Some(body) => request.send_bytes(body),
            None => request.call(),
        })
    }

    pub fn get(&self, path: &str) -> Answer {
        Server::send(self.request("GET", path), None)
    }

    pub fn post_json(&self, path: &str, body: &Value) -> Answer {
        Server::send(
            self.request("POST", path)
                .set("content-type", "application/json"),
            Some(body.to_string().as_bytes()),
        )
    }

    /// `POST /emails` with a bearer key and, if given, an idempotency key.
    pub fn email(&self, key: Option<&str>, body: &Value) -> Answer {
        let mut request = self
            .request("POST", "/emails")
            .set("authorization", "Bearer re_test_key")
            .set("content-type", "application/json");
        if let Some(key) = key {
            request = request.set("idempotency-key", key);
        }
        Server::send(request, Some(body.to_string().as_bytes()))
    }

    /// `POST` to the Messages path of [`ACCOUNT`] with its basic auth.
    pub fn sms(&self, key: Option<&str>, params: &[(&str, &str)]) -> Answer {
        let mut request = self
            .request("POST", &messages_path(ACCOUNT))
            .set("authorization", &basic(ACCOUNT, "token"));
        if let Some(key) = key {
            request = request.set("idempotency-key", key);
        }
        answer(request.send_form(params))
    }

    /// The test API's listing, optionally for one recipient.
    pub fn messages(&self, to: Option<&str>) -> Vec<Value> {
        let mut request = self.request("GET", "/api/messages");
        if let Some(to) = to {
            request = request.query("to", to);
        }
        let listed = Server::send(request, None);
        assert_eq!(listed.status, 200, "{}", listed.text());
        listed.json()["messages"]
            .as_array()
            .expect("a messages array")
            .clone()
    }

    /// Waits for a log line that contains `needle` (lines are written before the answer is sent).
    pub fn log_line(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match log.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => continue,
                Err(e) => panic!("no log line with {needle:?}: {e}"),
            }
        }
    }

    /// Sends `signal` (`TERM`, `INT`) and waits for the process to exit.
    pub fn stop_with(&mut self, signal: &str) -> ExitStatus {
        let mut child = self.child.take().expect("running");
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait());
        });
        rx.recv_timeout(Duration::from_secs(10))
            .expect("mail-local exits within 10 s")
            .expect("its status")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub fn messages_path(account: &str) -> String {
    format!("/2010-04-01/Accounts/{account}/Messages.json")
}

/// A complete email in Resend's shape, to `to`.
pub fn email_to(to: &str) -> Value {
    serde_json::json!({
        "from": "Chairtime <bookings@chairtime.localhost>",
        "to": [to],
        "subject": "Your booking is confirmed",
        "text": "See you on Tuesday.",
        "html": "<p>See you on <b>Tuesday</b>.</p>",
    })
}
