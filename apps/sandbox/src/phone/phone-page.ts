/**
 * The phone page: a citizen's WhatsApp, simulated. Kept as strings so `tsc` ships it in dist without a
 * copy step. The script builds the DOM with textContent only: message bodies come from tests and
 * from our API, and must never be interpreted as HTML.
 */
export const PHONE_HTML = `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Telefono di prova · Bacheca sandbox</title>
<link rel="stylesheet" href="/phone.css">
</head>
<body>
<main class="phone" aria-labelledby="title">
  <header class="bar">
    <h1 id="title">Telefono di prova</h1>
    <p class="hint">Simula un cittadino che scrive al numero WhatsApp del Comune. Ambiente di prova: nessun messaggio reale.</p>
  </header>
  <form id="setup" class="setup" novalidate>
    <div class="field">
      <label for="town">Numero del Comune</label>
      <div class="row">
        <select id="town" required></select>
        <button type="button" id="refresh">Aggiorna</button>
      </div>
    </div>
    <div class="field">
      <label for="citizen">Il tuo numero</label>
      <input id="citizen" type="tel" inputmode="tel" autocomplete="off" value="+39 333 0000001" required aria-describedby="citizen-help">
      <small id="citizen-help">Formato internazionale, per esempio +39 333 0000001</small>
    </div>
    <div class="field">
      <label for="name">Il tuo nome su WhatsApp</label>
      <input id="name" autocomplete="off" value="Cittadino di prova">
    </div>
  </form>
  <section class="chat" aria-labelledby="chat-title">
    <h2 id="chat-title" class="visually-hidden">Conversazione con il Comune</h2>
    <ol id="log" class="log" role="log" aria-live="polite" aria-relevant="additions"></ol>
  </section>
  <form id="composer" class="composer">
    <label for="text" class="visually-hidden">Messaggio</label>
    <textarea id="text" rows="2" placeholder="Scrivi un messaggio (Invio per inviare, Maiusc+Invio per andare a capo)" required></textarea>
    <button type="submit">Invia</button>
  </form>
  <p id="status" class="status" role="status" aria-live="polite"></p>
</main>
<script src="/phone.js" defer></script>
</body>
</html>
`;

export const PHONE_CSS = `
:root { --bar: #075e54; --bg: #ece5dd; --mine: #d9fdd3; --theirs: #ffffff; --ink: #111b21; --muted: #4a5a63; --focus: #0b57d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #d1d7db; }
.phone { max-width: 480px; min-height: 100vh; margin: 0 auto; display: flex; flex-direction: column; background: var(--bg); }
.bar { background: var(--bar); color: #fff; padding: 12px 16px; }
.bar h1 { margin: 0; font-size: 1.25rem; }
.hint { margin: 4px 0 0; font-size: .875rem; }
.setup { padding: 12px 16px; background: #f0f2f5; border-bottom: 1px solid #c5cbcf; display: grid; gap: 8px; }
.field { display: grid; gap: 2px; }
.field label { font-weight: 600; font-size: .9rem; }
.field small { color: var(--muted); font-size: .8rem; }
.row { display: flex; gap: 8px; }
.row select { flex: 1; min-width: 0; }
input, select, textarea, button { font: inherit; color: inherit; }
input, select, textarea { padding: 8px; border: 1px solid #6b7b84; border-radius: 6px; background: #fff; }
button { padding: 8px 14px; border: 0; border-radius: 6px; background: var(--bar); color: #fff; cursor: pointer; min-height: 44px; }
button.reply { background: #fff; color: var(--bar); border: 1px solid var(--bar); width: 100%; margin-top: 6px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.chat { flex: 1; overflow-y: auto; padding: 12px; }
.log { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.msg { max-width: 85%; padding: 8px 10px; border-radius: 8px; box-shadow: 0 1px 1px rgba(0,0,0,.15); white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.theirs { align-self: flex-start; background: var(--theirs); }
.msg.mine { align-self: flex-end; background: var(--mine); }
.meta { display: block; margin-top: 4px; font-size: .75rem; color: var(--muted); text-align: right; }
.label { display: block; font-size: .8rem; font-weight: 600; color: var(--muted); }
.params { margin: 4px 0 0; padding-left: 20px; }
.composer { display: flex; gap: 8px; padding: 8px; background: #f0f2f5; border-top: 1px solid #c5cbcf; position: sticky; bottom: 0; }
.composer textarea { flex: 1; resize: vertical; min-height: 44px; }
.status { margin: 0; padding: 4px 12px 8px; font-size: .85rem; color: var(--muted); background: #f0f2f5; min-height: 1.5em; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`;

export const PHONE_JS = `
'use strict';
(function () {
  var town = document.getElementById('town');
  var citizen = document.getElementById('citizen');
  var nameInput = document.getElementById('name');
  var log = document.getElementById('log');
  var statusLine = document.getElementById('status');
  var composer = document.getElementById('composer');
  var text = document.getElementById('text');
  var afterSeq = 0;
  var conversation = '';
  var polling = false;

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }
  function say(message) { statusLine.textContent = message; }
  function digits(value) { return value.replace(/[^0-9]/g, ''); }
  function e164(value) { return '+' + digits(value); }
  function time(iso) { var d = iso ? new Date(iso) : new Date(); return d.toLocaleTimeString('it-IT', { hour: '2-digit', minute: '2-digit' }); }
  function scrollDown() { log.parentNode.scrollTop = log.parentNode.scrollHeight; }

  function bubble(side, parts, when) {
    var item = el('li', 'msg ' + side);
    item.appendChild(el('span', 'visually-hidden', side === 'mine' ? 'Tu: ' : 'Comune: '));
    parts.forEach(function (part) { item.appendChild(part); });
    item.appendChild(el('span', 'meta', when));
    log.appendChild(item);
    scrollDown();
    return item;
  }

  function params(component) {
    var list = el('ol', 'params');
    (component.parameters || []).forEach(function (p) {
      var value = p.type === 'text' ? p.text : p.type === 'payload' ? p.payload : p[p.type] && (p[p.type].link || p[p.type].id);
      var label = p.parameter_name ? p.parameter_name + ': ' : '';
      list.appendChild(el('li', '', label + (value === undefined ? '(' + p.type + ')' : String(value))));
    });
    return list;
  }

  function renderTemplate(message) {
    var t = message.body.template || {};
    var parts = [el('span', 'label', 'Modello «' + (t.name || '?') + '» (' + ((t.language || {}).code || '?') + ')')];
    (t.components || []).forEach(function (c) {
      if (c.type === 'button' && c.sub_type === 'quick_reply') {
        var payload = ((c.parameters || [])[0] || {}).payload || '';
        var button = el('button', 'reply', payload || 'Risposta rapida ' + c.index);
        button.type = 'button';
        button.setAttribute('aria-label', 'Tocca il pulsante ' + (payload || c.index));
        button.addEventListener('click', function () {
          send({ type: 'button', text: payload, buttonPayload: payload, contextMessageId: message.wamid }, 'Pulsante: ' + payload);
        });
        parts.push(button);
        return;
      }
      parts.push(el('span', 'label', c.type === 'header' ? 'Intestazione' : c.type === 'body' ? 'Testo' : 'Pulsante ' + (c.index || '')));
      parts.push(params(c));
    });
    return parts;
  }

  function link(url, label) {
    var a = el('a', '', label);
    a.href = /^https?:\\/\\//i.test(url) ? url : '#';
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    return a;
  }

  function renderIncoming(message) {
    var body = message.body || {};
    var parts;
    if (message.type === 'text') parts = [el('span', '', (body.text || {}).body || '')];
    else if (message.type === 'template') parts = renderTemplate(message);
    else if (message.type === 'image' || message.type === 'document' || message.type === 'video' || message.type === 'audio') {
      var media = body[message.type] || {};
      var kind = { image: 'Immagine', document: 'Documento', video: 'Video', audio: 'Audio' }[message.type];
      parts = [el('span', 'label', kind)];
      parts.push(media.link ? link(media.link, media.filename || media.link) : el('span', '', 'media id ' + media.id));
      if (media.caption) parts.push(el('span', '', '\\n' + media.caption));
    } else parts = [el('span', 'label', message.type), el('span', '', JSON.stringify(body[message.type] || body))];
    bubble('theirs', parts, time(message.receivedAt));
  }

  function resetConversation() {
    var key = town.value + '|' + e164(citizen.value);
    if (key === conversation) return;
    conversation = key;
    afterSeq = 0;
    log.textContent = '';
    try { localStorage.setItem('sandbox-phone', JSON.stringify({ town: town.value, citizen: citizen.value, name: nameInput.value })); } catch (e) { /* private mode */ }
  }

  function loadNumbers() {
    return fetch('/_sandbox/numbers').then(function (r) { return r.json(); }).then(function (numbers) {
      var previous = town.value || (saved().town || '');
      town.textContent = '';
      if (numbers.length === 0) {
        var none = el('option', '', 'Nessun numero registrato');
        none.value = '';
        town.appendChild(none);
        say('Nessun numero registrato nel sandbox: registrane uno con POST /_sandbox/numbers.');
      }
      numbers.forEach(function (n) {
        var option = el('option', '', (n.label ? n.label + ' – ' : '') + '+' + n.displayPhoneNumber + ' (id ' + n.phoneNumberId + ')');
        option.value = n.phoneNumberId;
        if (n.phoneNumberId === previous) option.selected = true;
        town.appendChild(option);
      });
      resetConversation();
    }).catch(function () { say('Impossibile leggere i numeri del sandbox.'); });
  }

  function saved() { try { return JSON.parse(localStorage.getItem('sandbox-phone') || '{}'); } catch (e) { return {}; } }

  function poll() {
    if (polling || !town.value || digits(citizen.value).length < 7) return;
    polling = true;
    var key = conversation;
    var query = '?phoneNumberId=' + encodeURIComponent(town.value) + '&to=' + encodeURIComponent(e164(citizen.value)) + '&afterSeq=' + afterSeq + '&limit=200';
    fetch('/_sandbox/messages' + query).then(function (r) { return r.json(); }).then(function (result) {
      if (key !== conversation) return;
      (result.messages || []).forEach(function (m) { afterSeq = Math.max(afterSeq, m.seq); renderIncoming(m); });
    }).catch(function () { say('Sandbox non raggiungibile, riprovo…'); }).then(function () { polling = false; });
  }

  function send(extra, shown) {
    if (!town.value) { say('Scegli prima il numero del Comune.'); town.focus(); return Promise.resolve(); }
    if (digits(citizen.value).length < 7) { say('Il tuo numero non è valido.'); citizen.focus(); return Promise.resolve(); }
    resetConversation();
    var item = bubble('mine', [el('span', '', shown)], time() + ' · invio…');
    var payload = Object.assign({ phoneNumberId: town.value, from: e164(citizen.value), profileName: nameInput.value || undefined }, extra);
    return fetch('/_sandbox/inbound', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        var meta = item.querySelector('.meta');
        if (!res.ok) { meta.textContent = time() + ' · rifiutato: ' + [].concat(res.body.message || '').join(', '); return; }
        var code = res.body.callbackStatus;
        meta.textContent = time() + (code === 200 ? ' · ✓ ricevuto dal Comune' : ' · ✗ il Comune non ha risposto 200 (' + (code || res.body.callbackError || 'errore') + ')');
        say(code === 200 ? '' : 'Il webhook del Comune non ha risposto 200: il sandbox riproverà.');
      })
      .catch(function () { item.querySelector('.meta').textContent = time() + ' · ✗ sandbox non raggiungibile'; });
  }

  composer.addEventListener('submit', function (event) {
    event.preventDefault();
    var value = text.value.trim();
    if (!value) { text.focus(); return; }
    text.value = '';
    send({ type: 'text', text: value }, value);
  });
  text.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); composer.requestSubmit(); }
  });
  town.addEventListener('change', resetConversation);
  citizen.addEventListener('change', resetConversation);
  nameInput.addEventListener('change', function () { conversation = ''; resetConversation(); });
  document.getElementById('refresh').addEventListener('click', loadNumbers);
  document.getElementById('setup').addEventListener('submit', function (event) { event.preventDefault(); });

  var s = saved();
  if (s.citizen) citizen.value = s.citizen;
  if (s.name) nameInput.value = s.name;
  loadNumbers().then(poll);
  setInterval(poll, 1000);
})();
`;
