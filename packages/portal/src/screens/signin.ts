/** Sign-in with the admin token (SIGNET_ADMIN_TOKEN). The token is sent once and never stored by the page. */
import type { Api } from "../api.js";
import { field, h, replace } from "../dom.js";
import { busy, errorBox, errorSlot } from "../ui.js";

export function renderSignIn(root: HTMLElement, options: { api: Api; message?: string; error?: unknown; onSignedIn(): void }): void {
  const token = h("input", { type: "password", name: "adminToken", required: true, autocomplete: "current-password", spellcheck: "false" });
  const submit = h("button", { type: "submit", class: "button" }, "Sign in");
  const errors = errorSlot();
  const form = h(
    "form",
    { class: "signin-form", novalidate: true },
    field("Admin token", token, "The SIGNET_ADMIN_TOKEN this server was started with."),
    errors.el,
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.set(undefined);
    if (!token.value) {
      errors.set(new Error("Enter the admin token."));
      token.focus();
      return;
    }
    await busy(
      submit,
      async () => {
        await options.api.signIn(token.value);
        token.value = "";
        options.onSignedIn();
      },
      (error) => {
        errors.set(error);
        token.select();
        token.focus();
      },
    );
  });
  const heading = h("h1", { tabindex: -1 }, "Sign in to Signet admin");
  replace(
    root,
    h(
      "main",
      { id: "main", class: "signin" },
      h(
        "div",
        { class: "signin-card card" },
        h("p", { class: "brand" }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "◆"), "Signet ", h("span", { class: "brand-sub" }, "admin")),
        heading,
        options.message ? h("p", { class: "notice info", role: "status" }, options.message) : null,
        options.error ? errorBox(options.error) : null,
        form,
      ),
    ),
  );
  token.focus();
}
