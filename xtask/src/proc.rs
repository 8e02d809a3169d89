//! Running commands and supervising long-lived child processes.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Result;

/// Runs a command to completion, inheriting the terminal; fails when it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = describe(cmd);
    eprintln!("$ {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs a command and returns its standard output.
pub fn output(cmd: &mut Command) -> Result<String> {
    let shown = describe(cmd);
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if !out.status.success() {
        return Err(format!("`{shown}` failed ({})", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        s.push(' ');
        s.push_str(&arg.to_string_lossy());
    }
    s
}

/// A named child process whose output goes to a log file.
pub struct Service {
    pub name: String,
    pub log: PathBuf,
    child: Option<Child>,
    spec: Spec,
}

/// Enough of a command to start it again.
#[derive(Clone)]
struct Spec {
    program: std::ffi::OsString,
    args: Vec<std::ffi::OsString>,
    envs: Vec<(std::ffi::OsString, Option<std::ffi::OsString>)>,
    dir: Option<PathBuf>,
}

impl Spec {
    fn of(cmd: &Command) -> Spec {
        Spec {
            program: cmd.get_program().to_owned(),
            args: cmd.get_args().map(ToOwned::to_owned).collect(),
            envs: cmd
                .get_envs()
                .map(|(k, v)| (k.to_owned(), v.map(ToOwned::to_owned)))
                .collect(),
            dir: cmd.get_current_dir().map(Path::to_path_buf),
        }
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args);
        for (k, v) in &self.envs {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        if let Some(dir) = &self.dir {
            cmd.current_dir(dir);
        }
        cmd
    }
}

/// Child processes that are stopped, newest first, when the supervisor is dropped.
#[derive(Default)]
pub struct Supervisor {
    services: Vec<Service>,
}

impl Supervisor {
    /// Starts `cmd` with stdout and stderr appended to `log`.
    pub fn spawn(&mut self, name: &str, cmd: &mut Command, log: &Path) -> Result<()> {
        let child = launch(name, cmd, log)?;
        self.services.push(Service {
            name: name.to_owned(),
            log: log.to_path_buf(),
            child: Some(child),
            spec: Spec::of(cmd),
        });
        Ok(())
    }

    fn service(&mut self, name: &str) -> Result<&mut Service> {
        self.services
            .iter_mut()
            .find(|s| s.name == name)
            .ok_or_else(|| format!("no service named {name}"))
    }

    /// Stops a service but remembers how to start it (for fault tests).
    pub fn stop(&mut self, name: &str) -> Result<()> {
        let service = self.service(name)?;
        if let Some(child) = service.child.take() {
            terminate(&service.name, child);
        }
        Ok(())
    }

    /// Sends a signal (`STOP`, `CONT`, …) to a running service: `STOP` freezes it with its sockets
    /// open, so its callers wait for an answer that does not come, as with a database that hangs.
    pub fn signal(&mut self, name: &str, signal: &str) -> Result<()> {
        let service = self.service(name)?;
        let child = service
            .child
            .as_ref()
            .ok_or_else(|| format!("{name} is not running"))?;
        run(Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]))
    }

    /// Starts a stopped service again with the same command.
    pub fn restart(&mut self, name: &str) -> Result<()> {
        let service = self.service(name)?;
        if service.child.is_none() {
            let mut cmd = service.spec.command();
            service.child = Some(launch(&service.name, &mut cmd, &service.log)?);
        }
        Ok(())
    }
}

fn launch(name: &str, cmd: &mut Command, log: &Path) -> Result<Child> {
    let file = File::options()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("cannot open {}: {e}", log.display()))?;
    let err = file.try_clone().map_err(|e| e.to_string())?;
    let child = cmd
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("could not start {name} (`{}`): {e}", describe(cmd)))?;
    eprintln!(
        "started {name} (pid {}), log: {}",
        child.id(),
        log.display()
    );
    Ok(child)
}

impl Supervisor {
    /// Fails if any service has exited.
    pub fn check_alive(&mut self) -> Result<()> {
        for s in &mut self.services {
            let Some(child) = s.child.as_mut() else {
                continue;
            };
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!(
                    "{} exited ({status}); see {}",
                    s.name,
                    s.log.display()
                ));
            }
        }
        Ok(())
    }

    /// The log files, for error messages.
    pub fn logs(&self) -> String {
        self.services
            .iter()
            .map(|s| format!("  {}: {}", s.name, s.log.display()))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Stops a child: SIGINT (Postgres' fast shutdown, Ctrl-C for the others), then SIGKILL after 10 s.
fn terminate(name: &str, mut child: Child) {
    eprintln!("stopping {name}");
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

impl Drop for Supervisor {
    fn drop(&mut self) {
        while let Some(mut s) = self.services.pop() {
            if let Some(child) = s.child.take() {
                terminate(&s.name, child);
            }
        }
    }
}

/// Polls `url` until it answers 200 or `timeout` passes, checking that the services are still alive.
pub fn wait_http_ok(url: &str, timeout: Duration, sup: &mut Supervisor) -> Result<()> {
    let deadline = Instant::now() + timeout;
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(2))
        .build();
    loop {
        if let Ok(r) = agent.get(url).call() {
            if r.status() == 200 {
                return Ok(());
            }
        }
        sup.check_alive()?;
        if Instant::now() > deadline {
            return Err(format!("{url} did not answer 200 within {timeout:?}"));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A TCP port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("the loopback interface can bind an ephemeral port")
}
