//! `cargo xtask <command>`: see the library's documentation for the commands.

use std::process::ExitCode;

use xtask::{backup, bench, build, fuzz, import, migrate, salon, stack, test, tools};

fn usage() -> ExitCode {
    eprintln!(
        "usage: cargo xtask <command>\n\
         \n  dev [--port N]                       run the demo salon, the widget and the API locally\
         \n  test                                 run every check and test\
         \n  build                                build the widget and the Worker (release)\
         \n  migrate --database-url URL [--endpoint URL]\
         \n                                       apply migrations/ over Neon's HTTP protocol\
         \n  backup FILE --database-url URL      write every table to FILE from one consistent snapshot\
         \n  restore FILE --database-url URL     load a backup into an empty database\
         \n  import --salon SLUG FILE.csv [--apply] [--api URL] [--key KEY]\
         \n                                       clients and future appointments from another tool\
         \n  fuzz [TARGET] [--seconds N]          fuzz the parsers in shared (libFuzzer), N s each\
         \n  salon create|apply <slug> <file.json> [--api URL]\
         \n                                       create a salon, or replace its configuration\
         \n  bench-engine                         time the slot engine natively and in wasm32\
         \n  bench-edge                           load the API on loopback and report latencies\
         \n  bench-widget                         time the widget on emulated Fast 3G in Chromium\
         \n  bench-console                        time the console's day view on emulated Fast 3G\
         \n  setup                                install the pinned tools"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => stack::dev(&args[1..]),
        Some("test") => test::command(&args[1..]),
        Some("build") => tools::ensure().and_then(|t| build::all(&t)),
        Some("migrate") => migrate::command(&args[1..]),
        Some("backup") => backup::backup_command(&args[1..]),
        Some("restore") => backup::restore_command(&args[1..]),
        Some("salon") => salon::command(&args[1..]),
        Some("fuzz") => fuzz::command(&args[1..]),
        Some("import") => import::command(&args[1..]),
        Some("bench-engine") => tools::ensure().and_then(|t| bench::engine(&t)),
        Some("bench-edge") => tools::ensure().and_then(|t| bench::edge(&t)),
        Some("bench-widget") => tools::ensure().and_then(|t| bench::widget(&t)),
        Some("bench-console") => tools::ensure().and_then(|t| bench::console(&t)),
        Some("setup") => tools::ensure().map(|_| ()),
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}
