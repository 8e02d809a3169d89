//! The edge when its database goes away: with the local Neon-protocol server or Postgres stopped it
//! answers 503 `unavailable` with `Retry-After`, and it recovers by itself when they come back.
//!
//! This test runs a stack of its own (Postgres, neon-local, wrangler dev) so it can stop parts of it
//! without disturbing the other tests.

use std::time::{Duration, Instant};

use chairtime_tests::{open_salon_config, Answer};
use serde_json::json;
use xtask::proc::free_port;
use xtask::stack::{self, Options, Stack};

fn get(stack: &Stack, path: &str) -> Answer {
    call(stack, "GET", path, None)
}

fn call(stack: &Stack, method: &str, path: &str, body: Option<&serde_json::Value>) -> Answer {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build();
    let req = agent
        .request(method, &format!("{}{path}", stack.api()))
        .set("authorization", &format!("Bearer {}", stack.platform_token));
    let result = match body {
        Some(b) => req.send_json(b.clone()),
        None => req.call(),
    };
    let response = match result {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{path}: {e}"),
    };
    let status = response.status();
    let headers = ["retry-after"]
        .iter()
        .filter_map(|h| response.header(h).map(|v| (h.to_string(), v.to_owned())))
        .collect();
    let text = response.into_string().unwrap_or_default();
    Answer {
        status,
        body: serde_json::from_str(&text).unwrap_or_default(),
        text,
        headers,
    }
}

fn assert_unavailable(answer: &Answer) {
    assert_eq!(answer.status, 503, "{}", answer.text);
    assert_eq!(answer.body["error"]["code"], "unavailable");
    let retry: u32 = answer
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!(retry >= 1);
    assert!(
        !answer.text.contains("127.0.0.1"),
        "no internal detail: {}",
        answer.text
    );
}

fn wait_ready(stack: &Stack, within: Duration) {
    let deadline = Instant::now() + within;
    while get(stack, "/readyz").status != 200 {
        assert!(
            Instant::now() < deadline,
            "the edge did not recover within {within:?}"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[test]
fn the_edge_answers_503_while_the_database_is_down_and_recovers_by_itself() {
    let tools = xtask::tools::find().expect("tools installed by cargo xtask");
    let dir = std::env::temp_dir().join(format!("chairtime-faults-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut stack = stack::start(
        &tools,
        Options {
            dir: dir.clone(),
            api_port: free_port(),
            pg_port: free_port(),
            neon_port: free_port(),
            fast_and_loose: true,
            env_file: Some(dir.join("test.vars")),
            neon_local: std::env::var("CHAIRTIME_NEON_LOCAL_BIN")
                .expect("CHAIRTIME_NEON_LOCAL_BIN")
                .into(),
        },
    )
    .expect("a second stack starts");
    let created = call(
        &stack,
        "POST",
        "/v1/admin/salons",
        Some(&json!({ "slug": "faults", "config": open_salon_config() })),
    );
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(get(&stack, "/v1/salons/faults").status, 200);

    for service in ["neon-local", "postgres"] {
        stack.sup.stop(service).unwrap();
        assert_unavailable(&get(&stack, "/readyz"));
        assert_unavailable(&get(&stack, "/v1/salons/faults"));
        assert_unavailable(&get(&stack, "/v1/salons/faults/availability?service=cut"));
        assert_eq!(
            get(&stack, "/healthz").status,
            200,
            "the process itself is up"
        );

        stack.sup.restart(service).unwrap();
        wait_ready(&stack, Duration::from_secs(60));
        let profile = get(&stack, "/v1/salons/faults");
        assert_eq!(
            profile.status, 200,
            "after {service} came back: {}",
            profile.text
        );
    }
    drop(stack);
    let _ = std::fs::remove_dir_all(&dir);
}
