// Switchboard chat widget for a tenant's website (docs/chat.md). One tag on the page:
//   <script src="https://<node>/widget/chat-widget.js" data-tenant="demo" data-queue="web" async></script>
// Plain script, no build step, no dependency. The page's origin must be one of the chat queue's widgetOrigins.
// The conversation survives a reload and a dropped connection: the customer token and the chat id are kept in
// sessionStorage; a new socket resumes after the last seq shown (0 after a reload: the whole chat is shown again).
// Every text is shown with textContent, never as markup.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__switchboardChat) { return; }
  window.__switchboardChat = true;
  var tenant = script.getAttribute('data-tenant');
  var queue = script.getAttribute('data-queue');
  var base = new URL(script.src).origin;
  var wsBase = base.replace(/^http/, 'ws');
  var store = window.sessionStorage;
  var KEY = 'switchboard-chat:' + tenant + ':' + queue;
  var T = (navigator.language || 'en').toLowerCase().indexOf('es') === 0 ? {
    open: 'Chatear con nosotros', title: 'Chat', close: 'Cerrar', name: 'Nombre (opcional)',
    email: 'Correo (opcional)', message: 'Mensaje', send: 'Enviar', end: 'Terminar el chat', you: 'Usted',
    bot: 'Asistente', agent: 'Agente', typing: 'escribiendo…', joined: ' se ha unido', ended: 'El chat ha terminado.',
    reconnecting: 'Reconectando…', error: 'Error: ',
    unavailable: 'El chat no está disponible en esta página.',
    closed: 'Ahora estamos cerrados. Vuelva a escribirnos en nuestro horario de atención.'
  } : {
    open: 'Chat with us', title: 'Chat', close: 'Close', name: 'Name (optional)', email: 'E-mail (optional)',
    message: 'Message', send: 'Send', end: 'End chat', you: 'You', bot: 'Assistant', agent: 'Agent',
    typing: 'typing…', joined: ' joined', ended: 'The chat has ended.', reconnecting: 'Reconnecting…',
    error: 'Error: ', unavailable: 'Chat is not available on this page.',
    closed: 'We are closed now. Please write to us again during our opening hours.'
  };

  var state = load();
  var ws = null;
  var retry = 0;
  var agentName = T.agent;
  var pending = [];
  var starting = false;
  var shown = 0;  // the last seq shown on this page (a reloaded page shows the whole chat again)

  function load() {
    try { return JSON.parse(store.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save() { store.setItem(KEY, JSON.stringify(state)); }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) { e.textContent = text; }
    return e;
  }

  // The window: a button, then a labelled dialog with a live log, optional name and e-mail, and a form.
  var root = el('div', { 'class': 'sb-chat' });
  var button = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'sb-chat-panel' }, T.open);
  var panel = el('section', { id: 'sb-chat-panel', role: 'dialog', 'aria-label': T.title, hidden: '' });
  var head = el('header', {});
  var heading = el('h2', {}, T.title);
  var closeBtn = el('button', { type: 'button', 'aria-label': T.close }, '×');
  var log = el('ol', { role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'class': 'sb-log' });
  var status = el('p', { role: 'status', 'class': 'sb-status' });
  var form = el('form', {});
  var nameIn = el('input', { type: 'text', maxlength: '100', autocomplete: 'name', 'aria-label': T.name,
    placeholder: T.name });
  var emailIn = el('input', { type: 'email', maxlength: '254', autocomplete: 'email', 'aria-label': T.email,
    placeholder: T.email });
  var textIn = el('textarea', { rows: '2', maxlength: '2000', 'aria-label': T.message, required: '' });
  var sendBtn = el('button', { type: 'submit' }, T.send);
  var endBtn = el('button', { type: 'button' }, T.end);
  head.append(heading, closeBtn);
  form.append(nameIn, emailIn, textIn, sendBtn, endBtn);
  panel.append(head, log, status, form);
  root.append(button, panel);
  var css = el('style', {}, '.sb-chat{position:fixed;right:1rem;bottom:1rem;font:14px system-ui,sans-serif;z-index:2147483000}'
    + '.sb-chat section{width:20rem;background:#fff;color:#111;border:1px solid #888;border-radius:.5rem;padding:.5rem}'
    + '.sb-chat header{display:flex;justify-content:space-between;align-items:center}.sb-chat h2{font-size:1rem;margin:0}'
    + '.sb-log{list-style:none;margin:.5rem 0;padding:0;max-height:16rem;overflow:auto}.sb-log li{margin:.25rem 0;white-space:pre-wrap}'
    + '.sb-chat input,.sb-chat textarea{display:block;width:100%;box-sizing:border-box;margin:.2rem 0}'
    + '.sb-chat button{margin:.2rem .2rem 0 0}');
  document.head.appendChild(css);
  document.body.appendChild(root);

  function toggle(open) {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) { textIn.focus(); connect(); } else { button.focus(); }
  }
  button.addEventListener('click', function () { toggle(panel.hidden); });
  closeBtn.addEventListener('click', function () { toggle(false); });
  panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') { toggle(false); } });

  function show(from, text) {
    var who = from === 'customer' ? T.you : from === 'bot' ? T.bot : from === 'agent' ? agentName : '';
    var li = el('li', { 'class': 'sb-' + from });
    if (who) { li.append(el('strong', {}, who + ': ')); }
    li.append(document.createTextNode(text));
    log.append(li);
    log.scrollTop = log.scrollHeight;
  }

  function token() {
    if (state.token && state.expiresAt && Date.parse(state.expiresAt) - Date.now() > 60000) {
      return Promise.resolve(state.token);
    }
    var headers = { 'Content-Type': 'application/json' };
    if (state.token) { headers.Authorization = 'Bearer ' + state.token; }  // same customer, fresh token
    return fetch(base + '/chat/v1/token', { method: 'POST', headers: headers,
      body: JSON.stringify({ tenant: tenant, queue: queue }) })
      .then(function (r) { return r.json().then(function (b) { if (!r.ok) { throw new Error(b.detail); } return b; }); })
      .then(function (b) { state.token = b.token; state.expiresAt = b.expiresAt; save(); return b.token; });
  }

  function connect() {
    if (ws || state.ended) { return; }
    token().then(function (t) {
      ws = new WebSocket(wsBase + '/chat/ws');
      ws.onopen = function () {
        retry = 0;
        status.textContent = '';
        if (state.chatId) {
          ws.send(JSON.stringify({ type: 'resume', token: t, chatId: state.chatId, afterSeq: shown }));
        }
        flush();
      };
      ws.onmessage = function (ev) { receive(JSON.parse(ev.data)); };
      ws.onclose = function () {
        ws = null;
        if (!state.ended) {
          status.textContent = T.reconnecting;
          retry = Math.min(retry + 1, 6);
          setTimeout(connect, 500 * Math.pow(2, retry));
        }
      };
    }).catch(function () {
      // a refused origin gets no CORS headers, so the page cannot read why: the same words for every failure
      status.textContent = T.unavailable;
      setTimeout(function () { if (!ws && !panel.hidden) { connect(); } }, 30000);
    });
  }

  function receive(m) {
    if (m.type === 'started') {
      state.chatId = m.chatId; save();
      flush();
    } else if (m.type === 'message') {
      if (m.seq > shown) {
        shown = m.seq;
        show(m.from, m.text);
      }
    } else if (m.type === 'joined') {
      agentName = m.name || T.agent;
      status.textContent = agentName + T.joined;
    } else if (m.type === 'typing') {
      status.textContent = agentName + ' ' + T.typing;
      setTimeout(function () { if (status.textContent.indexOf(T.typing) > 0) { status.textContent = ''; } }, 4000);
    } else if (m.type === 'ended') {
      state.ended = true; save();
      status.textContent = T.ended;
      textIn.disabled = true; sendBtn.disabled = true; endBtn.disabled = true;
    } else if (m.type === 'closed') {
      // outside the queue's business hours: no chat started; the lines typed are dropped, a later line tries again
      starting = false; pending.length = 0;
      status.textContent = m.message || T.closed;
    } else if (m.type === 'error') {
      starting = false;  // a refused start may be tried again with the next line
      status.textContent = T.error + m.message;
    }
  }

  // Lines typed before the chat exists (or while reconnecting) wait here, in order.
  function flush() {
    if (!ws || ws.readyState !== 1) { return; }
    if (!state.chatId) {
      if (pending.length && !starting) {
        starting = true;
        ws.send(JSON.stringify({ type: 'start', token: state.token, name: nameIn.value || undefined,
          email: emailIn.value || undefined, language: (navigator.language || '').slice(0, 16) || undefined }));
      }
      return;
    }
    starting = false;
    while (pending.length) { ws.send(JSON.stringify({ type: 'send', text: pending.shift() })); }
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = textIn.value;
    if (!text.trim()) { return; }
    pending.push(text);
    textIn.value = '';
    nameIn.hidden = true; emailIn.hidden = true;
    connect();
    flush();
  });
  var lastTyping = 0;
  textIn.addEventListener('input', function () {
    if (ws && ws.readyState === 1 && state.chatId && Date.now() - lastTyping > 2000) {
      lastTyping = Date.now();
      ws.send(JSON.stringify({ type: 'typing' }));
    }
  });
  endBtn.addEventListener('click', function () {
    if (ws && ws.readyState === 1 && state.chatId) { ws.send(JSON.stringify({ type: 'end' })); }
  });
  if (state.chatId && !state.ended) { toggle(true); }  // a reload in the middle of a chat: open and resume
})();
