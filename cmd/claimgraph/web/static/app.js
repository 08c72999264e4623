// claimgraph web view: submit a filter form as soon as a choice changes,
// and close the other open cells of the shifts matrix when one opens.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.filters select").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
  });
  document.querySelectorAll("details.cell").forEach(function (d) {
    d.addEventListener("toggle", function () {
      if (!d.open) return;
      document.querySelectorAll("details.cell[open]").forEach(function (o) {
        if (o !== d) o.open = false;
      });
    });
  });
});
