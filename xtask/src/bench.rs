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

fn create_salon(api: &str, token: &str, slug: &str, config: &serde_json::Value) -> Result<()> {
    crate::salon::create(api, token, slug, config, None).map(|_| ())
}

/// Every bookable `(start, staff)` pair of a salon's service over 31 days.
fn bookable(api: &str, slug: &str, service: &str) -> Result<Vec<(String, String)>> {
    let availability: serde_json::Value = ureq::get(&format!(
        "{api}/v1/salons/{slug}/availability?service={service}&days=31"
    ))
    .call()
    .map_err(|e| e.to_string())?
    .into_json()
    .map_err(|e| e.to_string())?;
    Ok(availability["days"]
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
        .collect())
}

fn book(
    agent: &ureq::Agent,
    api: &str,
    slug: &str,
    service: &str,
    (start, staff): &(String, String),
    n: usize,
) -> u16 {
    let body = serde_json::json!({ "service": service, "staff": staff, "start": start,
                                   "client": { "name": format!("Load {n}"), "email": "load@example.com" } });
    status_of(
        agent
            .post(&format!("{api}/v1/salons/{slug}/bookings"))
            .set("idempotency-key", &format!("bench-{slug}-{n}"))
            .set("cf-connecting-ip", &format!("203.0.113.{}", n % 200))
            .send_json(body),
    )
}

/// `cargo xtask bench-edge`: load on loopback against a fresh stack, bounded in requests and time.
/// Availability is measured on the demo salon's configuration (3 staff, 15-minute grid, 7 days).
pub fn edge(tools: &Tools) -> Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;
    crate::build::all(tools)?;
    let (stack, dir) = crate::stack::start_fresh(
        tools,
        "bench-edge",
        crate::stack::LocalServers::build()?,
        false,
        None,
    )?;
    let api = stack.api();
    let token = stack.platform_token.clone();
    let demo = crate::stack::demo_config()?;
    let limit = Duration::from_secs(20);
    let mut samples = Vec::new();

    // MISS: 150 salons, each asked once, so neither its configuration nor its bookings are cached.
    let cold: Vec<String> = (0..150).map(|i| format!("cold-{i}")).collect();
    for slug in &cold {
        create_salon(&api, &token, slug, &demo)?;
    }
    samples.push(load(
        "availability MISS (1 client)",
        1,
        &cold,
        limit,
        |agent, slug| {
            status_of(
                agent
                    .get(&format!(
                        "{api}/v1/salons/{slug}/availability?service=womens-cut&days=7"
                    ))
                    .call(),
            )
        },
    ));

    // HIT: one salon, the same question again and again.
    create_salon(&api, &token, "warm", &demo)?;
    let warm = format!("{api}/v1/salons/warm/availability?service=womens-cut&days=7");
    let _ = ureq::get(&warm).call();
    let repeat: Vec<()> = vec![(); 2000];
    samples.push(load(
        "availability HIT (1 client)",
        1,
        &repeat,
        limit,
        |agent, ()| status_of(agent.get(&warm).call()),
    ));
    samples.push(load(
        "availability HIT (8 clients)",
        8,
        &repeat,
        limit,
        |agent, ()| status_of(agent.get(&warm).call()),
    ));

    // Bookings: distinct free slots of a salon with ten staff on a 5-minute grid.
    create_salon(&api, &token, "load", &bench_salon())?;
    let jobs: Vec<(String, String)> = bookable(&api, "load", "quick")?
        .into_iter()
        .step_by(3)
        .take(600)
        .collect();
    let n = AtomicUsize::new(0);
    samples.push(load(
        "booking POST (1 client)",
        1,
        &jobs[..300],
        limit,
        |agent, job| {
            book(
                agent,
                &api,
                "load",
                "quick",
                job,
                n.fetch_add(1, Ordering::Relaxed),
            )
        },
    ));
    samples.push(load(
        "booking POST (8 clients)",
        8,
        &jobs[300..],
        limit,
        |agent, job| {
            book(
                agent,
                &api,
                "load",
                "quick",
                job,
                n.fetch_add(1, Ordering::Relaxed),
            )
        },
    ));

    // A realistic mix: 90 % availability reads of a few salons, 10 % bookings of their free slots.
    let mixed: Vec<String> = (0..5).map(|i| format!("mix-{i}")).collect();
    let mut free = Vec::new();
    for slug in &mixed {
        create_salon(&api, &token, slug, &demo)?;
        free.push(std::sync::Mutex::new(
            bookable(&api, slug, "mens-cut")?
                .into_iter()
                .step_by(2)
                .collect::<Vec<_>>(),
        ));
    }
    let (hits, misses) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let plan: Vec<usize> = (0..3000).collect();
    samples.push(load(
        "mix 90% reads / 10% bookings (4 clients)",
        4,
        &plan,
        limit,
        |agent, &i| {
            let salon = i % mixed.len();
            let slug = &mixed[salon];
            if i % 10 == 9 {
                let job = free[salon].lock().expect("not poisoned").pop();
                return match job {
                    Some(job) => book(agent, &api, slug, "mens-cut", &job, 100_000 + i),
                    None => 0,
                };
            }
            let days = 1 + (i / 10) % 7;
            match agent
                .get(&format!(
                    "{api}/v1/salons/{slug}/availability?service=mens-cut&days={days}"
                ))
                .call()
            {
                Ok(r) => {
                    match r.header("cache-status") {
                        Some("HIT") => hits.fetch_add(1, Ordering::Relaxed),
                        _ => misses.fetch_add(1, Ordering::Relaxed),
                    };
                    let status = r.status();
                    let _ = r.into_string();
                    status
                }
                Err(e) => status_of(Err(e)),
            }
        },
    ));

    println!("\nloopback, at most {limit:?} per scenario (wrangler dev, neon-local and Postgres on this machine):");
    for s in &mut samples {
        s.report();
    }
    let (h, m) = (hits.load(Ordering::Relaxed), misses.load(Ordering::Relaxed));
    println!(
        "mix cache hit ratio: {:.1} % ({h} HIT, {m} MISS)",
        100.0 * h as f64 / (h + m).max(1) as f64
    );
    drop(stack);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// `cargo xtask bench-widget`: the widget on emulated Fast 3G in Chromium, against a fresh stack.
pub fn widget(tools: &Tools) -> Result<()> {
    crate::build::all(tools)?;
    let (stack, dir) = crate::stack::start_fresh(
        tools,
        "bench-widget",
        crate::stack::LocalServers::build()?,
        false,
        None,
    )?;
    let mut demo = crate::stack::demo_config()?;
    demo["allowed_origins"] = serde_json::json!(["http://salon.test"]);
    create_salon(&stack.api(), &stack.platform_token, "bench", &demo)?;
    let result = run(Command::new("node")
        .arg("tests/bench/widget-timing.mjs")
        .env("CHAIRTIME_API", stack.api())
        .env("CHAIRTIME_BENCH_SALON", "bench")
        .env("CHAIRTIME_CHROMIUM", &tools.chromium)
        .current_dir(root()));
    drop(stack);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// `cargo xtask bench-console`: a signed-in owner's day view on emulated Fast 3G in Chromium,
/// against a fresh stack.
pub fn console(tools: &Tools) -> Result<()> {
    crate::build::all(tools)?;
    let (stack, dir) = crate::stack::start_fresh(
        tools,
        "bench-console",
        crate::stack::LocalServers::build()?,
        false,
        None,
    )?;
    let owner = "owner@bench.example";
    let demo = crate::stack::demo_config()?;
    let created = crate::salon::create(
        &stack.api(),
        &stack.platform_token,
        "bench",
        &demo,
        Some(owner),
    );
    let result = created.and_then(|_| {
        run(Command::new("node")
            .arg("tests/bench/console-timing.mjs")
            .env("CHAIRTIME_API", stack.api())
            .env("CHAIRTIME_MAIL_API", stack.mail_api())
            .env("CHAIRTIME_BENCH_SALON", "bench")
            .env("CHAIRTIME_BENCH_OWNER", owner)
            .env("CHAIRTIME_CHROMIUM", &tools.chromium)
            .current_dir(root()))
    });
    drop(stack);
    let _ = std::fs::remove_dir_all(&dir);
    result
}
