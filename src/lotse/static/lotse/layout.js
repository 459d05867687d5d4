/* Lotse layout on phones and tablets (issue #19 §1), loaded in <head> without defer.
 *
 * - Marks the page as scripted (html.lotse-js): only then does the CSS hide the side navigation
 *   behind the menu button below 992 px; without JavaScript it stays open above the content.
 * - The menu button opens and closes the navigation (aria-expanded); Escape closes it and puts
 *   the focus back on the button.
 * - A simple table in <main> becomes a pile of cards below 576 px (see cardify); every table
 *   that is not in a .table-responsive box gets one, so a wide table scrolls inside its own box
 *   instead of the whole page. A box that really scrolls (these and any .lotse-scroll-box, such
 *   as a chart kept at its readable size) becomes a focusable, named region (keyboard users
 *   can scroll it; axe: scrollable-region-focusable).
 * - "Select all on this page" ticks the rows of a list's bulk form (see below).
 */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("lotse-js");

  function menuButton() {
    return document.querySelector(".lotse-menu-button");
  }

  function setOpen(open) {
    var button = menuButton();
    if (!button) {
      return;
    }
    button.setAttribute("aria-expanded", open ? "true" : "false");
    document.body.classList.toggle("lotse-nav-open", open);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".lotse-menu-button");
    if (button) {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !document.body.classList.contains("lotse-nav-open")) {
      return;
    }
    setOpen(false);
    var button = menuButton();
    if (button && button.offsetParent !== null) {
      button.focus();
    }
  });

  function label(box) {
    var table = box.querySelector("table");
    var caption = table && table.querySelector("caption");
    var text = caption ? caption.textContent.trim() : "";
    if (!text && table && table.getAttribute("aria-label")) {
      text = table.getAttribute("aria-label");
    }
    var image = box.querySelector("img[alt]");
    if (!text && image) {
      text = image.getAttribute("alt");
    }
    return text || document.body.getAttribute("data-scroll-label") || "Table";
  }

  function markScrolling(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", label(box));
      box.setAttribute("data-lotse-scroll", "");
    } else if (!scrolls && box.hasAttribute("data-lotse-scroll")) {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      box.removeAttribute("data-lotse-scroll");
    }
  }

  /* A simple table (one header row, no merged cells, every row as wide as the header) can be
   * shown as cards on a phone: each cell gets its column's name (data-label, shown by the CSS)
   * and explicit roles, so it stays a table for screen readers when its rows become blocks. */
  function cardify(table) {
    if (table.classList.contains("lotse-cards") || table.hasAttribute("data-no-cards")) {
      return;
    }
    var head = table.tHead;
    if (!head || head.rows.length !== 1 || table.querySelector("[colspan], [rowspan]")) {
      return;
    }
    var headers = head.rows[0].cells;
    if (headers.length < 3) {
      return;
    }
    var bodies = table.tBodies;
    for (var b = 0; b < bodies.length; b++) {
      for (var r = 0; r < bodies[b].rows.length; r++) {
        if (bodies[b].rows[r].cells.length !== headers.length) {
          return;
        }
      }
    }
    table.setAttribute("role", "table");
    head.setAttribute("role", "rowgroup");
    head.rows[0].setAttribute("role", "row");
    for (var h = 0; h < headers.length; h++) {
      headers[h].setAttribute("role", "columnheader");
    }
    for (var c = 0; c < bodies.length; c++) {
      bodies[c].setAttribute("role", "rowgroup");
      for (var i = 0; i < bodies[c].rows.length; i++) {
        var row = bodies[c].rows[i];
        row.setAttribute("role", "row");
        for (var k = 0; k < row.cells.length; k++) {
          var cell = row.cells[k];
          cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
          cell.setAttribute("data-label", headers[k].textContent.replace(/\s+/g, " ").trim());
        }
      }
    }
    table.classList.add("lotse-cards");
  }

  function wrapTables() {
    var tables = document.querySelectorAll("main table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      cardify(table);
      if (table.parentElement.closest(".table-responsive")) {
        continue;
      }
      var box = document.createElement("div");
      box.className = "table-responsive lotse-table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    var boxes = document.querySelectorAll("main .table-responsive, main .lotse-scroll-box");
    for (var j = 0; j < boxes.length; j++) {
      markScrolling(boxes[j]);
    }
  }

  /* "Select all on this page" (input[data-lotse-select-all], the case list): it sends the page's
   * ids itself, so it works without JavaScript; here it also ticks or clears the rows' boxes of
   * the same form, and clearing one row clears it (else it would still send that row). */
  document.addEventListener("change", function (event) {
    var box = event.target;
    var formId = box && box.type === "checkbox" ? box.getAttribute("form") : null;
    if (!formId) {
      return;
    }
    var boxes = document.querySelectorAll("input[type=checkbox][form='" + formId + "']");
    var all = null;
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].hasAttribute("data-lotse-select-all")) {
        all = boxes[i];
      }
    }
    if (!all) {
      return;
    }
    if (box === all) {
      for (var k = 0; k < boxes.length; k++) {
        boxes[k].checked = all.checked;
      }
    } else if (!box.checked) {
      all.checked = false;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    wrapTables();
  });
  document.addEventListener("htmx:afterSettle", function () {
    wrapTables();
  });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      wrapTables();
      if (window.matchMedia("(min-width: 992px)").matches) {
        setOpen(false);
      }
    }, 150);
  });
})();
