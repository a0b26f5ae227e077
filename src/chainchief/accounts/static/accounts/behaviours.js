// Behaviours that used to be inline handlers (onclick/onchange/onsubmit), which the
// Content-Security-Policy forbids: the same effects, declared with data- attributes.
(function () {
  "use strict";
  // <button data-confirm-click="确定…？">: ask before this button submits its form.
  document.addEventListener("click", function (e) {
    var el = e.target.closest && e.target.closest("[data-confirm-click]");
    if (el && !window.confirm(el.getAttribute("data-confirm-click"))) e.preventDefault();
  });
  // <form data-confirm-field="to_stage" data-confirm-value="dropped" data-confirm-message="…">:
  // ask only when that field holds that value.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var field = form.getAttribute && form.getAttribute("data-confirm-field");
    if (!field) return;
    var input = form.querySelector('[name="' + field + '"]');
    if (input && input.value === form.getAttribute("data-confirm-value") &&
        !window.confirm(form.getAttribute("data-confirm-message"))) e.preventDefault();
  });
  // <form data-navigate="/evaluation/runs/{run}/">: a change of a field goes to that URL.
  document.addEventListener("change", function (e) {
    var form = e.target.form;
    var pattern = form && form.getAttribute("data-navigate");
    if (!pattern) return;
    window.location.href = pattern.replace(/\{(\w+)\}/g, function (_, name) {
      return encodeURIComponent(form.elements[name].value);
    });
  });
})();
