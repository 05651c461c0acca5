// Team dashboard filters: picking a From or To date means a custom period, so the
// period menu follows; without JavaScript the form still works (choose "Custom dates").
document.addEventListener("DOMContentLoaded", () => {
  const period = document.getElementById("f-period");
  if (!period) return;
  ["f-from", "f-to"].forEach((id) => {
    const input = document.getElementById(id);
    if (input) input.addEventListener("change", () => { period.value = "custom"; });
  });
});
