/* Lotse layout on phones and tablets (issue #19 §1), loaded in <head> without defer.
 *
 * - Marks the page as scripted (html.lotse-js): only then does the CSS hide the side navigation
 *   behind the menu button below 992 px; without JavaScript it stays open above the content.
 * - The menu button opens and closes the navigation (aria-expanded); Escape closes it and puts
 *   the focus back on the button.
 * - Every table in <main> that is not in a .table-responsive box gets one, so a wide table
 *   scrolls inside its own box instead of the whole page. A box that really scrolls becomes a
 *   focusable, named region (keyboard users can scroll it; axe: scrollable-region-focusable).
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

  function wrapTables() {
    var tables = document.querySelectorAll("main table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (table.parentElement.closest(".table-responsive")) {
        continue;
      }
      var box = document.createElement("div");
      box.className = "table-responsive lotse-table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    var boxes = document.querySelectorAll("main .table-responsive");
    for (var j = 0; j < boxes.length; j++) {
      markScrolling(boxes[j]);
    }
  }

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
