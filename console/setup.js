// The boot module of the console's set-up screens (sign-up, a new salon, settings, embed, team,
// keys; served as `/setup.js`): the same app built with its `setup` feature, from its own directory.
import init, { mount } from "./chairtime.js";

await init({ module_or_path: new URL("chairtime_bg.wasm", import.meta.url) });
mount();
