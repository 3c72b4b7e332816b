/*
 * Wachtpost service worker: shows the hub's Web Push messages for BHV responders and answers
 * from the notification's buttons. Plain JS, no caching and no fetch handler, so the guard's
 * console loads exactly as it would without it.
 *
 * Payload (JSON): { title, body, url, alertId, kind: 'alert'|'stand_down'|'all_clear', drill }
 * where url is the signed responder link (/respond/<alertId>?token=…).
 */
'use strict';

const TEXT = {
  nl: { coming: 'Ik kom', cannot: 'Ik kan niet', drill: 'OEFENING', fallback: 'BHV-alarm' },
  en: { coming: "I'm coming", cannot: "I can't come", drill: 'DRILL', fallback: 'BHV alert' },
};

function text() {
  const lang = (self.navigator && self.navigator.language) || 'nl';
  return lang.toLowerCase().startsWith('nl') ? TEXT.nl : TEXT.en;
}

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

function parse(event) {
  if (!event.data) return null;
  try {
    return event.data.json();
  } catch {
    return { title: text().fallback, body: event.data.text() };
  }
}

self.addEventListener('push', (event) => {
  const data = parse(event);
  if (!data) return;
  const t = text();
  const isAlert = (data.kind || 'alert') === 'alert';
  const title = `${data.drill && !String(data.title || '').includes(t.drill) ? `${t.drill} — ` : ''}${data.title || t.fallback}`;
  event.waitUntil(
    self.registration.showNotification(title, {
      body: data.body || '',
      tag: data.alertId ? `alert-${data.alertId}` : undefined,
      renotify: true,
      requireInteraction: isAlert,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      data: { url: data.url || '/my-alerts', alertId: data.alertId || null },
      actions: isAlert
        ? [
            { action: 'coming', title: t.coming },
            { action: 'cannot', title: t.cannot },
          ]
        : [],
    }),
  );
});

/** Answers through the signed link in the url; true when the hub took it. */
async function answer(url, choice) {
  try {
    const link = new URL(url, self.location.origin);
    const match = link.pathname.match(/^\/respond\/([^/]+)$/);
    const token = link.searchParams.get('token');
    if (!match || !token) return false;
    const res = await fetch(`/api/v1/alerts/${match[1]}/responses?token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ answer: choice }),
    });
    return res.ok;
  } catch {
    return false;
  }
}

async function open(url) {
  const target = new URL(url, self.location.origin);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) {
    const current = new URL(client.url);
    if (current.pathname === target.pathname && 'focus' in client) {
      if ('navigate' in client) await client.navigate(target.href).catch(() => undefined);
      return client.focus();
    }
  }
  return self.clients.openWindow(target.href);
}

self.addEventListener('notificationclick', (event) => {
  const notification = event.notification;
  const url = (notification.data && notification.data.url) || '/my-alerts';
  notification.close();
  const choice = event.action === 'coming' || event.action === 'cannot' ? event.action : null;
  event.waitUntil(
    (async () => {
      if (!choice) return open(url);
      if (await answer(url, choice)) return open(url);
      // Could not answer from here (no link token, or offline): the page answers when it opens.
      const target = new URL(url, self.location.origin);
      target.searchParams.set('answer', choice);
      return open(target.href);
    })(),
  );
});
