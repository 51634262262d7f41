/* Entity cards: open on hover (after 0.5 s) and on keyboard focus, stay open while the
   pointer is over the link or the card, close 0.3 s after leaving, on Escape, on blur
   and with the close button; on touch, a first tap opens the card and a second tap on
   the same mention follows the link (WCAG 1.4.13: dismissible, hoverable, persistent). */
(function () {
  "use strict";
  var SHOW_DELAY = 500, HIDE_DELAY = 300;
  var open = null, openLink = null, showTimer = 0, hideTimer = 0, lastTouch = 0;
  var refocusing = false, openAtTouch = false;

  function cardFor(link) {
    var id = link.getAttribute("aria-describedby");
    return id ? document.getElementById(id) : null;
  }
  function place(card, link) {
    var r = link.getBoundingClientRect();
    card.style.left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - card.offsetWidth - 8)) + "px";
    card.style.top = (window.scrollY + r.bottom + 6) + "px";
  }
  function show(link) {
    clearTimeout(showTimer); clearTimeout(hideTimer);
    var card = cardFor(link);
    if (!card) return;
    if (open && open !== card) hideNow();
    card.hidden = false;
    place(card, link);
    open = card; openLink = link;
    link.setAttribute("aria-expanded", "true");
  }
  function hideNow() {
    clearTimeout(showTimer); clearTimeout(hideTimer);
    if (open) { open.hidden = true; }
    if (openLink) { openLink.setAttribute("aria-expanded", "false"); }
    open = null; openLink = null;
  }
  /* Give focus back to the mention after the user dismissed its card, without the
     focus handler opening the card again. */
  function refocus(link) {
    if (!link || document.activeElement === link) return;
    refocusing = true;
    try { link.focus(); } finally { refocusing = false; }
  }
  function hideSoon() {
    clearTimeout(showTimer); clearTimeout(hideTimer);
    hideTimer = setTimeout(hideNow, HIDE_DELAY);
  }
  var links = document.querySelectorAll("a.ent[aria-describedby]");
  Array.prototype.forEach.call(links, function (link) {
    link.setAttribute("aria-expanded", "false");
    link.addEventListener("mouseenter", function () {
      clearTimeout(hideTimer); clearTimeout(showTimer);
      if (open && openLink === link) return;
      showTimer = setTimeout(function () { show(link); }, SHOW_DELAY);
    });
    link.addEventListener("mouseleave", hideSoon);
    link.addEventListener("focus", function () { if (!refocusing) show(link); });
    link.addEventListener("blur", function (e) {
      var card = cardFor(link);
      if (card && e.relatedTarget && card.contains(e.relatedTarget)) return;
      hideSoon();
    });
    /* Whether the card was open is read at touchstart: the tap's own focus event opens
       the card before the click arrives, which made the first tap navigate away. */
    link.addEventListener("touchstart", function () {
      lastTouch = Date.now(); openAtTouch = openLink === link;
    }, { passive: true });
    link.addEventListener("click", function (e) {
      if (Date.now() - lastTouch < 800 && !openAtTouch) { e.preventDefault(); show(link); }
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".kaart"), function (card) {
    card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", hideSoon);
    card.addEventListener("focusout", function (e) {
      if (!card.contains(e.relatedTarget) && e.relatedTarget !== openLink) hideSoon();
    });
    var close = card.querySelector(".kaart-sluit");
    if (close) close.addEventListener("click", function () { var l = openLink; hideNow(); refocus(l); });
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && open) { var l = openLink; hideNow(); refocus(l); }
  });
  document.addEventListener("touchstart", function (e) {
    if (open && !open.contains(e.target) && e.target !== openLink) hideNow();
  }, { passive: true });
})();
