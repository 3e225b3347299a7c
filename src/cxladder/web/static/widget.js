/*! cxladder feedback widget: plain JavaScript, no framework, no cookies.
 *
 * <div id="cxladder-feedback"></div>
 * <script src="https://cx.example.nl/widget.js" defer
 *   data-server="https://cx.example.nl" data-organization="bistro" data-touchpoint="web"
 *   data-key="cxl_..." data-question="nps"></script>
 *
 * Asks one question (nps 0-10, csat 1-5 or ces 1-7) and a comment, in Dutch or English by the
 * page's <html lang>. Responses are queued in localStorage and sent with retries, so a response
 * given offline arrives when the connection is back; each carries its own id, so a retry is
 * stored once.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var cfg = script.dataset;
  var server = (cfg.server || new URL(script.src).origin).replace(/\/$/, "");
  var question = cfg.question || "nps";
  var lang = (document.documentElement.lang || navigator.language || "en").slice(0, 2).toLowerCase() === "nl" ? "nl" : "en";
  var QUEUE = "cxladder-queue:" + cfg.organization + ":" + cfg.touchpoint;

  var TEXT = {
    en: {
      nps: "How likely are you to recommend us to a friend or colleague?",
      csat: "How satisfied are you with this visit?",
      ces: "How easy was it to get what you needed?",
      low: { nps: "Not at all likely", csat: "Very dissatisfied", ces: "Very easy" },
      high: { nps: "Extremely likely", csat: "Very satisfied", ces: "Very difficult" },
      comment: "Anything you would like to tell us? (optional)",
      send: "Send",
      thanks: "Thank you! Your feedback has been received.",
      queued: "You seem to be offline. Your feedback is saved and will be sent automatically.",
      pick: "Please choose a score first.",
      title: "Your feedback"
    },
    nl: {
      nps: "Hoe waarschijnlijk is het dat je ons aanbeveelt aan een vriend of collega?",
      csat: "Hoe tevreden ben je over dit bezoek?",
      ces: "Hoe makkelijk was het om te regelen wat je nodig had?",
      low: { nps: "Zeer onwaarschijnlijk", csat: "Zeer ontevreden", ces: "Heel makkelijk" },
      high: { nps: "Zeer waarschijnlijk", csat: "Zeer tevreden", ces: "Heel moeilijk" },
      comment: "Wil je ons nog iets vertellen? (niet verplicht)",
      send: "Versturen",
      thanks: "Dank je wel! We hebben je feedback ontvangen.",
      queued: "Je lijkt offline te zijn. Je feedback is bewaard en wordt vanzelf verstuurd.",
      pick: "Kies eerst een score.",
      title: "Jouw feedback"
    }
  }[lang];
  var RANGE = { nps: [0, 10], csat: [1, 5], ces: [1, 7] }[question] || [0, 10];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function readQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  }
  function writeQueue(items) {
    try { localStorage.setItem(QUEUE, JSON.stringify(items)); } catch (e) { /* private mode */ }
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return String(Date.now()) + "-" + Math.random().toString(16).slice(2);
  }

  var sending = false;
  function flush() {
    var items = readQueue();
    if (sending || !items.length) { return Promise.resolve(items.length === 0); }
    sending = true;
    var item = items[0];
    return fetch(server + "/c/" + encodeURIComponent(cfg.organization) + "/" + encodeURIComponent(cfg.touchpoint), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(item),
      credentials: "omit",
      keepalive: true
    }).then(function (response) {
      sending = false;
      // 4xx other than 429 will never succeed: drop it rather than block the queue.
      if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429)) {
        writeQueue(readQueue().filter(function (q) { return q.response_id !== item.response_id; }));
        return response.ok ? flush() : false;
      }
      return false;
    }, function () { sending = false; return false; });
  }

  function render(root) {
    var form = el("form", { "class": "cxl-form", "aria-labelledby": "cxl-title", novalidate: "" });
    form.appendChild(el("h2", { id: "cxl-title", "class": "cxl-title" }, TEXT.title));
    var group = el("fieldset", { "class": "cxl-scale" });
    group.appendChild(el("legend", {}, TEXT[question]));
    var chosen = null;
    for (var v = RANGE[0]; v <= RANGE[1]; v++) {
      var id = "cxl-score-" + v;
      var input = el("input", { type: "radio", name: "cxl-score", id: id, value: String(v) });
      var label = el("label", { "for": id }, String(v));
      input.addEventListener("change", function (e) { chosen = Number(e.target.value); });
      group.appendChild(input);
      group.appendChild(label);
    }
    var ends = el("p", { "class": "cxl-ends", "aria-hidden": "true" }, RANGE[0] + " = " + TEXT.low[question] + " · " + RANGE[1] + " = " + TEXT.high[question]);
    group.appendChild(ends);
    form.appendChild(group);
    form.appendChild(el("label", { "for": "cxl-comment" }, TEXT.comment));
    var comment = el("textarea", { id: "cxl-comment", rows: "3", maxlength: "5000" });
    form.appendChild(comment);
    var send = el("button", { type: "submit" }, TEXT.send);
    form.appendChild(send);
    var status = el("p", { "class": "cxl-status", role: "status", "aria-live": "polite" });
    form.appendChild(status);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (chosen === null) { status.textContent = TEXT.pick; return; }
      var item = { key: cfg.key, comment: comment.value, language: lang, response_id: newId() };
      item[question] = chosen;
      writeQueue(readQueue().concat([item]));
      send.disabled = true;
      flush().then(function (done) {
        status.textContent = done ? TEXT.thanks : TEXT.queued;
        form.setAttribute("data-state", done ? "sent" : "queued");
      });
    });
    root.appendChild(form);
  }

  var style = el("style", {}, ".cxl-form{font:16px/1.4 system-ui,sans-serif;max-width:32rem;border:1px solid #555;border-radius:8px;padding:1rem;color:#111;background:#fff}.cxl-scale{border:0;padding:0;margin:0 0 .75rem}.cxl-scale input{position:absolute;opacity:0;width:1px;height:1px}.cxl-scale label{display:inline-block;min-width:2.2rem;padding:.35rem;margin:.1rem;border:1px solid #444;border-radius:4px;text-align:center;cursor:pointer}.cxl-scale input:checked+label{background:#0b5394;color:#fff}.cxl-scale input:focus-visible+label{outline:3px solid #f1c232;outline-offset:2px}.cxl-form textarea{display:block;width:100%;box-sizing:border-box;margin:.25rem 0 .75rem}.cxl-form button{padding:.5rem 1rem;background:#0b5394;color:#fff;border:0;border-radius:4px}.cxl-form button:focus-visible{outline:3px solid #f1c232}.cxl-ends{font-size:.85rem;color:#333}");
  document.head.appendChild(style);
  var root = document.getElementById(cfg.target || "cxladder-feedback");
  if (!root) { root = el("div", { id: "cxladder-feedback" }); script.parentNode.insertBefore(root, script); }
  render(root);
  window.addEventListener("online", flush);
  setInterval(flush, 15000);
  flush();
})();
