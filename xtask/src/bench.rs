//! Benchmarks. They measure and report; nothing here passes or fails on a number.

use std::process::Command;

use crate::proc::run;
use crate::tools::Tools;
use crate::{root, Result};

/// `cargo xtask bench-engine`: the slot engine natively (criterion) and compiled to wasm32 (Node).
pub fn engine(tools: &Tools) -> Result<()> {
    run(Command::new("cargo")
        .args(["bench", "-p", "chairtime-shared", "--bench", "slots"])
        .current_dir(root()))?;
    let out = Command::new("cargo")
        .args([
            "bench",
            "--no-run",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "chairtime-shared",
            "--bench",
            "slots",
        ])
        .current_dir(root())
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("building the wasm32 benchmark failed:\n{stderr}"));
    }
    let wasm = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Executable benches/slots.rs ("))
        .and_then(|l| l.strip_suffix(')'))
        .ok_or("cargo did not say where the wasm32 benchmark is")?;
    let dir = std::env::temp_dir().join(format!("chairtime-bench-{}", std::process::id()));
    run(Command::new(&tools.wasm_bindgen)
        .arg(root().join(wasm))
        .args(["--target", "nodejs", "--out-dir"])
        .arg(&dir))?;
    let js = std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "js"))
        .ok_or("wasm-bindgen wrote no JavaScript")?;
    let result = run(Command::new("node").arg(js));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Latencies of one scenario, in milliseconds.
struct Sample {
    name: String,
    latencies: Vec<f64>,
    statuses: std::collections::BTreeMap<u16, usize>,
    wall: std::time::Duration,
}

impl Sample {
    fn report(&mut self) {
        self.latencies.sort_by(f64::total_cmp);
        let pct = |p: f64| {
            let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
            self.latencies.get(i).copied().unwrap_or(f64::NAN)
        };
        println!(
            "{:<34} {:>6} req  {:>8.0} req/s  p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms  statuses {:?}",
            self.name,
            self.latencies.len(),
            self.latencies.len() as f64 / self.wall.as_secs_f64(),
            pct(0.50),
            pct(0.95),
            pct(0.99),
            self.statuses
        );
    }
}

/// Runs `jobs` across `workers` threads, each job one request; bounded by the job count and `limit`.
fn load<J: Send + Sync>(
    name: &str,
    workers: usize,
    jobs: &[J],
    limit: std::time::Duration,
    request: impl Fn(&ureq::Agent, &J) -> u16 + Sync,
) -> Sample {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Instant;
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let results: Vec<(f64, u16)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let agent = ureq::AgentBuilder::new()
                        .timeout(std::time::Duration::from_secs(30))
                        .build();
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= jobs.len() || started.elapsed() > limit {
                            return mine;
                        }
                        let t = Instant::now();
                        let status = request(&agent, &jobs[i]);
                        mine.push((t.elapsed().as_secs_f64() * 1000.0, status));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a load worker"))
            .collect()
    });
    let mut statuses = std::collections::BTreeMap::new();
    for (_, s) in &results {
        *statuses.entry(*s).or_insert(0) += 1;
    }
    Sample {
        name: name.to_owned(),
        latencies: results.iter().map(|(l, _)| *l).collect(),
        statuses,
        wall: started.elapsed(),
    }
}

fn status_of(result: std::result::Result<ureq::Response, ureq::Error>) -> u16 {
    match result {
        Ok(r) => {
            let status = r.status();
            let _ = r.into_string();
            status
        }
        Err(ureq::Error::Status(s, r)) => {
            let _ = r.into_string();
            s
        }
        Err(_) => 0,
    }
}

/// A salon with ten staff open every day from 08:00 to 20:00 and a 15-minute service on a 5-minute
/// grid: thousands of distinct free slots to book.
fn bench_salon() -> serde_json::Value {
    let day = serde_json::json!([["08:00", "20:00"]]);
    let hours: serde_json::Map<String, serde_json::Value> =
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .map(|d| (d.to_string(), day.clone()))
            .collect();
    let staff: Vec<serde_json::Value> = (0..10)
        .map(|i| serde_json::json!({ "key": format!("s{i}"), "name": format!("Stylist {i}"), "services": ["quick"], "hours": hours, "time_off": [] }))
        .collect();
    serde_json::json!({
        "name": "Load Salon", "timezone": "Europe/Paris", "currency": "EUR", "country": "FR", "locale": "en",
        "policy": { "slot_step_minutes": 5, "min_notice_minutes": 0, "max_advance_days": 60, "cancel_cutoff_minutes": 0 },
        "services": [{ "key": "quick", "name": "Quick trim", "category": "Hair", "duration_minutes": 15, "price_cents": 1000 }],
        "staff": staff
    })
}

/// `cargo xtask bench-edge`: load on loopback against a fresh stack, bounded in requests and time.
pub fn edge(tools: &Tools) -> Result<()> {
    use std::time::Duration;
    crate::build::all(tools)?;
    let dir = std::env::temp_dir().join(format!("chairtime-bench-edge-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let stack = crate::stack::start(
        tools,
        crate::stack::Options {
            dir: dir.clone(),
            api_port: crate::proc::free_port(),
            pg_port: crate::proc::free_port(),
            neon_port: crate::proc::free_port(),
            fast_and_loose: false,
            env_file: Some(dir.join("bench.vars")),
            neon_local: crate::stack::build_neon_local()?,
        },
    )?;
    let api = stack.api();
    let created: serde_json::Value = ureq::post(&format!("{api}/v1/admin/salons"))
        .set("authorization", &format!("Bearer {}", stack.platform_token))
        .send_json(serde_json::json!({ "slug": "load", "config": bench_salon() }))
        .map_err(|e| e.to_string())?
        .into_json()
        .map_err(|e| e.to_string())?;
    let _ = created;
    let availability: serde_json::Value = ureq::get(&format!(
        "{api}/v1/salons/load/availability?service=quick&days=31"
    ))
    .call()
    .map_err(|e| e.to_string())?
    .into_json()
    .map_err(|e| e.to_string())?;
    let slots: Vec<(String, String)> = availability["days"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["slots"].as_array().cloned().unwrap_or_default())
        .flat_map(|s| {
            let start = s["start"].as_str().unwrap_or("").to_owned();
            s["staff"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |k| (start.clone(), k.as_str().unwrap_or("").to_owned()))
        })
        .collect();
    println!(
        "load salon: {} bookable (start, staff) pairs in 31 days",
        slots.len()
    );
    let limit = Duration::from_secs(20);
    let workers = 8;

    let dates: Vec<String> = (0..400)
        .map(|i| {
            let day = utc_date_in(i % 28);
            format!("{api}/v1/salons/load/availability?service=quick&staff=any&days=7&from={day}")
        })
        .collect();
    let mut samples = vec![load(
        "availability (7 days, 10 staff)",
        workers,
        &dates,
        limit,
        |agent, url| status_of(agent.get(url).call()),
    )];

    // Every third pair, so bookings do not collide with each other's buffers.
    let jobs: Vec<(String, String)> = slots.iter().step_by(3).take(1500).cloned().collect();
    let counter = std::sync::atomic::AtomicUsize::new(0);
    samples.push(load("booking POST (distinct slots)", workers, &jobs, limit, |agent, (start, staff)| {
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let body = serde_json::json!({ "service": "quick", "staff": staff, "start": start,
                                       "client": { "name": format!("Load {n}"), "email": "load@example.com" } });
        status_of(
            agent
                .post(&format!("{api}/v1/salons/load/bookings"))
                .set("idempotency-key", &format!("bench-{n}"))
                .set("cf-connecting-ip", &format!("203.0.113.{}", n % 200))
                .send_json(body),
        )
    }));
    println!("\nloopback, {workers} concurrent clients, at most {limit:?} per scenario:");
    for s in &mut samples {
        s.report();
    }
    drop(stack);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Today (UTC) plus `offset` days, as `YYYY-MM-DD`.
fn utc_date_in(offset: usize) -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = secs / 86_400 + offset as u64;
    // Civil-from-days (Howard Hinnant's algorithm), to avoid a date library in xtask.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
