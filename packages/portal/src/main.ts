/** The Signet admin portal: served at /admin, talks to /admin/v1 with the session cookie and CSRF token. */
import { PortalApp } from "./app.js";

const root = document.getElementById("app");
if (root) void new PortalApp(root).start();
