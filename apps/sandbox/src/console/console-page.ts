/**
 * The console: what Meta's WhatsApp Manager is to a provider operator, reduced to making a test
 * number whose credentials go into Bacheca's onboarding wizard. Strings, like the phone page, so
 * `tsc` ships them; the script writes values with textContent only.
 */
export const CONSOLE_HTML = `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Console di prova · Bacheca sandbox</title>
<link rel="stylesheet" href="/console.css">
</head>
<body>
<main aria-labelledby="title">
  <h1 id="title">Console di prova</h1>
  <p>Crea un numero WhatsApp Business di prova, come faresti nel WhatsApp Manager di Meta, e copia le sue credenziali nella procedura di attivazione del Comune in Bacheca. Ambiente di prova: nessun messaggio reale.</p>
  <form id="create" novalidate>
    <div class="field">
      <label for="label">Nome mostrato sul telefono di prova</label>
      <input id="label" required maxlength="120" autocomplete="off" placeholder="Comune di …">
    </div>
    <div class="field">
      <label for="display">Numero di telefono (facoltativo)</label>
      <input id="display" type="tel" inputmode="tel" autocomplete="off" aria-describedby="display-help">
      <small id="display-help">Se lo lasci vuoto ne viene inventato uno, per esempio +39 3xx xxx xxxx.</small>
    </div>
    <div class="field">
      <label for="callback">URL del webhook di Bacheca</label>
      <input id="callback" type="url" required autocomplete="off" value="" data-default="__CALLBACK__">
    </div>
    <button type="submit">Crea il numero</button>
  </form>
  <p id="status" role="status" aria-live="polite"></p>
  <section id="result" hidden aria-labelledby="result-title">
    <h2 id="result-title" tabindex="-1">Credenziali del numero</h2>
    <p>Copiale ora nella procedura di attivazione: token e chiave segreta non saranno mostrati di nuovo qui.</p>
    <dl>
      <dt>Phone number ID</dt><dd><code id="phoneNumberId"></code></dd>
      <dt>Numero da mostrare</dt><dd><code id="displayPhoneNumber"></code></dd>
      <dt>WhatsApp Business Account ID</dt><dd><code id="wabaId"></code></dd>
      <dt>Token di accesso</dt><dd><code id="accessToken"></code></dd>
      <dt>App secret</dt><dd><code id="appSecret"></code></dd>
      <dt>Verify token del webhook</dt><dd><code id="webhookVerifyToken"></code></dd>
      <dt>Messaggi al secondo</dt><dd><code id="mps"></code></dd>
    </dl>
    <p><a href="/phone">Apri il telefono di prova</a></p>
  </section>
</main>
<script src="/console.js" defer></script>
</body>
</html>
`;

export const CONSOLE_CSS = `
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111b21; background: #f0f2f5; }
main { max-width: 720px; margin: 0 auto; padding: 16px; }
h1 { color: #075e54; }
.field { display: grid; gap: 2px; margin-bottom: 12px; }
label { font-weight: 600; }
small { color: #4a5a63; }
input, button { font: inherit; padding: 8px; border-radius: 6px; }
input { border: 1px solid #6b7b84; background: #fff; }
button { border: 0; background: #075e54; color: #fff; min-height: 44px; padding: 8px 16px; cursor: pointer; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
#status { min-height: 1.5em; }
`;

export const CONSOLE_JS = `
'use strict';
(function () {
  var form = document.getElementById('create');
  var statusLine = document.getElementById('status');
  var callback = document.getElementById('callback');
  if (!callback.value && callback.dataset.default) callback.value = callback.dataset.default;
  var fields = ['phoneNumberId', 'displayPhoneNumber', 'wabaId', 'accessToken', 'appSecret', 'webhookVerifyToken', 'mps'];

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var label = document.getElementById('label').value.trim();
    var display = document.getElementById('display').value.trim();
    if (!label) { statusLine.textContent = 'Scrivi il nome da mostrare.'; document.getElementById('label').focus(); return; }
    var body = { label: label, callbackUrl: callback.value.trim() };
    if (display) body.displayPhoneNumber = display;
    statusLine.textContent = 'Creazione in corso…';
    fetch('/_sandbox/numbers/new', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (json) { return { ok: r.ok, json: json }; }); })
      .then(function (res) {
        if (!res.ok) { statusLine.textContent = 'Numero non creato: ' + [].concat(res.json.message || 'errore').join('; '); return; }
        fields.forEach(function (f) { document.getElementById(f).textContent = f === 'displayPhoneNumber' ? '+' + res.json[f] : String(res.json[f]); });
        document.getElementById('result').hidden = false;
        statusLine.textContent = 'Numero creato.';
        document.getElementById('result-title').focus();
      })
      .catch(function () { statusLine.textContent = 'Il sandbox non risponde.'; });
  });
})();
`;
