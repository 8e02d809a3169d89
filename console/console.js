// The boot module of the console (`/console`, served as `/console.js`): it loads the console's wasm
// from its own directory and mounts it. The page itself runs no inline script.
import init, { mount } from "./chairtime.js";

await init({ module_or_path: new URL("chairtime_bg.wasm", import.meta.url) });
mount();
