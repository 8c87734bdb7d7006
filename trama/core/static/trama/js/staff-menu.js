// The back-office menu on phones: Bootstrap Italia's collapsible header nav, opened by its
// "Menu" button. Only this, instead of the theme's whole bundle (a megabyte on every page).
// The panel shows by a class (no inline style: the CSP forbids it).
(function () {
  "use strict";
  var opener = document.querySelector('[data-trama-menu="open"]');
  if (!opener) return;
  var panel = document.getElementById(opener.getAttribute("aria-controls"));

  function isOpen() {
    return opener.getAttribute("aria-expanded") === "true";
  }

  function open() {
    panel.classList.add("trama-shown");
    void panel.offsetWidth; // lay out the panel before it slides in
    panel.classList.add("expanded");
    opener.setAttribute("aria-expanded", "true");
    var first = panel.querySelector(".navbar-nav a");
    if (first) first.focus();
  }

  function close() {
    panel.classList.remove("expanded", "trama-shown");
    opener.setAttribute("aria-expanded", "false");
    opener.focus();
  }

  opener.addEventListener("click", function () {
    if (isOpen()) close();
    else open();
  });
  panel.querySelectorAll('[data-trama-menu="close"]').forEach(function (element) {
    element.addEventListener("click", close);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen()) close();
  });
})();
