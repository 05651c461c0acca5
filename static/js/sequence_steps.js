// The step form (outreach.sequences): show only the fields of the kind of step chosen.
// Without JavaScript every fieldset shows, and the server ignores the ones that do not apply.
(function () {
  function sync(form) {
    var checked = form.querySelector('input[name="kind"]:checked');
    var kind = checked ? checked.value : "";
    ["email", "wait", "task"].forEach(function (name) {
      var fieldset = form.querySelector(".step-" + name);
      if (fieldset) fieldset.hidden = kind !== "" && kind !== name;
    });
  }
  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector('input[name="kind"]')) return;
    form.addEventListener("change", function (event) {
      if (event.target.name === "kind") sync(form);
    });
    sync(form);
  });
})();
