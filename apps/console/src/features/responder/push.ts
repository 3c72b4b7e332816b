/**
 * Web Push for responders: the service worker (public/sw.js) and the subscription the hub
 * sends alerts to. Registering is harmless for the guard's console: sw.js has no fetch handler.
 */
import { hubApi } from '@/api/http';
import { base64UrlToBytes } from '@/features/dispatch/dispatch-logic';

export type PushSupport = 'unsupported' | 'denied' | 'default' | 'granted';

export function pushSupport(): PushSupport {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return 'unsupported';
  return Notification.permission;
}

export function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return Promise.resolve(null);
  return navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => null);
}

/** Asks for permission, subscribes with the hub's VAPID key and registers the subscription. */
export async function enableNotifications(link: { alertId: string; token: string } | null): Promise<PushSupport> {
  if (pushSupport() === 'unsupported') return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission;
  const registration = (await registerServiceWorker()) ?? (await navigator.serviceWorker.ready);
  const { publicKey } = await hubApi.vapidPublicKey();
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) as BufferSource }));
  const json = subscription.toJSON();
  const keys = json.keys ?? {};
  if (!json.endpoint || !keys.p256dh || !keys.auth) throw new Error('the browser gave an incomplete subscription');
  await hubApi.pushSubscribe({ endpoint: json.endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } }, link);
  return 'granted';
}
