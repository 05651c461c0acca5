// Progressive enhancement for the check-in pages; every form also works without it.
document.addEventListener("DOMContentLoaded", () => {
  // Opening an inline form puts the cursor where the recruiter will type.
  document.querySelectorAll(".checkin-row .collapse").forEach((panel) => {
    panel.addEventListener("shown.bs.collapse", () => {
      const field = panel.querySelector("input[type=text], select");
      if (field) field.focus();
    });
  });

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
