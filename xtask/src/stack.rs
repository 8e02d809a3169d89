//! The local stack: a private Postgres cluster, the Neon-protocol server in front of it, mail-local
//! (the email and SMS providers' stand-in), and `wrangler dev` running the Worker with the widget
//! assets. `cargo xtask dev` runs it under `.dev/`; the tests run a fresh one in a temporary directory
//! on free ports.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::build;
use crate::migrate;
use crate::neon::Sql;
use crate::proc::{free_port, run, wait_http_ok, Supervisor};
use crate::tools::{self, Tools};
use crate::{is_root, root, target_dir, Result};

/// The Postgres role and database the stack uses.
pub const DB_USER: &str = "chairtime";
pub const DB_NAME: &str = "chairtime";

/// Ports and places of one running stack.
pub struct Stack {
    pub sup: Supervisor,
    pub pg_port: u16,
    pub neon_port: u16,
    pub mail_port: u16,
    pub api_port: u16,
    pub password: String,
    pub platform_token: String,
}

impl Stack {
    /// The connection string the edge uses. The host is a name, as Neon requires; the local server
    /// ignores it and talks to its upstream.
    pub fn database_url(&self, database: &str) -> String {
        format!(
            "postgres://{DB_USER}:{}@db.localtest.me/{database}",
            self.password
        )
    }

    pub fn neon_endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/sql", self.neon_port)
    }

    pub fn api(&self) -> String {
        format!("http://127.0.0.1:{}", self.api_port)
    }

    /// mail-local: both providers' APIs, the inbox at `/` and the test API under `/api`.
    pub fn mail_api(&self) -> String {
        format!("http://127.0.0.1:{}", self.mail_port)
    }

    pub fn sql(&self, database: &str) -> Sql {
        Sql::new(&self.database_url(database), Some(&self.neon_endpoint()))
            .expect("a well-formed URL")
    }
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    let read = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut buf));
    read.expect("/dev/urandom is readable");
    crate::hex(&buf)
}

fn read_or_create_secret(path: &Path, bytes: usize) -> Result<String> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        if !existing.trim().is_empty() {
            return Ok(existing.trim().to_owned());
        }
    }
    let secret = random_hex(bytes);
    std::fs::write(path, &secret).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(secret)
}

/// A command that runs as the unprivileged `postgres` user when we are root (Postgres refuses root).
fn as_pg_user(program: &Path) -> Command {
    if is_root() {
        let mut cmd = Command::new("setpriv");
        cmd.args([
            "--reuid=postgres",
            "--regid=postgres",
            "--init-groups",
            "--",
        ])
        .arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn give_to_pg_user(path: &Path) -> Result<()> {
    if is_root() {
        run(Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(path))?;
    }
    Ok(())
}

/// Creates the cluster at `data` if it does not exist yet.
fn init_cluster(tools: &Tools, data: &Path, password: &str) -> Result<()> {
    if data.join("PG_VERSION").exists() {
        return Ok(());
    }
    std::fs::create_dir_all(data).map_err(|e| format!("{}: {e}", data.display()))?;
    let pwfile = data.with_extension("pwfile");
    std::fs::write(&pwfile, password).map_err(|e| e.to_string())?;
    give_to_pg_user(data)?;
    give_to_pg_user(&pwfile)?;
    let result = run(as_pg_user(&tools.pg_bin.join("initdb"))
        .arg("-D")
        .arg(data)
        .args([
            "-U",
            DB_USER,
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-instructions",
        ])
        .arg(format!("--pwfile={}", pwfile.display()))
        .stdout(std::process::Stdio::null()));
    let _ = std::fs::remove_file(&pwfile);
    result
}

/// Options for starting a stack.
pub struct Options {
    pub dir: PathBuf,
    pub api_port: u16,
    pub pg_port: u16,
    pub neon_port: u16,
    pub mail_port: u16,
    /// Trade durability for speed (tests).
    pub fast_and_loose: bool,
    /// Where wrangler reads secrets from; `None` means `.dev.vars` in the root.
    pub env_file: Option<PathBuf>,
    /// The binaries of neon-local and mail-local (see [`LocalServers::build`]).
    pub servers: LocalServers,
    /// `DATABASE_TIMEOUT_MS` for the Worker; `None` keeps production's deadline.
    pub database_timeout_ms: Option<u32>,
}

/// The stack's stand-ins for services it does not run itself: Neon's HTTP front and the email and SMS
/// providers.
#[derive(Clone)]
pub struct LocalServers {
    pub neon_local: PathBuf,
    pub mail_local: PathBuf,
}

/// The variables that pass [`LocalServers`] to tests that start a stack of their own.
const NEON_LOCAL_BIN: &str = "CHAIRTIME_NEON_LOCAL_BIN";
const MAIL_LOCAL_BIN: &str = "CHAIRTIME_MAIL_LOCAL_BIN";

impl LocalServers {
    /// Builds both (release, in one cargo run).
    pub fn build() -> Result<LocalServers> {
        run(Command::new("cargo")
            .args([
                "build",
                "--release",
                "-q",
                "-p",
                "neon-local",
                "-p",
                "mail-local",
            ])
            .current_dir(root()))?;
        Ok(LocalServers {
            neon_local: target_dir().join("release/neon-local"),
            mail_local: target_dir().join("release/mail-local"),
        })
    }

    /// The binaries named by the variables of [`LocalServers::env`].
    pub fn from_env() -> Result<LocalServers> {
        let var = |name: &str| {
            std::env::var_os(name)
                .map(PathBuf::from)
                .ok_or_else(|| format!("{name} is not set (cargo xtask test sets it)"))
        };
        Ok(LocalServers {
            neon_local: var(NEON_LOCAL_BIN)?,
            mail_local: var(MAIL_LOCAL_BIN)?,
        })
    }

    /// Environment variables that name the binaries, for [`LocalServers::from_env`].
    pub fn env(&self) -> [(&'static str, String); 2] {
        [
            (NEON_LOCAL_BIN, self.neon_local.display().to_string()),
            (MAIL_LOCAL_BIN, self.mail_local.display().to_string()),
        ]
    }
}

/// Starts Postgres, applies migrations, starts the Neon-protocol server, mail-local and
/// `wrangler dev`.
pub fn start(tools: &Tools, opts: Options) -> Result<Stack> {
    let dir = opts.dir;
    let logs = dir.join("logs");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let password = read_or_create_secret(&dir.join("db-password"), 16)?;
    let platform_token = read_or_create_secret(&dir.join("platform-token"), 24)?;
    let token_secret = read_or_create_secret(&dir.join("token-secret"), 32)?;
    // mail-local accepts any key and any password for a well-formed account; these only have the
    // providers' shapes, so the sender is exercised as it will be in production.
    let mail_api_key = read_or_create_secret(&dir.join("mail-api-key"), 16)?;
    let sms_account = read_or_create_secret(&dir.join("sms-account"), 16)?;
    let sms_auth_token = read_or_create_secret(&dir.join("sms-auth-token"), 16)?;
    let data = dir.join("pg");
    init_cluster(tools, &data, &password)?;

    let mut stack = Stack {
        sup: Supervisor::default(),
        pg_port: opts.pg_port,
        neon_port: opts.neon_port,
        mail_port: opts.mail_port,
        api_port: opts.api_port,
        password,
        platform_token,
    };

    let mut postgres = as_pg_user(&tools.pg_bin.join("postgres"));
    postgres
        .arg("-D")
        .arg(&data)
        .args([
            "-p",
            &opts.pg_port.to_string(),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "max_connections=200",
        ])
        .arg("-c")
        .arg(format!("unix_socket_directories={}", data.display()));
    if opts.fast_and_loose {
        postgres.args([
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
        ]);
    }
    stack
        .sup
        .spawn("postgres", &mut postgres, &logs.join("postgres.log"))?;
    wait_pg_ready(tools, &mut stack)?;

    stack.sup.spawn(
        "neon-local",
        Command::new(&opts.servers.neon_local).args([
            "--listen",
            &format!("127.0.0.1:{}", opts.neon_port),
            "--upstream",
            &format!("127.0.0.1:{}", opts.pg_port),
        ]),
        &logs.join("neon-local.log"),
    )?;
    wait_http_ok(
        &format!("http://127.0.0.1:{}/healthz", opts.neon_port),
        Duration::from_secs(30),
        &mut stack.sup,
    )?;
    stack.sup.spawn(
        "mail-local",
        Command::new(&opts.servers.mail_local)
            .args(["--listen", &format!("127.0.0.1:{}", opts.mail_port)]),
        &logs.join("mail-local.log"),
    )?;
    wait_http_ok(
        &format!("{}/healthz", stack.mail_api()),
        Duration::from_secs(30),
        &mut stack.sup,
    )?;
    ensure_database(&stack, DB_NAME)?;
    migrate::apply(
        &stack.sql(DB_NAME),
        &migrate::load(&root().join("migrations"))?,
    )?;

    // CLOCK_OVERRIDE lets a request move the Worker's clock (edge/src/clock.rs): local only, since
    // only `wrangler dev` reads this file.
    // PUBLIC_URL starts the links in messages: the API as a browser on this machine reaches it.
    let mut vars = format!(
        "DATABASE_URL={}\nNEON_HTTP_ENDPOINT={}\nPLATFORM_TOKEN={}\nTOKEN_SECRET={}\nCLOCK_OVERRIDE=allow\n\
         PUBLIC_URL={}\n",
        stack.database_url(DB_NAME),
        stack.neon_endpoint(),
        stack.platform_token,
        token_secret,
        stack.api()
    );
    // Email and SMS go to mail-local (SPEC §9); the sender is indifferent to it being local.
    vars.push_str(&format!(
        "MAIL_API_URL={mail}\nMAIL_API_KEY=re_{mail_api_key}\nSMS_API_URL={mail}\n\
         SMS_ACCOUNT_SID=AC{sms_account}\nSMS_AUTH_TOKEN={sms_auth_token}\n\
         MAIL_FROM=Chairtime <bookings@chairtime.localhost>\nSMS_FROM=+15005550006\n",
        mail = stack.mail_api(),
    ));
    if let Some(ms) = opts.database_timeout_ms {
        vars.push_str(&format!("DATABASE_TIMEOUT_MS={ms}\n"));
    }
    let env_file = opts.env_file.unwrap_or_else(|| root().join(".dev.vars"));
    std::fs::write(&env_file, vars).map_err(|e| format!("{}: {e}", env_file.display()))?;

    ensure_free(opts.api_port, "the API")?;
    let mut wrangler = Command::new(tools.npm_bin("wrangler"));
    wrangler
        .args([
            "dev",
            "--ip",
            "127.0.0.1",
            "--port",
            &opts.api_port.to_string(),
        ])
        .args(["--inspector-port", &free_port().to_string()])
        .arg("--env-file")
        .arg(&env_file)
        .arg("--persist-to")
        .arg(dir.join("wrangler-state"))
        .args([
            // `log` shows the Worker's own request lines (console.log), which `info` hides.
            "--log-level",
            "log",
            "--show-interactive-dev-session=false",
            // Serves /__scheduled, which runs the Cron Trigger's handler at the current time.
            "--test-scheduled",
        ])
        .current_dir(root())
        .env("WRANGLER_SEND_METRICS", "false")
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
        .env("WRANGLER_LOG_PATH", logs.join("wrangler-debug"))
        .env("NO_COLOR", "1");
    stack
        .sup
        .spawn("wrangler", &mut wrangler, &logs.join("wrangler.log"))?;
    wait_http_ok(
        &format!("{}/readyz", stack.api()),
        Duration::from_secs(120),
        &mut stack.sup,
    )
    .map_err(|e| format!("{e}\nlogs:\n{}", stack.sup.logs()))?;
    Ok(stack)
}

/// Fails unless `port` is free on 127.0.0.1. A stack that started beside another one's port would
/// take that one's answers for its own (its `/readyz`, then a refused platform token).
fn ensure_free(port: u16, what: &str) -> Result<()> {
    std::net::TcpListener::bind(("127.0.0.1", port))
        .map(drop)
        .map_err(|e| {
            format!("port {port} ({what}) is taken ({e}); another stack may be running there")
        })
}

fn wait_pg_ready(tools: &Tools, stack: &mut Stack) -> Result<()> {
    for _ in 0..150 {
        let ready = Command::new(tools.pg_bin.join("pg_isready"))
            .args(["-q", "-h", "127.0.0.1", "-p", &stack.pg_port.to_string()])
            .status()
            .is_ok_and(|s| s.success());
        if ready {
            return Ok(());
        }
        stack.sup.check_alive()?;
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!(
        "postgres did not become ready; see {}",
        stack.sup.logs()
    ))
}

/// Creates `database` unless it exists.
pub fn ensure_database(stack: &Stack, database: &str) -> Result<()> {
    let admin = stack.sql("postgres");
    let exists = admin.query(
        "SELECT 1 FROM pg_database WHERE datname = $1",
        &[Some(database)],
    )?;
    if exists.is_empty() {
        // The name is ours (a constant or generated); quote it anyway.
        admin.query(
            &format!("CREATE DATABASE \"{}\"", database.replace('"', "")),
            &[],
        )?;
    }
    Ok(())
}

/// The demo salon's configuration document (`demo-salon.json`).
pub fn demo_config() -> Result<serde_json::Value> {
    let text = std::fs::read_to_string(root().join("demo-salon.json"))
        .map_err(|e| format!("demo-salon.json: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("demo-salon.json: {e}"))
}

/// The demo salon's owner, who signs in to the console with a link from the local inbox.
pub const DEMO_OWNER_EMAIL: &str = "owner@demo-salon.example";

/// Creates the demo salon, or applies its configuration again when it exists; returns the owner key if known.
pub fn seed_demo(stack: &Stack, dev_dir: &Path) -> Result<Option<String>> {
    let config = demo_config()?;
    let key_file = dev_dir.join("demo-owner-key");
    let response = ureq::post(&format!("{}/v1/admin/salons", stack.api()))
        .set("Authorization", &format!("Bearer {}", stack.platform_token))
        .send_json(serde_json::json!({
            "slug": "demo",
            "config": config,
            "owner_email": DEMO_OWNER_EMAIL,
        }));
    match response {
        Ok(r) => {
            let body: serde_json::Value = r.into_json().map_err(|e| e.to_string())?;
            let key = body["owner_key"].as_str().unwrap_or_default().to_owned();
            std::fs::write(&key_file, &key).map_err(|e| e.to_string())?;
            Ok(Some(key))
        }
        Err(ureq::Error::Status(409, _)) => {
            let Ok(key) = std::fs::read_to_string(&key_file) else {
                return Ok(None);
            };
            ureq::put(&format!("{}/v1/admin/salons/demo/config", stack.api()))
                .set("Authorization", &format!("Bearer {}", key.trim()))
                .send_json(config)
                .map_err(|e| format!("applying demo-salon.json: {e}"))?;
            Ok(Some(key.trim().to_owned()))
        }
        Err(e) => Err(format!("creating the demo salon: {e}")),
    }
}

/// Starts a throw-away stack in `<temp>/chairtime-<label>-<pid>` on free ports, for tests and
/// benchmarks. Returns it with its directory (remove it when done).
pub fn start_fresh(
    tools: &Tools,
    label: &str,
    servers: LocalServers,
    fast_and_loose: bool,
    database_timeout_ms: Option<u32>,
) -> Result<(Stack, PathBuf)> {
    let dir = std::env::temp_dir().join(format!("chairtime-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let stack = start(
        tools,
        Options {
            dir: dir.clone(),
            api_port: free_port(),
            pg_port: free_port(),
            neon_port: free_port(),
            mail_port: free_port(),
            fast_and_loose,
            env_file: Some(dir.join(format!("{label}.vars"))),
            servers,
            database_timeout_ms,
        },
    )?;
    Ok((stack, dir))
}

/// Fires the Worker's scheduled handler at the start of every minute, as the Cron Trigger
/// (`* * * * *` in `wrangler.toml`) does once deployed: reminders go out and failed messages are
/// retried while `cargo xtask dev` runs.
struct Cron {
    url: String,
    agent: ureq::Agent,
    last_minute: u64,
}

impl Cron {
    fn new(api: &str) -> Cron {
        Cron {
            url: format!("{api}/__scheduled?cron=*+*+*+*+*"),
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(30))
                .build(),
            last_minute: Self::minute(),
        }
    }

    fn minute() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() / 60)
    }

    fn tick(&mut self) {
        let minute = Self::minute();
        if minute == self.last_minute {
            return;
        }
        self.last_minute = minute;
        if let Err(e) = self.agent.get(&self.url).call() {
            eprintln!("xtask: the scheduled handler failed: {e}");
        }
    }
}

/// Where `cargo xtask dev` serves without `--port`, and its other services' ports then.
const DEV_PORT: u16 = 8787;
const DEV_PG_PORT: u16 = 55432;
const DEV_NEON_PORT: u16 = 54444;
const DEV_MAIL_PORT: u16 = 8025;

/// `cargo xtask dev [--port N]`.
pub fn dev(args: &[String]) -> Result<()> {
    let mut port = DEV_PORT;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--port" => {
                port = it
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--port takes a number")?
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let (tx, rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| e.to_string())?;

    // Before the build, which takes minutes; `start` checks the API's port again just before use.
    ensure_free(port, "the API; choose another with --port")?;
    if port == DEV_PORT {
        ensure_free(DEV_PG_PORT, "Postgres")?;
        ensure_free(DEV_NEON_PORT, "neon-local")?;
        ensure_free(DEV_MAIL_PORT, "mail-local")?;
    }
    let tools = tools::ensure()?;
    build::all(&tools)?;
    let dev_dir = root().join(".dev");
    // The default stack has fixed, documented ports. Another port asks for a second stack (another
    // checkout's, say) beside it, so its other services take free ports instead of colliding.
    let (pg_port, neon_port, mail_port) = if port == DEV_PORT {
        (DEV_PG_PORT, DEV_NEON_PORT, DEV_MAIL_PORT)
    } else {
        (free_port(), free_port(), free_port())
    };
    let mut stack = start(
        &tools,
        Options {
            dir: dev_dir.clone(),
            api_port: port,
            pg_port,
            neon_port,
            mail_port,
            fast_and_loose: false,
            env_file: None,
            servers: LocalServers::build()?,
            database_timeout_ms: None,
        },
    )?;
    let owner_key = seed_demo(&stack, &dev_dir)?;
    println!("\nChairtime is running: http://127.0.0.1:{port}/  (demo salon \"demo\")");
    println!("Mail and SMS inbox: {}/", stack.mail_api());
    match owner_key {
        Some(key) => println!("demo salon owner key: {key}"),
        None => {
            println!("demo salon owner key: shown on first run only (delete .dev/ to start afresh)")
        }
    }
    println!(
        "console: http://127.0.0.1:{port}/console  (sign in as {DEMO_OWNER_EMAIL}; the link arrives in the inbox)"
    );
    println!(
        "platform token: in .dev.vars; logs: {}",
        dev_dir.join("logs").display()
    );
    println!("press Ctrl-C to stop");
    let mut cron = Cron::new(&stack.api());
    loop {
        if rx.recv_timeout(Duration::from_millis(500)).is_ok() {
            break;
        }
        stack.sup.check_alive()?;
        cron.tick();
    }
    println!("\nstopping…");
    Ok(())
}
