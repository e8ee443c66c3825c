// Forms that lose nothing: a live character count on fields with a limit, and a warning
// before leaving a form whose changes are not saved. Loaded on every page (no inline
// script: the Content-Security-Policy allows scripts from this site only).
(function () {
  "use strict";

  var format = new Intl.NumberFormat(document.documentElement.lang || "da");

  function countText(field, counter) {
    var limit = parseInt(field.dataset.limit, 10);
    var length = field.value.length;
    var template = length > limit ? counter.dataset.overText : counter.dataset.text;
    counter.textContent = template
      .replace("%(count)s", format.format(length))
      .replace("%(limit)s", format.format(limit))
      .replace("%(over)s", format.format(length - limit));
    counter.classList.toggle("text-danger", length > limit);
    counter.classList.toggle("fw-semibold", length > limit);
  }

  function addCounter(field) {
    var counter = document.createElement("div");
    counter.className = "form-text char-count";
    counter.id = field.id + "-count";
    counter.dataset.text = field.dataset.countText;
    counter.dataset.overText = field.dataset.countOverText;
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    countText(field, counter);
    field.addEventListener("input", function () {
      countText(field, counter);
    });
  }

  function watchUnsaved(form) {
    var dirty = false;
    form.addEventListener("input", function () {
      dirty = true;
    });
    form.addEventListener("change", function () {
      dirty = true;
    });
    form.addEventListener("submit", function () {
      dirty = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-limit][data-count-text]").forEach(addCounter);
    document.querySelectorAll("form[data-unsaved-warning]").forEach(watchUnsaved);
  });
})();
