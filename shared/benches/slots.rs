//! The slot engine on SPEC-sized input (see `input.rs`).
//!
//! Natively, `cargo bench -p chairtime-shared` runs it under criterion. For wasm32,
//! `cargo xtask bench-engine` builds this same file for `wasm32-unknown-unknown` and runs it in Node,
//! where it times batches with `performance.now()` and prints the median.

#[path = "input.rs"]
mod input;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::Criterion;

    pub fn bench(c: &mut Criterion) {
        let input = super::input::input();
        let staff = input.staff();
        let query = input.query(&staff);
        let slots = super::input::offered(&query);
        assert!(
            slots > 1000,
            "the input offers a realistic number of slots ({slots})"
        );
        c.bench_function("31 days, 20 staff, 2000 bookings, any staff", |b| {
            b.iter(|| shared::slots::slots(std::hint::black_box(&query)))
        });
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::bench);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = console)]
        fn log(message: &str);
        #[wasm_bindgen(js_namespace = performance)]
        fn now() -> f64;
    }

    /// Runs on load: 5 warm-up iterations, then 31 batches of 10, and prints the median per iteration.
    #[wasm_bindgen(start)]
    pub fn run() {
        let input = super::input::input();
        let staff = input.staff();
        let query = input.query(&staff);
        let slots = super::input::offered(&query);
        for _ in 0..5 {
            std::hint::black_box(shared::slots::slots(&query));
        }
        let mut per_iteration: Vec<f64> = (0..31)
            .map(|_| {
                let started = now();
                for _ in 0..10 {
                    std::hint::black_box(shared::slots::slots(&query));
                }
                (now() - started) / 10.0
            })
            .collect();
        per_iteration.sort_by(f64::total_cmp);
        log(&format!(
            "wasm32: 31 days, 20 staff, 2000 bookings, any staff ({slots} slots): median {:.3} ms, min {:.3} ms, max {:.3} ms",
            per_iteration[15], per_iteration[0], per_iteration[30]
        ));
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
