// Behaviour for the whole app. Kept in a static file (no inline scripts) so a strict
// Content-Security-Policy can forbid inline JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Buttons and links marked data-confirm ask before they act.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});

// "Copy" buttons: data-copy-target names the field whose text goes to the clipboard.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy-target]").forEach((button) => {
    button.addEventListener("click", async () => {
      const field = document.querySelector(button.dataset.copyTarget);
      if (!field) return;
      const label = button.textContent;
      try {
        await navigator.clipboard.writeText(field.value);
        button.textContent = "Copied";
      } catch {
        field.select();  // no clipboard access (plain http): selected, ready for Ctrl+C
        button.textContent = "Press Ctrl+C";
      }
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  });
});
