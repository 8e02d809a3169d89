//! The local mail and SMS provider (`mail-local`) as the tests read it: its test API lists what the
//! Worker sent, and makes the next provider requests fail.

use std::time::{Duration, Instant};

use jiff::Timestamp;
use serde_json::{json, Value};

use crate::{env, Answer, Api};

/// `mail-local`'s test API.
pub struct Mail {
    base: String,
    agent: ureq::Agent,
}

impl Default for Mail {
    fn default() -> Self {
        Self::new()
    }
}

impl Mail {
    pub fn new() -> Mail {
        Mail {
            base: env("CHAIRTIME_MAIL_API"),
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(10))
                .build(),
        }
    }

    /// Every message to `to`, newest first.
    pub fn messages(&self, to: &str) -> Vec<Value> {
        let body: Value = self
            .agent
            .get(&format!("{}/api/messages", self.base))
            .query("to", to)
            .call()
            .expect("mail-local lists messages")
            .into_json()
            .expect("JSON");
        body["messages"].as_array().cloned().unwrap_or_default()
    }

    /// One message with its attachments' content (base64).
    pub fn message(&self, id: &str) -> Value {
        let body: Value = self
            .agent
            .get(&format!("{}/api/messages/{id}", self.base))
            .call()
            .expect("mail-local shows a message")
            .into_json()
            .expect("JSON");
        body.get("message").cloned().unwrap_or(body)
    }

    /// Waits until `to` has at least `count` messages (at most 20 s), and returns them all.
    pub fn wait_for(&self, to: &str, count: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let messages = self.messages(to);
            if messages.len() >= count || Instant::now() > deadline {
                return messages;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Makes the next `n` provider requests for `to` fail with 500.
    pub fn fail_next(&self, n: u32, to: &str) {
        self.agent
            .post(&format!("{}/api/faults", self.base))
            .send_json(json!({ "fail_next": n, "status": 500, "to": to }))
            .expect("mail-local takes a fault");
    }
}

impl Api {
    /// Runs the Worker's scheduled job as if the Cron Trigger fired at `at`, and waits for it (a
    /// local Worker's `/__local/scheduled`).
    pub fn run_scheduled(&self, at: Timestamp) -> Answer {
        self.call(
            "POST",
            &format!("/__local/scheduled?time={}", at.as_millisecond()),
            &[],
            None,
        )
    }
}
