/*
 * TanyaRB widget: one script tag puts a question box on any site.
 *
 *   <script src="https://HOST/widget.js" data-region="Kota Blitar" defer></script>
 *
 * Plain JavaScript, no build step. Everything lives in a shadow root, so the host page's
 * styles do not reach it and its styles do not leak out. Answer and citation text is always
 * set with textContent, never parsed as HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__tanyarbWidget) {
    return;
  }
  window.__tanyarbWidget = true;
  var apiBase = new URL(script.src, window.location.href).origin;
  var region = script.getAttribute("data-region") || "";
  var title = script.getAttribute("data-title") || "Tanya Road Map RB";

  var TEXT = {
    open: "Buka tanya jawab Road Map Reformasi Birokrasi",
    close: "Tutup",
    label: "Pertanyaan Anda",
    placeholder: "mis. siapa penanggung jawab SPIP?",
    send: "Kirim",
    searching: "Mencari di dokumen…",
    sources: "Sumber",
    helpful: "Jawaban ini membantu",
    notHelpful: "Jawaban ini tidak membantu",
    thanks: "Terima kasih atas penilaian Anda.",
    failed: "Maaf, terjadi kesalahan. Silakan coba lagi.",
    busy: "Terlalu banyak pertanyaan. Coba lagi dalam beberapa detik.",
    intro: "Tanyakan isi Road Map Reformasi Birokrasi" + (region ? " " + region : "") +
      ". Setiap jawaban menyebut baris dokumen sumbernya.",
  };

  var CSS = [
    ":host{all:initial}",
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
    ".fab{position:fixed;right:16px;bottom:16px;z-index:2147483000;border:0;border-radius:28px;",
    "padding:12px 18px;background:#0b5cab;color:#fff;font-size:15px;font-weight:600;cursor:pointer;",
    "box-shadow:0 4px 14px rgba(0,0,0,.25)}",
    ".fab:focus-visible,button:focus-visible,textarea:focus-visible,a:focus-visible{",
    "outline:3px solid #f5a623;outline-offset:2px}",
    ".panel{position:fixed;right:16px;bottom:76px;z-index:2147483000;width:min(380px,calc(100vw - 24px));",
    "max-height:min(620px,calc(100vh - 100px));display:flex;flex-direction:column;background:#fff;",
    "color:#1b1b1b;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);overflow:hidden;font-size:14px}",
    ".panel[hidden]{display:none}",
    "@media (max-width:480px){.panel{right:12px;left:12px;width:auto;bottom:72px}}",
    "header{display:flex;align-items:center;justify-content:space-between;padding:10px 12px;",
    "background:#0b5cab;color:#fff}",
    "header h2{font-size:15px;margin:0}",
    ".x{background:transparent;border:0;color:#fff;font-size:20px;cursor:pointer;line-height:1}",
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px}",
    ".msg{margin:0;padding:8px 10px;border-radius:8px;white-space:pre-wrap;word-break:break-word}",
    ".q{align-self:flex-end;background:#e8f0fb;max-width:85%}",
    ".a{background:#f5f5f5}",
    ".note{color:#555;font-size:13px}",
    ".status{color:#555;font-style:italic}",
    ".a ol{margin:8px 0 0;padding-left:20px}",
    ".a li{margin:2px 0}",
    ".a a{color:#0b5cab}",
    ".rate{display:flex;gap:6px;margin-top:8px;align-items:center}",
    ".rate button{border:1px solid #ccc;background:#fff;color:#1b1b1b;border-radius:6px;padding:2px 8px;cursor:pointer;font-size:13px}",
    ".rate button[aria-pressed=true]{background:#e8f0fb;border-color:#0b5cab}",
    "form{display:flex;gap:6px;padding:10px;border-top:1px solid #e2e2e2}",
    "textarea{flex:1;resize:none;min-height:40px;max-height:120px;padding:8px;border:1px solid #bbb;",
    "border-radius:8px;font-size:14px}",
    ".send{border:0;border-radius:8px;background:#0b5cab;color:#fff;padding:0 14px;font-weight:600;cursor:pointer}",
    ".send[disabled]{opacity:.6;cursor:default}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
  ].join("");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  var host = el("div", { id: "tanyarb-widget" });
  var root = host.attachShadow({ mode: "open" });
  var style = el("style");
  style.textContent = CSS;
  root.appendChild(style);

  var fab = el("button", {
    class: "fab",
    type: "button",
    "aria-haspopup": "dialog",
    "aria-expanded": "false",
    "aria-controls": "tanyarb-panel",
    "aria-label": TEXT.open,
  }, "Tanya RB");
  var panel = el("section", {
    class: "panel",
    id: "tanyarb-panel",
    role: "dialog",
    "aria-modal": "false",
    "aria-labelledby": "tanyarb-title",
    hidden: "",
  });
  var header = el("header");
  header.appendChild(el("h2", { id: "tanyarb-title" }, title));
  var closeButton = el("button", { class: "x", type: "button", "aria-label": TEXT.close }, "×");
  header.appendChild(closeButton);
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions" });
  log.appendChild(el("p", { class: "msg note" }, TEXT.intro));
  var form = el("form", { "aria-label": title });
  var inputId = "tanyarb-question";
  form.appendChild(el("label", { for: inputId, class: "sr" }, TEXT.label));
  var input = el("textarea", {
    id: inputId,
    name: "question",
    rows: "2",
    maxlength: "1000",
    placeholder: TEXT.placeholder,
    required: "",
  });
  var send = el("button", { class: "send", type: "submit" }, TEXT.send);
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(form);
  root.appendChild(fab);
  root.appendChild(panel);

  function setOpen(open) {
    panel.hidden = !open;
    fab.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      input.focus();
    } else {
      fab.focus();
    }
  }

  fab.addEventListener("click", function () {
    setOpen(panel.hidden);
  });
  closeButton.addEventListener("click", function () {
    setOpen(false);
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      setOpen(false);
    }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function citationLink(citation) {
    var url = citation.url || "";
    if (url.indexOf("/") === 0) {
      url = apiBase + url;
    }
    return url;
  }

  function citationLabel(citation) {
    var where = citation.page ? "hlm. " + citation.page + ", " : "";
    if (citation.line_start) {
      where += citation.line_end && citation.line_end !== citation.line_start
        ? "baris " + citation.line_start + "–" + citation.line_end
        : "baris " + citation.line_start;
    }
    return citation.document + (where ? " (" + where + ")" : "");
  }

  function rateButtons(question, answer) {
    var box = el("div", { class: "rate" });
    var up = el("button", { type: "button", "aria-label": TEXT.helpful, "aria-pressed": "false" }, "👍 Ya");
    var down = el("button", { type: "button", "aria-label": TEXT.notHelpful, "aria-pressed": "false" }, "👎 Tidak");
    var note = el("span", { class: "note", role: "status" });
    function rate(rating, button) {
      up.disabled = true;
      down.disabled = true;
      button.setAttribute("aria-pressed", "true");
      fetch(apiBase + "/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          question: question.slice(0, 2000),
          answer: answer.slice(0, 8000),
          rating: rating,
          channel: "web",
          region: region || null,
        }),
      }).then(function (response) {
        note.textContent = response.ok ? TEXT.thanks : TEXT.failed;
      }, function () {
        note.textContent = TEXT.failed;
      });
    }
    up.addEventListener("click", function () { rate("up", up); });
    down.addEventListener("click", function () { rate("down", down); });
    box.appendChild(up);
    box.appendChild(down);
    box.appendChild(note);
    return box;
  }

  function showAnswer(bubble, question, answer, citations) {
    bubble.textContent = "";
    bubble.classList.remove("status");
    bubble.appendChild(el("div", { class: "text" }, answer.answer));
    if (citations.length) {
      bubble.appendChild(el("div", { class: "note" }, TEXT.sources + ":"));
      var list = el("ol");
      citations.forEach(function (citation) {
        var item = el("li");
        var link = el("a", {
          href: citationLink(citation),
          target: "_blank",
          rel: "noopener noreferrer",
        }, citationLabel(citation));
        if (citation.quote) {
          link.setAttribute("title", citation.quote);
        }
        item.appendChild(link);
        list.appendChild(item);
      });
      bubble.appendChild(list);
    }
    bubble.appendChild(rateButtons(question, answer.answer));
  }

  function parseEvents(buffer, onEvent) {
    var parts = buffer.split("\n\n");
    var rest = parts.pop();
    parts.forEach(function (block) {
      var name = "message";
      var data = "";
      block.split("\n").forEach(function (line) {
        if (line.indexOf("event: ") === 0) {
          name = line.slice(7);
        } else if (line.indexOf("data: ") === 0) {
          data += line.slice(6);
        }
      });
      if (data) {
        onEvent(name, JSON.parse(data));
      }
    });
    return rest;
  }

  function errorText(body) {
    if (body && body.message) {
      return body.message.id || body.message.en || TEXT.failed;
    }
    return TEXT.failed;
  }

  function ask(question) {
    log.appendChild(el("p", { class: "msg q" }, question));
    var bubble = el("div", { class: "msg a status" }, TEXT.searching);
    log.appendChild(bubble);
    scrollDown();
    send.disabled = true;
    var answer = null;
    var citations = [];
    var payload = { question: question };
    if (region) {
      payload.region = region;
    }
    return fetch(apiBase + "/ask/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(payload),
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (body) {
          bubble.classList.remove("status");
          bubble.textContent = response.status === 429 ? TEXT.busy : errorText(body);
        }, function () {
          bubble.classList.remove("status");
          bubble.textContent = TEXT.failed;
        });
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function onEvent(name, data) {
        if (name === "status") {
          bubble.textContent = data.message || TEXT.searching;
        } else if (name === "answer") {
          answer = data;
        } else if (name === "citations") {
          citations = data;
        } else if (name === "error") {
          bubble.classList.remove("status");
          bubble.textContent = errorText(data);
        } else if (name === "done" && answer) {
          showAnswer(bubble, question, answer, citations);
        }
        scrollDown();
      }
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) {
            parseEvents(buffer + "\n\n", onEvent);
            return;
          }
          buffer = parseEvents(buffer + decoder.decode(chunk.value, { stream: true }), onEvent);
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      bubble.classList.remove("status");
      bubble.textContent = TEXT.failed;
    }).then(function () {
      send.disabled = false;
      scrollDown();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question || send.disabled) {
      return;
    }
    input.value = "";
    ask(question);
  });

  function mount() {
    document.body.appendChild(host);
  }
  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
