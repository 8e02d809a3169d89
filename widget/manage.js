// The boot module of the client's booking page (`/b/{token}`, served as `/manage.js`): it loads the
// manage build of the widget from its own directory and mounts it in a shadow root of the page's
// <main>. The page itself runs no inline script; the app reads the token from the address.
import init, { mount_manage } from "./chairtime.js";

const host = document.getElementById("chairtime-manage");
const root = host.attachShadow({ mode: "open" });
const container = document.createElement("div");
root.append(container);
await init({ module_or_path: new URL("chairtime_bg.wasm", import.meta.url) });
mount_manage(host, container);
