// Progressive enhancement for the check-in pages; every form also works without it.

// My check-ins: one inline "log touch point" form and one "snooze" form serve every row.
// Each row links to the full forms; here those links become buttons that move the shared
// form under their row and point it at that candidate.
function setUpCheckinPanels() {
  const panels = new Map();
  document.querySelectorAll(".checkin-panel").forEach((panel) => panels.set(panel.id, panel));
  if (!panels.size) return;
  const openedBy = new Map(); // panel id -> the button whose row it is open under

  document.querySelectorAll("a[data-checkin-panel]").forEach((link) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.append(...link.childNodes);
    Object.assign(button.dataset, link.dataset);
    button.dataset.fullForm = link.getAttribute("href");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", link.dataset.checkinPanel);
    link.replaceWith(button);
  });

  const close = (panel) => {
    const button = openedBy.get(panel.id);
    if (button) button.setAttribute("aria-expanded", "false");
    openedBy.delete(panel.id);
    panel.hidden = true;
  };

  const open = (panel, button) => {
    const row = button.closest(".checkin-row");
    const name = row.querySelector(".checkin-name").textContent.trim();
    const form = panel.querySelector("form");
    const fullForm = button.dataset.fullForm;
    form.reset();
    form.action = fullForm.split("?")[0];
    form.setAttribute("aria-label", `${panel.dataset.title} ${name}`);
    panel.querySelectorAll("[data-checkin-full-form]").forEach((link) => {
      link.href = fullForm;
    });
    const channel = form.querySelector("select[name=kind]");
    if (channel && button.dataset.channel) {
      channel.value = button.dataset.channel;
      // A preferred channel nobody logs by hand (e.g. feedback shared) falls back to the first.
      if (channel.selectedIndex < 0) channel.selectedIndex = 0;
    }
    form.querySelectorAll("button[type=submit]").forEach((submit) => {
      submit.disabled = false;
    });
    row.append(panel);
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    openedBy.set(panel.id, button);
    // The cursor goes where the recruiter will type.
    const field = form.querySelector("input[type=text], select");
    if (field) field.focus();
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-checkin-panel]");
    if (!button) return;
    const panel = panels.get(button.dataset.checkinPanel);
    const wasOpenHere = openedBy.get(panel.id) === button;
    close(panel);
    if (!wasOpenHere) open(panel, button);
  });

  // Escape closes the form and puts the focus back on the button that opened it.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const panel = event.target.closest && event.target.closest(".checkin-panel");
    if (!panel || panel.hidden) return;
    const button = openedBy.get(panel.id);
    close(panel);
    if (button) button.focus();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpCheckinPanels();

  // One click, one touch point: a double click must not log the same call twice.
  document.querySelectorAll("form.js-checkin-form").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((button) => {
        button.disabled = true;
      });
    });
  });

  // The custom number of days only matters when "Custom" is the chosen cadence.
  document.querySelectorAll("form.js-cadence-form").forEach((form) => {
    const cadence = form.querySelector("select[name=cadence]");
    const custom = form.querySelector("#div_id_custom_days");
    if (!cadence || !custom) return;
    const sync = () => {
      custom.classList.toggle("d-none", cadence.value !== "custom");
    };
    cadence.addEventListener("change", sync);
    sync();
  });
});
