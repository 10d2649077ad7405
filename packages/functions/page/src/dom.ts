// Small DOM helpers. Text is only ever set with textContent, never as HTML, so nothing the API
// or a link returns can become markup.

/** The element with this id; the page's HTML defines every id the script uses. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

const SECTIONS = ["signed-out", "second-factor", "signed-in", "link"] as const;

/** The page's views: one shown at a time. */
export type Section = (typeof SECTIONS)[number];

/** Shows one section, hides the others, and moves focus to its heading for keyboard users. */
export function show(section: Section): void {
  for (const id of SECTIONS) byId(id).hidden = id !== section;
  byId(`${section}-title`).focus();
}

/** Says something in the live region; clears the problem line. */
export function say(message: string): void {
  byId("problem").textContent = "";
  byId("status").textContent = message;
}

/** Shows a problem (an alert for screen readers); clears the status line. */
export function complain(error: unknown): void {
  byId("status").textContent = "";
  byId("problem").textContent =
    error instanceof Error ? error.message : "Something went wrong. Please try again.";
}

/** The value of a named field of a form. */
export function field(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === "string" ? value : "";
}

/**
 * Runs a form's action on submit, with its button disabled meanwhile so a second Enter does
 * not send a second request; problems are shown, never thrown.
 */
export function onSubmit(form: HTMLFormElement, action: () => Promise<void>): void {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const buttons = form.querySelectorAll("button");
    for (const button of buttons) button.disabled = true;
    action()
      .catch(complain)
      .finally(() => {
        for (const button of buttons) button.disabled = false;
      });
  });
}

/**
 * A list item of `text` and one button that runs `action`, disabled meanwhile so a second
 * click sends no second request; problems are shown, never thrown.
 */
export function itemWithAction(
  text: string,
  button: { readonly label: string; readonly ariaLabel: string },
  action: () => Promise<void>,
): HTMLLIElement {
  const item = document.createElement("li");
  const span = document.createElement("span");
  span.textContent = text;
  const act = document.createElement("button");
  act.type = "button";
  act.textContent = button.label;
  act.setAttribute("aria-label", button.ariaLabel);
  act.addEventListener("click", () => {
    act.disabled = true;
    action()
      .catch(complain)
      .finally(() => {
        act.disabled = false;
      });
  });
  item.append(span, act);
  return item;
}
