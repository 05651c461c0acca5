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
