// plancoder coding page: the coding screen's keys in the browser.
// Every action is posted and shown only after the server answers, i.e.
// after the store has committed it. Actions run one at a time, in order.
"use strict";
(function () {
  var root = document.getElementById("coding");
  if (!root) { return; }
  var frag = root.dataset.frag;
  var csrf = root.dataset.csrf;
  var status = document.getElementById("status");
  var bar = document.getElementById("bar");
  var barLabel = document.getElementById("bar-label");
  var barInput = document.getElementById("bar-input");
  var barOp = "";
  var chain = Promise.resolve();
  var shortcuts = {};
  document.querySelectorAll("li.code").forEach(function (li) {
    if (li.dataset.shortcut) { shortcuts[li.dataset.shortcut] = li.dataset.key; }
  });

  function say(msg, bad) {
    status.textContent = msg;
    status.className = bad ? "status bad" : "status";
  }

  function post(params) {
    params.frag = frag;
    var body = new URLSearchParams(params);
    chain = chain.then(function () {
      return fetch("/code/do", {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf, "Accept": "application/json" },
        body: body
      }).then(function (res) {
        return res.json().catch(function () { return { ok: false, error: "HTTP " + res.status }; });
      }).then(function (r) {
        if (r.reload) { window.location.reload(); return; }
        if (!r.ok) { say(r.error || r.msg || "not saved", true); return; }
        if (r.code) {
          var li = document.querySelector('li.code[data-key="' + r.code + '"]');
          if (li) { li.classList.toggle("on", !!r.on); }
        }
        if (r.msg) { say(r.msg, false); }
      }).catch(function (e) { say("not saved: " + e, true); });
    });
    say("saving…", false);
  }

  function ask(op, label) {
    barOp = op;
    barLabel.textContent = label;
    barInput.value = "";
    bar.classList.remove("hidden");
    barInput.focus();
  }

  bar.addEventListener("submit", function (e) {
    e.preventDefault();
    var v = barInput.value;
    bar.classList.add("hidden");
    if (!v) { return; }
    if (barOp === "memo" || barOp === "find") { post({ op: barOp, text: v }); }
    if (barOp === "jump") { post({ op: "jump", to: v }); }
  });
  barInput.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { bar.classList.add("hidden"); e.stopPropagation(); }
  });

  document.querySelectorAll("button.toggle").forEach(function (b) {
    b.addEventListener("click", function () { post({ op: "toggle", code: b.dataset.key }); });
  });

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) { return; }
    var k = e.key;
    var handled = true;
    if (shortcuts[k]) { post({ op: "toggle", code: shortcuts[k] }); }
    else if (k === "j" || k === "n" || k === " " || k === "Enter" || k === "ArrowDown") { post({ op: "move", delta: "1" }); }
    else if (k === "k" || k === "p" || k === "ArrowUp") { post({ op: "move", delta: "-1" }); }
    else if (k === "G") { post({ op: "jump", to: root.dataset.total }); }
    else if (k === "q") { window.location.assign("/"); }
    else if (k === "u") { post({ op: "undo" }); }
    else if (k === "m" || k === "g" || k === "/") { pending = k; }
    else if (k === "?") {
      document.querySelectorAll(".def").forEach(function (d) { d.classList.toggle("hidden"); });
    }
    else { handled = false; }
    if (handled) { e.preventDefault(); }
  });

  // The command bar opens when its key is released: focusing the input
  // while the key is down would type the key into it.
  var pending = "";
  var bars = { m: ["memo", "memo"], g: ["jump", "go to (number or fragment ID)"], "/": ["find", "find"] };
  document.addEventListener("keyup", function (e) {
    if (pending && e.key === pending) {
      var b = bars[pending];
      pending = "";
      ask(b[0], b[1]);
    }
  });
})();
